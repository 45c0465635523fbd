# -*- coding: utf-8 -*-
"""Test set-up shared by every suite.

The collection's code imports itself as ``ansible_collections.msp.connectwise_psa``;
tests/collection_path.py provides that path for this process and for the
ansible-playbook processes the tests start.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import pytest

from tests.collection_path import ROOT, collections_path
from tests.simulator.contract import CONTRACT_PATH

COLLECTIONS_PATH = collections_path()
sys.path.insert(0, COLLECTIONS_PATH)
os.environ['ANSIBLE_COLLECTIONS_PATH'] = COLLECTIONS_PATH


@pytest.fixture(scope='session')
def repo_root():
    return ROOT


CONTRACT_MISSING = ('the vendor contract %s is not in the built collection (its terms do not allow '
                    'redistribution): tests that start the PSA simulator run from a clone of the repository'
                    % os.path.relpath(CONTRACT_PATH, ROOT))


# Suites that start the simulator in other processes too (its CLI, ansible-playbook runs).
SIMULATOR_SUITES = ('tests/integration/', 'tests/reliability/', 'tests/unit/test_simulator')


def pytest_collection_modifyitems(items):
    if os.path.exists(CONTRACT_PATH):
        return
    for item in items:
        if os.path.relpath(str(item.path), ROOT).startswith(SIMULATOR_SUITES):
            item.add_marker(pytest.mark.skip(reason=CONTRACT_MISSING))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In an installed copy (no vendor contract), a test that starts the simulator is skipped, saying why."""
    outcome = yield
    report = outcome.get_result()
    error = call.excinfo.value if call.excinfo is not None else None
    if report.failed and isinstance(error, FileNotFoundError) and error.filename == CONTRACT_PATH:
        report.outcome = 'skipped'
        report.longrepr = (str(item.path), item.location[1] or 0, 'Skipped: ' + CONTRACT_MISSING)


# psa_sim, psa_sim_https and psa_client for the simulator's own tests.
pytest_plugins = ['tests.simulator.pytest_fixtures']
