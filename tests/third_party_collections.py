# -*- coding: utf-8 -*-
"""Other vendors' collections that some tests need, kept out of the shared site-packages.

The secret-store test reads AWS Secrets Manager with amazon.aws's lookup. Galaxy is not
reachable from CI, but the `ansible` package on PyPI carries amazon.aws; installing all of
it would put ~100 collections in site-packages, where every other test (and ansible-lint,
ansible-test) would see them. So its wheel is downloaded with pip (cached in .cache/) and
only the collections asked for are extracted into .cache/test-collections/, a path the
test adds to ANSIBLE_COLLECTIONS_PATH itself.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import subprocess
import sys
import zipfile

from tests.collection_path import ROOT

# ansible 12 goes with ansible-core 2.19 (tests/requirements.txt) and still installs on Python 3.11.
ANSIBLE_PACKAGE = 'ansible==12.3.0'
CACHE = os.path.join(ROOT, '.cache')
DOWNLOADS = os.path.join(CACHE, 'downloads')
COLLECTIONS = os.path.join(CACHE, 'test-collections')


def _wheel():
    pattern = os.path.join(DOWNLOADS, '%s-py3-none-any.whl' % ANSIBLE_PACKAGE.replace('==', '-'))
    found = glob.glob(pattern)
    if not found:
        # Only the collections inside are used, never the package: the wheel for a Python the package
        # supports (ansible 12 needs 3.11+), whatever Python runs the tests (the matrix's oldest row is 3.10).
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:',
                        '--python-version', '3.12', '--disable-pip-version-check', '-q', '-d', DOWNLOADS,
                        ANSIBLE_PACKAGE], check=True)
        found = glob.glob(pattern)
    if not found:
        raise RuntimeError('pip download %s wrote no wheel matching %s' % (ANSIBLE_PACKAGE, pattern))
    return found[0]


def collections_path(*names):
    """A collections path holding ``names`` (e.g. 'amazon.aws'), extracted once from the wheel."""
    missing = [name for name in names
               if not os.path.isfile(os.path.join(COLLECTIONS, 'ansible_collections', *name.split('.'), 'MANIFEST.json'))]
    if missing:
        prefixes = tuple('ansible_collections/%s/' % '/'.join(name.split('.')) for name in missing)
        with zipfile.ZipFile(_wheel()) as wheel:
            members = [member for member in wheel.namelist() if member.startswith(prefixes)]
            wheel.extractall(COLLECTIONS, members)
    return COLLECTIONS
