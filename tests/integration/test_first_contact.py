# -*- coding: utf-8 -*-
"""First contact with a tenant (issue 12): the audit predicts the setup and proves it can run;
honest results on redirects, partial writes, rate limits, warnings and connection errors.

Every case is a real ansible-playbook run against the simulator.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re

import pytest

from tests.integration.harness import (module_play, recap_changed, run_playbook, tenant_inventory,
                                       write_inventory)
from tests.simulator import Simulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETUP = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
AUDIT = os.path.join(ROOT, 'playbooks', 'audit_acct_sync.yml')
TENANTS = ('acme', 'globex', 'initech')
ROLE = 'Acct Sync API'
MEMBER = 'Acct Sync API'
FINAL = 'msp.connectwise_psa.acct_sync : Fail this tenant while manual steps remain'


def report(report_dir, name):
    with open(os.path.join(str(report_dir), name + '.json')) as stream:
        return dict((status['tenant'], status) for status in json.load(stream)['tenants'])


def warnings_of(run):
    return [entry['result'].get('warnings') or [] for entry in run.results]


def api_requests(sim, tenant):
    return [entry for entry in sim.requests(tenant) if entry['api'] or 'companyinfo' in entry['path']]


# ---------------------------------------------------------------- 1, 2, 8: the audit on fresh tenants
class Audit(object):
    def __init__(self, sim, run, statuses, requests, writes):
        self.sim, self.run, self.statuses, self.requests, self.writes = sim, run, statuses, requests, writes


@pytest.fixture(scope='module')
def fresh_audit(tmp_path_factory):
    """The audit over never-set-up tenants: acme and globex can be set up; initech's admin role lacks
    Member Maintenance: Add, umbrella's System > Security: Add; hooli names a location that does not exist."""
    tmp_path = tmp_path_factory.mktemp('fresh_audit')
    with Simulator(tenants=TENANTS + ('umbrella', 'hooli'), scheme='https') as sim:
        sim.operator('initech').set_role_levels('Admin', 'System', 'Member Maintenance', add='None')
        sim.operator('umbrella').set_role_levels('Admin', 'System', 'Security', add='None')
        inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(
            sim, host_vars={'hooli': {'acct_sync_member_location': 'Nowhere Office'}}))
        run = run_playbook(tmp_path / 'audit', AUDIT, inventory=inventory,
                           extra_vars={'cw_psa_report_dir': str(tmp_path / 'report')})
        requests = dict((tenant, len(api_requests(sim, tenant))) for tenant in sim.tenant_ids)
        yield Audit(sim, run, report(tmp_path / 'report', 'acct_sync_audit'), requests, sim.writes())


def test_audit_of_fresh_tenants_predicts_the_setup_with_zero_writes(fresh_audit):
    run, statuses = fresh_audit.run, fresh_audit.statuses
    assert fresh_audit.writes == [], fresh_audit.writes
    for tenant in ('acme', 'globex'):
        status = statuses[tenant]
        assert status['error'] is None, (status, run.output)
        assert not status['complete'] and status['role']['created'] is True
        steps = status['pending_steps']
        assert steps[0] == 'Run the setup to create security role "%s"' % ROLE, steps
        assert steps[1].startswith('Run the setup to create API member "%s" with security role "%s" (' % (MEMBER, ROLE)), steps
        assert 'default location Head Office' in steps[1] and 'business unit Administration' in steps[1], steps
        assert 'System > Security Roles > "%s" > Finance > Accounting Interface: Add All, Edit All, Delete All, ' \
               'Inquire All (now None, None, None, None)' % ROLE in steps, steps
        assert any('API Keys: click + (New)' in step for step in steps), steps
        member = run.result('msp.connectwise_psa.acct_sync : Ensure the API member', tenant)
        assert member['changed'] is True and member['api_member']['security_role'] == {'id': None, 'name': ROLE}
    print('audit requests per fresh tenant: %s' % fresh_audit.requests)


def test_audit_fails_a_tenant_whose_admin_lacks_a_right_naming_it(fresh_audit):
    statuses = fresh_audit.statuses
    umbrella, initech = statuses['umbrella']['error'], statuses['initech']['error']
    assert 'lacks System > Security: Add Level, needed to create the security role' in umbrella, umbrella
    assert 'lacks System > Member Maintenance: Add Level, needed to create the API member' in initech, initech
    for error in (umbrella, initech):
        assert 'nothing was written' in error and 'manual step(s) remain' not in error
    hooli = statuses['hooli']['error']
    assert "default_location: no Location named 'Nowhere Office' in this PSA; the names that exist are: " \
           "Head Office, Remote, Tampa Office" in hooli, hooli
    assert fresh_audit.writes == []
    failure = fresh_audit.run.result(FINAL, 'umbrella')['msg']
    assert 'manual step(s) remain' not in failure and 'lacks System > Security: Add Level' in failure, failure


