# -*- coding: utf-8 -*-
"""Make this checkout importable as ansible_collections.msp.connectwise_psa.

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
