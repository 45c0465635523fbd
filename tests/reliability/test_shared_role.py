# -*- coding: utf-8 -*-
"""Shared or all-powerful roles are never adopted silently by the integration's member.

A member about to be created on a role, or moved to it, fails by default when the role has
adminFlag, grants System > Security or Member Maintenance beyond Inquire, or is held by other
members (API members or people); ``allow_shared_role: true`` accepts it with a warning and the
report says so. A member already on its role sends no request for this.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.harness import connection_vars, module_play, run_playbook
from tests.reliability.conftest import MEMBER, read_report, run_setup

NEW = {'identifier': 'Integration', 'level': 'Corporate', 'location': 'Head Office', 'business_unit': 'Administration'}
GUARD_PATHS = ('/system/members/count', '/system/apiMembers/count', '/system/mySecurity')


@pytest.fixture
def acme(sim):
    return connection_vars(sim, 'acme')


def _member(tmp_path, acme, label, check=False, **options):
    run = run_playbook(tmp_path / label, module_play({'msp.connectwise_psa.cw_api_member': dict(NEW, **options)},
                                                     acme, name='member'), check=check)
    return run, run.result('member')


def _members_on(sim, role_name):
    role_id = [r['id'] for r in sim.roles('acme') if r['name'] == role_name][0]
    return [m['identifier'] for m in sim.members('acme') if m['securityRole'] == role_id]


def test_setup_on_the_admin_role_fails_naming_it_and_the_option(tmp_path, sim):
    run = run_setup(tmp_path, sim, 'admin', tenants=('acme',), extra_vars={'acct_sync_role_name': 'Admin'})
    member = run.task('msp.connectwise_psa.acct_sync : Ensure the API member', 'acme')
    assert member['status'] == 'failed' and member['result']['refused'] == 'shared_role', run.output
    error = read_report(tmp_path)['tenants'][0]['error']
    assert 'security role "Admin" of API member "%s" is not the integration\'s own' % MEMBER in error, error
    assert 'it is an admin role (adminFlag)' in error and '1 other member(s) hold it (1 API member(s)' in error
    assert 'allow_shared_role: true' in error and 'nothing was written' in error
    assert MEMBER not in [m['identifier'] for m in sim.members('acme')]
    assert sim.writes('acme') == []


def test_setup_on_the_admin_role_with_allow_shared_role_warns_and_reports_it(tmp_path, sim):
    run = run_setup(tmp_path, sim, 'admin', tenants=('acme',),
                    extra_vars={'acct_sync_role_name': 'Admin', 'acct_sync_allow_shared_role': True})
    member = run.result('msp.connectwise_psa.acct_sync : Ensure the API member', 'acme')
    assert member['changed'] is True and member['shared_role']['allowed'] is True, member
    assert member['shared_role']['other_holders'] == {'api_members': 1, 'people': 0}
    # ansible-core 2.16 wraps a warning at the terminal's width: compare the words.
    assert 'accepted because allow_shared_role is true' in ' '.join((run.stdout + run.stderr).split())
    assert MEMBER in _members_on(sim, 'Admin')
    notes = read_report(tmp_path)['tenants'][0]['notes']
    assert any('security role "Admin"' in note and 'accepted by allow_shared_role' in note for note in notes), notes


def test_a_role_people_hold_fails_in_check_mode_and_for_real(tmp_path, sim, acme):
    sim.operator('acme').add_person('jdoe', 'Technician')
    sim.operator('acme').add_person('asmith', 'Technician')
    for label, check in (('check', True), ('real', False)):
        run, result = _member(tmp_path, acme, label, check=check, security_role='Technician')
        assert run.task('member')['status'] == 'failed', run.output
        assert '2 other member(s) hold it (0 API member(s) and 2 person(s))' in result['msg'], result
        assert result['refused'] == 'shared_role' and result['shared_role']['allowed'] is False
    assert sim.writes('acme') == []
    run, result = _member(tmp_path, acme, 'allowed', security_role='Technician', allow_shared_role=True)
    assert run.rc == 0 and result['changed'] is True, run.output
    assert 'Integration' in _members_on(sim, 'Technician')


def test_a_role_that_can_change_members_fails(tmp_path, sim, acme):
    sim.operator('acme').set_role_levels('Finance', 'System', 'Member Maintenance', inquire='All', edit='All')
    run, result = _member(tmp_path, acme, 'finance', security_role='Finance')
    assert run.task('member')['status'] == 'failed', run.output
    assert 'it grants System > Member Maintenance beyond Inquire (Edit All)' in result['msg'], result
    assert sim.writes('acme') == []


def test_moving_to_a_shared_role_fails_and_a_steady_run_asks_nothing_more(tmp_path, sim, acme):
    run, result = _member(tmp_path, acme, 'create', security_role='Finance')
    assert run.rc == 0 and result['changed'] is True, run.output     # Finance: nobody else, no powers
    sim.clear_log()
    run, result = _member(tmp_path, acme, 'steady', security_role='Finance')
    assert run.rc == 0 and result['changed'] is False, run.output
    api = [(e['method'], e['path']) for e in sim.requests('acme') if e['api']]
    assert api == [('GET', '/system/apiMembers')], api       # the lookup only: no guard request
    sim.clear_log()
    run, result = _member(tmp_path, acme, 'steady-check', check=True, security_role='Finance')
    assert run.rc == 0 and result['changed'] is False
    assert not [e for e in sim.requests('acme') if e['path'].startswith(GUARD_PATHS)]

    run, result = _member(tmp_path, acme, 'move', security_role='Admin')
    assert run.task('member')['status'] == 'failed' and result['refused'] == 'shared_role', run.output
    assert 'Integration' in _members_on(sim, 'Finance')
