# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Run a module's logic inside the controller process instead of a module process.

The modules only talk HTTP from the controller, so spawning a Python process per task
(the cost that dominates runs over many tenants) buys nothing. The action plugin of the
same name runs the same ``module_utils`` logic in the worker process, but only where
that is exactly what the module process would do: a local connection (so no delegation
to a host reached another way), no become, the controller's own Python, no ``async``.
Any other task goes to the ordinary module process, async included, the way
ansible-core's ``normal`` action runs modules. ``CW_PSA_IN_PROCESS=0`` in the
controller's environment sends every task there (for comparison, or if a problem is
suspected in this path).

In-process, the module's own driver (runner.run_module) runs with a stand-in for
AnsibleModule (plugin_utils/_action_module.py), given the arguments the module would
receive (plain JSON types), with the task's ``environment:`` applied to ``os.environ`` for
the task's duration (the worker process runs this one task), so proxies,
``REQUESTS_CA_BUNDLE`` and the ``CW_PSA_*`` fallbacks act as in the module. So this file holds
only the routing decision and what stepping aside needs: on the module path the ``CW_PSA_*``
connection variables of ``environment:`` become module arguments, so they stay off the
module's command line (carried_as_arguments), and the inventory host goes to the module
(HOST_VARIABLE), which starts every warning with it, as the stand-in does.

