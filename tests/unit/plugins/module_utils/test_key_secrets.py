# -*- coding: utf-8 -*-
"""cw_api_key treats both key halves as secret: a fingerprint stands for the public one."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _api_key as api_key, _connection as connection
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import run_task


def test_the_fingerprint_is_short_stable_and_not_the_key():
    key = 'AbCdEf0123456789'
    assert api_key.fingerprint(key) == api_key.fingerprint(key)
    assert api_key.fingerprint(key) != api_key.fingerprint(key[::-1])
    assert re.match(r'^sha256:[0-9a-f]{12}$', api_key.fingerprint(key))
    assert key not in api_key.fingerprint(key)
    assert api_key.fingerprint(None) is None and api_key.fingerprint('') is None


def test_both_halves_are_no_log_options():
    assert api_key.ARGUMENT_SPEC['key_public']['no_log'] is True
    assert api_key.ARGUMENT_SPEC['key_private']['no_log'] is True
    assert connection.CONNECTION_ARGUMENT_SPEC['public_key']['no_log'] is True


@pytest.mark.parametrize('value', ['SameValue0123456', 'Q1'])
def test_the_same_value_twice_fails_before_any_request(value):
    params = dict((name, None) for name in api_key.ARGUMENT_SPEC)
    params.update(member='AcctSync', key_public=value, key_private=value, expected_permissions=[], exclusive=True,
                  on_missing='fail', on_drift='fail')

    def connect(**overrides):
        raise AssertionError('no request may be sent')
    failed, result = run_task(lambda c, p, check, warn: api_key.verify(connect, p, check, warn), params, False,
                              lambda message: None)
    assert 'key_public and key_private are the same value' in failed
    assert value not in failed
