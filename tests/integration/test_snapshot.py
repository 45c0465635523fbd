# -*- coding: utf-8 -*-
"""Tenant snapshots end to end: playbooks/export_tenant_snapshot.yml writes one redacted file per
tenant; the simulator replays it as a tenant; the posture audit reads the same from both."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from tests import posture_tenants
from tests.integration.harness import run_playbook, tenant_inventory, write_inventory
from tests.integration.test_posture import AUDIT, posture_inventory

EXPORT = 'msp.connectwise_psa.export_tenant_snapshot'
# Seeded personal data: none of it may reach a snapshot.
PERSONAL = ('Patricia', 'Personsdottir', 'patricia@customer.invalid', '+1 555 0100', 'Theodore', 'Technikeros',
            'ted@customer.invalid', 'pat.person', 'ted.tech', 'Gwendolyn', 'rmm-owner@example.invalid',
            'Call Bob on 555 0199', '1 Secret Street', 'Springfield')
ODD_ITEM = '4711'   # a Customize item in a form nobody published: kept verbatim


def seed(sim):
    posture_tenants.every_finding(sim, 'acme')
    posture_tenants.clean(sim, 'globex')
    with sim.lock:
        sim._t('acme').find_member('Escalator')['notes'] = 'Call Bob on 555 0199'
    sim.add_record('acme', 'locations', name='Branch', addressLine1='1 Secret Street', city='Springfield')
    sim.operator('acme').add_customize_item('Escalate', ODD_ITEM)
    return sim.operator('acme').create_api_key('Escalator', 'RMM')


def export(tmp_path, sim, member_key=None):
    host_vars = {}
    if member_key:
        host_vars['acme'] = {'cw_psa_snapshot_member_public_key': member_key[0],
                             'cw_psa_snapshot_member_private_key': member_key[1]}
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme', 'globex'],
                                                                             host_vars=host_vars))
    sim.clear_log()
    run = run_playbook(tmp_path / 'export', EXPORT, inventory=inventory,
                       extra_vars={'cw_psa_snapshot_dir': str(tmp_path / 'snapshots')})
    assert run.rc == 0, run.output
    assert sim.writes() == []
    return dict((tenant, tmp_path / 'snapshots' / ('%s.snapshot.json' % tenant)) for tenant in ('acme', 'globex'))


def test_snapshot_holds_what_the_collection_reads_and_no_secret_or_personal_field(tmp_path, sim):
    member_key = seed(sim)
    files = export(tmp_path, sim, member_key)
    text = files['acme'].read_text()
    admin = sim.tenant('acme')
    secrets = (admin.public_key, admin.private_key, sim.client_id) + member_key
    assert [secret for secret in secrets if secret in text] == []
    assert [word for word in PERSONAL if word in text] == []
    assert sim.site not in text and '"acme' not in text.lower()     # neither the site nor the company id
    assert oct(files['acme'].stat().st_mode & 0o777) == '0o600'

    snapshot = json.loads(text)
    assert snapshot['companyinfo'] == {'Codebase': 'v4_6_release/'} and snapshot['api_version'] == '2025.8'
    roles = dict((role['name'], role) for role in snapshot['security_roles'])
    assert sorted(roles) == sorted(role['name'] for role in sim.roles('acme'))
    assert roles['Escalate']['settings'][0]['moduleName'] and len(roles['Admin']['settings']) == len(
        sim.role_settings('acme', 'Admin'))
    assert all('_info' not in row for role in roles.values() for row in role['settings'])
    members = dict((member['identifier'], member) for member in snapshot['api_members'])
    assert sorted(members) == sorted(posture_tenants.EXPECTED)
    assert members['Escalator']['securityRole'] == {'id': roles['Escalate']['id'], 'name': 'Escalate'}
    assert 'emailAddress' not in members['Escalator'] and 'notes' not in members['Escalator']
    assert sorted(person['identifier'] for person in snapshot['people']) == sorted(
        'person-%d' % person_id for person_id in sim._t('acme').people)
    # What each key sees, verbatim: the odd Customize item of the member's role, the caller named by identifier.
    assert {'customizeIdentifier': 'SystemTableSetup', 'itemIdentifier': ODD_ITEM} in [
        dict((key, item[key]) for key in ('customizeIdentifier', 'itemIdentifier'))
        for item in snapshot['member']['customize_items']]
    assert snapshot['member']['my_security'][0]['member']['identifier'] == 'Escalator'
    assert snapshot['admin']['my_security'][0]['member']['identifier'] == 'AutomationAdmin'
    assert [row['name'] for row in snapshot['references']['locations']][-1] == 'Branch'
    assert json.loads(files['globex'].read_text())['member'] is None


def test_replayed_snapshot_gives_the_same_audit(tmp_path, sim, psa_sim_from_snapshot):
    seed(sim)
    files = export(tmp_path, sim)
    original = run_playbook(tmp_path / 'original', AUDIT, inventory=posture_inventory(tmp_path / 'original', sim),
                            extra_vars={'cw_psa_report_dir': str(tmp_path / 'original')})
    assert original.rc == 0, original.output

    replay = psa_sim_from_snapshot({'acme': files['acme'], 'globex': files['globex']})
    assert replay.tenant('acme').public_key != sim.tenant('acme').public_key     # a snapshot holds no key
    again = run_playbook(tmp_path / 'replay', AUDIT, inventory=posture_inventory(tmp_path / 'replay', replay),
                         extra_vars={'cw_psa_report_dir': str(tmp_path / 'replay')})
    assert again.rc == 0, again.output
    assert replay.writes() == []

    def tenants(where):
        path = tmp_path / where / 'api_member_posture' / 'api_member_posture.json'
        return json.loads(path.read_text())['tenants']

    assert tenants('replay') == tenants('original')
    assert sum(len(tenant['findings']) for tenant in tenants('replay')) == len(posture_tenants.EXPECTED_IDS)
    # And the replay snapshots as the original did (ids, roles, settings, members, people, references).
    second = export(tmp_path / 'second', replay)
    for tenant in ('acme', 'globex'):
        assert json.loads(second[tenant].read_text()) == json.loads(files[tenant].read_text())


def test_module_process_writes_the_same_snapshot(tmp_path, sim):
    seed(sim)
    files = export(tmp_path, sim)
    inventory = write_inventory(tmp_path / 'module' / 'inventory.yml', tenant_inventory(sim, tenants=['acme']))
    run = run_playbook(tmp_path / 'module', EXPORT, inventory=inventory, env={'CW_PSA_IN_PROCESS': '0'},
                       extra_vars={'cw_psa_snapshot_dir': str(tmp_path / 'module' / 'snapshots')})
    assert run.rc == 0, run.output
    again = tmp_path / 'module' / 'snapshots' / 'acme.snapshot.json'
    assert json.loads(again.read_text()) == json.loads(files['acme'].read_text())
