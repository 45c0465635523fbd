# -*- coding: utf-8 -*-
"""The in-process path and the module process (CW_PSA_IN_PROCESS=0) give the same outcome.

Each case runs the same playbook with real ansible-playbook twice, once per path, each
against a fresh simulator, and compares what a user sees: the return code, each task's
status, result and message, the warnings printed, and the requests the PSA received. It
also checks which path the in-process run took: the fast path where running in the
controller is exactly equivalent, the module process where it is not (delegation to a host
reached by ssh, another Python, async). All traffic stays on 127.0.0.1.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
import socket

from tests.integration.harness import run_playbook, tenant_inventory, write_inventory
from tests.simulator import Simulator

GROUP = 'group/msp.connectwise_psa.connectwise_psa'
ROLE_MODULE = 'msp.connectwise_psa.cw_security_role'
MEMBER_MODULE = 'msp.connectwise_psa.cw_api_member'
STEPPED_ASIDE = 'runs as a module process'
ROW = {'module': 'Finance', 'function': 'Invoicing', 'inquire': 'All'}
NEW_ROLE = {'name': 'Parity Role', 'permissions': [ROW], 'on_drift': 'warn'}
MEMBER = {'identifier': 'ParityAPI', 'security_role': 'Finance', 'location': 'Head Office',
          'business_unit': 'Administration'}
# Keys that differ by path for reasons a user does not see, or carry the run's own ids and timing.
IGNORED_KEYS = ('invocation', 'warnings', 'deprecations', 'ansible_facts', 'ansible_job_id', 'results_file',
                'exception', 'attempts', '_ansible_no_log', '_ansible_verbose_always', '_ansible_delegated_vars')


def closed_port():
    """A loopback port nothing listens on (connections to it are refused at once)."""
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def inventory(sim, tmp_path, with_ca=True, tenants=('acme',), host_vars=None, extra_hosts=None):
    data = tenant_inventory(sim, tenants=list(tenants), host_vars=host_vars)
    group = data['all']['children']['psa_tenants']
    group['vars'].update(ansible_connection='local', ansible_python_interpreter='{{ ansible_playbook_python }}')
    if not with_ca:
        group['vars'].pop('cw_psa_ca_path', None)
    if extra_hosts:
        data['all']['hosts'] = extra_hosts
    return write_inventory(tmp_path / 'inventory.yml', data)


def play(tasks, **options):
    defaults = dict((name, '{{ cw_psa_%s | default(omit) }}' % name)
                    for name in ('site', 'company_id', 'public_key', 'private_key', 'client_id', 'ca_path'))
    return [dict({'hosts': 'psa_tenants', 'gather_facts': False, 'module_defaults': {GROUP: defaults},
                  'tasks': tasks}, **options)]


def role_task(name='task', **options):
    args = dict(NEW_ROLE)
    args.update(options.pop('args', {}))
    return dict({'name': name, ROLE_MODULE: args}, **options)


NOT_A_CONTINUATION = ('<', 'TASK ', 'PLAY', 'ok:', 'changed:', 'fatal:', 'skipping:', '...', 'Origin:')


def warnings_printed(stdout):
    """The text of every [WARNING] block Ansible printed (continuation lines joined)."""
    found, current = [], None
    for line in stdout.splitlines():
        if line.startswith('[WARNING]: '):
            current = [line[len('[WARNING]: '):].strip()]
            found.append(current)
        elif current is not None and line.strip() and not line.startswith(NOT_A_CONTINUATION):
            current.append(line.strip())
        else:
            current = None
    return sorted(' '.join(parts) for parts in found)


class Outcome(object):
    """What a user sees of one run, with the simulator's own addresses and keys replaced."""

    def __init__(self, run, sim):
        self.run = run
        self.sim = sim
        self.stepped_aside = STEPPED_ASIDE in run.stdout
        self.requests = sim.requests()
        self.writes = sim.writes()
        self.private_key = sim.tenant('acme').private_key
        self.summary = self._summary()      # while the simulator still runs

    def _plain(self, value):
        text = json.dumps(value, sort_keys=True, default=str)
        for secret, marker in ((self.sim.base_url, '<SITE>'), (self.sim.ca_path, '<CA>'),
                               (self.sim.state_dir, '<SIMDIR>')):
            text = text.replace(secret, marker)
        text = text.replace('port=%d' % self.sim.port, 'port=<PORT>')
        text = re.sub(r'0x[0-9a-f]{6,}', '0x..', text)         # object addresses in connection errors
        text = re.sub(r'"j\d+\.\d+"|\bj\d{3,}\b', 'JOB', text)  # async job ids
        return json.loads(text)

    def _summary(self):
        tasks = []
        for entry in self.run.results:
            result = dict((key, value) for key, value in entry['result'].items() if key not in IGNORED_KEYS)
            tasks.append({'host': entry['host'], 'task': entry['task'], 'status': entry['status'], 'result': result})
        tasks.sort(key=lambda task: task['host'])   # hosts run in parallel; each host's tasks stay in order
        requests = dict((tenant, [(r['method'], r['path']) for r in self.sim.requests(tenant)])
                        for tenant in self.sim.tenant_ids)
        return self._plain({'rc': self.run.rc, 'tasks': tasks, 'warnings': warnings_printed(self.run.stderr + '\n' + self.run.stdout),
                            'requests': requests})


