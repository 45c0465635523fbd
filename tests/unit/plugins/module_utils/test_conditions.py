# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import (
    ConditionError, all_of, any_of, condition, literal)


@pytest.mark.parametrize('value, expected', [
    ('Acct Sync API', '"Acct Sync API"'), (5, '5'), (True, 'true'), (False, 'false')])
def test_literals(value, expected):
    assert literal(value) == expected


@pytest.mark.parametrize('value', ['Acct "Sync"', 'x" or name="Admin', 'tab\there', 3.5, None, ['a']])
def test_unsafe_values_are_refused(value):
    with pytest.raises(ConditionError):
        literal(value)


def test_quote_refusal_names_the_fix():
    with pytest.raises(ConditionError, match='double quote'):
        condition('name', 'a"b')


def test_nested_field_and_operators():
    assert condition('securityRole/id', 5) == 'securityRole/id=5'
    assert condition('name', 'Acct', 'contains') == 'name contains "Acct"'
    assert condition('id', 3, '>=') == 'id>=3'


@pytest.mark.parametrize('field', ['name or 1=1', 'na"me', '', '/id', 'a//b'])
def test_bad_field_names_are_refused(field):
    with pytest.raises(ConditionError):
        condition(field, 1)


def test_bad_operator_is_refused():
    with pytest.raises(ConditionError):
        condition('id', 1, 'in')


def test_joins_are_parenthesised():
    assert all_of(condition('a', 1), condition('b', 'x')) == '(a=1) and (b="x")'
    assert any_of(condition('a', 1), '') == 'a=1'
    assert any_of(condition('a', 1), condition('a', 2)) == '(a=1) or (a=2)'
