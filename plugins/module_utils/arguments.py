# -*- coding: utf-8 -*-
# Copyright: (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks on task arguments that both paths (module process and in-process) share.

AnsibleModule turns a mapping or a list given for a string option into its text, so a
mis-indented ``name:`` would create a role literally named ``{'a': 1}``. Both paths run
:func:`structures_given_as_strings` on the arguments as the task gave them and fail
before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


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
