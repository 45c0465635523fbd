# -*- coding: utf-8 -*-
"""The action plugins run the module logic in-process with the module's semantics."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.harness import run_playbook

ROLE_TASK = {'name': 'role', 'msp.connectwise_psa.cw_security_role': {
    'name': 'Env Role', 'permissions': [{'module': 'Finance', 'function': 'Invoicing', 'inquire': 'All'}],
    'on_drift': 'warn'}}


def env_play(sim, task):
    tenant = sim.tenant('acme')
    environment = {'CW_PSA_SITE': sim.base_url, 'CW_PSA_COMPANY_ID': tenant.company_id,
                   'CW_PSA_PUBLIC_KEY': tenant.public_key, 'CW_PSA_PRIVATE_KEY': tenant.private_key,
                   'CW_PSA_CLIENT_ID': sim.client_id, 'CW_PSA_CA_PATH': sim.ca_path}
    return [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
             'environment': environment, 'tasks': [task]}]


def comparable(result):
    return dict((key, value) for key, value in result.items() if key not in ('invocation', 'warnings', '_ansible_no_log'))


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_task_environment_feeds_the_fallbacks(tmp_path, sim, in_process):
    run = run_playbook(tmp_path, env_play(sim, ROLE_TASK), check=True, env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc == 0, run.output
    assert run.result('role')['created'] is True
    assert sim.writes('acme') == []


def test_in_process_and_module_process_agree(tmp_path, sim):
    results = {}
    for mode in ('1', '0'):
        run = run_playbook(tmp_path / mode, env_play(sim, ROLE_TASK), check=True, env={'CW_PSA_IN_PROCESS': mode})
        assert run.rc == 0, run.output
        results[mode] = comparable(run.result('role'))
    assert results['1'] == results['0']


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_unknown_option_is_named(tmp_path, sim, in_process):
    task = {'name': 'role', 'msp.connectwise_psa.cw_security_role': {'name': 'R', 'colour': 'blue'}}
    run = run_playbook(tmp_path, env_play(sim, task), env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc != 0
    assert 'colour' in run.task('role')['result']['msg']


def test_in_process_never_prints_the_task_environment(tmp_path, sim):
    # A module process gets the task's environment on a command line that -vvv prints
    # (ansible-core behaviour, documented in the README); in-process there is none.
    run = run_playbook(tmp_path, env_play(sim, ROLE_TASK), env={'CW_PSA_IN_PROCESS': '1'}, verbosity=4)
    assert run.rc == 0, run.output
    assert sim.tenant('acme').private_key not in run.stdout + run.stderr


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_empty_environment_variables_count_as_unset(tmp_path, sim, in_process):
    # AWX injects every field of a credential, empty ones included.
    env = {'CW_PSA_IN_PROCESS': in_process, 'CW_PSA_TIMEOUT': '', 'CW_PSA_RETRIES': '', 'CW_PSA_VALIDATE_CERTS': '',
           'CW_PSA_API_VERSION': '', 'CW_PSA_CODEBASE': ''}
    run = run_playbook(tmp_path, env_play(sim, ROLE_TASK), check=True, env=env)
    # Read as values, the empty timeout, retries and validate_certs would fail type checks.
    assert run.rc == 0, run.output
    assert run.result('role')['created'] is True
