# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A short, stable fingerprint of a key half: what messages and reports show instead of the key.

One helper for the whole collection, so a person sees the same fingerprint for the same key in
the intake's messages, the vault file's notes and the report.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

PREFIX = 'sha256:'
LENGTH = 8      # hex digits: enough to tell a tenant's few keys apart, far too few to guess a key from


def key_fingerprint(value):
    """``sha256:`` and the first hex digits of the value's SHA-256; None for no value."""
    if not value:
        return None
    return PREFIX + hashlib.sha256(value.encode('utf-8')).hexdigest()[:LENGTH]
