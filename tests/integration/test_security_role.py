# -*- coding: utf-8 -*-
"""cw_security_role end to end: real ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.conftest import load_table
from tests.integration.harness import module_play, run_playbook

ROLE = 'Acct Sync API'


def role_task(permissions, **options):
    args = dict(name=ROLE, permissions=permissions, on_drift='warn')
    args.update(options)
    return {'msp.connectwise_psa.cw_security_role': args, 'register': 'out'}


def granted_levels(permissions):
    return sum(1 for row in permissions for level in ('add', 'edit', 'delete', 'inquire')
               if row.get(level, 'None') != 'None')


def test_create_rerun_fix_and_exclusive(tmp_path, sim, acme, acct_sync):
    table = acct_sync['permissions']
    play = module_play(role_task(table), acme, name='role')

    first = run_playbook(tmp_path / 'run1', play)
    assert first.rc == 0, first.output
    result = first.result('role')
    assert result['changed'] is True and result['created'] is True
    assert result['role']['name'] == ROLE and isinstance(result['role']['id'], int)
    assert result['compliant'] is False
    assert len(result['permissions_drift']) == granted_levels(table)
    assert result['manual_steps'][0].startswith('System > Security Roles > "Acct Sync API" > Companies > ')
    assert ('System > Security Roles > "Acct Sync API" > Finance > Accounting Interface: '
            'Add All, Edit All, Delete All, Inquire All (now None, None, None, None)') in result['manual_steps']
    assert len(result['manual_steps']) == len(table)     # one step per function row
    assert result['unverified'][0]['function'] == 'Table Setup'
    assert 'Invoicing / Billing Terms' in result['unverified'][0]['customize_allow']
    assert '[WARNING]' in first.stdout + first.stderr

    second = run_playbook(tmp_path / 'run2', play)
    assert second.rc == 0, second.output
    again = second.result('role')
    assert again['changed'] is False and again['created'] is False
    assert again['permissions_drift'] == result['permissions_drift']
    assert [r['name'] for r in sim.roles('acme')].count(ROLE) == 1

    sim.operator('acme').apply_table(ROLE, table)
    strict = module_play(role_task(table, on_drift='fail'), acme, name='role')
    fixed = run_playbook(tmp_path / 'run3', strict)
    assert fixed.rc == 0, fixed.output
    assert fixed.result('role')['compliant'] is True and fixed.result('role')['manual_steps'] == []

    sim.operator('acme').set_role_levels(ROLE, 'Sales', 'Opportunity', add='All')
    extra = run_playbook(tmp_path / 'run4', strict)
    assert extra.rc != 0
    failed = extra.task('role')
    assert failed['status'] == 'failed'
    assert failed['result']['compliant'] is False
    assert failed['result']['manual_steps'] == [
        'System > Security Roles > "Acct Sync API" > Sales > Opportunity: Add None (now All)']


def test_check_mode_on_fresh_tenant_sends_no_write(tmp_path, sim, acme, acct_sync):
    run = run_playbook(tmp_path, module_play(role_task(acct_sync['permissions']), acme, name='role'), check=True, diff=True)
    assert run.rc == 0, run.output
    result = run.result('role')
    assert result['changed'] is True and result['created'] is True and result['role']['id'] is None
    assert len(result['permissions_drift']) == granted_levels(acct_sync['permissions'])
    assert sim.writes('acme') == []
    assert not [r for r in sim.roles('acme') if r['name'] == ROLE]
    assert '-    "present": false' in run.stdout and '+    "present": true' in run.stdout


def test_misspelt_function_fails_before_any_write(tmp_path, sim, acme):
    table = [{'module': 'Time & Expenses', 'function': 'Time Entrys', 'inquire': 'All'}]
    run = run_playbook(tmp_path, module_play(role_task(table), acme, name='role'))
    assert run.rc != 0
    message = run.task('role')['result']['msg']
    assert 'did you mean "Time & Expense / Time Entry"' in message
    assert sim.writes('acme') == []


def test_absent_deletes_then_no_change(tmp_path, sim, acme):
    create = run_playbook(tmp_path / 'c', module_play(role_task([], on_drift='ignore'), acme, name='role'))
    assert create.rc == 0, create.output
    absent = module_play({'msp.connectwise_psa.cw_security_role': {'name': ROLE, 'state': 'absent'}}, acme, name='role')
    first = run_playbook(tmp_path / 'a1', absent)
    assert first.rc == 0 and first.result('role')['changed'] is True, first.output
    assert not [r for r in sim.roles('acme') if r['name'] == ROLE]
    second = run_playbook(tmp_path / 'a2', absent)
    assert second.rc == 0 and second.result('role')['changed'] is False


def test_role_in_use_cannot_be_deleted_and_says_why(tmp_path, sim, acme):
    absent = module_play({'msp.connectwise_psa.cw_security_role': {'name': 'Admin', 'state': 'absent'}}, acme, name='role')
    run = run_playbook(tmp_path, absent)
    assert run.rc != 0
    # The admin key's own role: refused before any request to delete it (tests/reliability/test_self_protection.py).
    assert 'refusing to delete security role "Admin"' in run.task('role')['result']['msg']
    assert any(r['name'] == 'Admin' for r in sim.roles('acme'))


@pytest.mark.parametrize('table', ['cyberdrain_warranty.yml', 'mspbackups.yml', 'nable_rmm.yml'])
def test_other_vendor_tables_pass_through(tmp_path, sim, acme, table):
    data = load_table(table)
    play = module_play(role_task(data['permissions'], name=data['role_name_default']), acme, name='role')
    run = run_playbook(tmp_path / 'one', play)
    assert run.rc == 0, run.output
    assert len(run.result('role')['permissions_drift']) == granted_levels(data['permissions'])
    sim.operator('acme').apply_table(data['role_name_default'], data['permissions'])
    again = run_playbook(tmp_path / 'two', play)
    assert again.rc == 0 and again.result('role')['compliant'] is True, again.output


def test_forbidden_names_the_missing_right(tmp_path, sim, acme):
    operator = sim.operator('acme')
    operator.set_role_levels('Admin', 'System', 'Security', add='None')
    run = run_playbook(tmp_path, module_play(role_task([]), acme, name='role'))
    assert run.rc != 0
    result = run.task('role')['result']
    assert 'lacks System > Security: Add Level, needed to create the security role' in result['msg']
    assert result['missing_right'] == 'System > Security: Add Level' and result['changed'] is False
    assert sim.writes('acme') == []       # checked before the POST, from /system/mySecurity
