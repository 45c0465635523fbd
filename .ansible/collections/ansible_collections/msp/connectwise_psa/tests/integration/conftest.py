# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from tests.integration.harness import connection_vars
from tests.simulator import Simulator

TABLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'data', 'permission-tables')


@pytest.fixture
def sim():
    """A fresh HTTPS simulator per test (three tenants), so state never leaks between tests."""
    with Simulator(tenants=('acme', 'globex', 'initech'), scheme='https') as simulator:
        yield simulator


@pytest.fixture
def acme(sim):
    return connection_vars(sim, 'acme')


def load_table(name):
    with open(os.path.join(TABLES, name)) as stream:
        return yaml.safe_load(stream)


@pytest.fixture
def acct_sync():
    return load_table('acct_sync.yml')
