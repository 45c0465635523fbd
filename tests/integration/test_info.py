# -*- coding: utf-8 -*-
"""cw_security_role_info and cw_api_member_info end to end: real ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.harness import module_play, run_playbook
from tests.integration.test_in_process import comparable, env_play

ROLE = 'Acct Sync API'
LEVELS = ('add', 'edit', 'delete', 'inquire')


def as_exported(table):
    """A vendor table as the PSA reads it back: levels spelt out, Mine as My, no Customize items."""
    rows = []
    for row in table:
        levels = dict((level, {'Mine': 'My'}.get(row.get(level) or 'None', row.get(level) or 'None')) for level in LEVELS)
        rows.append(dict(module=row['module'], function=row['function'], **levels))
    return rows


def screen_order(sim, tenant, rows):
    order = dict(((s['moduleName'], s['moduleFunctionName']), (s['moduleName'], s['sortOrder']))
                 for s in sim.role_settings(tenant, 'Admin'))
    return sorted(rows, key=lambda row: order[(row['module'], row['function'])])


def api_requests(sim, tenant):
    return [(entry['method'], entry['path']) for entry in sim.requests(tenant) if entry['api']]


def create_role(sim, tmp_path, connection, table):
    task = {'msp.connectwise_psa.cw_security_role': {'name': ROLE, 'permissions': table, 'on_drift': 'ignore'}}
    run = run_playbook(tmp_path / 'create', module_play(task, connection, name='create'))
    assert run.rc == 0, run.output
    sim.operator('acme').apply_table(ROLE, table)
    sim.clear_log()


@pytest.mark.parametrize('check', [False, True])
def test_role_reads_back_as_the_table_it_was_set_to(tmp_path, sim, acme, acct_sync, check):
    table = acct_sync['permissions']
    create_role(sim, tmp_path, acme, table)
    task = {'msp.connectwise_psa.cw_security_role_info': {'name': 'acct sync api'}, 'register': 'out'}
    run = run_playbook(tmp_path / 'info', module_play(task, acme, name='info'), check=check)
    assert run.rc == 0, run.output
    result = run.result('info')
    assert result['changed'] is False
    [role] = result['roles']
    assert role['name'] == ROLE and isinstance(role['id'], int)
    assert role['permissions'] == screen_order(sim, 'acme', as_exported(table))
    assert role['customize_not_read'] == [{'module': 'System', 'function': 'Table Setup'}]
    assert 'cannot read a role\'s Customize allow-list' in result['customize_allow_note']
    # One lookup, one list of settings with only the fields the table needs; no write.
    requests = api_requests(sim, 'acme')
    assert [method for method, _path in requests] == ['GET', 'GET'], requests
    assert requests[1][1] == '/system/securityRoles/%d/settings' % role['id']
    assert sim.writes('acme') == []


def test_every_role_without_a_name(tmp_path, sim, acme):
    task = {'msp.connectwise_psa.cw_security_role_info': {}, 'register': 'out'}
    run = run_playbook(tmp_path, module_play(task, acme, name='info'))
    assert run.rc == 0, run.output
    roles = dict((role['name'], role) for role in run.result('info')['roles'])
    assert sorted(roles) == ['Admin', 'Finance', 'Technician']
    assert len(roles['Admin']['permissions']) == len(sim.role_settings('acme', 'Admin'))
    assert {'module': 'Service Desk', 'function': 'Service Tickets',
            'add': 'All', 'edit': 'All', 'delete': 'My', 'inquire': 'All'} in roles['Technician']['permissions']
    assert len(roles['Technician']['permissions']) == 4 and roles['Technician']['customize_not_read'] == []
    assert len(api_requests(sim, 'acme')) == 1 + 3      # the roles, then one list of settings per role
    assert sim.writes('acme') == []


def test_unknown_role_is_an_empty_list_and_a_bad_name_fails_before_any_request(tmp_path, sim, acme):
    unknown = run_playbook(tmp_path / 'u', module_play(
        {'msp.connectwise_psa.cw_security_role_info': {'name': 'No Such Role'}}, acme, name='info'))
    assert unknown.rc == 0 and unknown.result('info')['roles'] == [], unknown.output
    sim.clear_log()
    bad = run_playbook(tmp_path / 'b', module_play(
        {'msp.connectwise_psa.cw_security_role_info': {'name': 'a "quoted" role'}}, acme, name='info'))
    assert bad.rc != 0 and 'double quote' in bad.task('info')['result']['msg']
    assert api_requests(sim, 'acme') == []


def test_role_info_names_the_missing_right(tmp_path, sim, acme):
    sim.operator('acme').set_role_levels('Admin', 'System', 'Security', inquire='None')
    run = run_playbook(tmp_path, module_play({'msp.connectwise_psa.cw_security_role_info': {}}, acme, name='info'))
    assert run.rc != 0
    assert 'lack System > Security: Inquire Level (to list security roles)' in run.task('info')['result']['msg']


def test_members_in_the_shape_cw_api_member_takes(tmp_path, sim, acme):
    create = {'msp.connectwise_psa.cw_api_member': {
        'identifier': 'AcctSyncAPI', 'name': 'Acct Sync API', 'security_role': 'Finance', 'level': 'Corporate',
        'location': 'Tampa Office', 'business_unit': 'Accounting', 'time_zone': 'GMT Standard Time'}}
    created = run_playbook(tmp_path / 'create', module_play(create, acme, name='create'))
    assert created.rc == 0, created.output
    sim.clear_log()
    plays = module_play({'msp.connectwise_psa.cw_api_member_info': {}, 'register': 'all'}, acme, name='all',
                        extra_tasks=[{'name': 'one', 'msp.connectwise_psa.cw_api_member_info': {'identifier': 'AcctSyncAPI'}},
                                     {'name': 'none', 'msp.connectwise_psa.cw_api_member_info': {'identifier': 'Nobody'}}])
    run = run_playbook(tmp_path / 'info', plays, check=True)
    assert run.rc == 0, run.output
    members = dict((member['identifier'], member) for member in run.result('all')['members'])
    assert sorted(members) == ['AcctSyncAPI', 'AutomationAdmin']
    member = members['AcctSyncAPI']
    assert member == dict(created.result('create')['api_member'], state='present')
    assert member['security_role']['name'] == 'Finance' and member['structure_level']['name'] == 'Corporate'
    assert member['default_location']['name'] == member['security_location']['name'] == 'Tampa Office'
    assert member['business_unit']['name'] == 'Accounting' and member['time_zone']['name'] == 'GMT Standard Time'
    assert member['inactive'] is False
    assert run.result('one')['members'] == [member] and run.result('none')['members'] == []
    assert [method for method, _path in api_requests(sim, 'acme')] == ['GET'] * 3
    assert sim.writes('acme') == []


def test_deactivated_member_reads_as_absent(tmp_path, sim, acme):
    member = {'identifier': 'Old Sync', 'security_role': 'Finance', 'level': 'Corporate',
              'location': 'Remote', 'business_unit': 'Services'}
    plays = module_play({'msp.connectwise_psa.cw_api_member': member}, acme, name='create', extra_tasks=[
        {'name': 'deactivate', 'msp.connectwise_psa.cw_api_member': {'identifier': 'Old Sync', 'state': 'absent'}},
        {'name': 'info', 'msp.connectwise_psa.cw_api_member_info': {'identifier': 'old sync'}}])
    run = run_playbook(tmp_path, plays)
    assert run.rc == 0, run.output
    [found] = run.result('info')['members']
    assert found['identifier'] == 'Old Sync' and found['inactive'] is True and found['state'] == 'absent'


@pytest.mark.parametrize('module, args', [('cw_security_role_info', {'name': 'Finance'}),
                                          ('cw_api_member_info', {})])
def test_in_process_and_module_process_agree_with_env_fallbacks(tmp_path, sim, module, args):
    results = {}
    for mode in ('1', '0'):
        task = {'name': 'info', 'msp.connectwise_psa.' + module: args}
        run = run_playbook(tmp_path / mode, env_play(sim, task), check=True, env={'CW_PSA_IN_PROCESS': mode})
        assert run.rc == 0, run.output
        results[mode] = comparable(run.result('info'))
    assert results['1'] == results['0']
    assert results['1'].get('roles') or results['1'].get('members')
    assert sim.writes('acme') == []


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_private_key_never_shows_at_vvvv(tmp_path, sim, acme, in_process):
    plays = module_play({'msp.connectwise_psa.cw_security_role_info': {'name': 'Finance'}}, acme, name='roles',
                        extra_tasks=[{'name': 'members', 'msp.connectwise_psa.cw_api_member_info': {}}])
    run = run_playbook(tmp_path, plays, verbosity=4, env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc == 0, run.output
    assert acme['private_key'] not in run.stdout + run.stderr
    assert acme['private_key'] not in repr(run.results)
