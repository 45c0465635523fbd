# -*- coding: utf-8 -*-
"""Test set-up shared by every suite.

The collection's code imports itself as ``ansible_collections.msp.connectwise_psa``; a
plain clone is not laid out that way, so a link farm outside the repository provides
the path (for this process and for the ansible-playbook processes the tests start).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collections_path():
    parts = ROOT.split(os.sep)
    if parts[-3:-2] == ['ansible_collections']:       # already laid out (ansible-test copy)
        return os.sep.join(parts[:-3])
    base = os.path.join(tempfile.gettempdir(), 'msp-connectwise-psa-%s' % hashlib.sha1(ROOT.encode()).hexdigest()[:10])
    link = os.path.join(base, 'ansible_collections', 'msp', 'connectwise_psa')
    if os.path.realpath(link) != ROOT:
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(ROOT, link)
    return base


COLLECTIONS_PATH = _collections_path()
sys.path.insert(0, COLLECTIONS_PATH)
os.environ['ANSIBLE_COLLECTIONS_PATH'] = COLLECTIONS_PATH


@pytest.fixture(scope='session')
def repo_root():
    return ROOT


# psa_sim, psa_sim_https and psa_client for the simulator's own tests.
pytest_plugins = ['tests.simulator.pytest_fixtures']
