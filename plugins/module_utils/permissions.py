# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The permission-table model: validate, match to the live catalogue, diff, manual steps.

A table is a list of rows ``{module, function, add, edit, delete, inquire,
customize_allow}`` (the format vendors publish, see roles/acct_sync). The
security role module compares it with a role's settings; the API key module compares
it with what the member's own key sees (``/system/mySecurity``). The PSA cannot write
levels, so every difference becomes a step a person follows in the web UI.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import difflib
import re

from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError
from ansible_collections.msp.connectwise_psa.plugins.module_utils.conditions import shown, unsafe_character

try:
    import jsonschema
    HAS_JSONSCHEMA = True
except ImportError:  # pragma: no cover - reported by the modules with missing_required_lib
    HAS_JSONSCHEMA = False

LEVELS = ('add', 'edit', 'delete', 'inquire')
LEVEL_FIELDS = dict((level, level + 'Level') for level in LEVELS)
LEVEL_LABELS = {'add': 'Add Level', 'edit': 'Edit Level', 'delete': 'Delete Level', 'inquire': 'Inquire Level'}
LEVEL_VALUES = ('None', 'My', 'All')
_LEVEL_ALIASES = {'none': 'None', 'my': 'My', 'mine': 'My', 'all': 'All'}
SETTING_FIELDS = ('id', 'moduleName', 'moduleIdentifier', 'moduleFunctionName', 'moduleFunctionIdentifier',
                  'customFlag', 'sortOrder', 'addLevel', 'editLevel', 'deleteLevel', 'inquireLevel')

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

# The contract's MySecurityCustomizeItem.customizeIdentifier enum, with the function each
# Customize list belongs to (UI labels); matched leniently like every name.
CUSTOMIZE_FUNCTIONS = {
    'CompanyReports': ('Companies', 'Reports'),
    'FinanceReports': ('Finance', 'Reports'),
    'MarketingReports': ('Marketing', 'Reports'),
    'ProcurementReports': ('Procurement', 'Reports'),
    'ProjectReports': ('Project', 'Reports'),
    'SalesReports': ('Sales', 'Reports'),
    'ServiceReports': ('Service Desk', 'Reports'),
    'SystemReports': ('System', 'Reports'),
    'TimeAndExpenseReports': ('Time & Expense', 'Reports'),
    'CompanyConfigurations': ('Companies', 'Configurations'),
    'FinanceAgreements': ('Finance', 'Agreements'),
    'ProjectScheduling': ('Project', 'Project Scheduling'),
    'ServiceResourceScheduling': ('Service Desk', 'Resource Scheduling'),
    'SystemManageHostedApi': ('System', 'Manage Hosted API'),
    'SystemMyAccount': ('System', 'My Account'),
    'SystemCustomMenuEntry': ('System', 'Custom Menu Entry'),
    'SystemMassMaintenance': ('System', 'Mass Maintenance'),
    'SystemTableSetup': ('System', 'Table Setup'),
}


class PermissionTableError(InputError):
    """The table cannot be used as it is; the text names the row and the fix."""


def name_key(text):
    """Lenient key of a UI label or identifier: case, spacing, punctuation and '&'/'and' ignored."""
    text = (text or '').lower().replace('&', ' ')
    text = re.sub(r'\band\b', ' ', text)
    return re.sub(r'[^a-z0-9]', '', text)


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


class Catalogue(object):
    """The live settings (a role's or the caller's), indexed by lenient names."""

    def __init__(self, settings):
        self.settings = list(settings)
        self._by_key = {}
        for setting in self.settings:
            for module in _module_keys(setting):
                for function in _function_keys(setting):
                    self._by_key.setdefault((module, function), setting)

    def label(self, setting):
        return '%s / %s' % (setting.get('moduleName'), setting.get('moduleFunctionName'))

    def find(self, module, function):
        return self._by_key.get((name_key(module), name_key(function)))

    def suggestions(self, module, function, count=3):
        labels = dict((name_key(self.label(s)), self.label(s)) for s in self.settings)
        wanted = name_key('%s / %s' % (module, function))
        close = difflib.get_close_matches(wanted, list(labels), n=count, cutoff=0.6)
        if not close:   # a right module with a wrong function: offer that module's functions
            close = [key for key, label in labels.items()
                     if name_key(label.split(' / ')[0]) == name_key(module)][:count]
        return [labels[key] for key in close]


