# -*- coding: utf-8 -*-
"""The permission-table model against the representative settings catalogue."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os

import pytest
import yaml

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TABLES = os.path.join(ROOT, 'data', 'permission-tables')
CATALOGUE = os.path.join(ROOT, 'simulator', 'data', 'settings-catalog.json')


def load_table(name):
    with open(os.path.join(TABLES, name)) as stream:
        return yaml.safe_load(stream)['permissions']


@pytest.fixture
def catalogue():
    with open(CATALOGUE) as stream:
        settings = json.load(stream)['settings']
    for number, setting in enumerate(settings):
        setting.update(id=number + 1, addLevel='None', editLevel='None', deleteLevel='None', inquireLevel='None')
    return model.Catalogue(settings)


ALL_TABLES = sorted(os.path.relpath(path, TABLES) for path in glob.glob(os.path.join(TABLES, '**', '*.yml'), recursive=True))
VALID_TABLES = [name for name in ALL_TABLES if 'ncentral_as_published' not in name]


@pytest.mark.parametrize('name', VALID_TABLES)
def test_every_vendor_table_resolves_and_drifts_from_a_new_role(name, catalogue):
    table = model.validate_table(load_table(name))
    resolved = model.resolve(table, catalogue)
    assert len(resolved) == len(table)
    rows = model.drift(resolved, catalogue)
    granted = sum(1 for row in table for level in model.LEVELS if row[level] != 'None')
    assert len(rows) == granted
    steps = model.level_steps('Role', rows)
    granted_rows = sum(1 for row in table if any(row[level] != 'None' for level in model.LEVELS))
    assert len(steps) == granted_rows and all(step.startswith('System > Security Roles > "Role" > ') for step in steps)


def test_as_published_spelling_is_refused_with_suggestion(catalogue):
    table = model.validate_table(load_table('more/ncentral_as_published.yml'))
    with pytest.raises(model.PermissionTableError) as caught:
        model.resolve(table, catalogue)
    message = str(caught.value)
    assert 'Close Service Ticket' in message and 'did you mean "Service Desk / Close Service Tickets"' in message
    assert 'Time and Expense' not in message     # "and" for "&" is accepted


def test_misspelt_function_suggests_the_real_one(catalogue):
    table = model.validate_table([{'module': 'Time & Expenses', 'function': 'Time Entrys', 'inquire': 'All'}])
    with pytest.raises(model.PermissionTableError, match=r'permissions\[0\].*did you mean "Time & Expense / Time Entry"'):
        model.resolve(table, catalogue)


def test_lenient_names_and_identifiers(catalogue):
    rows = [{'module': 'time AND expense', 'function': 'time-entry'},
            {'module': 'ServiceDesk', 'function': 'ServiceDeskMergeTickets'},
            {'module': 'FINANCE', 'function': 'accounting   interface'}]
    resolved = model.resolve(model.validate_table(rows), catalogue)
    assert [setting['moduleFunctionName'] for _row, setting in resolved] == [
        'Time Entry', 'Merge Tickets', 'Accounting Interface']


def test_duplicate_rows_fail(catalogue):
    rows = [{'module': 'Finance', 'function': 'Invoicing'}, {'module': 'finance', 'function': 'INVOICING'}]
    with pytest.raises(model.PermissionTableError, match=r'permissions\[1\].*same function as permissions\[0\]'):
        model.resolve(model.validate_table(rows), catalogue)


@pytest.mark.parametrize('rows, message', [
    ([{'module': 'Finance'}], "'function' is a required property"),
    ([{'module': 'Finance', 'function': 'Invoicing', 'add': 'Some'}], 'not a level'),
    ([{'module': 'Finance', 'function': 'Invoicing', 'admin': 'All'}], 'allowed keys are'),
    ([{'module': 'Finance', 'function': 'Invoicing', 'customize_allow': 'GL'}], "is not of type 'array', 'null'"),
    ([{'module': '', 'function': 'Invoicing'}], 'should be non-empty'),
    ('Finance', "is not of type 'array'"),
])
def test_schema_refusals_name_the_row(rows, message):
    with pytest.raises(model.PermissionTableError) as caught:
        model.validate_table(rows)
    assert message in str(caught.value)
    assert str(caught.value).startswith('permissions')


def test_levels_normalised_mine_and_none():
    table = model.validate_table([{'module': 'm', 'function': 'f', 'add': 'mine', 'edit': None, 'delete': 'ALL'}])
    assert (table[0]['add'], table[0]['edit'], table[0]['delete'], table[0]['inquire']) == ('My', 'None', 'All', 'None')


def test_exclusive_flags_unlisted_grants(catalogue):
    extra = catalogue.find('Finance', 'Invoicing')
    extra['addLevel'] = 'All'
    table = model.validate_table([{'module': 'Finance', 'function': 'Accounting Interface'}])
    resolved = model.resolve(table, catalogue)
    assert model.drift(resolved, catalogue, exclusive=False) == []
    rows = model.drift(resolved, catalogue, exclusive=True)
    assert rows == [{'module': 'Finance', 'function': 'Invoicing', 'level': 'add', 'current': 'All', 'desired': 'None'}]
    assert model.level_steps('R', rows) == ['System > Security Roles > "R" > Finance > Invoicing: Add None (now All)']


def test_one_step_per_function_row_with_every_level_and_its_current_value():
    rows = [{'module': 'Finance', 'function': 'Accounting Interface', 'level': level, 'current': 'None', 'desired': 'All'}
            for level in model.LEVELS]
    rows += [{'module': 'Finance', 'function': 'Invoicing', 'level': 'edit', 'current': 'My', 'desired': 'All'},
             {'module': 'Finance', 'function': 'Invoicing', 'level': 'inquire', 'current': 'None', 'desired': 'All'}]
    assert model.level_steps('Acct Sync API', rows) == [
        'System > Security Roles > "Acct Sync API" > Finance > Accounting Interface: '
        'Add All, Edit All, Delete All, Inquire All (now None, None, None, None)',
        'System > Security Roles > "Acct Sync API" > Finance > Invoicing: Edit All, Inquire All (now My, None)']


def test_one_customize_step_per_function_with_every_item():
    assert model.customize_step('R', 'System', 'Table Setup', ['General Ledger / GL Accounts', 'Invoicing / Billing Terms']) == (
        'System > Security Roles > "R" > System > Table Setup: click Customize and tick "General Ledger / GL Accounts", '
        '"Invoicing / Billing Terms" under "Allow access to these", then Save')
    assert model.customize_step('R', 'Finance', 'Reports', ['A'], ['B', 'C']) == (
        'System > Security Roles > "R" > Finance > Reports: click Customize and tick "A" and untick "B", "C" under '
        '"Allow access to these", then Save')


def test_drift_follows_screen_order(catalogue):
    table = model.validate_table(load_table('acct_sync.yml'))
    rows = model.drift(model.resolve(table, catalogue), catalogue)
    modules = [row['module'] for row in rows]
    assert modules == sorted(modules)
    assert rows[0]['module'] == 'Companies'


def test_customize_item_matching_rule():
    assert model.customize_item_key('General Ledger / GL Accounts') == model.customize_item_key('general ledger/GL  accounts')
    assert model.customize_item_key('Invoicing / Billing Terms') != model.customize_item_key('Invoicing / Billing Term')
    assert model.customize_function('SystemTableSetup') == ('System', 'Table Setup')
    assert model.customize_function('TimeAndExpenseReports') == ('Time & Expense', 'Reports')
