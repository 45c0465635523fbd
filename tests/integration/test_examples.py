# -*- coding: utf-8 -*-
"""The example inventory (vaulted keys) and the playbooks load as shipped."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess

import pytest

from tests import example
from tests.collection_path import ROOT
from tests.integration.harness import BIN, ansible_env

EXAMPLES = os.path.join(ROOT, 'examples')


def ansible(tool, tmp_path, *args):
    return subprocess.run([os.path.join(BIN, tool)] + list(args), env=ansible_env(tmp_path), cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_example_inventory_decrypts_with_its_vault(tmp_path):
    """Each key is vaulted on its own (inline !vault), so the inventory also loads without the password
    (tests/integration/test_awx_fleet.py syncs it as AWX does); the example's password decrypts it."""
    keys, client_ids = example.example_tenants(str(tmp_path))
    assert sorted(keys) == ['acme', 'globex']
    assert keys['acme'] == ('acme-admin-public-example', 'acme-admin-private-example')
    with open(os.path.join(EXAMPLES, 'inventory', 'host_vars', 'acme', 'vault.yml')) as stream:
        text = stream.read()
    assert text.startswith('---') and 'vault_cw_psa_private_key: !vault |' in text and 'admin-private' not in text


@pytest.mark.parametrize('playbook', ['setup_acct_sync.yml', 'audit_acct_sync.yml', 'audit_api_members.yml',
                                      'export_tenant_snapshot.yml'])
def test_playbooks_pass_syntax_check(tmp_path, playbook):
    process = ansible('ansible-playbook', tmp_path, '--syntax-check', '-i', os.path.join(EXAMPLES, 'inventory'),
                      '--vault-password-file', os.path.join(EXAMPLES, 'vault-password.txt'),
                      os.path.join(ROOT, 'playbooks', playbook))
    assert process.returncode == 0, process.stdout + process.stderr


def test_make_example_runs_the_example_inventory_against_the_simulator(tmp_path, capsys):
    """`make example` on a clone: the vaulted example inventory, as shipped, audits without a write
    and sets up the role and the member in both tenants; the key is left for a person."""
    result = example.main(str(tmp_path / 'example'))
    assert result['audit_writes'] == 0
    assert result['created'] == {'acme': (True, True), 'globex': (True, True)}
    assert [status['key']['status'] for status in result['report']['tenants']] == ['missing', 'missing']
    assert 'Report: ' in capsys.readouterr().out
