# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The rights and identity of the key running a task, read from ``GET /system/mySecurity``.

Check mode promises that the real run can make its writes: before predicting one, the
module proves the calling member's own levels allow it, with the same lenient names as
the permission tables. ``mySecurity`` is readable by every member, so this never 403s.
Each row names the caller, which lets the modules refuse to deactivate, demote or take the
role of the member whose key runs the task; the members' counts tell who else holds a role.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import all_of, condition
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import TaskFailed, lacks_right

MY_SECURITY = '/system/mySecurity'
API_MEMBERS = '/system/apiMembers'
MEMBERS = '/system/members'


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


def caller(client, rows=None):
    """``{id, identifier}`` of the member whose key runs the task (``rows``: mySecurity rows read already)."""
    if rows is None:
        rows = client.request('GET', MY_SECURITY, params={'fields': 'member', 'pageSize': 1}, shape='list') or []
    found = next((row.get('member') for row in rows if isinstance(row.get('member'), dict)), None) or {}
    return {'id': found.get('id'), 'identifier': found.get('identifier')}


def same_member(caller_facts, member):
    """Whether ``member`` (an ApiMember record) is the caller: by id, else by identifier (case-insensitive)."""
    if not caller_facts or not member:
        return False
    if caller_facts.get('id') is not None and member.get('id') is not None:
        return caller_facts['id'] == member['id']
    return (caller_facts.get('identifier') or '').lower() == (member.get('identifier') or '').lower() != ''


def _count(client, path, conditions, purpose):
    try:
        return int((client.get(path + '/count', params={'conditions': conditions}) or {}).get('count') or 0)
    except PSAError as exc:
        raise lacks_right(exc, 'System > Member Maintenance: Inquire Level (%s)' % purpose)


def role_holders(client, role_id):
    """``{api_members, people}``: how many members hold the role.

    API members are counted on ``/system/apiMembers``; the people on ``/system/members``
    without licence class A, so an API member is counted once whether or not that list has them.
    """
    held = condition('securityRole/id', role_id)
    purpose = 'to count the members holding the security role'
    return {'api_members': _count(client, API_MEMBERS, held, purpose),
            'people': _count(client, MEMBERS, all_of(held, condition('licenseClass', 'A', '!=')), purpose)}


def caller_holds(client, caller_facts, role_id):
    """Whether the member whose key runs the task holds the role (an API member or a person)."""
    if caller_facts.get('id') is None:
        return False
    mine = all_of(condition('id', caller_facts['id']), condition('securityRole/id', role_id))
    purpose = 'to tell whether the key running this task holds the security role'
    return bool(_count(client, API_MEMBERS, mine, purpose) or _count(client, MEMBERS, mine, purpose))


def holders_text(holders):
    """'2 API member(s) and 1 person(s)' in words, for messages."""
    return '%d API member(s) and %d person(s)' % (holders['api_members'], holders['people'])
