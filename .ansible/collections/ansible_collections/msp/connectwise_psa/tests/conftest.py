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

COLLECTIONS_PATH = collections_path()
sys.path.insert(0, COLLECTIONS_PATH)
os.environ['ANSIBLE_COLLECTIONS_PATH'] = COLLECTIONS_PATH


@pytest.fixture(scope='session')
def repo_root():
    return ROOT


# psa_sim, psa_sim_https and psa_client for the simulator's own tests.
pytest_plugins = ['tests.simulator.pytest_fixtures']
