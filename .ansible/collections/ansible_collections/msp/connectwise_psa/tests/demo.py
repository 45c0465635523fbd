# -*- coding: utf-8 -*-
"""`make demo`: the whole story against the bundled PSA simulator, on a fresh machine.

Builds and installs the collection, starts the simulator (HTTPS, three tenants), runs the
setup playbook (creates), runs it again (no change), plays the person who fixes two
tenants in the PSA web UI, runs again, and prints where the report is: one tenant still
pending, with its exact steps.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys

import yaml

from tests.collection_path import ROOT
from tests.integration.harness import recap_changed, tenant_inventory
from tests.simulator import Simulator

OUT = os.path.join(ROOT, 'out', 'demo')
BIN = os.path.dirname(sys.executable)
TENANTS = ('acme', 'globex', 'initech')
ROLE = 'Acct Sync API'


def say(text):
    print('\n==> %s' % text, flush=True)


def run(command, env=None, check=True):
    process = subprocess.run(command, env=env, cwd=OUT, capture_output=True, text=True, check=False)
    if check and process.returncode != 0:
        sys.exit('%s failed:\n%s\n%s' % (' '.join(command), process.stdout[-4000:], process.stderr[-4000:]))
    return process


def install_collection():
    collections = os.path.join(OUT, 'collections')
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', ROOT, '--output-path', OUT, '--force'])
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--force', '-p', collections,
         os.path.join(OUT, 'msp-connectwise_psa-0.1.0.tar.gz')])
    return collections


def playbook(env, inventory, label):
    process = run([os.path.join(BIN, 'ansible-playbook'), '-i', inventory, 'msp.connectwise_psa.setup_acct_sync',
                   '-e', 'cw_psa_report_dir=%s' % os.path.join(OUT, 'report')], env=env, check=False)
    with open(os.path.join(OUT, '%s.log' % label), 'w') as stream:
        stream.write(process.stdout + process.stderr)
    changed = recap_changed(process.stdout)
    with open(os.path.join(OUT, 'report', 'acct_sync_report.json')) as stream:
        report = json.load(stream)
    for status in report['tenants']:
        print('    %-8s changed=%d  role compliant=%-5s key=%-8s pending steps=%d' % (
            status['tenant'], changed.get(status['tenant'], 0), status['role']['compliant'],
            status['key']['status'], len(status['pending_steps'])))
    return report


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    say('Building and installing msp.connectwise_psa into %s' % os.path.relpath(OUT, ROOT))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=install_collection(), ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, PATH=BIN + os.pathsep + os.environ.get('PATH', ''))
    with Simulator(tenants=TENANTS, scheme='https', state_dir=os.path.join(OUT, 'simulator')) as sim:
        say('PSA simulator on %s (HTTPS, private CA), tenants: %s' % (sim.base_url, ', '.join(TENANTS)))
        inventory_path = os.path.join(OUT, 'inventory.yml')
        inventory = tenant_inventory(sim)
        write(inventory_path, inventory)

        say('Run 1: setup (creates the role and the API member in every tenant)')
        playbook(env, inventory_path, 'run1')
        say('Run 2: setup again (nothing to change)')
        playbook(env, inventory_path, 'run2')
        writes_before = len(sim.writes())

        say('A person fixes acme and globex in the PSA web UI: sets the role as the table says, '
            'creates the API key, stores the pair in the inventory (a vault in real life)')
        with open(os.path.join(ROOT, 'roles', 'acct_sync', 'defaults', 'main.yml')) as stream:
            table = yaml.safe_load(stream)['acct_sync_permissions']
        hosts = inventory['all']['children']['psa_tenants']['hosts']
        for tenant in ('acme', 'globex'):
            operator = sim.operator(tenant)
            operator.apply_table(ROLE, table)
            public, private = operator.create_api_key(ROLE, ROLE)
            hosts[tenant].update(acct_sync_key_public=public, acct_sync_key_private=private)
        write(inventory_path, inventory)

        say('Run 3: setup again (verifies what the person did)')
        report = playbook(env, inventory_path, 'run3')
        print('    write requests in runs 2 and 3: %d' % (len(sim.writes()) - writes_before))
    pending = [status for status in report['tenants'] if not status['complete']]
    say('Report: %s' % os.path.join(OUT, 'report', 'acct_sync_report.html'))
    print('    totals: %s' % json.dumps(report['totals']))
    for status in pending:
        print('    %s is still pending; first steps:' % status['tenant'])
        for step in status['pending_steps'][:5]:
            print('      - %s' % step)
        print('      ... %d steps in all (see the report)' % len(status['pending_steps']))


def write(path, inventory):
    with open(path, 'w') as stream:
        yaml.safe_dump(inventory, stream, sort_keys=False)
    os.chmod(path, 0o600)


if __name__ == '__main__':
    main()
