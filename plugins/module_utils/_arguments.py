# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Argument checking both paths share, and the AnsibleModule the module process runs.

AnsibleModule turns a mapping or a list given for a string option into its text, so a
mis-indented ``name:`` would create a role literally named ``{'a': 1}``. The driver
(runner.run_module) runs :func:`structures_given_as_strings` on the arguments as the task
gave them and fails before any request. An argument error is worded by
:func:`validation_failure` on both paths: :class:`ModuleNamingOptions` in the module
process, the action plugin's stand-in (plugin_utils/_action_module.py) in-process.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
from contextlib import contextmanager

from ansible.module_utils.basic import AnsibleModule, _load_params
from ansible.module_utils.common import arg_spec
from ansible.module_utils.errors import NoLogError, UnsupportedError

# The action plugin puts the inventory host here for the module process (it cannot rename
# the warnings of an async task, whose result comes from async_status, nor, on ansible-core
# 2.21, any module warning: its DeferredWarningContext records them before the action sees them).
HOST_VARIABLE = 'CW_PSA_INVENTORY_HOST'


def host_named(message, host):
    """``message`` starting ``<host>: `` (once): Ansible prints an identical warning only once,
    so two tenants with the same drift would otherwise share one line."""
    prefix = '%s: ' % host if host else ''
    return message if message.startswith(prefix) else prefix + message


ALIAS_CONFLICT = 'Both option {option} and its alias {alias} are set.'   # ModuleArgumentSpecValidator's words


def validation_failure(errors, module_name):
    """The message AnsibleModule fails with (its first error), but never the no_log scan's
    echo of a type error (``dictionary requested, could not parse JSON or key=value`` for
    ``permissions: Finance``): it names no option, and the type error after it does."""
    error = next((error for error in errors.errors if not isinstance(error, NoLogError)), errors.errors[0])
    if isinstance(error, UnsupportedError):
        return 'Unsupported parameters for (%s) module: %s' % (module_name, error.args[0])
    return error.args[0]


@contextmanager
def _validation_warnings_named(host):
    """ModuleArgumentSpecValidator warns through the name ``warn`` of its own module
    (ansible.module_utils.common.arg_spec, so on ansible-core 2.16, 2.19 and 2.21), not through
    AnsibleModule.warn: name the host there too, while AnsibleModule checks the arguments."""
    original = getattr(arg_spec, 'warn', None)
    if not host or original is None:
        yield
        return
    arg_spec.warn = lambda warning, *args, **kwargs: original(host_named(warning, host), *args, **kwargs)
    try:
        yield
    finally:
        arg_spec.warn = original


class ModuleNamingOptions(AnsibleModule):
    """The module process's AnsibleModule: fails a bad argument with :func:`validation_failure`'s
    message and starts every warning with the inventory host (HOST_VARIABLE), at the source."""

    def __init__(self, *args, **kwargs):
        self._arguments_checked = False
        self.inventory_host = os.environ.get(HOST_VARIABLE)
        with _validation_warnings_named(self.inventory_host):
            super(ModuleNamingOptions, self).__init__(*args, **kwargs)
        self._arguments_checked = True

    @property
    def arguments_as_given(self):
        """The arguments before AnsibleModule made text of them (its cached _load_params, 2.16 to 2.21)."""
        return _load_params()

    def warn(self, warning, *args, **kwargs):
        super(ModuleNamingOptions, self).warn(host_named(warning, self.inventory_host), *args, **kwargs)

    def fail_json(self, msg, **kwargs):
        result = getattr(self, 'validation_result', None)
        if not self._arguments_checked and result is not None and result.error_messages:
            msg = validation_failure(result.errors, self._name)
        super(ModuleNamingOptions, self).fail_json(msg=msg, **kwargs)


def _kind(value):
    return 'mapping' if isinstance(value, dict) else 'list'


def structures_given_as_strings(spec, params, context=''):
    """One message per string option (sub-options and list elements too) given a mapping or a list."""
    messages = []
    for name, option in spec.items():
        wanted = option.get('type', 'str')
        for key in [name] + list(option.get('aliases') or []):
            if not isinstance(params, dict) or key not in params:
                continue
            value, where = params[key], context + key
            if wanted == 'str' and isinstance(value, (dict, list)):
                messages.append('%s must be a string, got a %s: quote it or fix the indentation' % (where, _kind(value)))
            elif wanted == 'list' and isinstance(value, list) and option.get('elements') in ('str', 'dict'):
                for index, item in enumerate(value):
                    item_name = '%s[%d]' % (where, index)
                    if option['elements'] == 'str' and isinstance(item, (dict, list)):
                        messages.append('%s must be a string, got a %s: quote it or fix the indentation'
                                        % (item_name, _kind(item)))
                    elif option.get('options'):
                        messages.extend(structures_given_as_strings(option['options'], item, item_name + '.'))
            elif wanted == 'dict' and option.get('options'):
                messages.extend(structures_given_as_strings(option['options'], value, where + '.'))
    return messages
