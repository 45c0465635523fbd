# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_api_member_info logic: list API members in the shape cw_api_member takes.

Read only: one list of ``/system/apiMembers`` (all pages), references read back as
``{id, name}`` in the same request, so no lookup per member.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import (
    MEMBER_FIELDS, MEMBERS, find_member, member_facts, validate_identifier)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import lacks_right

ARGUMENT_SPEC = dict(
    identifier=dict(type='str'),
)


def list_members(client):
    try:
        return client.list(MEMBERS, fields=MEMBER_FIELDS)
    except PSAError as exc:
        raise lacks_right(exc, 'System > Member Maintenance: Inquire Level (to list API members)')


def member_info(member):
    facts = member_facts(member)
    facts['state'] = 'absent' if facts['inactive'] else 'present'   # what cw_api_member's state means
    return facts


def gather(connect, params, check_mode, warn):
    """Reads only, so check mode needs nothing different."""
    identifier = validate_identifier(params['identifier']) if params.get('identifier') is not None else None
    client = connect()
    if identifier is None:
        members = list_members(client)
    else:
        member = find_member(client, identifier)
        members = [member] if member else []
    return {'members': [member_info(member) for member in members]}
