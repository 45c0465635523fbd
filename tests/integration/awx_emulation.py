# -*- coding: utf-8 -*-
"""What AWX does around a job, without AWX, as its source does it (ansible/awx, awx/main/...).

- Inventory sync (tasks/jobs.py, RunInventoryUpdate.build_args): ``ansible-inventory --list
  --export -i <source> --playbook-dir <dir> --output output.json``, with no vault secret;
  the import stores hosts, groups and their variables as that JSON has them (ciphertext stays
  ``{"__ansible_vault": ...}``).
- Job time (tasks/jobs.py, write_inventory_file; models/inventory.py, get_script_data and
  get_sliced_hosts): the inventory is a script printing that data, hosts ordered by name and,
  for slice k of N, ``hosts[k-1::N]``; groups keep only the slice's hosts.
- A Vault credential adds ``--ask-vault-pass`` and answers the prompt ``Vault password:``
  through ansible-runner's expect passwords (build_args, get_password_prompts).
- Meta variables (models/unified_jobs.py, awx_meta_vars): awx_job_id and tower_job_id, per job.
- A workflow node gets the artifacts of the jobs before it merged with dict.update, in the
  order they finished (models/workflow.py, get_effective_artifacts), as extra variables.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import subprocess

import yaml

from tests.integration.harness import BIN, ansible_env

VAULT_PROMPT = r'Vault password:\s*?$'


def export_inventory(source, tmp_path):
    """The inventory sync: ansible-inventory as AWX runs it, without any vault secret."""
    output = tmp_path / 'sync-output.json'
    env = dict((name, value) for name, value in ansible_env(tmp_path).items() if not name.startswith('ANSIBLE_VAULT'))
    playbook_dir = str(source) if os.path.isdir(str(source)) else os.path.dirname(str(source))
    process = subprocess.run([os.path.join(BIN, 'ansible-inventory'), '--list', '--export', '-i', str(source),
                              '--playbook-dir', playbook_dir, '--output', str(output)],
                             env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    return process, (json.loads(output.read_text()) if process.returncode == 0 else None)


class Inventory(object):
    """An imported inventory: what AWX's database keeps of a sync's JSON."""

    def __init__(self, exported):
        meta = exported.get('_meta', {}).get('hostvars', {})
        self.all_vars = (exported.get('all') or {}).get('vars') or {}
        self.groups = {}
        hosts = set(meta)
        for name, group in exported.items():
            if name in ('_meta', 'all'):
                continue
            self.groups[name] = {'hosts': list(group.get('hosts') or []), 'children': list(group.get('children') or []),
                                 'vars': group.get('vars') or {}}
            hosts.update(group.get('hosts') or [])
        self.hosts = dict((name, meta.get(name, {})) for name in hosts)

    def script_data(self, slice_number=1, slice_count=1):
        """models/inventory.py get_script_data(hostvars=True, towervars=True, slice_number, slice_count)."""
        names = sorted(self.hosts)
        if slice_count > 1 and slice_number > 0:
            names = names[slice_number - 1::slice_count]
        data = {'all': {}}
        if self.all_vars:
            data['all']['vars'] = self.all_vars
        grouped = set()
        for name, group in sorted(self.groups.items()):
            info = {}
            members = [host for host in group['hosts'] if host in names]
            if members:
                info['hosts'] = members
                grouped.update(members)
            if group['children']:
                info['children'] = group['children']
            if group['vars']:
                info['vars'] = group['vars']
            if info:
                data[name] = info
        data['all']['hosts'] = [host for host in names if host not in grouped]
        if self.groups:
            data['all']['children'] = sorted(self.groups)
        data['_meta'] = {'hostvars': {}}
        for index, host in enumerate(names, 1):
            data['_meta']['hostvars'][host] = dict(self.hosts[host], remote_tower_enabled='true', remote_tower_id=index,
                                                   remote_host_enabled='true', remote_host_id=index)
        return data


def write_inventory_script(private_data_dir, data):
    """tasks/jobs.py write_inventory_file: a Python script that prints the JSON, mode 0700."""
    inventory = private_data_dir / 'inventory'
    inventory.mkdir(parents=True, exist_ok=True)
    script = inventory / 'hosts'
    script.write_text('#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n' % json.dumps(data))
    os.chmod(str(script), 0o700)
    return script


def private_data_dir(base, playbooks, envvars, inventory_data):
    """project/ (the playbooks), inventory/hosts (the script) and env/envvars (credential injection)."""
    for name in ('project', 'env'):
        (base / name).mkdir(parents=True, exist_ok=True)
    for playbook in playbooks:
        shutil.copy(playbook, str(base / 'project' / os.path.basename(playbook)))
    write_inventory_script(base, inventory_data)
    (base / 'env' / 'envvars').write_text(yaml.safe_dump(envvars))
    return base


def meta_vars(job_id, launch_type='workflow'):
    """The awx_* / tower_* variables AWX gives every job (awx_meta_vars)."""
    data = {}
    for prefix in ('awx', 'tower'):
        data.update({'%s_job_id' % prefix: job_id, '%s_job_launch_type' % prefix: launch_type})
    return data


def run_job(base, playbook, job_id, extravars=None, vault_password=None, ident=None):
    """One AWX job through ansible-runner; returns the runner (events, status, artifacts)."""
    import ansible_runner     # tests/requirements.txt; imported late so a test can importorskip it first

    cmdline = []
    passwords = {}
    if vault_password is not None:
        cmdline.append('--ask-vault-pass')
        passwords[VAULT_PROMPT] = vault_password
    variables = dict(extravars or {})
    variables.update(meta_vars(job_id))
    return ansible_runner.run(private_data_dir=str(base), playbook=os.path.basename(playbook), ident=ident or str(job_id),
                              cmdline=' '.join(cmdline) or None, passwords=passwords, extravars=variables, quiet=True)


def job_artifacts(runner):
    """What AWX stores as the job's artifacts: the stats event's artifact_data."""
    for event in runner.events:
        if event['event'] == 'playbook_on_stats':
            return event['event_data'].get('artifact_data') or {}
    return {}


def merged_artifacts(finished_jobs):
    """models/workflow.py: ``aa_dict.update(job artifacts)`` for each job in the order they finished."""
    merged = {}
    for artifacts in finished_jobs:
        merged.update(artifacts)
    merged.pop('_ansible_no_log', None)     # AWX keeps it out of the node's extra vars
    return merged