def _module_keys(setting):
    return set(key for key in (name_key(setting.get('moduleName')), name_key(setting.get('moduleIdentifier'))) if key)


def _function_keys(setting):
    keys = set([name_key(setting.get('moduleFunctionName')), name_key(setting.get('moduleFunctionIdentifier'))])
    identifier, prefix = name_key(setting.get('moduleFunctionIdentifier')), name_key(setting.get('moduleIdentifier'))
    if identifier and prefix and identifier.startswith(prefix):
        keys.add(identifier[len(prefix):])
    return set(key for key in keys if key)


def resolve(table, catalogue, option='permissions'):
    """Pair every row with its live setting; unknown or duplicate rows fail with suggestions."""
    problems, seen, resolved = [], {}, []
    for row in table:
        where = '%s[%d]' % (option, row['index'])
        setting = catalogue.find(row['module'], row['function'])
        if setting is None:
            hint = catalogue.suggestions(row['module'], row['function'])
            problems.append('%s: no function "%s / %s" in this PSA%s' % (
                where, row['module'], row['function'],
                '; did you mean %s?' % ' or '.join('"%s"' % label for label in hint) if hint else ''))
            continue
        identity = setting.get('id') if setting.get('id') is not None else catalogue.label(setting)
        if identity in seen:
            problems.append('%s: "%s / %s" is the same function as %s[%d]; list each function once' % (
                where, row['module'], row['function'], option, seen[identity]))
            continue
        seen[identity] = row['index']
        if row['customize_allow'] and setting.get('customFlag') is False:
            problems.append('%s: "%s" has no Customize list in this PSA (its settings say customFlag false), so '
                            'customize_allow cannot be set there; remove customize_allow from that row'
                            % (where, catalogue.label(setting)))
            continue
        resolved.append((row, setting))
    if problems:
        raise table_error(problems)
    return resolved


def live_level(setting, level):
    return setting.get(LEVEL_FIELDS[level]) or 'None'


def drift(resolved, catalogue, exclusive=True):
    """Rows ``{module, function, level, current, desired}`` where live levels differ.

    With ``exclusive`` every function the table does not list must be None everywhere.
    Ordered like the PSA screen: by module, then the function's sort order.
    """
    rows = []
    listed = set()
    for wanted, setting in resolved:
        listed.add(id(setting))
        rows.extend(_setting_drift(setting, dict((level, wanted[level]) for level in LEVELS)))
    if exclusive:
        for setting in catalogue.settings:
            if id(setting) not in listed:
                rows.extend(_setting_drift(setting, dict((level, 'None') for level in LEVELS)))
    rows.sort(key=lambda row: (row.pop('_order'), LEVELS.index(row['level'])))
    return rows


def screen_order(setting):
    """Where the PSA screen shows a function: by module, then the function's sort order."""
    return (setting.get('moduleName') or '', setting.get('sortOrder') or 0, setting.get('moduleFunctionName') or '')


def _setting_drift(setting, desired):
    order = screen_order(setting)
    return [{'module': setting.get('moduleName'), 'function': setting.get('moduleFunctionName'),
             'level': level, 'current': live_level(setting, level), 'desired': desired[level], '_order': order}
            for level in LEVELS if live_level(setting, level) != desired[level]]


def role_screen(role_name):
    """Where a role's permission table is in the PSA web UI (the start of every role step)."""
    return 'System > Security Roles > "%s"' % role_name


def function_step(role_name, module, function, levels):
    """The one step of a function row: every level to set on it, then their current values.

    ``levels`` is ``[(level, desired, current)]`` in screen order (Add, Edit, Delete, Inquire),
    e.g. ``... > Finance > Accounting Interface: Add All, Edit All (now None, None)``.
    """
    wanted = ', '.join('%s %s' % (level.capitalize(), desired) for level, desired, _current in levels)
    now = ', '.join(current for _level, _desired, current in levels)
    return '%s > %s > %s: %s (now %s)' % (role_screen(role_name), module, function, wanted, now)


