# -*- coding: utf-8 -*-
"""Fault matrix: the setup playbook over three tenants survives what a PSA cloud does to clients.

Each case is a real ansible-playbook run of playbooks/setup_acct_sync.yml with a fault injected
in the simulator, then reruns: the run converges (a later run changes nothing), no tenant holds
a second role or member, and nothing but the role and member endpoints was written.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import subprocess
import time

import pytest

from tests.integration.harness import BIN, ansible_env, recap_changed, tenant_inventory, write_inventory
from tests.reliability.conftest import (
    SETUP, TENANTS, assert_untouched, duplicates, run_setup, seeded, tenant_errors)

# name -> (faults [(tenant, kind, options)], extra vars, does the first run complete in every tenant?)
FAULTS = {
    '500_burst_on_reads': ([('acme', '500', dict(count=3, method='GET')),
                            ('globex', '500', dict(count=2, method='GET', path_regex='^/system/apiMembers'))],
                           {'cw_psa_retries': 4}, True),
    'response_slower_than_timeout': ([('acme', 'latency', dict(count=2, method='GET', path_regex='^/system/securityroles$',
                                                               seconds=1.6)),
                                      ('initech', 'latency', dict(count=1, method='GET', path_regex='^/system/mySecurity',
                                                                  seconds=1.6))],
                                     {'cw_psa_timeout': 1, 'cw_psa_retries': 3}, True),
    'connection_reset_on_reads': ([('acme', 'drop', dict(count=2, method='GET')),
                                   ('globex', 'drop', dict(count=1, method='GET', path_regex='^/system/apiMembers'))],
                                  {'cw_psa_retries': 3}, True),
    'role_post_applied_then_dropped': ([('acme', 'apply_then_drop', dict(count=1, method='POST',
                                                                         path_regex='^/system/securityroles$'))],
                                       {}, True),
    'member_post_applied_then_dropped': ([('globex', 'apply_then_drop', dict(count=1, method='POST',
                                                                             path_regex='^/system/apiMembers$'))],
                                         {}, True),
    'role_post_reset_before_applied': ([('initech', 'drop', dict(count=1, method='POST',
                                                                 path_regex='^/system/securityroles$'))],
                                       {}, False),
    'member_post_500': ([('acme', '500', dict(count=1, method='POST', path_regex='^/system/apiMembers$'))], {}, False),
}


def converge(tmp_path, sim, first_complete):
    """One rerun: no tenant fails; it changes nothing when the faulted run had completed everywhere,
    else it reaches the expected state (role and member once in every tenant, checked by the caller)."""
    second = run_setup(tmp_path, sim, 'rerun')
    assert second.rc == 0, second.output
    assert tenant_errors(tmp_path) == dict((tenant, None) for tenant in TENANTS), second.output
    if first_complete:
        assert recap_changed(second.stdout) == dict((tenant, 0) for tenant in TENANTS), second.output
    return second


def assert_created_everywhere(sim):
    for tenant in TENANTS:
        assert [r['name'] for r in sim.roles(tenant)].count('Acct Sync API') == 1, tenant
        assert [m['identifier'] for m in sim.members(tenant)].count('Acct Sync API') == 1, tenant


@pytest.mark.parametrize('case', sorted(FAULTS))
def test_fault_then_rerun_converges(tmp_path, sim, case):
    faults, extra_vars, first_complete = FAULTS[case]
    before = seeded(sim)
    for tenant, kind, options in faults:
        sim.fault(tenant, kind, **options)
    first = run_setup(tmp_path, sim, 'faulted', extra_vars=extra_vars)
    fired = dict((tenant, sum(1 for entry in sim.requests(tenant) if entry.get('fault'))) for tenant in TENANTS)
    for tenant, _kind, options in faults:
        assert fired[tenant] >= options['count'], (case, fired, first.output)
    errors = tenant_errors(tmp_path)
    if first_complete:
        assert first.rc == 0, first.output
        assert errors == dict((tenant, None) for tenant in TENANTS), (errors, first.output)
        assert recap_changed(first.stdout) == dict((tenant, 2) for tenant in TENANTS), first.output
    else:
        failed = set(tenant for tenant, _kind, _options in faults)
        assert set(tenant for tenant, error in errors.items() if error) == failed, (errors, first.output)
        assert duplicates(sim) == 0
    converge(tmp_path, sim, first_complete)
    assert_created_everywhere(sim)
    assert_untouched(sim, before)


def test_429_storm_honours_retry_after(tmp_path, sim):
    before = seeded(sim)
    sim.fault('acme', '429', count=3, retry_after=1)
    started = time.time()
    first = run_setup(tmp_path, sim, 'faulted', extra_vars={'cw_psa_retries': 5})
    elapsed = time.time() - started
    assert first.rc == 0, first.output
    assert tenant_errors(tmp_path) == dict((tenant, None) for tenant in TENANTS), first.output
    log = [entry for entry in sim.requests('acme') if entry['api']]
    throttled = [index for index, entry in enumerate(log) if entry['status'] == 429]
    assert len(throttled) == 3
    for index in throttled:     # the next request of that tenant waited for Retry-After
        assert log[index + 1]['ts'] - log[index]['ts'] >= 0.9, log[index:index + 2]
    assert elapsed >= 3.0
    # ansible-core 2.16 wraps a warning over lines: count in the output with its white space folded.
    assert ' '.join((first.stdout + first.stderr).split()).count('HTTP 429, retrying in 1.0 s') == 3, first.output
    converge(tmp_path, sim, True)
    assert_created_everywhere(sim)
    assert_untouched(sim, before)


def test_stale_codebase_is_rediscovered_with_a_warning(tmp_path, sim):
    """A cloud upgrade moved acme's codebase: one 404, one companyinfo lookup, then the new one for every task."""
    before = seeded(sim)
    sim.fault('acme', 'stale_codebase', codebase='v2026_1/')
    first = run_setup(tmp_path, sim, 'faulted')
    assert first.rc == 0, first.output
    assert any(entry.get('fault') == 'stale_codebase' for entry in sim.requests('acme'))
    assert 'answers on codebase v2026_1/, not v4_6_release/' in first.stdout + first.stderr, first.output
    lookups = [entry for entry in sim.requests('acme') if entry['path'].startswith('/login/companyinfo')]
    assert len(lookups) == 1, 'the role hands the codebase on to the next tasks'
    assert tenant_errors(tmp_path) == dict((tenant, None) for tenant in TENANTS), first.output
    converge(tmp_path, sim, True)
    assert_created_everywhere(sim)
    assert_untouched(sim, before)