def test_two_tenants_with_the_same_drift_get_two_warnings(fresh_audit):
    output = ' '.join((fresh_audit.run.stdout + fresh_audit.run.stderr).split())   # ansible-core 2.16 wraps warnings
    drift = re.findall(r'\[WARNING\]: (\w+): company \1: security role "Acct Sync API": \d+ permission level', output)
    assert sorted(drift) == ['acme', 'globex', 'hooli', 'initech'], fresh_audit.run.output
    for tenant in ('acme', 'globex'):
        role = fresh_audit.run.result('msp.connectwise_psa.acct_sync : Ensure the API member', tenant)
        assert all(warning.startswith('%s: company %s: ' % (tenant, tenant)) for warning in role['warnings']), role['warnings']


# ---------------------------------------------------------------- 1: cw_api_member alone in check mode
@pytest.mark.parametrize('in_process', ['1', '0'])
def test_member_in_check_mode_predicts_a_role_not_created_yet(tmp_path, sim, acme, in_process):
    task = {'msp.connectwise_psa.cw_api_member': {'identifier': 'NewMember', 'security_role': 'Role Of Later',
                                                  'level': 'Corporate', 'location': 'Head Office',
                                                  'business_unit': 'Administration'}}
    run = run_playbook(tmp_path, module_play(task, acme, name='member', check_mode=True),
                       env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc == 0, run.output
    result = run.result('member')
    assert result['changed'] is True
    assert result['api_member']['security_role'] == {'id': None, 'name': 'Role Of Later'}
    assert result['planned_changes'][0].startswith('create API member "NewMember" with security role "Role Of Later"')
    assert any(warning.startswith('localhost: company acme: check mode: security role "Role Of Later" does not exist yet')
               and 'must exist when this runs for real' in warning for warning in result['warnings']), result
    assert sim.writes() == []


# ---------------------------------------------------------------- 4: redirects, wrong shapes
def test_redirected_role_create_fails_naming_the_redirect(tmp_path, sim):
    sim.fault('acme', 'redirect', count=1, method='POST', path_regex='^/system/securityroles$',
              location='https://na.myconnectwise.net/v4_6_release/apis/3.0/system/securityroles')
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme']))
    run = run_playbook(tmp_path / 'run', SETUP, inventory=inventory,
                       extra_vars={'cw_psa_report_dir': str(tmp_path / 'report')})
    result = run.result('msp.connectwise_psa.acct_sync : Ensure the security role and verify its permission levels', 'acme')
    msg = result['msg']
    assert msg.startswith('company acme: POST /system/securityroles: the site https://127.0.0.1:'), msg
    assert 'HTTP 302, redirecting to https://na.myconnectwise.net/v4_6_release/apis/3.0/system/securityroles' in msg
    assert 'api-na.myconnectwise.net' in msg and 'list indices' not in msg
    assert result['changed'] is False and ROLE not in [role['name'] for role in sim.roles('acme')]
    assert [entry['method'] for entry in sim.requests('acme') if entry['path'] == '/system/securityroles'] == ['GET', 'POST']
    assert 'redirecting to' in report(tmp_path / 'report', 'acct_sync_report')['acme']['error']


def test_a_login_page_instead_of_json_is_named(tmp_path, sim, acme):
    sim.fault('acme', 'not_json', count=1, method='GET', path_regex='^/system/securityroles$')
    task = {'msp.connectwise_psa.cw_security_role': {'name': ROLE, 'permissions': []}}
    run = run_playbook(tmp_path, module_play(task, acme, name='role'))
    msg = run.result('role')['msg']
    assert msg.startswith('company acme: GET /system/securityroles: the answer is not JSON (HTTP 200, text/html)'), msg
    assert 'Traceback' not in run.output and 'Expecting value' not in msg


# ---------------------------------------------------------------- 5: a write that landed is reported
def test_failure_after_the_role_was_created_reports_it(tmp_path, sim, acme):
    sim.fault('acme', '500', count=10, method='GET', path_regex=r'^/system/securityRoles/\d+/settings')
    task = {'msp.connectwise_psa.cw_security_role': {'name': ROLE, 'permissions': [], 'retries': 0}}
    run = run_playbook(tmp_path, module_play(task, acme, name='role'))
    result = run.result('role')
    assert run.rc != 0 and run.task('role')['status'] == 'failed'
    created = [role for role in sim.roles('acme') if role['name'] == ROLE]
    assert len(created) == 1
    assert result['changed'] is True and result['created'] is True, result
    assert result['role'] == {'id': created[0]['id'], 'name': ROLE}
    assert result['applied_writes'] == [{'method': 'POST', 'path': '/system/securityroles', 'status': 201}]
    assert 'security role "%s" was created (id %d), but reading its levels failed' % (ROLE, created[0]['id']) in result['msg']


def test_member_create_whose_answer_was_lost_counts_as_changed(tmp_path, sim, acme):
    sim.fault('acme', 'apply_then_drop', count=1, method='POST', path_regex='^/system/apiMembers$')
    sim.fault('acme', '500', count=1, method='GET', path_regex='^/system/apiMembers$', skip=1)   # the lookup after the POST
    task = {'msp.connectwise_psa.cw_api_member': {'identifier': 'LostAnswer', 'security_role': 'Admin', 'level': 'Corporate',
                                                  'location': 'Head Office', 'business_unit': 'Administration',
                                                  'retries': 0, 'allow_shared_role': True}}
    run = run_playbook(tmp_path, module_play(task, acme, name='member'))
    result = run.result('member')
    assert run.task('member')['status'] == 'failed' and result['changed'] is True, result
    assert result['error']['maybe_applied'] is True
    assert 'looking it up again failed too' in result['msg'] and 'run again' in result['msg']
    assert 'LostAnswer' in [member['identifier'] for member in sim.members('acme')]


# ---------------------------------------------------------------- 6: Retry-After as an HTTP-date
def test_retry_after_as_an_http_date_is_honoured(tmp_path, sim, acme):
    sim.fault('acme', '429', count=1, method='GET', retry_after=3, retry_after_form='date')
    task = {'msp.connectwise_psa.cw_security_role': {'name': 'Admin', 'permissions': [], 'exclusive': False}}
    run = run_playbook(tmp_path, module_play(task, acme, name='role'))
    assert run.rc == 0, run.output
    waits = [float(match) for match in re.findall(r'HTTP 429, retrying in ([0-9.]+) s',
                                                  ' '.join(run.result('role')['warnings']))]
    assert len(waits) == 1 and 1.5 <= waits[0] <= 3.0, run.result('role')['warnings']
    log = [entry for entry in sim.requests('acme') if entry['api']]
    assert log[0]['status'] == 429 and log[1]['ts'] - log[0]['ts'] >= 1.4


# ---------------------------------------------------------------- 9: whole errors
def test_name_resolution_failure_is_whole_in_message_and_report(tmp_path, sim):
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(
        sim, tenants=['acme', 'globex'], host_vars={'globex': {'cw_psa_site': 'nonexistent.invalid'}}))
    run = run_playbook(tmp_path / 'run', SETUP, inventory=inventory,
                       extra_vars={'cw_psa_report_dir': str(tmp_path / 'report'), 'cw_psa_retries': 0})
    cause = ("NameResolutionError: HTTPSConnection(host='nonexistent.invalid', port=443): "
             "Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)")
    role = run.result('msp.connectwise_psa.acct_sync : Ensure the security role and verify its permission levels', 'globex')
    assert cause in role['msg'] and 'check site' in role['msg'], role['msg']
    error = report(tmp_path / 'report', 'acct_sync_report')['globex']['error']
    assert cause in error, error
    failure = run.result(FINAL, 'globex')['msg']
    assert cause in failure and 'manual step(s) remain' not in failure, failure
    assert recap_changed(run.stdout)['acme'] == 2, run.output


# ---------------------------------------------------------------- 10: api_version
def test_api_version_is_checked_before_any_request(tmp_path, sim, acme):
    task = {'msp.connectwise_psa.cw_security_role': {'name': ROLE, 'permissions': [], 'api_version': '8.2025'}}
    run = run_playbook(tmp_path, module_play(task, acme, name='role'))
    msg = run.result('role')['msg']
    assert "api_version '8.2025' is not a PSA API version: use YYYY.N" in msg and '2025.8' in msg, msg
    assert sim.requests() == []
