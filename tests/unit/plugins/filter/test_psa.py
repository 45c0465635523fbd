# -*- coding: utf-8 -*-
"""tenant_status and status_report: numbers for what was checked, null for what was not."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.filter.psa import status_report, tenant_status

ROLE = {'role': {'id': 7, 'name': 'R'}, 'created': False, 'compliant': True, 'permissions_drift': [], 'manual_steps': [],
        'unverified': [{'module': 'System', 'function': 'Table Setup', 'customize_allow': ['A / B', 'C / D'],
                        'manual_steps': ['tick A / B', 'tick C / D']}]}
MEMBER = {'api_member': {'identifier': 'M'}}
EXTRA = {'module': 'System', 'function': 'Table Setup', 'item': 'E/F'}
ODD = {'module': 'System', 'function': 'Table Setup', 'customize_identifier': 'SystemTableSetup', 'item': '4711',
       'reason': 'the item is in a form the collection cannot read'}


# The key's life (filter key_lifecycle), tested in test_key_lifecycle.py.
KEY_LIFE = ('stored_at', 'age_days', 'description', 'max_age_days', 'too_old', 'rotation')


def key(status, **lists):
    result = {'status': status, 'key_fingerprint': 'sha256:0123456789ab', 'permissions_drift': [], 'customize_missing': [],
              'customize_extra': [], 'customize_unrecognised': [], 'manual_steps': ['untick E/F']}
    result.update(lists)
    return result


def test_checked_key_has_numbers_and_its_removal_steps():
    status = tenant_status(ROLE, MEMBER, key('drift', customize_extra=[EXTRA], customize_unrecognised=[ODD]))
    facts = dict((name, value) for name, value in status['key'].items() if name not in KEY_LIFE)
    assert facts == {'status': 'drift', 'fingerprint': 'sha256:0123456789ab', 'checked': True, 'permissions_drift': 0,
                     'customize_missing': 0, 'customize_extra': 1, 'customize_unrecognised': 1,
                     'unrecognised_items': [ODD]}
    assert status['pending_steps'] == ['untick E/F']      # the key proved A / B and C / D are there
    assert status['role']['drift'] == 0 and status['role']['customize_unverified'] == 2


def test_unchecked_key_and_role_are_null_not_zero():
    for result in ({'status': 'missing', 'manual_steps': ['create']}, key('invalid'), key('wrong_member'), {}):
        status = tenant_status(ROLE, MEMBER, result)
        assert status['pending_steps'][:2] == ['tick A / B', 'tick C / D']     # not proved: still to be set
        facts = status['key']
        assert facts['checked'] is False
        assert [facts[field] for field in ('permissions_drift', 'customize_missing', 'customize_extra',
                                           'customize_unrecognised', 'unrecognised_items')] == [None] * 5, facts
    role = tenant_status({}, {}, {}, error='boom')['role']
    assert role['drift'] is None and role['customize_unverified'] is None


def test_totals_sum_only_checked_keys():
    report = status_report([('a', tenant_status(ROLE, MEMBER, key('drift', customize_extra=[EXTRA]), tenant='a')),
                            ('b', tenant_status(ROLE, MEMBER, {'status': 'missing'}, tenant='b')),
                            ('c', None)])
    assert report['totals']['key_checked'] == 1
    assert report['totals']['customize_extra'] == 1 and report['totals']['customize_unrecognised'] == 0