def both_paths(tmp_path, build, env=None, **kwargs):
    """Run ``build(sim, folder)`` (-> plays, inventory) in-process and as module processes."""
    outcomes = {}
    for mode in ('1', '0'):
        with Simulator(tenants=('acme', 'globex'), scheme='https') as sim:
            folder = tmp_path / ('in_process' if mode == '1' else 'module')
            folder.mkdir(parents=True)
            plays, inventory_path = build(sim, folder)
            run = run_playbook(folder, plays, inventory=inventory_path, env=dict(env or {}, CW_PSA_IN_PROCESS=mode),
                               verbosity=3, **kwargs)
            outcomes[mode] = Outcome(run, sim)
    in_process, module = outcomes['1'], outcomes['0']
    assert in_process.summary == module.summary, '%s\n---- module:\n%s' % (in_process.run.output, module.run.output)
    assert module.stepped_aside
    return in_process, module


def simple(tasks, with_ca=True, host_vars=None, tenants=('acme',), extra_hosts=None, **play_options):
    def build(sim, folder):
        return play(tasks, **play_options), inventory(sim, folder, with_ca=with_ca, tenants=tenants,
                                                      host_vars=host_vars, extra_hosts=extra_hosts)
    return build


# ---------------------------------------------------------------- where the task runs

def test_delegate_to_an_unreachable_host(tmp_path):
    bastion = {'bastion': {'ansible_connection': 'ssh', 'ansible_host': '127.0.0.1', 'ansible_port': closed_port(),
                           'ansible_user': 'nobody', 'ansible_ssh_common_args': '-o ConnectTimeout=5 -o BatchMode=yes'}}
    in_process, module = both_paths(tmp_path, simple([role_task(delegate_to='bastion')], extra_hosts=bastion))
    assert in_process.stepped_aside
    assert in_process.run.results[0]['status'] == 'unreachable', in_process.run.output
    assert in_process.requests == [] and module.requests == []


def test_another_python_interpreter(tmp_path):
    host_vars = {'acme': {'ansible_python_interpreter': '/nonexistent/bin/python3'}}
    in_process, module = both_paths(tmp_path, simple([role_task()], host_vars=host_vars))
    assert in_process.stepped_aside
    assert in_process.run.rc != 0
    failure = in_process.run.results[0]['result']
    # ansible-core 2.19 names the interpreter in msg; 2.16 says to set it and names it in module_stderr.
    assert '/nonexistent/bin/python3' in failure['msg'] or (
        'set the interpreter' in failure['msg'] and '/nonexistent/bin/python3' in failure.get('module_stderr', '')), failure


def test_delegate_to_localhost_keeps_the_fast_path(tmp_path):
    in_process, module = both_paths(tmp_path, simple([role_task(delegate_to='localhost')]), check=True)
    assert not in_process.stepped_aside, in_process.run.output
    assert in_process.run.results[0]['result']['created'] is True


# ---------------------------------------------------------------- the task's environment

def test_ca_bundle_from_the_task_environment(tmp_path):
    def build(sim, folder):
        task = role_task(environment={'REQUESTS_CA_BUNDLE': sim.ca_path})
        return play([task]), inventory(sim, folder, with_ca=False)
    in_process, module = both_paths(tmp_path, build, check=True)
    assert not in_process.stepped_aside, in_process.run.output
    assert in_process.run.rc == 0, in_process.run.output
    assert in_process.run.results[0]['result']['created'] is True


