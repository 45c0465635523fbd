# -*- coding: utf-8 -*-
"""The API-member posture audit end to end: real ansible-playbook runs of
playbooks/audit_api_members.yml (by its FQCN) against the simulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import jsonschema
import pytest

from tests import posture_tenants
from tests.collection_path import ROOT
from tests.integration.harness import module_play, run_playbook, tenant_inventory, write_inventory

AUDIT = 'msp.connectwise_psa.audit_api_members'
TASK = 'Audit the API members and their roles'
SCHEMA = os.path.join(ROOT, 'docs', 'posture.schema.json')
PERSONAL = ('Patricia', 'Personsdottir', 'patricia@customer.invalid', '555 0100', 'Theodore', 'pat.person')


def posture_inventory(tmp_path, sim):
    inventory = tenant_inventory(sim, tenants=['acme', 'globex'], host_vars={
        'acme': {'cw_psa_integrations': posture_tenants.DECLARED},
        'globex': {'cw_psa_integrations': [{'name': 'Collection automation', 'member': 'AutomationAdmin'}]}})
    return write_inventory(tmp_path / 'inventory.yml', inventory)


def audit(tmp_path, sim, env=None):
    posture_tenants.every_finding(sim, 'acme')
    posture_tenants.clean(sim, 'globex')
    sim.clear_log()
    return run_playbook(tmp_path, AUDIT, inventory=posture_inventory(tmp_path, sim), env=env,
                        extra_vars={'cw_psa_report_dir': str(tmp_path / 'out')})


@pytest.fixture
def audited(tmp_path, sim):
    run = audit(tmp_path, sim)
    assert run.rc == 0, run.output
    report = json.loads((tmp_path / 'out' / 'api_member_posture' / 'api_member_posture.json').read_text())
    return run, report


def test_every_finding_once_with_its_step_and_a_clean_tenant_has_none(sim, audited):
    run, report = audited
    assert sim.writes() == []
    acme = run.result(TASK, host='acme')
    assert acme['changed'] is False
    found = dict((member['identifier'], member['findings']) for member in acme['members'])
    assert found == posture_tenants.EXPECTED
    ids = [finding['id'] for finding in acme['findings']]
    assert sorted(ids) == sorted(posture_tenants.EXPECTED_IDS)   # every finding, each once
    for finding in acme['findings']:
        assert finding['step'] and finding['severity'] in ('critical', 'high', 'medium', 'low'), finding
        assert (finding['member'] or 'Acct Sync API') in finding['step'] + finding['message'], finding
    missing = [finding for finding in acme['findings'] if finding['id'] == 'integration_missing']
    assert missing[0]['integration'] == 'acct_sync' and missing[0]['member'] is None
    [escalation] = [finding for finding in acme['findings'] if finding['id'] == 'escalation']
    assert escalation['step'].startswith('System > Security Roles > "Escalate" > System > Member Maintenance: '
                                         'Add None (now All)'), escalation
    [orphan] = [member for member in acme['members'] if member['identifier'] == 'Orphan']
    assert orphan['role']['state'] == 'missing' and orphan['level'] == 'Corporate' and orphan['location'] == 'Head Office'

    globex = run.result(TASK, host='globex')
    assert globex['findings'] == [] and globex['declared_checked'] is True
    assert sorted(member['identifier'] for member in globex['members']) == ['Acct Sync API', 'AutomationAdmin']

    # Requests: API members, roles, people on those roles, one settings list per distinct role.
    assert acme['requests'] == 3 + 4 and globex['requests'] == 3 + 2
    paths = [entry['path'] for entry in sim.requests('acme') if entry['api']]
    assert len(paths) == 7 and len(set(paths)) == 7, paths


def test_report_has_fleet_totals_matches_its_schema_and_names_no_person(tmp_path, audited):
    run, report = audited
    with open(SCHEMA) as stream:
        jsonschema.validate(report, json.load(stream))
    totals = report['totals']
    assert totals['tenants'] == totals['audited'] == 2 and totals['failed'] == 0
    assert totals['tenants_with']['admin_role'] == 1 and totals['tenants_with_findings'] == 1
    assert totals['findings'] == len(posture_tenants.EXPECTED_IDS) and totals['api_members'] == 8
    assert totals['by_severity'] == {'critical': 3, 'high': 3, 'medium': 3, 'low': 1}
    markdown = (tmp_path / 'out' / 'api_member_posture' / 'api_member_posture.md').read_text()
    for finding in report['tenants'][0]['findings']:
        assert finding['step'] in markdown
    assert 'Tenants where the role has the admin flag | 1 |' in markdown
    text = json.dumps(report) + markdown
    assert not [word for word in PERSONAL if word in text]
    assert 'api_member_posture.md' in run.stdout and 'tenants with an admin-level API member: 1' in run.stdout


def test_module_process_gives_the_same_report(tmp_path, sim, audited):
    run, report = audited
    again = run_playbook(tmp_path / 'module', AUDIT, inventory=posture_inventory(tmp_path, sim),
                         env={'CW_PSA_IN_PROCESS': '0'}, extra_vars={'cw_psa_report_dir': str(tmp_path / 'module')})
    assert again.rc == 0, again.output
    other = json.loads((tmp_path / 'module' / 'api_member_posture' / 'api_member_posture.json').read_text())
    assert other['tenants'] == report['tenants']


def test_without_declared_integrations_nothing_is_undeclared_and_a_bad_item_fails_first(tmp_path, sim, acme):
    posture_tenants.every_finding(sim, 'acme')
    plain = run_playbook(tmp_path / 'plain', module_play(
        {'msp.connectwise_psa.cw_api_member_posture_info': {}}, acme, name='posture'))
    assert plain.rc == 0, plain.output
    result = plain.result('posture')
    assert result['declared_checked'] is False
    assert not [f for f in result['findings'] if f['id'] in ('undeclared', 'integration_missing')]
    sim.clear_log()
    bad = run_playbook(tmp_path / 'bad', module_play(
        {'msp.connectwise_psa.cw_api_member_posture_info': {'integrations': [{'member': 'A'}, {'name': 'x'}]}},
        acme, name='posture'))
    assert bad.rc != 0
    assert 'integrations[1].member must be the API member\'s identifier' in bad.result('posture')['msg']
    assert sim.requests('acme') == []


def test_a_tenant_that_cannot_be_audited_is_in_the_report_and_fails(tmp_path, sim):
    sim.fault('globex', '500', count=None, method='GET', path_regex='^/system/apiMembers')
    run = run_playbook(tmp_path, AUDIT, inventory=posture_inventory(tmp_path, sim),
                       extra_vars={'cw_psa_report_dir': str(tmp_path / 'out'), 'cw_psa_retries': 0})
    assert run.rc != 0
    report = json.loads((tmp_path / 'out' / 'api_member_posture' / 'api_member_posture.json').read_text())
    tenants = dict((tenant['tenant'], tenant) for tenant in report['tenants'])
    assert 'GET /system/apiMembers' in tenants['globex']['error'] and tenants['acme']['error'] is None
    assert report['totals']['failed'] == 1
    assert 'globex was not audited' in run.stdout


def test_under_awx_the_report_goes_to_the_job_artifacts(tmp_path, sim):
    artifacts = tmp_path / 'artifacts'
    artifacts.mkdir()
    run = run_playbook(tmp_path / 'run', AUDIT, inventory=posture_inventory(tmp_path, sim),
                       env={'AWX_ISOLATED_DATA_DIR': str(artifacts)})
    assert run.rc == 0, run.output
    assert (artifacts / 'api_member_posture' / 'api_member_posture.json').exists()
    assert not (tmp_path / 'run' / 'api_member_posture').exists()
    stats = run.result('Hand the report to AWX / ansible-runner as the job artifact api_member_posture')
    assert stats['ansible_stats']['data']['api_member_posture']['totals']['tenants_with']['admin_role'] == 2   # both on Admin, as seeded
