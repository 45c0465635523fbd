# -*- coding: utf-8 -*-
"""The posture audit's findings rules, and the requests it sends (the figure for 30 API members)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _posture as posture
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _posture_findings as findings
from tests.posture_tenants import measure


def setting(module, function, add='None', edit='None', delete='None', inquire='None'):
    return {'moduleName': module, 'moduleFunctionName': function, 'addLevel': add, 'editLevel': edit,
            'deleteLevel': delete, 'inquireLevel': inquire}


def row(identifier='Tool', inactive=False, admin=False, state='active'):
    return {'identifier': identifier, 'inactive': inactive,
            'role': {'id': 7, 'name': 'Tool Role', 'state': state, 'admin': admin}}


def found(row_, rights=None, people=0, others=(), declared=None):
    context = {'rights': rights, 'people': people, 'other_members': list(others), 'declared': declared}
    return [finding['id'] for finding in findings.member_findings(row_, context)]


def test_escalation_is_any_level_beyond_inquire_on_security_or_member_maintenance():
    assert posture.role_rights([setting('System', 'Member Maintenance', inquire='All')])['escalation'] == []
    rights = posture.role_rights([setting('System', 'security roles', edit='My', inquire='All'),
                                  setting('System', 'Member Maintenance', delete='All')])
    assert [(entry['function'], entry['levels']) for entry in rights['escalation']] == [
        ('security roles', [('edit', 'My')]), ('Member Maintenance', [('delete', 'All')])]
    assert rights['every_level_all'] is False


def test_admin_flag_and_escalation_are_both_said_but_every_level_all_subsumes_escalation():
    limited = posture.role_rights([setting('System', 'Security', add='All')])
    assert found(row(admin=True), limited) == ['admin_role', 'escalation']
    everything = posture.role_rights([setting('System', 'Security', 'All', 'All', 'All', 'All')])
    assert everything['every_level_all'] is True
    assert found(row(), everything) == ['every_level_all']


def test_sharing_counts_for_active_members_only():
    assert found(row(), people=2, others=['Other']) == ['role_shared_with_people', 'role_shared_with_api_members']
    assert found(row(inactive=True), people=2, others=['Other']) == ['member_inactive']
    assert found(row(state='missing'), people=0, others=['Other']) == ['role_missing']


def test_declared_members_match_without_case_and_a_missing_integration_is_said_once():
    declared = posture.declared_integrations([{'member': 'tool'}, {'name': 'Sync', 'member': 'Sync API'},
                                              {'name': 'Sync again', 'member': 'SYNC API', 'role': 'ignored'}])
    assert found(row('TOOL'), declared=declared) == []
    assert found(row('Stray'), declared=declared) == ['undeclared']
    missing = findings.missing_integrations(declared, {'tool'})
    assert [(finding['integration'], finding['severity']) for finding in missing] == [('Sync', 'high')]
    assert found(row('Stray'), declared=None) == []


@pytest.mark.parametrize('item', [{'name': 'x'}, {'member': ''}, {'member': 5}])
def test_an_integration_without_a_member_is_refused(item):
    with pytest.raises(ValueError, match=r'integrations\[0\]\.member must be'):
        posture.declared_integrations([item])


@pytest.mark.parametrize('roles, expected', [(1, 3 + 2), (10, 3 + 11), (29, 3 + 30)])
def test_thirty_api_members_cost_three_requests_plus_one_per_distinct_role(roles, expected):
    requests, distinct, paths = measure(30, roles)
    print('30 API members on %d distinct roles: %d requests' % (distinct, requests))
    assert requests == expected == 3 + distinct
    assert len(set(paths)) == len(paths)      # never the same list twice


def test_members_are_paged():
    requests, distinct, paths = measure(1001, 2)
    assert paths.count('/system/apiMembers') == 2 and requests == 2 + 2 + distinct


def test_snapshot_needs_both_halves_of_the_member_key_before_any_request():
    from ansible_collections.msp.connectwise_psa.plugins.module_utils import _tenant_snapshot as tenant_snapshot

    def connect(**_overrides):
        raise AssertionError('no request may be sent')

    with pytest.raises(ValueError, match='member_public_key and member_private_key go together'):
        tenant_snapshot.gather(connect, {'member_public_key': 'abc', 'member_private_key': None}, True, None)


def test_snapshot_scrub_drops_personal_fields_and_any_string_holding_a_secret():
    from ansible_collections.msp.connectwise_psa.plugins.module_utils._tenant_snapshot import REDACTED, scrub
    document = {'name': 'Tool', 'emailAddress': 'a@b', 'officePhone': '1', 'notes': 'n', '_info': {'href': 'x'},
                'rows': [{'itemIdentifier': 'has SECRET inside', 'firstName': 'Pat', 'addressLine1': 'x'}]}
    assert scrub(document, ['SECRET']) == {'name': 'Tool', 'rows': [{'itemIdentifier': REDACTED}]}