def test_without_the_ca_bundle_tls_fails_the_same_way(tmp_path):
    # The controller's own REQUESTS_CA_BUNDLE (the system bundle) does not trust the simulator.
    in_process, module = both_paths(tmp_path, simple([role_task()], with_ca=False), check=True,
                                    env={'REQUESTS_CA_BUNDLE': '/etc/ssl/certs/ca-certificates.crt'})
    assert not in_process.stepped_aside
    assert 'TLS verification failed' in in_process.run.results[0]['result']['msg']


def test_https_proxy_from_the_task_environment_is_used(tmp_path):
    proxy = 'http://127.0.0.1:%d' % closed_port()
    task = role_task(environment={'HTTPS_PROXY': proxy, 'https_proxy': proxy}, args={'retries': 0})
    in_process, module = both_paths(tmp_path, simple([task]), check=True)
    assert not in_process.stepped_aside
    assert in_process.run.rc != 0
    assert 'no answer from' in in_process.run.results[0]['result']['msg']
    assert in_process.requests == []     # nothing went around the proxy


def test_no_proxy_from_the_task_environment_is_honoured(tmp_path):
    proxy = 'http://127.0.0.1:%d' % closed_port()
    task = role_task(environment={'HTTPS_PROXY': proxy, 'https_proxy': proxy, 'NO_PROXY': '127.0.0.1',
                                  'no_proxy': '127.0.0.1'}, args={'retries': 0})
    in_process, module = both_paths(tmp_path, simple([task]), check=True)
    assert not in_process.stepped_aside
    assert in_process.run.rc == 0, in_process.run.output


# ---------------------------------------------------------------- async

def test_async_with_polling(tmp_path):
    drift = role_task(name='drift', args={'name': 'Finance', 'permissions': [dict(ROW, inquire='None')], 'exclusive': False},
                      **{'async': 60, 'poll': 1})
    in_process, module = both_paths(tmp_path, simple([role_task(**{'async': 60, 'poll': 1}), drift]))
    assert in_process.stepped_aside
    assert in_process.run.rc == 0, in_process.run.output
    result = in_process.run.result('task')
    assert result['created'] is True and result['finished'] == 1
    assert len(in_process.writes) == 1
    # The result of an async task comes from async_status; the module itself names the host.
    assert [text for text in warnings_printed(in_process.run.stderr) if 'Finance' in text][0].startswith('acme: ')


def test_async_fire_and_forget_then_async_status(tmp_path):
    tasks = [role_task(**{'async': 60, 'poll': 0, 'register': 'job'}),
             {'name': 'job id', 'assert': {'that': ['job.ansible_job_id is defined', 'job.started == 1']}},
             {'name': 'wait', 'async_status': {'jid': '{{ job.ansible_job_id }}'}, 'register': 'done',
              'until': 'done.finished', 'retries': 60, 'delay': 1}]
    in_process, module = both_paths(tmp_path, simple(tasks))
    assert in_process.stepped_aside
    assert in_process.run.rc == 0, in_process.run.output
    assert in_process.run.result('wait')['created'] is True
    assert len(in_process.writes) == 1


# ---------------------------------------------------------------- arguments

# The module process names the host in AnsibleModule's own alias warning (ModuleNamingOptions): ansible-core
# 2.21 records a module's warnings before the action plugin could rename them.
def test_option_and_its_alias_both_set(tmp_path):
    task = {'name': 'task', MEMBER_MODULE: dict(MEMBER, structure_level='Corporate', level='Corporate')}
    in_process, module = both_paths(tmp_path, simple([task]), check=True)
    assert not in_process.stepped_aside
    assert 'acme: Both option structure_level and its alias level are set.' in warnings_printed(in_process.run.stderr)


# One case per source of the words: both paths word an argument error in one place now (the
# stand-in and ModuleNamingOptions share arguments.validation_failure, the driver runs
# structures_given_as_strings), so the other type errors (float, int, choices, a string given a
# list, a Customize item given a mapping) no longer need a playbook each; tests/unit/plugins/
# module_utils/test_driver.py and plugin_utils/test_in_process.py check those words.
WRONG_TYPES = [
    ('bool_given_a_mapping', {'exclusive': {'a': 1}}),
    ('list_given_text', {'permissions': 'Finance'}),
    ('string_given_a_mapping', {'name': {'a': 1}}),
    ('row_field_given_a_mapping', {'permissions': [dict(ROW, function={'x': 1})]}),
    ('unknown_option', {'colour': 'blue'}),
]


