# -*- coding: utf-8 -*-
"""Where the report goes: the playbooks run by FQCN from an installed collection.

The report lands in the folder ansible-playbook was started from, nothing is written inside
the installed collection, and the run's closing lines give the files' full paths.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess

import pytest

from tests.collection_path import ROOT
from tests.integration.harness import BIN, run_playbook, tenant_inventory, write_inventory


def tree(path):
    """Every file and folder below ``path`` with its size and modification time."""
    found = {}
    for folder, folders, files in os.walk(path):
        for name in folders + files:
            full = os.path.join(folder, name)
            info = os.lstat(full)
            found[os.path.relpath(full, path)] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """The collection built and installed as a user installs it (ansible-galaxy), in a temporary path."""
    base = tmp_path_factory.mktemp('installed')
    build = subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(base), ROOT],
                           capture_output=True, text=True, check=False, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    tarball = [name for name in os.listdir(str(base)) if name.endswith('.tar.gz')][0]
    install = subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--offline', '--force', '-p',
                              str(base / 'collections'), str(base / tarball)],
                             capture_output=True, text=True, check=False, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    # --force: the checkout is on this process's collection path, which galaxy would call installed already.
    assert (base / 'collections' / 'ansible_collections' / 'msp' / 'connectwise_psa' / 'MANIFEST.json').is_file(), install.stdout
    return base / 'collections'


@pytest.mark.parametrize('playbook, name', [('audit_acct_sync', 'acct_sync_audit'), ('setup_acct_sync', 'acct_sync_report')])
def test_fqcn_run_writes_the_report_where_it_was_started(tmp_path, sim, installed, playbook, name):
    collection = installed / 'ansible_collections' / 'msp' / 'connectwise_psa'
    before = tree(str(collection))
    start = tmp_path / 'where I work'
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
    run = run_playbook(start, 'msp.connectwise_psa.%s' % playbook, inventory=inventory,
                       env={'ANSIBLE_COLLECTIONS_PATH': str(installed)})
    assert 'PLAY RECAP' in run.stdout, run.output
    folder = start / 'acct_sync_report'
    paths = [str(folder / ('%s.%s' % (name, fmt))) for fmt in ('html', 'md', 'json')]
    assert all(os.path.isfile(path) for path in paths), run.output
    assert tree(str(collection)) == before, 'the run wrote inside the installed collection'
    closing = run.stdout.split('PLAY RECAP')[0].rstrip().splitlines()[-7:-1]
    assert closing[:3] == ['Report (HTML): %s' % paths[0], 'Report (Markdown): %s' % paths[1],
                           'Report (JSON): %s' % paths[2]], run.stdout[-3000:]
    assert [line.split(':')[0] for line in closing[3:]] == ['complete', 'pending', 'failed']


def test_a_folder_that_cannot_be_written_is_named_with_the_fix(tmp_path):
    blocker = tmp_path / 'a file, not a folder'
    blocker.write_text('')
    play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [{
        'name': 'report', 'msp.connectwise_psa.cw_status_report': {'statuses': [['acme', None]], 'dest': str(blocker / 'report')}}]}]
    run = run_playbook(tmp_path / 'run', play)
    assert run.rc != 0
    message = run.result('report')['msg']
    assert message.startswith('cannot write the report in %s' % (blocker / 'report')) and 'cw_psa_report_dir' in message, message
