# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""AnsibleModule's interface inside an action plugin, so a module's own main() runs there.

Built as community.crypto's plugin_utils/_action_module.py: the arguments are checked by
ansible-core's ArgumentSpecValidator (the class AnsibleModule's ModuleArgumentSpecValidator
extends) and worded by arguments.validation_failure as in the module process; the alias
conflict and deprecation warnings use ModuleArgumentSpecValidator's words; the result is
censored with remove_values as AnsibleModule._return_formatted does. exit_json and fail_json
end the run by raising, as sys.exit ends a module process; :func:`run_stand_in` turns that
into the action's result. :class:`ActionModuleBase` is an action plugin that is the module
(cw_status_report, cw_api_key_vault); the in-process twins of real modules are in _in_process.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

try:   # ansible-core 2.19+ (checked on 2.19 and 2.21); earlier versions keep every module traceback
    from ansible.module_utils._internal import _traceback
except ImportError:
    _traceback = None

from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import internal_error
from ansible_collections.msp.connectwise_psa.plugins.module_utils._arguments import (
    ALIAS_CONFLICT, host_named, validation_failure)


class _ModuleExit(Exception):
    def __init__(self, result):
        super(_ModuleExit, self).__init__()
        self.result = result


class ActionModuleStandIn(object):
    """What a module's main() uses of AnsibleModule: ``argument_spec``, ``params``, ``check_mode``,
    ``no_log_values``, ``warn``, ``deprecate``, ``exit_json``, ``fail_json`` (and
    ``arguments_as_given``, as ModuleNamingOptions has). Every warning starts with ``host``."""

    def __init__(self, argument_spec, args, name, check_mode=False, host=None, record_invocation=True,
                 mutually_exclusive=None, required_one_of=None):
        self.argument_spec = argument_spec
        self.arguments_as_given = args
        self.check_mode = bool(check_mode)
        self._name = name
        self._host = host
        self._record_invocation = record_invocation   # an action that never had one keeps its result as it was
        self._warnings = []
        self._deprecations = []
        validation = ArgumentSpecValidator(argument_spec, mutually_exclusive=mutually_exclusive,
                                           required_one_of=required_one_of).validate(args)
        self.params = validation.validated_parameters
        # ValidationResult's _no_log_values, _warnings and _deprecations: what AnsibleModule reads
        # too (checked on ansible-core 2.16, 2.19 and 2.21).
        self.no_log_values = set(validation._no_log_values)
        for deprecation in validation._deprecations:
            self.deprecate(deprecation['msg'], version=deprecation.get('version'), date=deprecation.get('date'),
                           collection_name=deprecation.get('collection_name'))
        for conflict in validation._warnings:
            self.warn(ALIAS_CONFLICT.format(**conflict))
        if validation.error_messages:   # fails even in check mode, as AnsibleModule does
            self.fail_json(msg=validation_failure(validation.errors, name))

    def warn(self, warning):
        warning = host_named(warning, self._host)
        if warning not in self._warnings:   # as AnsibleModule, which keeps each warning once
            self._warnings.append(warning)

    def deprecate(self, msg, version=None, date=None, collection_name=None):
        given = (('version', version), ('date', date), ('collection_name', collection_name))
        deprecation = {'msg': msg}
        deprecation.update((key, value) for key, value in given if value is not None)
        self._deprecations.append(deprecation)

    def exit_json(self, **kwargs):
        self._return_formatted(dict(kwargs))

    def fail_json(self, msg, **kwargs):
        result = dict(kwargs)
        if 'exception' in result and not _keeps_traceback():
            del result['exception']   # as AnsibleModule.fail_json on 2.19+ with traceback display off
        result.update(failed=True, msg=msg)
        self._return_formatted(result)

    def _return_formatted(self, result):
        if self._record_invocation:
            result.setdefault('invocation', {'module_args': self.params})
        if self._warnings:
            result['warnings'] = list(self._warnings)
        if self._deprecations:
            result['deprecations'] = list(self._deprecations)
        # As AnsibleModule._return_formatted: censor every no_log value, keep booleans and None.
        kept = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
        result = remove_values(result, self.no_log_values)
        result.update(kept)
        raise _ModuleExit(result)


def _keeps_traceback():
    """Whether AnsibleModule.fail_json would keep ``exception`` in the result: on 2.19+ only where traceback
    display is on for errors (DISPLAY_TRACEBACK, which the controller also hands the module process;
    ansible.module_utils._internal._traceback, internal, checked on 2.19 and 2.21), always before."""
    if _traceback is None:
        return True
    try:
        return bool(_traceback.is_traceback_enabled(_traceback.TracebackEvent.ERROR))
    except Exception:   # pylint: disable=broad-except  # an internal interface that changed: keep it, as before 2.19
        return True


def run_stand_in(main, argument_spec, args, name, **options):
    """``main(module)`` run with a stand-in; the result as the module process would have returned it.

    An exception other than Ansible's own is a bug: a short message, the traceback in ``exception``
    (shown at -vvv), both censored like any result."""
    module = None
    try:
        module = ActionModuleStandIn(argument_spec, args, name, **options)
        main(module)
        module.fail_json(msg='internal error in msp.connectwise_psa (%s ended without a result), please report it' % name)
    except _ModuleExit as done:
        return done.result
    except AnsibleError:
        raise
    except Exception as exc:   # pylint: disable=broad-except
        result = {'failed': True, 'msg': internal_error(exc)}
        if _keeps_traceback():
            result['exception'] = traceback.format_exc()
        return remove_values(result, module.no_log_values) if module is not None else result


class ActionModuleBase(ActionBase):
    """An action plugin with no module process: ``run_module(module, task_vars)`` does the work and
    ends it through ``module.exit_json`` or ``module.fail_json``, as a module's main() would."""

    TRANSFERS_FILES = False
    _requires_connection = False
    argument_spec = None
    argument_rules = {}   # mutually_exclusive, required_one_of: as AnsibleModule takes them

    def run(self, tmp=None, task_vars=None):
        super(ActionModuleBase, self).run(tmp, task_vars)
        task_vars = task_vars or {}
        # No invocation in the result: these never had one (a report's would repeat every tenant's status).
        return run_stand_in(lambda module: self.run_module(module, task_vars), self.argument_spec, self._task.args,
                            self._task.resolved_action, record_invocation=False,
                            check_mode=self._task.check_mode or self._play_context.check_mode, **self.argument_rules)

    def run_module(self, module, task_vars):
        raise NotImplementedError