def test_wrong_types_fail_in_the_same_words(tmp_path):
    tasks = [role_task(name=case, args=args, ignore_errors=True) for case, args in WRONG_TYPES]
    in_process, module = both_paths(tmp_path, simple(tasks), check=False)
    assert not in_process.stepped_aside
    for entry in in_process.run.results:
        msg = entry['result']['msg']
        assert entry['status'] == 'failed', entry
        assert 'Tagged' not in msg and '_Ansible' not in msg, msg     # user-facing type names, as AnsibleModule's
    messages = dict((entry['task'], entry['result']['msg']) for entry in in_process.run.results)
    assert messages['string_given_a_mapping'] == 'name must be a string, got a mapping: quote it or fix the indentation'
    assert messages['row_field_given_a_mapping'].startswith('permissions[0].function must be a string, got a mapping')
    assert messages['unknown_option'].startswith('Unsupported parameters for (%s) module: colour.' % ROLE_MODULE)
    # ansible-core 2.16 words the type "<class 'dict'>", 2.19 "dict": both paths use the running core's words.
    assert re.search(r"is of type (dict|<class 'dict'>) and we were unable to convert to bool", messages['bool_given_a_mapping'])
    # AnsibleModule's first error here is the no_log scan's, naming no option; both paths give the next one.
    assert re.match(r"Elements value for option 'permissions' is of type (str|<class 'str'>)", messages['list_given_text'])
    assert in_process.requests == [] and module.requests == []


# ---------------------------------------------------------------- check mode, diff, no_log, warnings

def test_check_mode(tmp_path):
    in_process, module = both_paths(tmp_path, simple([role_task()]), check=True)
    assert not in_process.stepped_aside
    assert in_process.run.results[0]['result']['created'] is True
    assert in_process.writes == [] and module.writes == []


# No diff case: neither AnsibleModule nor the stand-in reads diff mode; the driver returns the logic's
# diff and ansible-core shows it or not, the same way for both paths.


def test_no_log(tmp_path):
    in_process, module = both_paths(tmp_path, simple([role_task(no_log=True)]), check=True)
    assert not in_process.stepped_aside
    for outcome in (in_process, module):
        assert outcome.run.results[0]['result'].get('censored'), outcome.run.output
        assert outcome.private_key not in outcome.run.stdout + outcome.run.stderr


def test_each_warning_names_its_host(tmp_path):
    # Finance grants Invoicing "All" in every tenant; the task expects None: the same drift twice.
    task = role_task(args={'name': 'Finance', 'permissions': [dict(ROW, inquire='None')], 'exclusive': False})
    in_process, module = both_paths(tmp_path, simple([task], tenants=('acme', 'globex')), check=True)
    assert not in_process.stepped_aside
    printed = warnings_printed(in_process.run.stderr)
    assert any(text.startswith('acme: ') for text in printed) and any(text.startswith('globex: ') for text in printed), printed


def test_refusals_and_the_key_fingerprint(tmp_path):
    """Self-protection, the shared-role guard and a swapped key pair answer the same on both paths."""
    tasks = [
        {'name': 'deactivate the admin itself', MEMBER_MODULE: {'identifier': 'AutomationAdmin', 'state': 'absent'},
         'ignore_errors': True},
        {'name': 'member on Admin', MEMBER_MODULE: dict(MEMBER, security_role='Admin', level='Corporate'),
         'ignore_errors': True},
        {'name': 'member on Admin, allowed',
         MEMBER_MODULE: dict(MEMBER, security_role='Admin', level='Corporate', allow_shared_role=True)},
        {'name': 'swapped pair', 'msp.connectwise_psa.cw_api_key': {
            'member': 'AutomationAdmin', 'key_public': '{{ cw_psa_private_key }}', 'key_private': '{{ cw_psa_public_key }}'},
         'ignore_errors': True},
    ]
    in_process, module = both_paths(tmp_path, simple(tasks))
    assert not in_process.stepped_aside
    statuses = [(entry['task'], entry['result'].get('refused') or entry['result'].get('status')) for entry in in_process.run.results]
    assert statuses == [('deactivate the admin itself', 'caller'), ('member on Admin', 'shared_role'),
                        ('member on Admin, allowed', None), ('swapped pair', 'swapped')], statuses
    for outcome in (in_process, module):
        assert outcome.sim.tenant('acme').public_key not in outcome.run.stdout + outcome.run.stderr