def _descendants(pid):
    """Every process below ``pid``, read from /proc (ansible-core's workers call setsid, so they are
    not in the group of the ansible-playbook process that forked them)."""
    parents = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as stream:
                    parents[int(entry)] = int(stream.read().rsplit(')', 1)[1].split()[1])
            except (IOError, OSError, IndexError, ValueError):
                continue   # ended meanwhile
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found.extend(children)
        todo.extend(children)
    return found


def kill_run(pid):
    """SIGKILL ansible-playbook and every process it started, as a machine losing power would: killing
    only its group leaves the workers behind, orphaned and waiting forever."""
    below = _descendants(pid)
    os.killpg(pid, signal.SIGKILL)
    for child in below:
        try:
            os.kill(child, signal.SIGKILL)
        except OSError:
            pass   # ended with the group


def test_run_killed_after_first_write_then_rerun(tmp_path, sim):
    before = seeded(sim)
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
    (tmp_path / 'killed').mkdir()
    environment = ansible_env(tmp_path / 'killed')
    command = [os.path.join(BIN, 'ansible-playbook'), SETUP, '-i', str(inventory),
               '-e', 'cw_psa_report_dir=%s' % (tmp_path / 'report'), '-e', 'acct_sync_fail_when_incomplete=false']
    process = subprocess.Popen(command, env=environment, cwd=str(tmp_path / 'killed'), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        while not sim.writes() and process.poll() is None and time.time() < deadline:
            time.sleep(0.005)
        assert sim.writes(), 'the run wrote nothing before it ended'
        kill_run(process.pid)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    time.sleep(0.5)    # a request already sent still lands
    assert duplicates(sim) == 0
    converge(tmp_path, sim, False)
    assert_created_everywhere(sim)
    assert_untouched(sim, before)
