# -*- coding: utf-8 -*-
"""Secret hygiene at -vvvv: no key half (public or private) and no Basic auth value in any output or file of a run.

Scenarios: the setup playbook over two tenants (one failing on a wrong admin key), again with
the member's own key pair, each module's success and failure paths (HTTP 401, 500,
connection refused), a member key pair swapped in the vault, and the key intake (store_api_key:
refused, swapped, another member's, good, rotation) with the audit and setup that complete the
rotation. Everything printed, recorded or written under tmp_path is scanned. Both halves are
secret: the public one is shown only as its fingerprint.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import socket

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import fingerprint
from tests.integration.conftest import load_table
from tests.integration.harness import connection_vars, run_playbook
from tests.integration.key_lifecycle_harness import Tenants
from tests.reliability.conftest import MEMBER, ROLE, basic_value, read_report, run_setup

WRONG_PRIVATE = 'WrongPrivateKeyOfGlobex00000000'
WRONG_MEMBER_PRIVATE = 'WrongMemberPrivateKey0000000000'
INPUTS = ('inventory.yml', 'playbook.yml', 'extra_vars.json')     # what the test itself wrote


def _closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def _templated(options, secrets):
    """Module options with each secret as a variable reference, as a playbook would hold them
    (ansible-core prints the task's source lines with an error: literal keys there would show)."""
    names = dict((value, 'secret_%d' % index) for index, value in enumerate(sorted(secrets.values())))
    out = dict((key, '{{ %s }}' % names[value] if isinstance(value, str) and value in names else value)
               for key, value in options.items())
    return out, dict((name, value) for value, name in names.items())


def _secrets(sim, member_pair):
    """{label: value} of every secret a run may hold."""
    acme, globex = sim.tenant('acme'), sim.tenant('globex')
    public, private = member_pair
    return {
        'acme admin public key': acme.public_key,
        'globex admin public key': globex.public_key,
        'member public key': public,
        'acme admin private key': acme.private_key,
        'globex admin private key': globex.private_key,
        'globex wrong private key': WRONG_PRIVATE,
        'member private key': private,
        'member wrong private key': WRONG_MEMBER_PRIVATE,
        'acme admin basic': basic_value('acme', acme.public_key, acme.private_key),
        'globex admin basic': basic_value('globex', globex.public_key, globex.private_key),
        'globex wrong basic': basic_value('globex', globex.public_key, WRONG_PRIVATE),
        'member basic': basic_value('acme', public, private),
        'member wrong basic': basic_value('acme', public, WRONG_MEMBER_PRIVATE),
    }


def _scan(tmp_path, runs, secrets):
    """{label: bytes found} over the runs' output and every file written under tmp_path."""
    texts = []
    for number, run in enumerate(runs):
        texts += [('run %d stdout' % number, run.stdout), ('run %d stderr' % number, run.stderr),
                  ('run %d results' % number, repr(run.results))]
    scanned = 0
    for folder, _dirs, files in os.walk(str(tmp_path)):
        for name in files:
            if name in INPUTS:
                continue
            with open(os.path.join(folder, name), 'rb') as stream:
                texts.append((os.path.join(folder, name), stream.read().decode('utf-8', 'replace')))
            scanned += 1
    found = dict((label, sum(text.count(value) for _where, text in texts) * len(value)) for label, value in secrets.items())
    where = dict((label, [(source, text[max(0, text.find(value) - 300):text.find(value) + 60])
                          for source, text in texts if value in text]) for label, value in secrets.items() if found[label])
    return found, scanned, where


def test_setup_playbook_at_vvvv_leaks_nothing(tmp_path, sim):
    host_vars = {'globex': {'cw_psa_private_key': WRONG_PRIVATE}}
    first = run_setup(tmp_path, sim, 'first', tenants=('acme', 'globex'), host_vars=host_vars, verbosity=4)
    assert first.rc == 0, first.output
    assert [m['identifier'] for m in sim.members('acme')].count(MEMBER) == 1
    assert 'HTTP 401' in first.stdout + first.stderr        # globex failed and said why
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    host_vars['acme'] = {'acct_sync_key_public': public, 'acct_sync_key_private': private}
    second = run_setup(tmp_path, sim, 'second', tenants=('acme', 'globex'), host_vars=host_vars, verbosity=4)
    assert second.rc == 0, second.output
    statuses = dict((entry['company_id'], entry) for entry in read_report(tmp_path)['tenants'])
    assert statuses['acme']['key']['status'] in ('drift', 'verified'), statuses['acme']
    assert statuses['globex']['error'], statuses['globex']
    assert os.listdir(str(tmp_path / 'report'))
    found, scanned, where = _scan(tmp_path, [first, second], _secrets(sim, (public, private)))
    assert scanned >= 3
    assert found == dict((label, 0) for label in found), (found, where)
    assert fingerprint(public) in second.stdout      # the fingerprint stands for the public key
    assert statuses['acme']['key']['fingerprint'] == fingerprint(public)


def test_swapped_member_pair_is_named_and_neither_half_printed(tmp_path, sim):
    first = run_setup(tmp_path, sim, 'first', tenants=('acme',))
    assert first.rc == 0, first.output
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    host_vars = {'acme': {'acct_sync_key_public': private, 'acct_sync_key_private': public}}   # swapped
    run = run_setup(tmp_path, sim, 'swapped', tenants=('acme',), host_vars=host_vars, verbosity=4)
    key = run.result('msp.connectwise_psa.acct_sync : Verify the member\'s API key with the member\'s own rights', 'acme')
    assert key['status'] == 'swapped', key
    assert 'looks like a private key' in key['msg'] and 'swap the two values' in key['msg']
    entry = read_report(tmp_path)['tenants'][0]
    assert entry['key']['status'] == 'swapped' and entry['key']['fingerprint'] == fingerprint(private)
    found, scanned, where = _scan(tmp_path, [first, run], _secrets(sim, (public, private)))
    assert scanned >= 3
    assert found == dict((label, 0) for label in found), (found, where)


def test_module_success_and_failure_paths_at_vvvv_leak_nothing(tmp_path, sim, acct_sync_rows):
    acme = connection_vars(sim, 'acme')
    defaults, variables = _templated(acme, _secrets(sim, ('unknown', 'unknown')))
    setup_tasks = [
        {'name': 'role', 'msp.connectwise_psa.cw_security_role': {'name': ROLE, 'permissions': acct_sync_rows,
                                                                  'on_drift': 'ignore'}},
        {'name': 'member', 'msp.connectwise_psa.cw_api_member': {
            'identifier': MEMBER, 'security_role': ROLE, 'level': 'Corporate', 'location': 'Head Office',
            'business_unit': 'Administration'}}]
    setup = run_playbook(tmp_path / 'setup', [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
                                               'module_defaults': {'group/msp.connectwise_psa.connectwise_psa': defaults},
                                               'tasks': setup_tasks}], extra_vars=variables, verbosity=4)
    assert setup.rc == 0, setup.output
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    sim.fault('acme', '500', count=None, method='GET', path_regex='^/system/apiMembers')    # until cleared
    refused = dict(acme, site='https://127.0.0.1:%d' % _closed_port(), retries=1)
    wrong_admin = dict(acme, private_key=WRONG_PRIVATE)
    key = {'member': MEMBER, 'security_role': ROLE, 'expected_permissions': acct_sync_rows, 'on_drift': 'fail'}
    tasks = [
        ('role ok', 'cw_security_role', {'name': ROLE, 'permissions': acct_sync_rows, 'on_drift': 'fail'}, acme),
        ('role 401', 'cw_security_role', {'name': ROLE}, wrong_admin),
        ('role refused', 'cw_security_role', {'name': ROLE}, refused),
        ('member 500', 'cw_api_member', {'identifier': MEMBER, 'name': 'Renamed'}, dict(acme, retries=0)),
        ('member 401', 'cw_api_member', {'identifier': MEMBER}, wrong_admin),
        ('key ok', 'cw_api_key', dict(key, key_public=public, key_private=private), acme),
        ('key 401', 'cw_api_key', dict(key, key_public=public, key_private=WRONG_MEMBER_PRIVATE), acme),
        ('key refused', 'cw_api_key', dict(key, key_public=public, key_private=private), refused),
        ('key swapped', 'cw_api_key', dict(key, key_public=private, key_private=public), acme),
    ]
    secrets = _secrets(sim, (public, private))
    variables = _templated({}, secrets)[1]
    play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [
        {'name': name, 'msp.connectwise_psa.' + module: _templated(dict(connection, **options), secrets)[0],
         'ignore_errors': True}
        for name, module, options, connection in tasks]}]
    run = run_playbook(tmp_path / 'paths', play, extra_vars=variables, verbosity=4)
    assert run.task('role ok')['status'] == 'failed'          # drift: the levels are not set, results printed
    assert 'HTTP 401' in run.result('role 401')['msg']
    assert 'no answer' in run.result('role refused')['msg']
    assert 'HTTP 500' in run.result('member 500')['msg']
    assert 'HTTP 401' in run.result('member 401')['msg']
    assert run.result('key ok')['status'] == 'drift'
    assert run.result('key 401')['status'] == 'invalid'
    assert 'no answer' in run.result('key refused')['msg']
    assert run.result('key swapped')['status'] == 'swapped'
    found, scanned, where = _scan(tmp_path, [setup, run], secrets)
    assert scanned >= 2
    assert found == dict((label, 0) for label in found), (found, where)


