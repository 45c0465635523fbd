# -*- coding: utf-8 -*-
"""Test-only: put on PYTHONPATH to kill the process (SIGKILL, no cleanup) the moment it renames a file
over the path in $KILL_ON_REPLACE: a store cut off between writing its temp file and the rename."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal

_TARGET = os.environ.get('KILL_ON_REPLACE')
_replace = os.replace


def _killing_replace(src, dst, *args, **kwargs):
    if _TARGET and os.path.abspath(str(dst)) == os.path.abspath(_TARGET):
        os.kill(os.getpid(), signal.SIGKILL)
    return _replace(src, dst, *args, **kwargs)


os.replace = _killing_replace