def granted(setting):
    """Whether a setting grants any level (a table lists only those functions)."""
    return any(live_level(setting, level) != 'None' for level in LEVELS)


def table_from_settings(settings):
    """A role's settings as a permission table: the inverse of ``resolve``.

    One row per function with a level other than None, in screen order, with the labels
    the PSA shows and every level spelt out, so under ``exclusive`` the table verifies
    exactly the role it was read from. Customize allow-lists are not in the settings
    (no request reads them for a role), so rows carry no ``customize_allow``.
    """
    rows = []
    for setting in sorted((s for s in settings if granted(s)), key=screen_order):
        row = {'module': setting.get('moduleName') or setting.get('moduleIdentifier'),
               'function': setting.get('moduleFunctionName') or setting.get('moduleFunctionIdentifier')}
        row.update((level, live_level(setting, level)) for level in LEVELS)
        rows.append(row)
    return rows


def level_steps(role_name, drift_rows):
    """One UI step per function row that differs (all its levels at once), in screen order."""
    rows = []
    for row in drift_rows:
        if rows and (rows[-1][0], rows[-1][1]) == (row['module'], row['function']):
            rows[-1][2].append((row['level'], row['desired'], row['current']))
        else:
            rows.append((row['module'], row['function'], [(row['level'], row['desired'], row['current'])]))
    return [function_step(role_name, module, function, levels) for module, function, levels in rows]


def customize_rows(resolved):
    """The rows that carry a Customize allow-list: ``[(row, setting)]``."""
    return [(row, setting) for row, setting in resolved if row['customize_allow']]


def customize_step(role_name, module, function, tick=(), untick=()):
    """The one step of a function's Customize list: every item to tick and to untick there."""
    changes = ['%s %s' % (verb, ', '.join('"%s"' % item for item in items))
               for verb, items in (('tick', tick), ('untick', untick)) if items]
    return ('%s > %s > %s: click Customize and %s under "Allow access to these", then Save'
            % (role_screen(role_name), module, function, ' and '.join(changes)))


def customize_function(identifier):
    """The ``(module, function)`` UI labels of a customizeIdentifier, or None for one the collection does not know."""
    return CUSTOMIZE_FUNCTIONS.get(identifier) if isinstance(identifier, str) else None


# The vendor publishes no format for MySecurityCustomizeItem.itemIdentifier. The collection
# reads an item only in the form of the UI's label: Table Setup items as "Category / Table"
# (how the UI and every vendor's setup guide name them), other lists' items as a label with
# letters. Anything else (a bare number, an empty text, a list it does not know) is returned
# verbatim as unrecognised rather than guessed at.
_TABLE_SETUP_ITEM = re.compile(r'^[^/]*[A-Za-z][^/]*(/[^/]*[A-Za-z][^/]*)+$')
_LABEL_ITEM = re.compile(r'[A-Za-z]')


def customize_item_readable(identifier, item):
    """Whether an item the API returned is in a form the collection reads as a UI label."""
    if customize_function(identifier) is None or not isinstance(item, str):
        return False
    form = _TABLE_SETUP_ITEM if identifier == 'SystemTableSetup' else _LABEL_ITEM
    return bool(form.search(item.strip()))


def customize_unconfigured_step(role_name, module, function, items):
    return ('%s > %s > %s: click Customize and allow exactly %s under "Allow access '
            'to these", then Save (the key sees no item of this list: none is set, or the list is empty)'
            % (role_screen(role_name), module, function, ', '.join('"%s"' % item for item in items)))


def customize_unrecognised_step(role_name, module, function, customize_identifier, item):
    """The step for an item the collection cannot read: name it exactly as the API returned it."""
    if module is None:
        return ('%s: the API returns Customize item %s of list %s, which the collection '
                'cannot place; find it under the Customize of that function and untick it unless the table grants it'
                % (role_screen(role_name), _verbatim(item), _verbatim(customize_identifier)))
    return ('%s > %s > %s: click Customize and untick the item the API returns as %s '
            '(a form the collection cannot read) unless it is one of the table\'s items, then Save'
            % (role_screen(role_name), module, function, _verbatim(item)))


def _verbatim(value):
    return '"%s"' % value if isinstance(value, str) else repr(value)
