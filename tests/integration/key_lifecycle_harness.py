# -*- coding: utf-8 -*-
"""One tenant inventory on disk with a vault password, the intake playbook and setup/audit runs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import yaml
from ansible.parsing.vault import VaultLib, VaultSecret

from tests.collection_path import ROOT
from tests.integration.harness import run_playbook, tenant_inventory, write_inventory

STORE = os.path.join(ROOT, 'playbooks', 'store_api_key.yml')
SETUP = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
AUDIT = os.path.join(ROOT, 'playbooks', 'audit_acct_sync.yml')
MEMBER = 'Acct Sync API'
ROLE = 'Acct Sync API'
VAULT_PASSWORD = 'key lifecycle test vault password'


class Tenants(object):
    """An inventory folder (inventory.yml, host_vars/) of simulator tenants and the runs over it."""

    def __init__(self, tmp_path, sim, tenants=('acme',)):
        self.tmp_path, self.sim, self.tenants = tmp_path, sim, list(tenants)
        self.dir = tmp_path / 'inventory'
        self.inventory = write_inventory(self.dir / 'inventory.yml', tenant_inventory(sim, tenants=self.tenants))
        self.vault_file = tmp_path / 'vault-password.txt'
        self.vault_file.write_text(VAULT_PASSWORD + '\n')
        self.report_dir = tmp_path / 'report'
        self.runs = []
        self._count = 0

    def host_vars(self, tenant='acme'):
        return self.dir / 'host_vars' / ('%s.yml' % tenant)

    def _run(self, playbook, name, extra_vars, vault=True, **kwargs):
        self._count += 1
        args = ['--vault-password-file', str(self.vault_file)] if vault else []
        run = run_playbook(self.tmp_path / ('%02d-%s' % (self._count, name)), playbook, inventory=self.inventory,
                           extra_vars=extra_vars, args=args, **kwargs)
        self.runs.append(run)
        return run

    def intake(self, public, private, tenant='acme', name='intake', extra=None, **kwargs):
        variables = {'cw_psa_tenant': tenant, 'cw_psa_new_key_public': public, 'cw_psa_new_key_private': private}
        variables.update(extra or {})
        variables = dict((key, value) for key, value in variables.items() if value is not None)
        return self._run(STORE, name, variables, **kwargs)

    def setup(self, name='setup', extra=None, audit=False, **kwargs):
        variables = {'cw_psa_report_dir': str(self.report_dir), 'acct_sync_fail_when_incomplete': False}
        variables.update(extra or {})
        return self._run(AUDIT if audit else SETUP, name, variables, **kwargs)

    def report(self, audit=False):
        name = 'acct_sync_audit.json' if audit else 'acct_sync_report.json'
        with open(str(self.report_dir / name)) as stream:
            return dict((entry['tenant'], entry) for entry in json.load(stream)['tenants'])

    def stored(self, tenant='acme'):
        """The host_vars file's variables, vaulted values decrypted."""
        loader = yaml.SafeLoader
        vault = VaultLib([('default', VaultSecret(VAULT_PASSWORD.encode()))])

        class Loader(loader):
            pass
        Loader.add_constructor('!vault', lambda node_loader, node: vault.decrypt(
            node_loader.construct_scalar(node).encode()).decode())
        return yaml.load(self.host_vars(tenant).read_text(), Loader=Loader)   # noqa: S506


def message(run):
    """The failure messages of a run, on one line."""
    texts = [entry['result'].get('msg') or '' for entry in run.results if entry['status'] == 'failed']
    return ' | '.join(str(text) for text in texts)
