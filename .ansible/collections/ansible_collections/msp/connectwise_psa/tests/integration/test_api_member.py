# -*- coding: utf-8 -*-
"""cw_api_member end to end: real ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.harness import module_play, run_playbook

MEMBER = 'AcctSyncAPI'
CREATE = {'identifier': MEMBER, 'name': 'Acct Sync API', 'security_role': 'Finance', 'level': 'Corporate',
          'location': 'Head Office', 'business_unit': 'Administration'}


def member_play(connection, **options):
    return module_play({'msp.connectwise_psa.cw_api_member': options}, connection, name='member')


def members_named(sim, identifier=MEMBER):
    return [m for m in sim.members('acme') if m['identifier'] == identifier]


def run_step(tmp_path, sim, connection, label, options):
    """Check mode first (zero writes, same verdict), then the real run."""
    sim.clear_log()
    checked = run_playbook(tmp_path / (label + '-check'), member_play(connection, **options), check=True, diff=True)
    assert checked.rc == 0, checked.output
    assert sim.writes('acme') == [], 'check mode wrote: %s' % sim.writes('acme')
    real = run_playbook(tmp_path / label, member_play(connection, **options), diff=True)
    assert real.rc == 0, real.output
    assert checked.result('member')['changed'] == real.result('member')['changed']
    return real


def test_lifecycle_with_check_mode_on_every_step(tmp_path, sim, acme):
    created = run_step(tmp_path, sim, acme, 'create', CREATE)
    member = created.result('member')['api_member']
    assert created.result('member')['changed'] is True
    assert member['security_role']['name'] == 'Finance' and member['structure_level']['name'] == 'Corporate'
    assert member['security_location']['name'] == 'Head Office' and member['business_unit']['name'] == 'Administration'
    assert len(members_named(sim)) == 1

    rerun = run_step(tmp_path, sim, acme, 'rerun', CREATE)
    assert rerun.result('member')['changed'] is False

    changed = run_step(tmp_path, sim, acme, 'change', {**CREATE, 'level': 'Region', 'business_unit': 'Accounting'})
    result = changed.result('member')
    assert result['changed'] is True
    assert result['diff']['before'] == {'structure_level': 'Corporate', 'business_unit': 'Administration'}
    assert result['diff']['after'] == {'structure_level': 'Region', 'business_unit': 'Accounting'}
    assert '-    "business_unit": "Administration"' in changed.stdout

    absent = run_step(tmp_path, sim, acme, 'absent', {'identifier': MEMBER, 'state': 'absent'})
    assert absent.result('member')['changed'] is True and members_named(sim)[0]['inactiveFlag'] is True
    assert members_named(sim)[0]['name'] == 'Acct Sync API'      # deactivating never renames

    again = run_step(tmp_path, sim, acme, 'absent2', {'identifier': MEMBER, 'state': 'absent'})
    assert again.result('member')['changed'] is False

    present = run_step(tmp_path, sim, acme, 'present', {**CREATE, 'level': 'Region', 'business_unit': 'Accounting'})
    assert present.result('member')['changed'] is True
    assert present.result('member')['api_member']['inactive'] is False
    assert len(members_named(sim)) == 1


def test_ids_are_accepted_and_compared_by_id(tmp_path, sim, acme):
    finance = [r for r in sim.roles('acme') if r['name'] == 'Finance'][0]['id']
    options = {**CREATE, 'security_role': finance}
    first = run_playbook(tmp_path / 'one', member_play(acme, **options))
    assert first.rc == 0 and first.result('member')['api_member']['security_role']['name'] == 'Finance', first.output
    second = run_playbook(tmp_path / 'two', member_play(acme, **{**CREATE, 'security_role': 'finance'}))
    assert second.rc == 0 and second.result('member')['changed'] is False


@pytest.mark.parametrize('options, message', [
    ({**CREATE, 'identifier': 'X' * 16}, 'identifier'),
    ({**CREATE, 'location': 'Atlantis'}, 'location: no Location named'),
    ({k: v for k, v in CREATE.items() if k != 'security_role'}, 'needs security_role'),
    ({**CREATE, 'name': 'N' * 31}, 'name'),
    ({**CREATE, 'identifier': 'Bad"Quote'}, 'double quote'),
])
def test_bad_input_fails_without_writes(tmp_path, sim, acme, options, message):
    run = run_playbook(tmp_path, member_play(acme, **options))
    assert run.rc != 0
    assert message in run.task('member')['result']['msg']
    assert sim.writes('acme') == []


def test_unknown_name_lists_the_names_that_exist(tmp_path, sim, acme):
    run = run_playbook(tmp_path, member_play(acme, **{**CREATE, 'location': 'Atlantis'}))
    assert 'Head Office' in run.task('member')['result']['msg'] and 'Tampa Office' in run.task('member')['result']['msg']


def test_create_applied_then_dropped_leaves_one_member(tmp_path, sim, acme):
    sim.fault('acme', 'apply_then_drop', count=1, method='POST', path_regex='^/system/apiMembers$')
    first = run_playbook(tmp_path / 'one', member_play(acme, **CREATE))
    assert first.rc == 0, first.output
    assert first.result('member')['changed'] is True
    rerun = run_playbook(tmp_path / 'two', member_play(acme, **CREATE))
    assert rerun.rc == 0 and rerun.result('member')['changed'] is False
    assert len(members_named(sim)) == 1
    assert len([e for e in sim.writes('acme') if e['method'] == 'POST']) == 1
