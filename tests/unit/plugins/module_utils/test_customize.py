# -*- coding: utf-8 -*-
"""The Customize allow-list compared both ways (cw_api_key), against the settings catalogue."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _api_key as api_key
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CATALOGUE = os.path.join(ROOT, 'simulator', 'data', 'settings-catalog.json')
TABLE = [{'module': 'Finance', 'function': 'Invoicing', 'inquire': 'All'},
         {'module': 'Finance', 'function': 'Reports', 'inquire': 'All'},
         {'module': 'System', 'function': 'Table Setup', 'inquire': 'All',
          'customize_allow': ['General Ledger / GL Accounts', 'Invoicing / Billing Terms']}]
GRANTED = [{'customizeIdentifier': 'SystemTableSetup', 'itemIdentifier': 'General Ledger/GL Accounts'},
           {'customizeIdentifier': 'SystemTableSetup', 'itemIdentifier': 'invoicing/billing  terms'}]


@pytest.fixture
def catalogue():
    with open(CATALOGUE) as stream:
        settings = json.load(stream)['settings']
    for number, setting in enumerate(settings):
        setting.update(id=number + 1, addLevel='None', editLevel='None', deleteLevel='None', inquireLevel='None')
    return model.Catalogue(settings)


def compare(catalogue, items, table=None):
    resolved = model.resolve(model.validate_table(table or TABLE), catalogue)
    return api_key.compare_customize(resolved, catalogue, items)


def item(text, identifier='SystemTableSetup'):
    return {'customizeIdentifier': identifier, 'itemIdentifier': text}


def test_exactly_the_table_differs_in_nothing(catalogue):
    assert compare(catalogue, GRANTED) == {'missing': [], 'extra': [], 'unrecognised': [], 'unconfigured': []}


def test_an_item_beyond_the_table_is_extra_with_a_removal_step(catalogue):
    found = compare(catalogue, GRANTED + [item('General Ledger/GL Account Mapping')])
    assert found['extra'] == [{'module': 'System', 'function': 'Table Setup', 'item': 'General Ledger/GL Account Mapping'}]
    assert found['missing'] == [] and found['unrecognised'] == []
    assert api_key.customize_steps('R', found, exclusive=True) == [
        'System > Security Roles > "R" > System > Table Setup: click Customize and untick '
        '"General Ledger/GL Account Mapping" under "Allow access to these", then Save']
    assert api_key.customize_steps('R', found, exclusive=False) == []


@pytest.mark.parametrize('text', ['42', '', '  ', 'GLAccounts', None, 17])
def test_an_item_in_a_form_nobody_published_is_returned_verbatim(catalogue, text):
    found = compare(catalogue, GRANTED + [item(text)])
    assert found['extra'] == []
    assert found['unrecognised'] == [{'module': 'System', 'function': 'Table Setup', 'customize_identifier': 'SystemTableSetup',
                                      'item': text, 'reason': 'the item is in a form the collection cannot read'}]
    step = api_key.customize_steps('R', found, exclusive=True)[0]
    assert step.startswith('System > Security Roles > "R" > System > Table Setup: click Customize and untick the item '
                           'the API returns as %s' % ('"%s"' % text if isinstance(text, str) else repr(text)))


@pytest.mark.parametrize('identifier', [None, 'SomethingNew2026'])
def test_an_item_of_a_list_the_collection_does_not_know_is_unrecognised(catalogue, identifier):
    found = compare(catalogue, GRANTED + [item('General Ledger/GL Accounts', identifier)])
    assert found['unrecognised'] == [{'module': None, 'function': None, 'customize_identifier': identifier,
                                      'item': 'General Ledger/GL Accounts',
                                      'reason': 'the collection cannot place this Customize list on a function'}]
    step = api_key.customize_steps('R', found, exclusive=True)[0]
    assert 'cannot place' in step and '"General Ledger/GL Accounts"' in step


def test_a_listed_row_without_allow_list_accepts_every_item(catalogue):
    found = compare(catalogue, GRANTED + [item('Monthly Revenue', 'FinanceReports'), item('7', 'FinanceReports')])
    assert found == {'missing': [], 'extra': [], 'unrecognised': [], 'unconfigured': []}


def test_items_of_a_function_the_table_does_not_list_are_extra(catalogue):
    found = compare(catalogue, GRANTED + [item('Open Tickets', 'ServiceReports')])
    assert found['extra'] == [{'module': 'Service Desk', 'function': 'Reports', 'item': 'Open Tickets'}]


def test_no_item_of_a_list_the_table_asks_for_is_unconfigured_and_missing(catalogue):
    found = compare(catalogue, [item('Open Tickets', 'ServiceReports')])
    assert [entry['item'] for entry in found['missing']] == ['General Ledger / GL Accounts', 'Invoicing / Billing Terms']
    assert found['unconfigured'] == [{'module': 'System', 'function': 'Table Setup',
                                      'items': ['General Ledger / GL Accounts', 'Invoicing / Billing Terms']}]
    steps = api_key.customize_steps('R', found, exclusive=False)
    # One step for the function's list: "allow exactly" already covers the items missing there.
    assert steps == [('System > Security Roles > "R" > System > Table Setup: click Customize and allow exactly '
                      '"General Ledger / GL Accounts", "Invoicing / Billing Terms" under "Allow access to these", then '
                      'Save (the key sees no item of this list: none is set, or the list is empty)')]


def test_one_step_per_function_with_every_item_to_tick_and_untick(catalogue):
    found = compare(catalogue, [item('General Ledger / GL Accounts'), item('Products/UOM'), item('Agreements/Types'),
                                item('Open Tickets', 'ServiceReports')])
    assert api_key.customize_steps('R', found, exclusive=True) == [
        'System > Security Roles > "R" > System > Table Setup: click Customize and tick "Invoicing / Billing Terms" '
        'and untick "Products/UOM", "Agreements/Types" under "Allow access to these", then Save',
        'System > Security Roles > "R" > Service Desk > Reports: click Customize and untick "Open Tickets" under '
        '"Allow access to these", then Save']
    assert api_key.customize_steps('R', found, exclusive=False) == [
        'System > Security Roles > "R" > System > Table Setup: click Customize and tick "Invoicing / Billing Terms" '
        'under "Allow access to these", then Save']


def test_an_unreadable_item_still_counts_as_a_configured_list(catalogue):
    found = compare(catalogue, [item('42')])
    assert found['unconfigured'] == [] and len(found['missing']) == 2 and len(found['unrecognised']) == 1


def test_item_forms_the_collection_reads():
    assert model.customize_item_readable('SystemTableSetup', 'General Ledger / GL Accounts')
    assert model.customize_item_readable('SystemTableSetup', 'Company/Configuration Status')
    assert not model.customize_item_readable('SystemTableSetup', 'GLAccounts')
    assert not model.customize_item_readable('SystemTableSetup', '12/34')
    assert model.customize_item_readable('FinanceReports', 'Monthly Revenue')
    assert not model.customize_item_readable('FinanceReports', '1234')
    assert not model.customize_item_readable('Unknown', 'General Ledger / GL Accounts')
    assert model.customize_function('SystemTableSetup') == ('System', 'Table Setup')
    assert model.customize_function(None) is None


def test_a_list_is_placed_by_the_functions_identifier_when_labels_differ(catalogue):
    setting = catalogue.find('System', 'Table Setup')
    renamed = [dict(s) for s in catalogue.settings if s is not setting] + [dict(setting, moduleFunctionName='Setup Tables')]
    live = model.Catalogue(renamed)
    table = [{'module': 'System', 'function': 'Setup Tables', 'inquire': 'All', 'customize_allow': ['General Ledger / GL Accounts']}]
    found = api_key.compare_customize(model.resolve(model.validate_table(table), live), live,
                                      [item('General Ledger/GL Accounts'), item('Products/UOM')])
    assert found['missing'] == [] and found['unrecognised'] == []
    assert found['extra'] == [{'module': 'System', 'function': 'Setup Tables', 'item': 'Products/UOM'}]
