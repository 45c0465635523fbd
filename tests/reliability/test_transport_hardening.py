# -*- coding: utf-8 -*-
"""Transport hardening through real ansible-playbook runs (issue 20, items 1, 9, 11).

The client-level cases (every odd URL form over HTTP and HTTPS, companyinfo codebases, proxies,
TLS option checks) are in tests/unit/plugins/module_utils/test_transport.py; here the same
rules hold for whole tasks, on the in-process path and in a module process.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from tests.integration.test_parity import warnings_printed
from tests.integration.harness import connection_vars, run_playbook, tenant_inventory, write_inventory
from tests.reliability.conftest import basic_value
from tests.reliability.listener import Listener
from tests.simulator import Simulator

ROLES_INFO = 'msp.connectwise_psa.cw_security_role_info'
CONNECTION = dict((option, '{{ cw_psa_%s }}' % option)
                  for option in ('site', 'company_id', 'public_key', 'private_key', 'client_id'))
OUR_WARNING = 'validate_certs is false: the TLS certificate of'


def tenants_play(tasks, **connection):
    """One play over the inventory's tenants, connection options from their variables."""
    return [{'hosts': 'psa_tenants', 'gather_facts': False, 'connection': 'local',
             'module_defaults': {'group/msp.connectwise_psa.connectwise_psa': dict(CONNECTION, **connection)},
             'tasks': tasks}]


def test_a_crafted_next_page_link_sends_the_keys_nowhere(tmp_path, sim):
    site_port = int(sim.base_url.rsplit(':', 1)[1])
    with Listener() as other:
        link = ('https://localhost:%d\\@127.0.0.1:%d/v4_6_release/apis/3.0/system/securityroles?page=2'
                % (other.port, site_port))
        sim.fault('acme', 'link', count=None, method='GET', path_regex='^/system/securityroles$', url=link)
        play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [
            {'name': 'list roles', ROLES_INFO: dict(connection_vars(sim, 'acme'), retries=0), 'ignore_errors': True}]}]
        run = run_playbook(tmp_path, play)
    entry = run.task('list roles')
    assert entry['status'] == 'failed', entry['result']
    message = entry['result']['msg']
    assert message.startswith('company acme: GET /system/securityroles: the next-page link https://localhost:%d\\\\@'
                              % other.port), message
    assert 'backslash' in message
    assert other.received == []
    assert sim.tenant('acme').private_key not in run.stdout + run.stderr


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_validate_certs_false_is_our_one_warning_per_tenant(tmp_path, sim, in_process):
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme', 'globex']))
    tasks = [{'name': 'read %d' % number, ROLES_INFO: {'name': 'Technician'}} for number in (1, 2)]
    run = run_playbook(tmp_path, tenants_play(tasks, validate_certs=False), inventory=inventory,
                       env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc == 0, run.output
    output = run.stdout + run.stderr
    assert 'InsecureRequestWarning' not in output and 'Unverified HTTPS request' not in output, run.output
    printed = warnings_printed(run.stderr + '\n' + run.stdout)
    for tenant in ('acme', 'globex'):
        mine = [text for text in printed if OUR_WARNING in text and 'company %s:' % tenant in text]
        assert len(mine) == 1, (tenant, printed)
        assert mine[0].startswith('%s: company %s: %s %s' % (tenant, tenant, OUR_WARNING, sim.base_url)), mine[0]
        assert 'ca_path' in mine[0]


def test_tls_options_that_cannot_work_fail_naming_option_and_tenant(tmp_path, sim):
    connection = connection_vars(sim, 'acme')
    cases = [
        ('ca_path with validate_certs false', dict(connection, validate_certs=False), 'ca_path is set but validate_certs is false'),
        ('ca_path missing', dict(connection, ca_path=str(tmp_path / 'missing.pem')), "ca_path '%s' cannot be read (No such file"
         % (tmp_path / 'missing.pem')),
        ('ca_path under a file', dict(connection, ca_path='/etc/hostname/ca.pem'), "ca_path '/etc/hostname/ca.pem' cannot be read"),
    ]
    play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [
        {'name': name, ROLES_INFO: options, 'ignore_errors': True} for name, options, _message in cases]}]
    run = run_playbook(tmp_path, play)
    for name, _options, message in cases:
        entry = run.task(name)
        assert entry['status'] == 'failed', entry['result']
        assert entry['result']['msg'].startswith('company acme: ' + message), entry['result']['msg']
    assert sim.requests() == []     # refused before any request, companyinfo included


