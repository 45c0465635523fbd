# -*- coding: utf-8 -*-
"""Names are names, limits are the contract's, and a table error stays readable (issue 20: 2, 3, 4, 13).

Everything here is decided before any request, so plain function calls prove it; the
playbook runs of both paths are in tests/reliability/test_names_and_limits.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _api_member as api_member
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import (
    ConditionError, literal, name_option, psa_length)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import validate_name

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CATALOGUE = os.path.join(ROOT, 'simulator', 'data', 'settings-catalog.json')
LABEL = 'Business Unit'


def params(**options):
    base = dict((option, None) for option in api_member.ARGUMENT_SPEC)
    base.update(identifier='AcctSyncAPI', state='present')
    base.update(options)
    return base


# --- item 2: a string is always a name ------------------------------------------------------

@pytest.mark.parametrize('value', ['2', ' 2 ', '\u0663', '\u00b2', '0042', '4711'])
def test_a_string_of_digits_is_a_name(value):
    assert api_member.reference('business_unit', LABEL, value) == ('name', value.strip())


@pytest.mark.parametrize('value, ident', [(2, 2), ({'id': 2}, 2), ({'id': '2'}, 2), ({'id': 7, 'name': 'Services'}, 7)])
def test_an_id_is_an_integer_or_an_id_mapping(value, ident):
    assert api_member.reference('business_unit', LABEL, value) == ('id', ident)


@pytest.mark.parametrize('value, words', [
    (True, 'integer'), (1.5, 'integer'), (0, 'positive'), (-3, 'positive'), (['Services'], 'integer id'),
    ({'id': '\u0663'}, 'positive integer'), ({'id': True}, 'positive integer'), ({'id': 'Services'}, 'positive integer'),
    ({'name': 'Services'}, '{id: N}'), ({'id': 2, 'level': 1}, '{id: N}')])
def test_anything_else_is_refused_naming_the_option(value, words):
    with pytest.raises(ValueError) as caught:
        api_member.reference('business_unit', LABEL, value)
    assert 'business_unit' in str(caught.value) and words in str(caught.value)


class FakeReferences(object):
    """Resolves like the PSA would: name "2" is the record with id 4."""

    RECORDS = {('name', '2'): {'id': 4, 'name': '2'}, ('id', 2): {'id': 2, 'name': 'Services'},
               ('name', 'services'): {'id': 2, 'name': 'Services'}}

    def __init__(self):
        self.asked = []

    def resolve(self, option, path, label, wanted):
        self.asked.append((option, wanted))
        kind, value = wanted
        return self.RECORDS[(kind, value.lower() if kind == 'name' else value)]


def test_digits_resolve_by_name_and_an_integer_by_id():
    member = {'id': 9, 'name': 'Acct Sync API', 'defaultDepartment': {'id': 2, 'name': 'Services'}}
    _identifier, wanted = api_member.validate(params(business_unit='2'))
    assert api_member.desired_state('AcctSyncAPI', wanted, member, FakeReferences()) == {
        'defaultDepartment': {'id': 4, 'name': '2'}}
    # the member's department has id 2: an integer 2 is what it has, a name "2" is not
    _identifier, wanted = api_member.validate(params(business_unit=2))
    assert api_member.desired_state('AcctSyncAPI', wanted, member, FakeReferences()) == {}


# --- item 3: options left out keep the live values ------------------------------------------

def test_name_left_out_keeps_the_live_name_on_update():
    member = {'id': 9, 'identifier': 'AcctSyncAPI', 'name': 'Accounting Sync (vendor)', 'emailAddress': 'old@example.com'}
    _identifier, wanted = api_member.validate(params(email='new@example.com'))
    assert api_member.desired_state('AcctSyncAPI', wanted, member, FakeReferences()) == {'emailAddress': 'new@example.com'}


def test_name_defaults_to_the_identifier_only_on_create():
    _identifier, wanted = api_member.validate(params(email='new@example.com'))
    changes = api_member.desired_state('AcctSyncAPI', wanted, None, FakeReferences())
    assert changes == {'name': 'AcctSyncAPI', 'emailAddress': 'new@example.com'}


# --- item 4: backslashes and invisible characters ----------------------------------------------

UNSAFE = [('back\\slash', 'backslash'), ('next\u0085line', 'U+0085'), ('line\u2028sep', 'U+2028'),
          ('para\u2029sep', 'U+2029'), ('bidi\u202eoverride', 'U+202E'), ('zero\u200bwidth', 'U+200B'),
          ('tab\there', 'U+0009'), ('newline\n', 'U+000A'), ('\u2028leading', 'U+2028')]


@pytest.mark.parametrize('value, named', UNSAFE)
@pytest.mark.parametrize('check', [
    lambda value: api_member.validate(params(identifier=value)),
    lambda value: api_member.validate(params(name=value)),
    lambda value: api_member.validate(params(business_unit=value)),
    lambda value: api_member.validate(params(security_role=value)),
    validate_name,
], ids=['identifier', 'name', 'business_unit', 'security_role', 'role_name'])
def test_unsafe_characters_are_refused_naming_the_option(check, value, named):
    with pytest.raises(ValueError) as caught:
        check(value)
    message = str(caught.value)
    assert named in message and 'remove it' in message
    assert not any(char in message for char in '\u0085\u2028\u2029\u202e\u200b\t\n'), message


@pytest.mark.parametrize('value, named', UNSAFE)
def test_conditions_never_carry_them(value, named):
    with pytest.raises(ConditionError, match=named.replace('+', r'\+')):
        literal(value)


def test_the_option_is_named():
    with pytest.raises(ValueError, match=r'^territory: .*backslash'):
        api_member.validate(params(territory='Head\\Office'))


# --- item 13: empty values and the contract's maxLength -------------------------------------

@pytest.mark.parametrize('option', ['name', 'email'])
@pytest.mark.parametrize('value', ['', '   '])
def test_empty_name_and_email_are_refused(option, value):
    with pytest.raises(ValueError, match='^%s is empty: .*leave %s out' % (option, option)):
        api_member.validate(params(**{option: value}))


def test_empty_notes_clear_them():
    assert api_member.validate(params(notes=''))[1] == {'notes': ''}


@pytest.mark.parametrize('option, limit', [('security_role', 30), ('structure_level', 50), ('default_location', 50),
                                           ('security_location', 50), ('territory', 50), ('business_unit', 50),
                                           ('time_zone', 50)])
def test_reference_names_have_the_contracts_limits(option, limit):
    assert api_member.validate(params(**{option: 'x' * limit}))[1][option] == ('name', 'x' * limit)
    with pytest.raises(ValueError, match='^%s .*at most %d: shorten it' % (option, limit)):
        api_member.validate(params(**{option: 'x' * (limit + 1)}))


def test_a_huge_reference_is_refused_with_a_short_message():
    with pytest.raises(ValueError) as caught:
        api_member.validate(params(business_unit='B' * 70000))
    assert '70000 characters' in str(caught.value) and len(str(caught.value)) < 300


def test_lengths_count_as_the_psa_does():
    assert psa_length('\U0001F600') == 2   # one code point, two UTF-16 units
    name_option('identifier', '\U0001F600' * 7, 15, 'x')
    with pytest.raises(ConditionError, match='16 characters long; the PSA allows at most 15'):
        name_option('identifier', '\U0001F600' * 8, 15, 'x')


def test_the_contract_publishes_these_limits():
    with open(os.path.join(ROOT, 'simulator', 'data', 'openapi-subset.json')) as stream:
        schemas = json.load(stream)['components']['schemas']

    def limit(schema, field):
        return int(schemas[schema]['properties'][field]['description'].split('Max length:')[1].split(';')[0])
    assert (limit('ApiMember', 'identifier'), limit('ApiMember', 'name'), limit('ApiMember', 'emailAddress')) == (
        api_member.IDENTIFIER_MAX, api_member.NAME_MAX, api_member.EMAIL_MAX)
    assert limit('SecurityRole', 'name') == api_member.REFERENCE_NAME_MAX['security_role']
    for option, schema in (('default_location', 'Location'), ('business_unit', 'Department'), ('time_zone', 'TimeZoneSetup')):
        assert limit(schema, 'name') == api_member.REFERENCE_NAME_MAX[option]


# --- item 13: the permission table --------------------------------------------------------------

ROW = {'module': 'System', 'function': 'Table Setup', 'inquire': 'All'}


@pytest.mark.parametrize('items, words', [
    ([' '], 'customize_allow[0]: blank'),
    (['General Ledger / GL Accounts', ''], "customize_allow[1]: '' should be non-empty"),
    (['A', 'a'], "customize_allow[1] 'a' is the same item as customize_allow[0]"),
    (['General Ledger / GL Accounts', 'general ledger/gl  accounts'], 'list each item once'),
    (['GL\u202eAccounts'], 'U+202E'),
])
def test_bad_customize_items_are_refused(items, words):
    with pytest.raises(model.PermissionTableError) as caught:
        model.validate_table([dict(ROW, customize_allow=items)])
    assert words in str(caught.value) and 'permissions[0]' in str(caught.value)


def test_blank_or_unsafe_function_names_are_refused():
    with pytest.raises(model.PermissionTableError, match=r'permissions\[0\]\.function: blank'):
        model.validate_table([dict(ROW, function='  ')])
    with pytest.raises(model.PermissionTableError, match=r'permissions\[0\]\.module .*backslash'):
        model.validate_table([dict(ROW, module='Sys\\tem')])


@pytest.mark.parametrize('rows', [
    [dict(ROW, function='Function %d' % number, add='Sometimes') for number in range(20000)],
    [dict(ROW, customize_allow=['A', 'a']) for _number in range(20000)],
])
def test_a_table_error_names_at_most_20_problems_and_counts_the_rest(rows):
    with pytest.raises(model.PermissionTableError) as caught:
        model.validate_table(rows)
    message = str(caught.value)
    assert message.count('permissions[') == 20
    assert message.endswith('and 19980 more problem(s) not shown')
    assert len(message) < 6000


@pytest.fixture
def catalogue():
    with open(CATALOGUE) as stream:
        settings = json.load(stream)['settings']
    for number, setting in enumerate(settings):
        setting.update(id=number + 1)
    return model.Catalogue(settings)


def test_customize_allow_on_a_function_without_a_customize_list_is_refused(catalogue):
    table = model.validate_table([{'module': 'Finance', 'function': 'Invoicing', 'customize_allow': ['Anything']},
                                  dict(ROW, customize_allow=['General Ledger / GL Accounts'])])
    with pytest.raises(model.PermissionTableError) as caught:
        model.resolve(table, catalogue)
    assert str(caught.value) == ('permissions[0]: "Finance / Invoicing" has no Customize list in this PSA (its '
                                 'settings say customFlag false), so customize_allow cannot be set there; remove '
                                 'customize_allow from that row')


def test_customize_allow_where_the_flag_is_unknown_is_kept(catalogue):
    for setting in catalogue.settings:
        setting.pop('customFlag')
    table = model.validate_table([{'module': 'Finance', 'function': 'Invoicing', 'customize_allow': ['Anything']}])
    assert len(model.resolve(table, catalogue)) == 1


def test_resolve_names_at_most_20_unknown_functions(catalogue):
    table = model.validate_table([dict(ROW, function='Nothing %d' % number) for number in range(25)])
    with pytest.raises(model.PermissionTableError) as caught:
        model.resolve(table, catalogue)
    assert str(caught.value).count('no function') == 20 and str(caught.value).endswith('and 5 more problem(s) not shown')
