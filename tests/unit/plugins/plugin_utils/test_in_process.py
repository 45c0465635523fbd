# -*- coding: utf-8 -*-
"""Helpers of the in-process path: which Python counts as the controller's, what the module receives."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import os
import sys

from ansible_collections.msp.connectwise_psa.plugins.module_utils._arguments import structures_given_as_strings
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import ARGUMENT_SPEC
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._in_process import (
    as_module_receives, is_controller_python, naming_host, process_environment)


class TaggedText(str):
    """Stands for ansible-core's wrapper classes of templated values."""


def test_the_controller_python_and_others():
    assert is_controller_python(sys.executable)
    assert is_controller_python(os.path.join(os.path.dirname(sys.executable), os.path.basename(sys.executable)))
    assert not is_controller_python('/nonexistent/bin/python3')
    assert not is_controller_python('/usr/bin/env python3')
    assert not is_controller_python('')
    assert not is_controller_python(None)


def test_the_module_receives_plain_json_types():
    value = as_module_receives({'a': [TaggedText('x'), (1, 2.5)], 1: None, 'd': datetime.date(2026, 1, 2), 'b': True})
    assert value == {'a': ['x', [1, 2.5]], '1': None, 'd': '2026-01-02', 'b': True}
    assert value['a'][0].__class__ is str    # not the wrapper class


def test_mappings_and_lists_for_strings_are_named_with_their_path():
    params = {'name': {'a': 1}, 'permissions': [{'module': 'Finance', 'function': ['x'], 'customize_allow': [{'a': 1}, 'ok']}]}
    assert structures_given_as_strings(ARGUMENT_SPEC, params) == [
        'name must be a string, got a mapping: quote it or fix the indentation',
        'permissions[0].function must be a string, got a list: quote it or fix the indentation',
        'permissions[0].customize_allow[0] must be a string, got a mapping: quote it or fix the indentation']
    assert structures_given_as_strings(ARGUMENT_SPEC, {'name': 'R', 'permissions': 'text'}) == []


def test_warnings_start_with_the_host_once():
    assert naming_host('drift', 'acme') == 'acme: drift'
    assert naming_host('acme: drift', 'acme') == 'acme: drift'


def test_the_task_environment_lasts_for_the_task_only():
    os.environ.pop('CW_PSA_TEST_ONLY', None)
    with process_environment({'CW_PSA_TEST_ONLY': 5}):
        assert os.environ['CW_PSA_TEST_ONLY'] == '5'
    assert 'CW_PSA_TEST_ONLY' not in os.environ