The ansible-core internals used, each checked on 2.16, 2.19 and 2.21: ActionBase's
``_compute_environment_string``, ``_execute_module`` and ``_remove_tmp_path``, the shell
plugin's ``tmpdir`` and ``env_prefix``, the ``INTERPRETER_PYTHON`` setting and the
``discovered_interpreter_python`` fact (module_common's rules), ``Task.resolved_action``, the
connection's ``has_native_async``, and ``Task.environment`` changed in place for the module run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import dataclasses
import datetime
import json
import os
import shutil
import sys
from contextlib import contextmanager

from ansible import constants as C
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.msp.connectwise_psa.plugins.module_utils._arguments import HOST_VARIABLE, host_named
from ansible_collections.msp.connectwise_psa.plugins.module_utils._connection import (
    CONNECTION_ARGUMENT_SPEC, argument_spec)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import run_module
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._action_module import run_stand_in

display = Display()

_FALSE = ('0', 'false', 'no', 'off')
_DISCOVERY = ('auto', 'auto_legacy', 'auto_silent', 'auto_legacy_silent')


def in_process_enabled(environ=None):
    return (environ if environ is not None else os.environ).get('CW_PSA_IN_PROCESS', '1').strip().lower() not in _FALSE


def as_module_receives(value):
    """``value`` as a module process gets it: the JSON types, without Ansible's wrapper classes
    (which would otherwise show up in type errors as ``_AnsibleTaggedDict``)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return dict((_json_key(key), as_module_receives(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [as_module_receives(item) for item in value]
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'surrogateescape')
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str.__str__(str(value))   # plain text; a vault-encrypted value decrypts here, as for the module


def _json_key(key):
    if isinstance(key, str):
        return str.__str__(key)
    return json.dumps(key) if key is None or isinstance(key, (bool, int, float)) else str(key)


def is_controller_python(interpreter):
    """Whether ``interpreter`` is this very Python environment (same venv, so the same packages)."""
    if not isinstance(interpreter, str) or not interpreter.strip():
        return False
    path = os.path.expanduser(interpreter.strip())
    if not os.path.isabs(path):
        path = shutil.which(path)
        if not path:
            return False
    here = sys.executable
    # A venv is found next to the path the interpreter was started by, so compare folders as well.
    return (os.path.realpath(os.path.dirname(os.path.abspath(path))) == os.path.realpath(os.path.dirname(here))
            and os.path.realpath(path) == os.path.realpath(here))


@contextmanager
def process_environment(variables):
    """``os.environ`` plus ``variables``, the way a module process started with them sees them."""
    saved = dict((str(name), os.environ.get(str(name))) for name in variables)
    try:
        for name, value in variables.items():
            os.environ[str(name)] = as_module_receives(str(value))   # the shell prefix writes str(value)
        yield
    finally:
        for name, previous in saved.items():
            if previous is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = previous


def naming_host(warning, host):
    """``warning`` (text, or ansible-core 2.19's WarningSummary) named by ``host`` (runner.host_named)."""
    if isinstance(warning, str):
        return host_named(warning, host)
    event = getattr(warning, 'event', None)
    if dataclasses.is_dataclass(warning) and isinstance(getattr(event, 'msg', None), str):
        return dataclasses.replace(warning, event=dataclasses.replace(event, msg=host_named(event.msg, host)))
    return warning


def carried_as_arguments(args, environment):
    """``args`` with the ``CW_PSA_*`` connection variables of the task's ``environment:`` as options,
    and the names of those variables: a module process gets its environment on its command line
    (``/bin/sh -c 'CW_PSA_PRIVATE_KEY=... python ...'``, readable in ``/proc`` by any local user),
    its arguments in a file only its user can read. An option the task sets wins, as over the fallback."""
    args, carried = dict(args), []
    for option in CONNECTION_ARGUMENT_SPEC:
        variable = 'CW_PSA_' + option.upper()
        if variable in environment:
            carried.append(variable)
            value = environment[variable]
            if option not in args and value is not None and str(value) != '':   # as non_empty_env reads it
                args[option] = as_module_receives(str(value))   # the shell prefix would have written str(value)
    return args, carried


class _Blanked(dict):
    """The carried variables emptied, for ansible-core's async_status polls of the task (see _run_module)."""


class InProcessAction(ActionBase):
    """Subclasses set ``logic`` (the module_utils function) and ``module_spec``."""

    TRANSFERS_FILES = False
    _requires_connection = False   # never start a persistent connection: the work is HTTP from the controller
    _supports_check_mode = True
    _supports_async = True         # run by the module process (async_wrapper), as for any module
    logic = None
    module_spec = None
    _withheld_variables = ()   # task environment variables carried as module arguments instead

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars if task_vars is not None else {}
        result = super(InProcessAction, self).run(tmp, task_vars)
        del tmp
        host = task_vars.get('inventory_hostname')
        reason = self._needs_module_process(task_vars)
        if reason:
            display.vvv('%s runs as a module process: %s' % (self._task.action, reason), host=host)
            result.update(self._run_module(task_vars, host))
            # The module names its own warnings; these are the ones ansible-core adds (interpreter...).
            if host and isinstance(result.get('warnings'), list):
                result['warnings'] = [naming_host(warning, host) for warning in result['warnings']]
        else:
            result.update(self._run_in_process(host))
        return result

    def _needs_module_process(self, task_vars):
        """Why this task must run as a module process; None where in-process is exactly the same."""
        if not in_process_enabled():
            return 'CW_PSA_IN_PROCESS is off'
        if self._task.async_val:
            return 'async'
        if getattr(self._connection, 'transport', None) != 'local':
            return 'the connection is %s' % getattr(self._connection, 'transport', None)
        if self._play_context.become:
            return 'become'
        interpreter = self._module_interpreter(task_vars)
        if not is_controller_python(interpreter):
            return 'the module would run under %s, not under %s' % (interpreter or 'an interpreter to discover', sys.executable)
        return None

    def _module_interpreter(self, task_vars):
        """The Python a module process would use (module_common's rules), None until discovered."""
        host_vars = task_vars
        if self._task.delegate_to:
            host_vars = (task_vars.get('ansible_delegated_vars') or {}).get(self._task.delegate_to, task_vars)
        interpreter = C.config.get_config_value('INTERPRETER_PYTHON', variables=host_vars)
        if interpreter:
            interpreter = self._templar.template(interpreter)
        if not interpreter or interpreter in _DISCOVERY:
            interpreter = (host_vars.get('ansible_facts') or {}).get('discovered_interpreter_python')
        return interpreter

    def _run_module(self, task_vars, host):
        """The module process, run as ansible-core's ``normal`` action runs it (async included)."""
        wrap_async = bool(self._task.async_val) and not self._connection.has_native_async
        added = [{HOST_VARIABLE: host}] if host else []   # the module names the host in async results too
        if not isinstance(self._task.environment, list):
            self._task.environment = [self._task.environment] if self._task.environment else []
        self._task.environment[:] = [entry for entry in self._task.environment if not isinstance(entry, _Blanked)]
        self._task.environment.extend(added)
        environment = {}
        self._compute_environment_string(environment)
        module_args, self._withheld_variables = carried_as_arguments(self._task.args, environment)
        try:
            outcome = self._execute_module(module_name=self._task.resolved_action, module_args=module_args,
                                           task_vars=task_vars, wrap_async=wrap_async)
        finally:
            del self._task.environment[len(self._task.environment) - len(added):]
            if self._task.async_val and self._withheld_variables:
                # ansible-core polls with async_status under this task's environment, on a command line
                # too: blank the carried variables there (removed again if the task is retried).
                self._task.environment.append(_Blanked((name, '') for name in self._withheld_variables))
            self._withheld_variables = ()
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return outcome

    def _compute_environment_string(self, raw_environment_out=None):
        """ActionBase's, without the variables carried as module arguments (see carried_as_arguments)."""
        environment = {}
        prefix = super(InProcessAction, self)._compute_environment_string(environment)
        if not self._withheld_variables:
            kept = environment
        else:
            kept = dict((name, value) for name, value in environment.items() if name not in self._withheld_variables)
            prefix = self._connection._shell.env_prefix(**kept)
        if isinstance(raw_environment_out, dict):
            raw_environment_out.clear()
            raw_environment_out.update(kept)
        return prefix

    def _run_in_process(self, host):
        environment = {}
        self._compute_environment_string(environment)   # the task's environment: as the module path merges it
        with process_environment(environment):
            return run_stand_in(lambda module: run_module(module, type(self).logic), argument_spec(**self.module_spec),
                                as_module_receives(self._task.args), self._task.resolved_action,
                                check_mode=self._task.check_mode, host=host)
