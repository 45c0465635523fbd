# -*- coding: utf-8 -*-
# Copyright: (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's logic inside the controller process instead of a module process.

The modules only talk HTTP from the controller, so spawning a Python process per task
(the cost that dominates runs over many tenants) buys nothing. The action plugin of
the same name validates the arguments with the module's own spec, runs the same
``module_utils`` logic function and censors no_log values exactly as AnsibleModule
would. ``CW_PSA_IN_PROCESS=0`` in the controller's environment falls back to the
module process (for comparison, or if a problem is suspected in this path).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.msp.connectwise_psa.plugins.module_utils.client import HAS_REQUESTS
from ansible_collections.msp.connectwise_psa.plugins.module_utils.connection import argument_spec, first_set
from ansible_collections.msp.connectwise_psa.plugins.module_utils.runner import run_task

_FALSE = ('0', 'false', 'no', 'off')


def in_process_enabled(environ=None):
    return (environ if environ is not None else os.environ).get('CW_PSA_IN_PROCESS', '1').strip().lower() not in _FALSE


class InProcessAction(ActionBase):
    """Subclasses set ``logic`` (the module_utils function) and ``module_spec``."""

    TRANSFERS_FILES = False
    _requires_connection = False
    logic = None
    module_spec = None

    def run(self, tmp=None, task_vars=None):
        if not in_process_enabled():
            return self._execute_module(module_name=self._task.resolved_action, module_args=self._task.args,
                                        task_vars=task_vars)
        result = super(InProcessAction, self).run(tmp, task_vars)
        del tmp
        if not HAS_REQUESTS:
            return dict(result, failed=True, msg='the Python library requests is required on the controller: '
                                                 'pip install requests (it is in the collection\'s requirements.txt)')
        spec = argument_spec(**self.module_spec)
        args = self._with_task_environment(spec, dict(self._task.args))
        not_strings = sorted(name for name, value in args.items()
                             if spec.get(name, {}).get('type') == 'str' and isinstance(value, (dict, list)))
        if not_strings:   # Ansible would turn a mapping into its text and use that as a name
            return dict(result, failed=True, msg='; '.join(
                '%s must be a string, got a %s: quote it or fix the indentation' % (name, type(args[name]).__name__)
                for name in not_strings))
        validated = ArgumentSpecValidator(spec).validate(args)
        no_log_values = validated._no_log_values
        if validated.error_messages:
            return dict(result, failed=True, msg=remove_values('; '.join(validated.error_messages), no_log_values))
        warnings = []
        failed, outcome = run_task(type(self).logic, validated.validated_parameters,
                                   bool(self._play_context.check_mode), warnings.append)
        outcome['invocation'] = {'module_args': validated.validated_parameters}
        outcome = remove_values(outcome, no_log_values)
        if failed:
            outcome.update(failed=True, msg=remove_values(failed, no_log_values))
        if warnings:
            outcome['warnings'] = [remove_values(warning, no_log_values) for warning in warnings]
        result.update(outcome)
        return result

    def _with_task_environment(self, spec, args):
        """A module process sees the task's ``environment:``; honour it for the CW_PSA_* fallbacks."""
        environment = self._task_environment()
        for name, option in spec.items():
            fallback = option.get('fallback')
            value = first_set(environment, fallback[1]) if fallback and name not in args else None
            if value is not None:
                args[name] = value
        return args

    def _task_environment(self):
        # Same merge order as ActionBase._compute_environment_string, without needing a connection.
        merged = {}
        environments = self._task.environment or []
        for environment in environments if isinstance(environments, list) else [environments]:
            if environment:
                merged.update(self._templar.template(environment))
        return merged
