# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The permission table's shape: its JSON schema, the row's argument spec, and validation.

A table is a list of rows ``{module, function, add, edit, delete, inquire,
customize_allow}`` (the format vendors publish, see roles/acct_sync). This file changes when
that format does; matching a table to a PSA is _permissions.py, its words are _steps.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import shown, unsafe_character

try:
    import jsonschema
    HAS_JSONSCHEMA = True
except ImportError:  # pragma: no cover - reported by the modules with missing_required_lib
    HAS_JSONSCHEMA = False

LEVELS = ('add', 'edit', 'delete', 'inquire')
LEVEL_LABELS = {'add': 'Add Level', 'edit': 'Edit Level', 'delete': 'Delete Level', 'inquire': 'Inquire Level'}
LEVEL_VALUES = ('None', 'My', 'All')
_LEVEL_ALIASES = {'none': 'None', 'my': 'My', 'mine': 'My', 'all': 'All'}

# The one schema of a permission table; the role validates its variables with it too
# (plugins/filter/psa.py, filter permission_table_errors).
_LEVEL_SCHEMA = {'description': 'None, My (UI "Mine") or All; left out means None',
                 'anyOf': [{'type': 'null'},
                           {'type': 'string', 'pattern': r'^\s*([Nn][Oo][Nn][Ee]|[Mm][Yy]|[Mm][Ii][Nn][Ee]|[Aa][Ll][Ll])\s*$'}]}
PERMISSION_TABLE_SCHEMA = {
    '$schema': 'https://json-schema.org/draft/2020-12/schema',
    'title': 'ConnectWise PSA security role permission table',
    'type': 'array',
    'items': {
        'type': 'object',
        'required': ['module', 'function'],
        'additionalProperties': False,
        'properties': {
            'module': {'type': 'string', 'minLength': 1, 'maxLength': 100},
            'function': {'type': 'string', 'minLength': 1, 'maxLength': 100},
            'add': _LEVEL_SCHEMA,
            'edit': _LEVEL_SCHEMA,
            'delete': _LEVEL_SCHEMA,
            'inquire': _LEVEL_SCHEMA,
            'customize_allow': {'type': ['array', 'null'],
                                'items': {'type': 'string', 'minLength': 1, 'maxLength': 200}},
        },
    },
}

# Ansible argument spec of one row of cw_security_role.permissions (cw_api_key relies on the schema alone).
ROW_OPTIONS = dict(
    module=dict(type='str', required=True),
    function=dict(type='str', required=True),
    add=dict(type='str'),
    edit=dict(type='str'),
    delete=dict(type='str'),
    inquire=dict(type='str'),
    customize_allow=dict(type='list', elements='str'),
)


class PermissionTableError(InputError):
    """The table cannot be used as it is; the text names the row and the fix."""


def customize_item_key(text):
    """Lenient key of a Customize item: case, spacing and spaces around '/' ignored."""
    parts = [re.sub(r'\s+', ' ', part).strip().lower() for part in (text or '').split('/')]
    return '/'.join(parts)


def normalise_level(value, where):
    if value is None:
        return 'None'
    level = _LEVEL_ALIASES.get(str(value).strip().lower())
    if level is None:
        raise PermissionTableError('%s: level %r is not one of None, My (or Mine), All' % (where, value))
    return level


def _row_label(index, row):
    return 'permissions[%d] (%s / %s)' % (index, row.get('module'), row.get('function'))


# A table's error names at most this many problems, then how many more there are.
PROBLEMS_SHOWN = 20


def table_error(problems):
    """One PermissionTableError for ``problems``: the first 20 of them and the count of the rest."""
    text = '; '.join(problems[:PROBLEMS_SHOWN])
    if len(problems) > PROBLEMS_SHOWN:
        text += '; and %d more problem(s) not shown' % (len(problems) - PROBLEMS_SHOWN)
    return PermissionTableError(text)


def validate_table(rows, option='permissions'):
    """Check the shape with the JSON schema; return rows with levels normalised.

    Raises PermissionTableError naming the row and the field.
    """
    if not HAS_JSONSCHEMA:
        raise PermissionTableError('the Python library jsonschema is required on the controller: '
                                   'pip install jsonschema')
    rows = rows or []
    validator = jsonschema.Draft202012Validator(PERMISSION_TABLE_SCHEMA)
    errors = sorted(validator.iter_errors(rows), key=lambda error: list(error.absolute_path))
    if errors:
        raise table_error(['%s%s: %s' % (option, ''.join('[%s]' % part if isinstance(part, int) else '.%s' % part
                                                         for part in error.absolute_path), _schema_message(error))
                           for error in errors])
    table, problems = [], []
    for index, row in enumerate(rows):
        where = _row_label(index, row).replace('permissions', option, 1)
        for field in ('module', 'function'):
            problems.extend(_name_problems('%s[%d].%s' % (option, index, field), row[field]))
        entry = {'module': row['module'].strip(), 'function': row['function'].strip(), 'index': index}
        for level in LEVELS:
            entry[level] = normalise_level(row.get(level), '%s.%s' % (where, level))
        entry['customize_allow'] = _customize_items(option, index, row.get('customize_allow') or [], problems)
        table.append(entry)
    if problems:
        raise table_error(problems)
    return table


def _name_problems(where, text):
    if not text.strip():
        return ['%s: blank: give the name the PSA shows' % where]
    unsafe = unsafe_character(text)
    return ['%s %s contains %s; remove it' % (where, shown(text), unsafe)] if unsafe else []


def _customize_items(option, index, items, problems):
    """The row's Customize items stripped; blank, unsafe and duplicate (case-insensitive) ones are problems."""
    kept, seen = [], {}
    for position, item in enumerate(items):
        where = '%s[%d].customize_allow[%d]' % (option, index, position)
        found = _name_problems(where, item)
        if not found and customize_item_key(item) in seen:
            found = ['%s %s is the same item as customize_allow[%d] (case and spacing aside); list each item once'
                     % (where, shown(item.strip()), seen[customize_item_key(item)])]
        problems.extend(found)
        if not found:
            seen[customize_item_key(item)] = position
            kept.append(item.strip())
    return kept


def _schema_message(error):
    if error.validator == 'additionalProperties':
        return '%s; allowed keys are module, function, add, edit, delete, inquire, customize_allow' % error.message
    if error.validator == 'anyOf':
        return '%r is not a level: use None, My (or Mine) or All' % (error.instance,)
    return error.message
