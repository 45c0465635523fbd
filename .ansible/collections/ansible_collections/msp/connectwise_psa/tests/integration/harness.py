# -*- coding: utf-8 -*-
"""Run the real ansible-playbook against the simulator and read back every task result."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys

import yaml

from tests.collection_path import ansible_env as collection_env

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)


class PlaybookRun(object):
    def __init__(self, rc, stdout, stderr, results):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results

    def task(self, name, host=None):
        """The result of the task called ``name`` (the last one if it ran more than once)."""
        matches = [entry for entry in self.results
                   if entry['task'] == name and (host is None or entry['host'] == host)]
        assert matches, 'task %r did not run; tasks: %s\n%s' % (
            name, [entry['task'] for entry in self.results], self.output)
        return matches[-1]

    def result(self, name, host=None):
        return self.task(name, host)['result']

    @property
    def output(self):
        return 'STDOUT:\n%s\nSTDERR:\n%s' % (self.stdout[-6000:], self.stderr[-3000:])


def connection_vars(sim, company_id):
    """Module options that log a task in as the tenant's admin member."""
    tenant = sim.tenant(company_id)
    options = {'site': sim.base_url, 'company_id': tenant.company_id, 'public_key': tenant.public_key,
               'private_key': tenant.private_key, 'client_id': sim.client_id}
    if getattr(sim, 'ca_path', None):
        options['ca_path'] = sim.ca_path
    return options


def ansible_env(tmp_path, extra=None):
    """The checkout's ansible environment, recording every task result for the test to read."""
    env = collection_env(tmp_path / 'ansible-tmp', BIN)
    env.update({
        'ANSIBLE_CALLBACK_PLUGINS': os.path.join(HERE, 'callback_plugins'),
        'ANSIBLE_CALLBACKS_ENABLED': 'record_results',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
    })
    env.update(extra or {})
    return env


def run_playbook(tmp_path, plays, inventory=None, extra_vars=None, check=False, diff=False,
                 verbosity=0, env=None, args=(), timeout=600):
    """Run ``plays`` (a list of plays, or a path) with ansible-playbook; never raises on failure."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if isinstance(plays, (list, dict)):
        playbook = tmp_path / 'playbook.yml'
        playbook.write_text(yaml.safe_dump(plays if isinstance(plays, list) else [plays], sort_keys=False))
        playbook = str(playbook)
    else:
        playbook = str(plays)
    results_file = tmp_path / 'results.jsonl'
    if results_file.exists():
        results_file.unlink()
    command = [os.path.join(BIN, 'ansible-playbook'), playbook]
    if inventory is None:
        command += ['-i', 'localhost,', '-c', 'local']
    else:
        command += ['-i', str(inventory)]
    if extra_vars:
        vars_file = tmp_path / 'extra_vars.json'
        vars_file.write_text(json.dumps(extra_vars))
        command += ['-e', '@%s' % vars_file]
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    if verbosity:
        command.append('-' + 'v' * verbosity)
    command += list(args)
    environment = ansible_env(tmp_path, env)
    environment['RECORD_RESULTS_FILE'] = str(results_file)
    process = subprocess.run(command, check=False, env=environment, cwd=str(tmp_path), capture_output=True, text=True,
                             timeout=timeout, stdin=subprocess.DEVNULL)
    results = []
    if results_file.exists():
        results = [json.loads(line) for line in results_file.read_text().splitlines() if line.strip()]
    return PlaybookRun(process.returncode, process.stdout, process.stderr, results)


def module_play(task, connection, name='task', check_mode=None, extra_tasks=()):
    """A one-play playbook on localhost running ``task`` with connection options as module_defaults."""
    task = dict(task, name=name)
    if check_mode is not None:
        task['check_mode'] = check_mode
    return [{
        'hosts': 'localhost',
        'gather_facts': False,
        'connection': 'local',
        'module_defaults': {'group/msp.connectwise_psa.connectwise_psa': connection},
        'tasks': [task] + list(extra_tasks),
    }]


def tenant_inventory(sim, tenants=None, host_vars=None, group='psa_tenants'):
    """An inventory of simulator tenants: admin credentials per host, site and CA per group."""
    hosts = {}
    for company_id in tenants or sim.tenant_ids:
        tenant = sim.tenant(company_id)
        entry = {'cw_psa_company_id': tenant.company_id, 'cw_psa_public_key': tenant.public_key,
                 'cw_psa_private_key': tenant.private_key,
                 'acct_sync_member_location': 'Head Office', 'acct_sync_member_business_unit': 'Administration'}
        entry.update((host_vars or {}).get(company_id, {}))
        hosts[company_id] = entry
    group_vars = {'cw_psa_site': sim.base_url, 'cw_psa_client_id': sim.client_id}
    if getattr(sim, 'ca_path', None):
        group_vars['cw_psa_ca_path'] = sim.ca_path
    return {'all': {'children': {group: {'hosts': hosts, 'vars': group_vars}}}}


def write_inventory(path, inventory):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))
    os.chmod(str(path), 0o600)     # it holds keys
    return path


def recap_changed(stdout):
    """{host: changed count} from the PLAY RECAP."""
    counts = {}
    for line in stdout.splitlines():
        if ' : ok=' in line and 'changed=' in line:
            host = line.split(':', 1)[0].strip()
            counts[host] = int(line.split('changed=')[1].split()[0])
    return counts
