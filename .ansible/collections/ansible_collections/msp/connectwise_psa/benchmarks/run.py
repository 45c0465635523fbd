# -*- coding: utf-8 -*-
"""Benchmark the collection's playbooks against the PSA simulator and print the figures.

    .venv/bin/python benchmarks/run.py --tenants 10,50,200 --forks 50 --latency-ms 50
    .venv/bin/python benchmarks/run.py --quick          # 10 tenants, no keyed step: ~160 CPU s

For each tenant count and mode (``inprocess``: the collection's action plugins run the module
logic in the controller's fork; ``module``: ``CW_PSA_IN_PROCESS=0``, one module process per
task) a fresh simulator (separate process) serves N tenants; setup runs twice (first run,
steady state), then audit. The baseline (plain ``ansible.builtin.uri`` playbooks in
benchmarks/baseline/) runs the same three steps on its own fresh simulator. Figures: wall
seconds, requests per tenant (from the simulator's request log), peak RSS (VmHWM sampled
from /proc every 100 ms). Nothing here fails on timing; see benchmarks/README.md.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.dirname(sys.executable)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from benchmarks.procstat import TreeSampler, descendants  # noqa: E402  pylint: disable=wrong-import-position
from tests.collection_path import ansible_env as collection_env  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOKS = {
    'first': os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml'),
    'steady': os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml'),
    'audit': os.path.join(ROOT, 'playbooks', 'audit_acct_sync.yml'),
}
BASELINE = {
    'first': os.path.join(HERE, 'baseline', 'setup.yml'),
    'steady': os.path.join(HERE, 'baseline', 'setup.yml'),
    'audit': os.path.join(HERE, 'baseline', 'audit.yml'),
}
ACTION_PLUGIN = os.path.join(ROOT, 'plugins', 'action', 'cw_security_role.py')
TARGETS = {'first': 12, 'steady': 5, 'keyed': 5}


class SimulatorProcess(object):
    """``python -m tests.simulator serve`` in its own process; the request log is read from its state dir."""

    def __init__(self, state_dir, tenants, latency_ms, https=False):
        self.state_dir = state_dir
        self.tenants = tenants
        self.latency_ms = latency_ms
        self.https = https
        self.process = None
        self.info = None
        self._log_offset = 0

    def start(self, timeout=60):
        os.makedirs(self.state_dir, exist_ok=True)
        command = [sys.executable, '-m', 'tests.simulator', 'serve', '--https' if self.https else '--http',
                   '--tenants', ','.join(self.tenants), '--latency-ms', str(self.latency_ms),
                   '--state-dir', self.state_dir, '--port', '0']
        with open(os.path.join(self.state_dir, 'serve.log'), 'w') as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        info_path = os.path.join(self.state_dir, 'simulator.json')
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('simulator exited with %s; see %s/serve.log' % (self.process.returncode, self.state_dir))
            try:
                with open(info_path) as handle:
                    self.info = json.load(handle)
                if len(self.info.get('tenants', {})) == len(self.tenants):
                    return self
            except (IOError, OSError, ValueError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError('simulator did not start within %ss' % timeout)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def new_requests(self):
        """Request log entries since the last call."""
        path = os.path.join(self.state_dir, 'requests.jsonl')
        if not os.path.exists(path):
            return []
        with open(path) as handle:
            handle.seek(self._log_offset)
            data = handle.read()
        end = data.rfind('\n') + 1          # a line being written stays for the next call
        self._log_offset += len(data[:end].encode('utf-8'))
        return [json.loads(line) for line in data[:end].splitlines() if line.strip()]

    def create_keys(self, member='Acct Sync API', description='Acct Sync API'):
        """An API key on the member of every tenant (the operator's web-UI step): {tenant: (public, private)}."""
        from tests.simulator.control import send
        keys = {}
        for company_id in self.tenants:
            pair = send(self.info['control_url'], self.info['control_token'], 'create_api_key', company_id,
                        member_identifier=member, description=description)
            keys[company_id] = (pair['public_key'], pair['private_key'])
        return keys

    def inventory(self, keys=None):
        hosts = {}
        for company_id in self.tenants:
            tenant = self.info['tenants'][company_id]
            entry = {'cw_psa_company_id': tenant['company_id'], 'cw_psa_public_key': tenant['public_key'],
                     'cw_psa_private_key': tenant['private_key'],
                     'acct_sync_member_location': 'Head Office', 'acct_sync_member_business_unit': 'Administration',
                     'acct_sync_fail_when_incomplete': False}
            if keys and company_id in keys:
                entry['acct_sync_key_public'], entry['acct_sync_key_private'] = keys[company_id]
            hosts[company_id] = entry
        group_vars = {'cw_psa_site': self.info['base_url'], 'cw_psa_client_id': self.info['client_id']}
        if self.info.get('ca_path'):
            group_vars['cw_psa_ca_path'] = self.info['ca_path']
        return {'all': {'children': {'psa_tenants': {'hosts': hosts, 'vars': group_vars}}}}


def write_json(path, data, mode=0o600):
    with open(path, 'w') as handle:
        json.dump(data, handle, indent=1)
    os.chmod(path, mode)
    return path


def ansible_env(work, in_process):
    env = collection_env(os.path.join(work, 'ansible-tmp'), BIN)
    env['ANSIBLE_SYSTEM_WARNINGS'] = '0'
    if in_process is False:
        env['CW_PSA_IN_PROCESS'] = '0'
    return env


def parse_recap(text):
    """{'hosts': n, 'failed': n, 'unreachable': n, 'changed': n} from the PLAY RECAP."""
    totals = {'hosts': 0, 'failed': 0, 'unreachable': 0, 'changed': 0}
    recap = text.rsplit('PLAY RECAP', 1)[-1] if 'PLAY RECAP' in text else ''
    for line in recap.splitlines():
        if ' : ok=' not in line:
            continue
        totals['hosts'] += 1
        fields = dict(item.split('=', 1) for item in line.split(' : ', 1)[1].split() if '=' in item)
        for key in ('failed', 'unreachable', 'changed'):
            totals[key] += int(fields.get(key, 0))
    return totals


def run_playbook(playbook, inventory_path, work, name, forks, env, timeout, extra_args=()):
    """Run ansible-playbook; return wall seconds, rc, recap and the RSS figures of its process tree."""
    log_path = os.path.join(work, '%s.log' % name)
    command = [os.path.join(BIN, 'ansible-playbook'), playbook, '-i', inventory_path, '-f', str(forks)]
    command += ['-e', 'cw_psa_report_dir=%s' % os.path.join(work, 'report-%s' % name)]
    command += list(extra_args)
    load_before = os.getloadavg()[0]
    with open(log_path, 'w') as log:
        started = time.time()
        process = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = TreeSampler(process.pid, interval=0.1)
        sampler.start()
        timed_out = []

        def kill():
            timed_out.append(True)
            for pid in [process.pid] + descendants(process.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            dummy_pid, status, rusage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.time() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    with open(log_path) as handle:
        recap = parse_recap(handle.read())
    figures = sampler.figures()
    figures['tree_max_rss_mb'] = round(rusage.ru_maxrss / 1024.0, 1)    # wait4: the largest single process
    return {'wall_s': round(wall, 2), 'cpu_s': round(rusage.ru_utime + rusage.ru_stime, 1),
            'load_before': round(load_before, 2), 'load_after': round(os.getloadavg()[0], 2),
            'rc': process.returncode, 'timed_out': bool(timed_out),
            'recap': recap, 'log': log_path, 'rss': figures}


def request_figures(entries, tenants):
    counts = dict((tenant, 0) for tenant in tenants)
    writes = 0
    other = 0
    errors = 0
    for entry in entries:
        if entry.get('tenant') in counts:
            counts[entry['tenant']] += 1
        else:
            other += 1
        if entry.get('method') not in ('GET', 'HEAD'):
            writes += 1
        if (entry.get('status') or 0) >= 400:
            errors += 1
    values = list(counts.values()) or [0]
    sample = [entry for entry in entries if tenants and entry.get('tenant') == tenants[0]]
    breakdown = []
    for entry in sample:
        conditions = (entry.get('query') or {}).get('conditions')
        breakdown.append('%s %s%s' % (entry.get('method'), re.sub(r'/\d+', '/{id}', entry.get('path') or ''),
                                      '?conditions=%s' % conditions if conditions else ''))
    return {'first_tenant': breakdown, 'total': len(entries), 'mean': round(sum(values) / float(len(values)), 2), 'max': max(values),
            'min': min(values), 'writes': writes, 'errors': errors, 'unattributed': other}


def run_series(label, playbooks, tenants, args, work_root, in_process):
    """first, steady, audit and keyed (setup once an API key exists) against one fresh simulator."""
    work = os.path.join(work_root, '%s-%d' % (label, len(tenants)))
    os.makedirs(work, exist_ok=True)
    sim = SimulatorProcess(os.path.join(work, 'sim'), tenants, args.latency_ms, https=args.https).start()
    rows = []
    try:
        inventory_path = write_json(os.path.join(work, 'inventory.json'), sim.inventory())
        env = ansible_env(work, in_process)
        for step in ('first', 'steady', 'audit', 'keyed'):
            if step == 'keyed':
                if args.no_keyed:
                    break
                # What a person does next: an API key on the member; setup then also verifies the key.
                inventory_path = write_json(os.path.join(work, 'inventory-keyed.json'), sim.inventory(keys=sim.create_keys()))
            result = run_playbook(playbooks['first' if step == 'keyed' else step], inventory_path, work, step,
                                  args.forks, env, args.timeout)
            time.sleep(0.3)            # the last log lines reach the file
            requests = request_figures(sim.new_requests(), tenants)
            row = {'mode': label, 'tenants': len(tenants), 'forks': args.forks, 'step': step,
                   'latency_ms': args.latency_ms, 'requests': requests}
            row.update(result)
            rows.append(row)
            print_row(row)
    finally:
        sim.stop()
    return rows


def task_cost(args, work_root):
    """The same number of ping and debug tasks: Ansible's per-task process cost without any API."""
    hosts, tasks = [int(part) for part in args.task_cost.lower().split('x')]
    work = os.path.join(work_root, 'task-cost')
    os.makedirs(work, exist_ok=True)
    inventory = {'all': {'hosts': dict(('h%04d' % index, {'ansible_connection': 'local'}) for index in range(1, hosts + 1)),
                         'vars': {'ansible_python_interpreter': sys.executable}}}
    inventory_path = write_json(os.path.join(work, 'inventory.json'), inventory)
    rows = []
    for module in ('ansible.builtin.ping', 'ansible.builtin.debug'):
        task = {'name': 'task', module: {'msg': 'x'} if module.endswith('debug') else {}}
        play = [{'hosts': 'all', 'gather_facts': False, 'tasks': [dict(task, name='task %d' % index) for index in range(tasks)]}]
        playbook = write_json(os.path.join(work, '%s.json' % module.rsplit('.', 1)[1]), play, 0o644)
        result = run_playbook(playbook, inventory_path, work, module.rsplit('.', 1)[1], args.forks,
                              ansible_env(work, None), args.timeout)
        row = {'mode': 'task-cost', 'tenants': hosts, 'forks': args.forks, 'step': '%d x %s' % (hosts * tasks, module.rsplit('.', 1)[1]),
               'latency_ms': 0, 'requests': None}
        row.update(result)
        rows.append(row)
        print_row(row)
    return rows


HEADER = '%-10s %7s %5s %-16s %8s %8s %9s %7s %8s %8s %8s %s' % (
    'mode', 'tenants', 'forks', 'step', 'wall s', 'CPU s', 'req/t avg', 'req/t max', 'ctrl MB', 'fork MB', 'module MB', 'notes')


def format_row(row):
    requests = row.get('requests') or {}
    rss = row['rss']
    notes = []
    if row['rc']:
        notes.append('rc=%s' % row['rc'])
    if row['timed_out']:
        notes.append('TIMEOUT')
    if row['recap']['failed'] or row['recap']['unreachable']:
        notes.append('failed=%s unreachable=%s' % (row['recap']['failed'], row['recap']['unreachable']))
    if requests.get('errors'):
        notes.append('http>=400: %s' % requests['errors'])
    if requests.get('writes'):
        notes.append('writes: %s' % requests['writes'])
    return '%-10s %7s %5s %-16s %8.1f %8.1f %9s %9s %7s %8s %9s %s' % (
        row['mode'], row['tenants'], row['forks'], row['step'], row['wall_s'], row['cpu_s'],
        requests.get('mean', '-'), requests.get('max', '-'), rss['controller_mb'], rss['fork_mb'],
        rss['module_mb'] if rss['module_mb'] else '-', ', '.join(notes))


def print_row(row):
    print('  .. ' + format_row(row), flush=True)


def print_report(rows, results_path):
    print()
    print(HEADER)
    print('-' * len(HEADER))
    for row in rows:
        print(format_row(row))
    ratios = []
    by_key = dict(((row['mode'], row['tenants'], row['step']), row) for row in rows)
    for (mode, tenants, step), row in sorted(by_key.items()):
        base = by_key.get(('baseline', tenants, step))
        if mode in ('baseline', 'task-cost') or base is None or not row['wall_s']:
            continue
        ratios.append('%-10s %7s %-8s wall: baseline %6.1f s / collection %6.1f s = %4.1fx   CPU: %6.1f s / %6.1f s = %4.1fx' % (
            mode, tenants, step, base['wall_s'], row['wall_s'], base['wall_s'] / row['wall_s'],
            base['cpu_s'], row['cpu_s'], base['cpu_s'] / row['cpu_s'] if row['cpu_s'] else 0))
    if ratios:
        print()
        print('Speed-up against the baseline (target >= 3x):')
        for line in ratios:
            print('  ' + line)
    checks = []
    for row in rows:
        target = TARGETS.get(row['step'])
        if row['mode'] in ('baseline', 'task-cost') or not row.get('requests'):
            continue
        if target:
            checks.append('%-10s %7s %-8s max %s req/tenant (target <= %d): %s' % (
                row['mode'], row['tenants'], row['step'], row['requests']['max'], target,
                'met' if row['requests']['max'] <= target else 'MISSED'))
        if row['step'] == 'steady' and row['tenants'] >= 200:
            checks.append('%-10s %7s %-8s %.1f s with %d forks at %s ms (target <= 60 s): %s' % (
                row['mode'], row['tenants'], row['step'], row['wall_s'], row['forks'], row['latency_ms'],
                'met' if row['wall_s'] <= 60 else 'MISSED'))
    if checks:
        print()
        print('Targets:')
        for line in checks:
            print('  ' + line)
    print()
    print('RSS: VmHWM sampled every 100 ms; ctrl = ansible-playbook controller, fork = largest worker fork,')
    print('module = largest process below a fork (module/uri processes; "-" = none seen).')
    print('CPU s: user+system seconds of the whole ansible-playbook process tree (wait4), less sensitive')
    print('to other load on the machine than wall s; load average before each run is in the JSON.')
    print('Results: %s' % results_path)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--tenants', default='10,50,200', help='comma-separated tenant counts (default 10,50,200)')
    parser.add_argument('--forks', type=int, default=50)
    parser.add_argument('--latency-ms', type=float, default=50.0, help='simulator latency per request')
    parser.add_argument('--https', action='store_true', help='simulator over HTTPS (default HTTP)')
    parser.add_argument('--modes', default='inprocess,module', help='collection modes: inprocess, module')
    parser.add_argument('--no-keyed', action='store_true',
                        help='skip the last step (an API key created on every member, then setup again)')
    parser.add_argument('--no-baseline', action='store_true', help='skip the ansible.builtin.uri baseline')
    parser.add_argument('--task-cost', default='', metavar='HOSTSxTASKS',
                        help='also run HOSTS x TASKS ping tasks and as many debug tasks, e.g. 200x3')
    parser.add_argument('--quick', action='store_true', help='10 tenants, no keyed step (~160 CPU s)')
    parser.add_argument('--timeout', type=int, default=1800, help='seconds per ansible-playbook run')
    parser.add_argument('--keep', action='store_true', help='keep the work directory (logs, inventories, reports)')
    args = parser.parse_args(argv)
    if args.quick:
        args.tenants = '10'
        args.no_keyed = True
    args.tenant_counts = [int(count) for count in args.tenants.split(',') if count.strip()]
    args.mode_list = [mode.strip() for mode in args.modes.split(',') if mode.strip()]
    unknown = set(args.mode_list) - set(['inprocess', 'module'])
    if unknown:
        parser.error('unknown mode(s): %s' % ', '.join(sorted(unknown)))
    return args


def code_digest():
    """sha1 over plugins/, roles/ and playbooks/: which code a result was measured with."""
    import hashlib
    digest = hashlib.sha1()
    for top in ('plugins', 'roles', 'playbooks'):
        for directory, dirs, files in sorted(os.walk(os.path.join(ROOT, top))):
            dirs.sort()
            for name in sorted(files):
                if name.endswith('.pyc'):
                    continue
                path = os.path.join(directory, name)
                digest.update(os.path.relpath(path, ROOT).encode())
                with open(path, 'rb') as handle:
                    digest.update(handle.read())
    return digest.hexdigest()[:12]


def environment_info():
    version = subprocess.run([os.path.join(BIN, 'ansible'), '--version'], check=False, capture_output=True, text=True)
    return {'python': sys.version.split()[0], 'ansible': version.stdout.splitlines()[0] if version.stdout else '',
            'cpus': os.cpu_count(), 'platform': platform.platform(), 'action_plugins': os.path.exists(ACTION_PLUGIN),
            'code_digest': code_digest(), 'load_average': os.getloadavg()}


def main(argv=None):
    args = parse_args(argv)
    info = environment_info()
    print('%s; Python %s; %s CPUs; action plugins: %s; code %s; load average %.1f' % (
        info['ansible'], info['python'], info['cpus'], 'present' if info['action_plugins'] else 'absent',
        info['code_digest'], info['load_average'][0]))
    modes = []
    for mode in args.mode_list:
        if mode == 'inprocess' and not info['action_plugins']:
            print('mode inprocess skipped: %s does not exist (module mode is what would run)' % ACTION_PLUGIN)
            continue
        modes.append(mode)
    work_root = tempfile.mkdtemp(prefix='cw-psa-bench-')
    results_dir = os.path.join(HERE, 'results')
    os.makedirs(results_dir, exist_ok=True)
    results_path = os.path.join(results_dir, '%s.json' % datetime.datetime.now().strftime('%Y%m%d-%H%M%S'))
    rows = []
    started = time.time()

    def save(complete):
        # After every series, so an interrupted matrix keeps what it measured.
        write_json(results_path, {'args': dict(vars(args)), 'environment': info, 'complete': complete,
                                  'total_s': round(time.time() - started, 1),
                                  'rows': [dict((key, value) for key, value in row.items() if key != 'log') for row in rows]}, 0o644)

    try:
        for count in args.tenant_counts:
            tenants = ['t%04d' % index for index in range(1, count + 1)]
            for mode in modes:
                print('%s, %d tenants, %d forks, %s ms latency' % (mode, count, args.forks, args.latency_ms), flush=True)
                rows += run_series(mode, PLAYBOOKS, tenants, args, work_root, mode == 'inprocess')
                save(False)
            if not args.no_baseline:
                print('baseline (ansible.builtin.uri), %d tenants' % count, flush=True)
                rows += run_series('baseline', BASELINE, tenants, args, work_root, None)
                save(False)
        if args.task_cost:
            print('task cost: %s' % args.task_cost, flush=True)
            rows += task_cost(args, work_root)
        save(True)
    finally:
        if not args.keep:
            shutil.rmtree(work_root, ignore_errors=True)
        else:
            print('work directory kept: %s' % work_root)
    print_report(rows, results_path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