@pytest.fixture
def acct_sync_rows():
    return load_table('acct_sync.yml')['permissions']


def test_key_intake_and_rotation_at_vvvv_leak_nothing(tmp_path, sim, acct_sync_rows):
    """playbooks/store_api_key.yml: both halves of every pair are secret there (only fingerprints are shown)."""
    tenants = Tenants(tmp_path, sim, tenants=('acme',))
    assert tenants.setup('provision').rc == 0
    sim.operator('acme').apply_table(ROLE, acct_sync_rows)
    admin = sim.tenant('acme')
    old = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API 2026-01')
    new = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API 2026-12')
    intakes = [tenants.intake(new[1], new[0], name='swapped', verbosity=4),
               tenants.intake(old[0], old[1][:-1], name='mistyped', verbosity=4),
               tenants.intake(admin.public_key, admin.private_key, name='other-member', verbosity=4),
               tenants.intake(*old, name='good', verbosity=4),
               tenants.intake(*new, name='rotate', verbosity=4)]
    assert [run.rc != 0 for run in intakes] == [True, True, True, False, False], [run.output for run in intakes]
    assert tenants.stored()['acct_sync_key_previous_private'] == old[1]
    sim.operator('acme').delete_api_key(MEMBER, old[0])
    lifecycle = [tenants.setup('pending-audit', audit=True, verbosity=4), tenants.setup('complete', verbosity=4)]
    assert tenants.report()['acme']['key']['rotation']['state'] == 'complete'
    secrets = {'admin private key': admin.private_key, 'old private key': old[1], 'new private key': new[1],
               'old mistyped private key': old[1][:-1], 'old public key': old[0], 'new public key': new[0],
               'admin basic': basic_value('acme', admin.public_key, admin.private_key),
               'old basic': basic_value('acme', *old), 'new basic': basic_value('acme', *new),
               'swapped basic': basic_value('acme', new[1], new[0])}
    found, scanned, where = _scan(tmp_path, lifecycle, secrets)
    assert scanned >= 3 and found == dict((label, 0) for label in found), (found, where)
    secrets['admin public key'] = admin.public_key      # the intake's runs only: the setup logs in with it
    for number, run in enumerate(intakes, 2):      # each intake's output and files (results, temp files)
        folder = next(tmp_path.glob('%02d-*' % number))
        found, _scanned, where = _scan(folder, [run], secrets)
        assert found == dict((label, 0) for label in found), (folder, found, where)
    host_vars = (tmp_path / 'inventory' / 'host_vars' / 'acme.yml').read_text()
    assert not [label for label, value in secrets.items() if value in host_vars]     # vaulted, every half


