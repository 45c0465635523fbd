# -*- coding: utf-8 -*-
"""Make this checkout importable as ansible_collections.msp.connectwise_psa, and the
environment to run ansible commands against it (tests, demo, benchmarks).

A plain clone is not laid out under ansible_collections/, so a link farm outside the
repository provides the path (symlinking inside it would make tools walk in circles).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def collections_path():
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


def ansible_env(local_temp, bin_dir):
    """Environment for ansible-* commands on this checkout, without any CW_PSA_* of the caller."""
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith('CW_PSA_'))
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': collections_path(),
        'ANSIBLE_LOCAL_TEMP': str(local_temp),
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'PATH': bin_dir + os.pathsep + os.environ.get('PATH', ''),
    })
    return env
