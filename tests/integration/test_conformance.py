# -*- coding: utf-8 -*-
"""What the Ansible community's collection checks ask, beyond sanity: documented attributes are
true (cw_status_report and check mode), licence headers in the form the licence check reads.
antsibull-docs and reuse themselves run as steps of `make test` (`make docs-lint`, `make reuse`)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import subprocess

from tests.collection_path import ROOT
from tests.integration.harness import run_playbook

REPORT_TASK = {'msp.connectwise_psa.cw_status_report': {'statuses': [['acme', None]], 'dest': 'report', 'name': 'r'}}


def report_play(check_mode=None):
    task = dict(REPORT_TASK, name='report')
    if check_mode is not None:
        task['check_mode'] = check_mode
    return [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [task]}]


def test_status_report_does_not_claim_check_mode_it_does_not_have(tmp_path):
    """It writes files, so under --check it is skipped (its docs say check_mode: none)."""
    run = run_playbook(tmp_path, report_play(), check=True)
    assert run.rc == 0, run.output
    entry = run.task('report')
    # ansible-core 2.16 words it 'check mode is not supported for this task.'
    assert entry['status'] == 'skipped', entry
    assert re.search(r'does not support check mode|check mode is not supported', entry['result']['msg']), entry
    assert not (tmp_path / 'report').exists()


def test_status_report_of_an_audit_is_written_when_the_task_says_check_mode_false(tmp_path):
    """What the role's report task does: an audit (--check) still writes its report."""
    run = run_playbook(tmp_path, report_play(check_mode=False), check=True)
    assert run.rc == 0, run.output
    assert sorted(p.name for p in (tmp_path / 'report').iterdir()) == ['r.html', 'r.json', 'r.md']
    assert run.result('report')['changed'] is False


def test_role_report_task_runs_in_check_mode_on_purpose():
    with open('%s/roles/acct_sync/tasks/main.yml' % ROOT) as stream:
        tasks = stream.read()
    report_task = tasks[tasks.index('msp.connectwise_psa.cw_status_report:'):]
    assert re.search(r'^      check_mode: false$', report_task, re.M), 'the report task must say check_mode: false'


def test_copyright_lines_read_copyright_c():
    """`Copyright (c) <year>, <holder>`: no colon (the community's licence check, REUSE)."""
    tracked = subprocess.run(['git', 'grep', '-l', '-E', r'^(#|\s)*Copyright:', '--', '.'], cwd=ROOT,
                             capture_output=True, text=True, check=False).stdout.split()
    assert tracked == []
