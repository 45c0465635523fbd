# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks on task arguments that both paths (module process and in-process) share.

AnsibleModule turns a mapping or a list given for a string option into its text, so a
mis-indented ``name:`` would create a role literally named ``{'a': 1}``. Both paths run
:func:`structures_given_as_strings` on the arguments as the task gave them and fail
before any request. Both report an argument error with :func:`validation_failure`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.errors import NoLogError, UnsupportedError


def validation_failure(errors, module_name):
    """The message AnsibleModule fails with (its first error), but never the no_log scan's
    echo of a type error (``dictionary requested, could not parse JSON or key=value`` for
    ``permissions: Finance``): it names no option, and the type error after it does."""
    error = next((error for error in errors.errors if not isinstance(error, NoLogError)), errors.errors[0])
    if isinstance(error, UnsupportedError):
        return 'Unsupported parameters for (%s) module: %s' % (module_name, error.args[0])
    return error.args[0]


class ModuleNamingOptions(AnsibleModule):
    """AnsibleModule that fails a bad argument with :func:`validation_failure`'s message."""

    def __init__(self, *args, **kwargs):
        self._arguments_checked = False
        super(ModuleNamingOptions, self).__init__(*args, **kwargs)
        self._arguments_checked = True

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
