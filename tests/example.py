# -*- coding: utf-8 -*-
"""`make example`: examples/inventory, as shipped, against the bundled PSA simulator.

The simulator plays the example's tenants: it accepts the admin key pairs that the example's
vault holds and the clientId of its group_vars. Only where the PSA is (site and private CA)
comes from the command line, as `-e` would for a test PSA. Then the README's steps run:
install the built collection, audit (check mode, no write), setup, and the report.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys

from ansible.parsing.vault import VaultLib, VaultSecret

from tests.collection_path import ROOT
from tests.simulator import Simulator

BIN = os.path.dirname(sys.executable)
INVENTORY = os.path.join(ROOT, 'examples', 'inventory')
VAULT_PASSWORD = os.path.join(ROOT, 'examples', 'vault-password.txt')


def say(text):
    print('\n==> %s' % text, flush=True)


def run(command, out, env=None, ok=(0,)):
    process = subprocess.run(command, env=env, cwd=out, capture_output=True, text=True, check=False)
    if process.returncode not in ok:
        raise SystemExit('%s failed (rc %d):\n%s\n%s' % (
            ' '.join(command), process.returncode, process.stdout[-4000:], process.stderr[-4000:]))
    return process


def example_tenants(out):
    """Each host's company, admin key pair (decrypted from its vault) and the shared clientId.

    ansible-inventory prints inline vaulted values as ciphertext ({"__ansible_vault": ...}),
    with or without the password; the example's password decrypts them here.
    """
    process = run([os.path.join(BIN, 'ansible-inventory'), '-i', INVENTORY, '--list'], out)
    hostvars = json.loads(process.stdout)['_meta']['hostvars']
    client_ids = {host['cw_psa_client_id'] for host in hostvars.values()}
    with open(VAULT_PASSWORD, 'rb') as stream:
        vault = VaultLib([('default', VaultSecret(stream.read().strip()))])

    def plain(value):
        return vault.decrypt(value['__ansible_vault']).decode() if isinstance(value, dict) else value

    keys = {host['cw_psa_company_id']: (plain(host['vault_cw_psa_public_key']), plain(host['vault_cw_psa_private_key']))
            for host in hostvars.values()}
    return keys, sorted(client_ids)


def install_collection(out, env):
    collections = os.path.join(out, 'collections')
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', ROOT, '--output-path', out, '--force'], out, env)
    (artifact,) = [name for name in os.listdir(out) if name.endswith('.tar.gz')]
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--force', '-p', collections,
         os.path.join(out, artifact)], out, env)
    return collections


def playbook(name, sim, out, env):
    """One of the README's commands; a tenant with manual steps left fails the setup (rc 2)."""
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', INVENTORY, 'msp.connectwise_psa.%s' % name,
               '--vault-password-file', VAULT_PASSWORD,
               '-e', 'cw_psa_site=%s' % sim.base_url, '-e', 'cw_psa_ca_path=%s' % sim.ca_path,
               '-e', 'cw_psa_report_dir=%s' % os.path.join(out, 'report')]
    process = run(command, out, env, ok=(0, 2))
    with open(os.path.join(out, '%s.log' % name), 'w') as stream:
        stream.write(process.stdout + process.stderr)
    return process


def main(out=os.path.join(ROOT, 'out', 'example')):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith('CW_PSA_'))
    env.update(ANSIBLE_NOCOLOR='1', ANSIBLE_LOCAL_TEMP=os.path.join(out, 'ansible-tmp'),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, PATH=BIN + os.pathsep + os.environ.get('PATH', ''))
    keys, client_ids = example_tenants(out)
    say('Building and installing msp.connectwise_psa into %s' % os.path.relpath(os.path.join(out, 'collections'), ROOT))
    env['ANSIBLE_COLLECTIONS_PATH'] = install_collection(out, env)
    with Simulator(tenants=sorted(keys), scheme='https', client_ids=client_ids, admin_keys=keys,
                   state_dir=os.path.join(out, 'simulator')) as sim:
        say('PSA simulator on %s plays the example tenants %s' % (sim.base_url, ', '.join(sorted(keys))))
        say('ansible-playbook -i examples/inventory msp.connectwise_psa.audit_acct_sync (check mode)')
        playbook('audit_acct_sync', sim, out, env)
        audit_writes = sum(len(sim.writes(tenant)) for tenant in keys)
        print('    write requests: %d' % audit_writes)
        say('ansible-playbook -i examples/inventory msp.connectwise_psa.setup_acct_sync')
        playbook('setup_acct_sync', sim, out, env)
        with open(os.path.join(out, 'report', 'acct_sync_report.json')) as stream:
            report = json.load(stream)
        created = {}
        for status in report['tenants']:
            tenant = status['tenant']
            created[tenant] = (any(role['name'] == 'Acct Sync API' for role in sim.roles(tenant)),
                               any(member['identifier'] == 'Acct Sync API' for member in sim.members(tenant)))
            print('    %-7s role created=%s member created=%s key=%s pending steps=%d' % (
                (tenant,) + created[tenant] + (status['key']['status'], len(status['pending_steps']))))
    say('Report: %s (the steps a person does next, per tenant)' % os.path.join(out, 'report', 'acct_sync_report.html'))
    return {'audit_writes': audit_writes, 'report': report, 'created': created}


if __name__ == '__main__':
    main()
