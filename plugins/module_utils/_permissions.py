# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The permission-table model: match a table to the live catalogue, diff it, read Customize items.

The security role module compares a table with a role's settings; the API key module compares
it with what the member's own key sees (``/system/mySecurity``). The PSA cannot write levels,
so every difference becomes a step a person follows in the web UI (records and words in
_steps.py). The table's schema and validation are in _permission_schema.py; their names are
re-exported here, so ``permissions`` stays the one import of the logic modules.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import difflib
import re

# Re-exported: the table's shape, and the words of its steps (the posture audit and the tests use them).
from ansible_collections.msp.connectwise_psa.plugins.module_utils._permission_schema import (  # noqa: F401 pylint: disable=unused-import
    HAS_JSONSCHEMA, LEVEL_LABELS, LEVEL_VALUES, LEVELS, PERMISSION_TABLE_SCHEMA, PROBLEMS_SHOWN, ROW_OPTIONS,
    PermissionTableError, customize_item_key, normalise_level, table_error, validate_table)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._steps import (  # noqa: F401 pylint: disable=unused-import
    customize_step, customize_unconfigured_step, customize_unrecognised_step, function_step, level_steps,
    role_screen)

LEVEL_FIELDS = dict((level, level + 'Level') for level in LEVELS)
SETTING_FIELDS = ('id', 'moduleName', 'moduleIdentifier', 'moduleFunctionName', 'moduleFunctionIdentifier',
                  'customFlag', 'sortOrder', 'addLevel', 'editLevel', 'deleteLevel', 'inquireLevel')

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


def name_key(text):
    """Lenient key of a UI label or identifier: case, spacing, punctuation and '&'/'and' ignored."""
    text = (text or '').lower().replace('&', ' ')
    text = re.sub(r'\band\b', ' ', text)
    return re.sub(r'[^a-z0-9]', '', text)


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


def customize_rows(resolved):
    """The rows that carry a Customize allow-list: ``[(row, setting)]``."""
    return [(row, setting) for row, setting in resolved if row['customize_allow']]


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
