# -*- coding: utf-8 -*-
"""Self-protection: the admin key never cuts its own branch, check mode predicts a refused delete.

- The member whose key runs the task is never deactivated nor moved to another role, and the role
  it holds is never deleted; check mode says the same, and nothing is written.
- Check mode predicts the PSA's refusal to delete a role still assigned (API members or people);
  the real run keeps the vendor's reason.
- A role named in another case is deleted under its live name, and the plan says that name.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.harness import connection_vars, module_play, run_playbook

ADMIN = 'AutomationAdmin'


@pytest.fixture
def acme(sim):
    return connection_vars(sim, 'acme')


def _run(tmp_path, sim, acme, module, options, label, check=False):
    play = module_play({'msp.connectwise_psa.' + module: options}, acme, name='task',
                       extra_tasks=[{'name': 'later', 'msp.connectwise_psa.cw_security_role_info': {}}])
    run = run_playbook(tmp_path / label, play, check=check, diff=True)
    return run, run.result('task')


def _both_modes(tmp_path, sim, acme, module, options):
    """Check mode first, then the real run: both refuse, neither writes."""
    results = []
    for label, check in (('check', True), ('real', False)):
        sim.clear_log()
        run, result = _run(tmp_path, sim, acme, module, options, label, check)
        assert run.task('task')['status'] == 'failed', run.output
        assert sim.writes('acme') == [], sim.writes('acme')
        results.append(result)
    return results


def test_the_admin_member_does_not_deactivate_itself(tmp_path, sim, acme):
    for result in _both_modes(tmp_path, sim, acme, 'cw_api_member', {'identifier': ADMIN, 'state': 'absent'}):
        assert 'refusing to deactivate API member "%s": its key runs this task' % ADMIN in result['msg'], result
        assert 'Use another admin key' in result['msg'] and result['refused'] == 'caller'
    assert [m['inactiveFlag'] for m in sim.members('acme') if m['identifier'] == ADMIN] == [False]


def test_the_admin_member_is_matched_in_any_case(tmp_path, sim, acme):
    run, result = _run(tmp_path, sim, acme, 'cw_api_member', {'identifier': ADMIN.lower(), 'state': 'absent'}, 'lower')
    assert run.task('task')['status'] == 'failed' and result['refused'] == 'caller', run.output
    assert sim.writes('acme') == []


def test_the_admin_member_does_not_demote_itself(tmp_path, sim, acme):
    for result in _both_modes(tmp_path, sim, acme, 'cw_api_member', {'identifier': ADMIN, 'security_role': 'Technician'}):
        assert 'refusing to move to security role "Technician" API member "%s"' % ADMIN in result['msg'], result
    admin = [m for m in sim.members('acme') if m['identifier'] == ADMIN][0]
    assert admin['securityRole'] == [r['id'] for r in sim.roles('acme') if r['name'] == 'Admin'][0]


def test_a_later_task_still_runs_after_the_refusal(tmp_path, sim, acme):
    play = module_play({'msp.connectwise_psa.cw_api_member': {'identifier': ADMIN, 'state': 'absent'}}, acme, name='task',
                       extra_tasks=[{'name': 'later', 'msp.connectwise_psa.cw_security_role_info': {}}])
    play[0]['tasks'][0]['ignore_errors'] = True
    run = run_playbook(tmp_path, play)
    assert run.task('task')['status'] == 'failed'
    assert run.task('later')['status'] == 'ok', run.output      # the key still works: no HTTP 401


def test_the_role_the_admin_holds_is_not_deleted(tmp_path, sim, acme):
    for result in _both_modes(tmp_path, sim, acme, 'cw_security_role', {'name': 'admin', 'state': 'absent'}):
        assert 'refusing to delete security role "Admin": the member whose key runs this task (%s) holds it' % ADMIN \
            in result['msg'], result
        assert result['refused'] == 'caller_holds_role'
    assert not [e for e in sim.requests('acme') if e['method'] == 'DELETE']
    assert 'Admin' in [r['name'] for r in sim.roles('acme')]


def test_check_mode_predicts_the_refused_delete_and_the_real_run_keeps_the_vendor_reason(tmp_path, sim, acme):
    sim.operator('acme').add_person('jdoe', 'Technician')
    sim.clear_log()
    run, checked = _run(tmp_path, sim, acme, 'cw_security_role', {'name': 'Technician', 'state': 'absent'}, 'check', True)
    assert run.task('task')['status'] == 'failed', run.output
    assert sim.writes('acme') == []
    assert 'cannot be deleted: it is assigned to 0 API member(s) and 1 person(s)' in checked['msg'], checked
    assert checked['holders'] == {'api_members': 0, 'people': 1} and checked['refused'] == 'role_in_use'
    assert 'planned_changes' not in checked

    run, real = _run(tmp_path, sim, acme, 'cw_security_role', {'name': 'Technician', 'state': 'absent'}, 'real')
    assert run.task('task')['status'] == 'failed', run.output
    assert "Security role 'Technician' is assigned to 1 member(s) and cannot be deleted." in real['msg'], real
    assert real['error']['status'] == 400 and real['changed'] is False
    assert 'Technician' in [r['name'] for r in sim.roles('acme')]


def test_check_mode_counts_api_members_on_the_role(tmp_path, sim, acme):
    member = {'identifier': 'OnFinance', 'security_role': 'Finance', 'level': 'Corporate', 'location': 'Head Office',
              'business_unit': 'Administration'}
    created = run_playbook(tmp_path / 'member', module_play({'msp.connectwise_psa.cw_api_member': member}, acme, name='m'))
    assert created.rc == 0, created.output
    run, checked = _run(tmp_path, sim, acme, 'cw_security_role', {'name': 'Finance', 'state': 'absent'}, 'check', True)
    assert run.task('task')['status'] == 'failed' and checked['holders'] == {'api_members': 1, 'people': 0}, checked


def test_a_name_in_another_case_plans_and_deletes_the_live_name(tmp_path, sim, acme):
    present = {'name': 'finance', 'permissions': [], 'exclusive': False, 'on_drift': 'ignore'}
    run, kept = _run(tmp_path, sim, acme, 'cw_security_role', present, 'present')
    assert run.rc == 0 and kept['changed'] is False, run.output
    assert kept['diff']['before'] == kept['diff']['after'] == {'name': 'Finance', 'present': True}
    sim.clear_log()
    run, checked = _run(tmp_path, sim, acme, 'cw_security_role', {'name': 'finance', 'state': 'absent'}, 'check', True)
    assert run.rc == 0, run.output
    assert sim.writes('acme') == []
    assert checked['planned_changes'] == [
        'delete security role "Finance" (matched "finance": role names compare without regard to case)']
    assert checked['diff']['before'] == {'name': 'Finance', 'present': True}
    assert checked['role']['name'] == 'Finance'
    run, real = _run(tmp_path, sim, acme, 'cw_security_role', {'name': 'finance', 'state': 'absent'}, 'real')
    assert run.rc == 0 and real['changed'] is True and real['role']['name'] == 'Finance', run.output
    assert real['diff'] == checked['diff']
    assert 'Finance' not in [r['name'] for r in sim.roles('acme')]