def test_setup_integrations_at_vvvv_leaks_nothing(tmp_path, sim):
    """playbooks/setup_integrations.yml: per-integration pairs from cw_psa_integration_overrides and from the
    tenant's cw_psa_secret, through the loop over the tenant's integrations, at -vvvv."""
    from tests.integration.integrations_harness import complete_integration, integrations_inventory, preset
    from tests.integration.integrations_harness import run as run_integrations
    items = [{'preset': 'hudu'}, {'preset': 'rewst'}]
    inventory = integrations_inventory(sim, tmp_path / 'inventory.yml', items, group_vars={})
    first = run_integrations(tmp_path / 'first', inventory, tmp_path / 'report', verbosity=4)
    pairs = {}
    for item in items:
        data = preset(item['preset'])
        pairs.update(complete_integration(sim, 'acme', item['preset'], data['role_name'], data['permissions'],
                                          data['member']['identifier'], data['key_description']))
    rewst = pairs['rewst']
    inventory = integrations_inventory(
        sim, tmp_path / 'inventory.yml', items, group_vars={},
        host_vars={'acme': {'cw_psa_integration_overrides': {'hudu': pairs['hudu']},
                            'cw_psa_secret': {'rewst_key_public': rewst['key_public'],
                                              'rewst_key_private': rewst['key_private']}}})
    second = run_integrations(tmp_path / 'second', inventory, tmp_path / 'report', verbosity=4)
    assert 'acme' in second.stdout and os.listdir(str(tmp_path / 'report'))
    secrets = _secrets(sim, (pairs['hudu']['key_public'], pairs['hudu']['key_private']))
    secrets.update({'rewst public key': rewst['key_public'], 'rewst private key': rewst['key_private'],
                    'rewst basic': basic_value('acme', rewst['key_public'], rewst['key_private'])})
    found, scanned, where = _scan(tmp_path, [first, second], secrets)
    assert scanned >= 3
    assert found == dict((label, 0) for label in found), (found, where)
