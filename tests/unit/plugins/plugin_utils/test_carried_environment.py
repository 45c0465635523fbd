# -*- coding: utf-8 -*-
"""carried_as_arguments: the CW_PSA_* connection variables of a task's environment become module
arguments (off the module's command line) with the fallback's precedence (issue 20, item 11)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._in_process import carried_as_arguments


def test_connection_variables_become_arguments_and_others_stay():
    environment = {'CW_PSA_PRIVATE_KEY': 'PRIV', 'CW_PSA_PUBLIC_KEY': 'PUB', 'CW_PSA_TIMEOUT': 12,
                   'CW_PSA_VALIDATE_CERTS': False, 'CW_PSA_IN_PROCESS': '0', 'HTTPS_PROXY': 'http://proxy:3128'}
    args, carried = carried_as_arguments({'name': 'Role'}, environment)
    assert args == {'name': 'Role', 'private_key': 'PRIV', 'public_key': 'PUB', 'timeout': '12',
                    'validate_certs': 'False'}
    assert sorted(carried) == ['CW_PSA_PRIVATE_KEY', 'CW_PSA_PUBLIC_KEY', 'CW_PSA_TIMEOUT', 'CW_PSA_VALIDATE_CERTS']


def test_an_option_the_task_sets_wins_and_an_empty_variable_counts_as_unset():
    args, carried = carried_as_arguments({'company_id': 'globex', 'codebase': None},
                                         {'CW_PSA_COMPANY_ID': 'acme', 'CW_PSA_CODEBASE': 'v2026_1/',
                                          'CW_PSA_SITE': ''})
    # As the fallback: it fills only options the task leaves out (an explicit null is not left out).
    assert args == {'company_id': 'globex', 'codebase': None}
    assert sorted(carried) == ['CW_PSA_CODEBASE', 'CW_PSA_COMPANY_ID', 'CW_PSA_SITE']   # all off the command line


def test_the_task_arguments_are_not_changed():
    given = {'name': 'Role'}
    carried_as_arguments(given, {'CW_PSA_PRIVATE_KEY': 'PRIV'})
    assert given == {'name': 'Role'}
