# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rights of the key running a task, read from ``GET /system/mySecurity``.

Check mode promises that the real run can make its writes: before predicting one, the
module proves the calling member's own levels allow it, with the same lenient names as
the permission tables. ``mySecurity`` is readable by every member, so this never 403s.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils.runner import TaskFailed

MY_SECURITY = '/system/mySecurity'


def my_rows(client):
    """The caller's settings rows, each naming the caller (``member``)."""
    return client.list(MY_SECURITY, fields=model.SETTING_FIELDS + ('member',))


def require(rows, module, function, level, purpose):
    """Raise TaskFailed naming the right and the fix unless ``rows`` grant ``level`` on the function."""
    setting = model.Catalogue(rows).find(module, function)
    if setting is not None and model.live_level(setting, level) != 'None':
        return
    caller = next((row.get('member') for row in rows if isinstance(row.get('member'), dict)), None) or {}
    who = 'the admin key%s' % (' (member %s)' % caller['identifier'] if caller.get('identifier') else '')
    right = '%s > %s: %s' % (module, function, model.LEVEL_LABELS[level])
    raise TaskFailed('%s lacks %s, needed to %s; give that member\'s security role %s set to All '
                     '(System > Security Roles > its role > %s > %s), or use an admin key that has it; '
                     'nothing was written' % (who, right, purpose, model.LEVEL_LABELS[level], module, function),
                     missing_right=right)
