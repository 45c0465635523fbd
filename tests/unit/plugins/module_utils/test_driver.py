# -*- coding: utf-8 -*-
"""The one driver (runner.run_module) and the errors it tells apart.

What a user can fix (InputError and its kinds, TaskFailed, PSAError) reads as the sentence the
logic wrote; anything else is a bug: a short "internal error" message with no exception text,
and the traceback in ``exception`` (shown at -vvv), on both paths: the module process (any
object with AnsibleModule's interface) and the action plugin's stand-in.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as permissions, _security_role as security_role
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError, TaskFailed
from ansible_collections.msp.connectwise_psa.plugins.module_utils._arguments import ALIAS_CONFLICT
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import ConditionError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._connection import argument_spec
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import run_module, run_task
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._action_module import run_stand_in

SECRET = 'Secret-Private-Key-0123'
ARGS = {'company_id': 'acme', 'private_key': SECRET, 'name': 'Role'}
SPEC = argument_spec(**security_role.ARGUMENT_SPEC)
MODULE = 'msp.connectwise_psa.cw_security_role'


def raising(exc):
    def logic(connect, params, check_mode, warn):
        raise exc
    return logic


class FakeModule(object):
    """What the module process's AnsibleModule offers the driver; fail_json and exit_json end it."""

    def __init__(self, params):
        self.argument_spec, self.arguments_as_given, self.params, self.check_mode = SPEC, params, params, False
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)

    def fail_json(self, msg, **kwargs):
        raise SystemExit(dict(kwargs, failed=True, msg=msg))

    def exit_json(self, **kwargs):
        raise SystemExit(kwargs)


def module_process(logic, params=None):
    with pytest.raises(SystemExit) as ended:
        run_module(FakeModule(dict(params or ARGS)), logic)
    return ended.value.args[0]


def in_process(logic, args=None):
    return run_stand_in(lambda module: run_module(module, logic), SPEC, dict(args or ARGS), MODULE, host='acme')


@pytest.mark.parametrize('bug', [ValueError('bad value %s' % SECRET), KeyError('missing'), TypeError('NoneType')])
@pytest.mark.parametrize('path', [module_process, in_process])
def test_a_bug_is_not_worded_as_a_user_error(monkeypatch, path, bug):
    from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _action_module
    if _action_module._traceback is not None:    # traceback display on (the stand-in keeps it only then)
        monkeypatch.setattr(_action_module._traceback, 'is_traceback_enabled', lambda event: True)
    result = path(raising(bug))
    assert result['failed'] is True
    assert result['msg'] == ('company acme: internal error in msp.connectwise_psa (%s), please report it with the '
                             'traceback that -vvv shows (on ansible-core 2.19 or newer, with ANSIBLE_DISPLAY_TRACEBACK=error '
                             'set)' % type(bug).__name__)
    assert type(bug).__name__ in result['exception'] and 'Traceback' in result['exception']
    assert result['changed'] is False


def test_in_process_the_traceback_is_censored_too():
    result = in_process(raising(ValueError('bad value %s' % SECRET)))
    assert SECRET not in repr(result)


@pytest.mark.parametrize('path', [module_process, in_process])
@pytest.mark.parametrize('error', [InputError('name: too long'), ConditionError('name: too long'),
                                   permissions.PermissionTableError('name: too long'),
                                   TaskFailed('name: too long', drift=[1])])
def test_what_a_user_can_fix_reads_as_written(path, error):
    result = path(raising(error))
    assert result['msg'] == 'company acme: name: too long'
    assert 'exception' not in result


def test_the_input_errors_are_one_class():
    assert issubclass(permissions.PermissionTableError, InputError)
    assert issubclass(ConditionError, InputError)
    assert issubclass(InputError, ValueError)    # code that catches ValueError around a check keeps working


def test_run_task_catches_a_bare_value_error_as_a_bug():
    failed, result = run_task(raising(ValueError('x')), {}, False, lambda message: None)
    assert failed.startswith('internal error') and 'exception' in result


def test_the_stand_in_words_argument_errors_as_the_module():
    assert in_process(raising(AssertionError), dict(ARGS, colour='blue'))['msg'].startswith(
        'Unsupported parameters for (%s) module: colour.' % MODULE)
    assert in_process(raising(AssertionError), dict(ARGS, name={'a': 1}))['msg'] == (
        'name must be a string, got a mapping: quote it or fix the indentation')


def test_the_stand_in_names_the_host_in_every_warning_once():
    def logic(connect, params, check_mode, warn):
        warn('drift')
        warn('drift')
        return {}
    spec = dict(SPEC, level=dict(type='str', aliases=['structure_level']))
    result = run_stand_in(lambda module: run_module(module, logic), spec, dict(ARGS, level='a', structure_level='a'),
                          MODULE, host='acme')
    assert result['warnings'] == ['acme: ' + ALIAS_CONFLICT.format(option='level', alias='structure_level'),
                                  'acme: company acme: drift']
    assert SECRET not in repr(result) and result['invocation']['module_args']['name'] == 'Role'


# The cases test_parity.py no longer runs as playbooks: the stand-in gives AnsibleModule's own words.
@pytest.mark.parametrize('args, words', [
    ({'timeout': 'soon'}, "argument 'timeout' is of type"),
    ({'retries': [1]}, "argument 'retries' is of type"),
    ({'state': 'gone'}, 'value of state must be one of: present, absent, got: gone'),
    ({'name': ['a']}, 'name must be a string, got a list: quote it or fix the indentation'),
    ({'permissions': [{'module': 'Finance', 'function': 'Invoicing', 'customize_allow': [{'a': 1}]}]},
     'permissions[0].customize_allow[0] must be a string, got a mapping: quote it or fix the indentation'),
])
def test_the_other_wrong_types_fail_in_the_module_words(args, words):
    result = in_process(raising(AssertionError('not run')), dict(ARGS, **args))
    assert result['failed'] is True and words in result['msg'], result['msg']
    assert 'Tagged' not in result['msg'] and '_Ansible' not in result['msg']


def test_the_module_process_names_the_host_in_the_validators_own_warnings(monkeypatch):
    """ansible-core 2.21 records a module's warnings before the action could rename them, so the alias
    warning ModuleArgumentSpecValidator words is named at the source (ModuleNamingOptions)."""
    from ansible.module_utils.common import arg_spec
    from ansible_collections.msp.connectwise_psa.plugins.module_utils import _arguments as arguments
    printed = []
    monkeypatch.setattr(arg_spec, 'warn', lambda warning, *args, **kwargs: printed.append(warning))
    original = arg_spec.warn
    with arguments._validation_warnings_named('acme'):
        arg_spec.ModuleArgumentSpecValidator(dict(level=dict(type='str', aliases=['structure_level']))).validate(
            {'level': 'a', 'structure_level': 'a'})
    assert printed == ['acme: ' + ALIAS_CONFLICT.format(option='level', alias='structure_level')]
    assert arg_spec.warn is original


@pytest.mark.parametrize('enabled', [True, False])
def test_in_process_keeps_the_traceback_where_the_module_would(monkeypatch, enabled):
    """ansible-core 2.19+: AnsibleModule.fail_json keeps ``exception`` only with traceback display on for errors."""
    from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _action_module
    if _action_module._traceback is None:
        pytest.skip('ansible-core before 2.19 keeps every module traceback')
    monkeypatch.setattr(_action_module._traceback, 'is_traceback_enabled', lambda event: enabled)
    result = in_process(raising(KeyError('missing')))
    assert result['msg'].startswith('company acme: internal error') and ('exception' in result) is enabled
