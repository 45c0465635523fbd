# -*- coding: utf-8 -*-
"""A role read back as a table verifies exactly that role: the model's round trip."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import random

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CATALOGUE = os.path.join(ROOT, 'simulator', 'data', 'settings-catalog.json')


def role(levels):
    """Settings of a role over the whole representative catalogue; ``levels(index)`` -> 4 levels."""
    with open(CATALOGUE) as stream:
        settings = json.load(stream)['settings']
    for number, setting in enumerate(settings):
        setting.update(id=number + 1)
        setting.update(zip(model.LEVEL_FIELDS.values(), levels(number)))
    return settings


def verify(table, settings):
    catalogue = model.Catalogue(settings)
    return model.drift(model.resolve(model.validate_table(table), catalogue), catalogue, exclusive=True)


@pytest.mark.parametrize('seed', range(5))
def test_any_role_round_trips_under_exclusive(seed):
    rng = random.Random(seed)
    settings = role(lambda _index: [rng.choice(model.LEVEL_VALUES) for _level in model.LEVELS])
    table = model.table_from_settings(settings)
    assert all(any(row[level] != 'None' for level in model.LEVELS) for row in table)
    assert verify(table, settings) == []


def test_every_function_of_the_catalogue_round_trips():
    # The admin role: every function granted. No two labels collide under the lenient match.
    settings = role(lambda _index: ['All'] * 4)
    table = model.table_from_settings(settings)
    assert len(table) == len(settings)
    assert verify(table, settings) == []


def test_rows_in_screen_order_with_the_psa_labels_and_every_level():
    settings = role(lambda index: ['None', 'None', 'None', 'My' if index in (7, 3) else 'None'])
    table = model.table_from_settings(settings)
    assert [list(row) for row in table] == [['module', 'function', 'add', 'edit', 'delete', 'inquire']] * 2
    labels = sorted(settings, key=model.screen_order)
    assert [(row['module'], row['function']) for row in table] == [
        (s['moduleName'], s['moduleFunctionName']) for s in labels if s['id'] in (4, 8)]
    assert all(row['inquire'] == 'My' and row['add'] == 'None' for row in table)


def test_a_missing_row_is_exactly_that_rows_drift():
    settings = role(lambda index: ['All', 'None', 'My', 'All'] if index % 3 == 0 else ['None'] * 4)
    table = model.table_from_settings(settings)
    dropped = table.pop(2)
    drift = verify(table, settings)
    assert set((row['module'], row['function']) for row in drift) == {(dropped['module'], dropped['function'])}
    assert [(row['level'], row['current'], row['desired']) for row in drift] == [
        ('add', 'All', 'None'), ('delete', 'My', 'None'), ('inquire', 'All', 'None')]


def test_a_role_with_no_grant_is_an_empty_table():
    assert model.table_from_settings(role(lambda _index: ['None'] * 4)) == []