def test_keys_in_the_task_environment_stay_off_the_module_command_line(tmp_path, sim):
    tenant = sim.tenant('acme')
    environment = {'CW_PSA_SITE': sim.base_url, 'CW_PSA_COMPANY_ID': tenant.company_id,
                   'CW_PSA_PUBLIC_KEY': tenant.public_key, 'CW_PSA_PRIVATE_KEY': tenant.private_key,
                   'CW_PSA_CLIENT_ID': sim.client_id, 'CW_PSA_CA_PATH': sim.ca_path, 'CW_PSA_RETRIES': '2',
                   'UNRELATED_SETTING': 'kept-in-the-environment'}
    tasks = [{'name': 'module process', ROLES_INFO: {'name': 'Technician'}},
             # an explicit option wins over the environment, as over the fallback
             {'name': 'option wins', ROLES_INFO: {'name': 'Technician', 'company_id': 'globex'}, 'ignore_errors': True},
             {'name': 'async steps aside', ROLES_INFO: {'name': 'Technician'}, 'async': 60, 'poll': 1,
              'loop': [1, 2]}]   # each item and each poll gets its own environment
    play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'environment': environment,
             'tasks': tasks}]
    runs = {mode: run_playbook(tmp_path / mode, play, verbosity=3, env={'CW_PSA_IN_PROCESS': mode})
            for mode in ('0', '1')}
    for mode, run in runs.items():
        assert run.task('module process')['status'] == 'ok', (mode, run.output)
        assert run.task('async steps aside')['status'] == 'ok', (mode, run.output)
        assert run.result('module process')['roles'][0]['name'] == 'Technician'
        # The globex admin is logged in with acme's key pair: refused, so the option was used.
        assert 'HTTP 401' in run.result('option wins')['msg'], (mode, run.result('option wins'))
        output = run.stdout + run.stderr
        assert 'EXEC' in output and 'kept-in-the-environment' in output, (mode, run.output)   # the -vvv lines are there
        for secret in (tenant.private_key, basic_value('acme', tenant.public_key, tenant.private_key)):
            assert secret not in output, (mode, output[max(0, output.find(secret) - 400):output.find(secret) + 40])
        # Only ansible-core's async_status poll still names them, emptied.
        assert not re.search(r"CW_PSA_(PRIVATE|PUBLIC)_KEY=[^'\s]", output), (mode, run.output)


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_plain_http_through_a_proxy_sends_the_keys_nowhere(tmp_path, in_process):
    with Simulator(tenants=('acme',), scheme='http') as http_sim, Listener() as proxy:
        play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [
            {'name': 'through the proxy', ROLES_INFO: dict(connection_vars(http_sim, 'acme'), retries=0),
             'ignore_errors': True},
            {'name': 'NO_PROXY names the host', ROLES_INFO: dict(connection_vars(http_sim, 'acme'), name='Technician'),
             'environment': {'NO_PROXY': '127.0.0.1'}}]}]
        proxy_url = 'http://127.0.0.1:%d' % proxy.port
        env = {'CW_PSA_IN_PROCESS': in_process, 'HTTP_PROXY': proxy_url, 'http_proxy': proxy_url,
               'NO_PROXY': '', 'no_proxy': ''}
        run = run_playbook(tmp_path, play, env=env)
        requests_seen = http_sim.requests()
    refused = run.task('through the proxy')
    assert refused['status'] == 'failed', refused['result']
    assert refused['result']['msg'].startswith('company acme: site http://127.0.0.1:'), refused['result']['msg']
    assert 'HTTP_PROXY' in refused['result']['msg'] and 'NO_PROXY' in refused['result']['msg']
    assert run.task('NO_PROXY names the host')['status'] == 'ok', run.output
    assert proxy.received == []
    # The first request the site saw is the second task's: the refused one sent nothing anywhere.
    assert requests_seen and requests_seen[0]['query'].get('conditions') == 'name="Technician"', requests_seen
