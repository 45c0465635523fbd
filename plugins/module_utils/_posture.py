# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_api_member_posture_info logic: every API member of a tenant, its role, and what is wrong.

Read only, and few requests whatever the number of members: the API members (all pages),
the security roles (one list), the people (full members) on those roles (one filtered
list), then one list of settings per distinct role the members use. What each finding
means and the step that fixes it are in _posture_findings.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _posture_findings as findings
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import MEMBERS
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError, lacks_right
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import ROLES, role_settings

# /system/members lists people (licenseClass F, C, X); the contract's licenseClass also has
# A (API member), so API members are excluded by the condition and again by identifier.
PEOPLE = '/system/members'
API_MEMBER_CLASS = 'A'
POSTURE_MEMBER_FIELDS = 'id,identifier,name,inactiveFlag,securityRole,structureLevel,securityLocation,defaultLocation'
ROLE_FIELDS = 'id,name,adminFlag,inactiveFlag'
PEOPLE_FIELDS = 'id,identifier,licenseClass,inactiveFlag,securityRole'
ROLES_PER_PEOPLE_REQUEST = 100   # keeps the conditions of one request well under any URL limit

ARGUMENT_SPEC = dict(
    integrations=dict(type='list', elements='dict'),
)


def declared_integrations(items):
    """``[{name, member}]`` from the task's ``integrations`` (None: nothing declared, no check).

    Only ``member`` (the API member's identifier) and ``name`` are read; other keys of an item
    are left alone, so a richer description of an integration can be passed as it is.
    """
    if items is None:
        return None
    declared = []
    for index, item in enumerate(items):
        member = item.get('member')
        if not isinstance(member, str) or not member.strip():
            raise InputError('integrations[%d].member must be the API member\'s identifier ("Member ID"), '
                             'got %r: set member on every integration' % (index, member))
        name = item.get('name')
        declared.append({'name': name.strip() if isinstance(name, str) and name.strip() else member.strip(),
                         'member': member.strip()})
    return declared


def listed(client, path, right, **options):
    """Every record of a list; a 403 names the right the key lacks."""
    try:
        return client.list(path, **options)
    except PSAError as exc:
        raise lacks_right(exc, right)


def _ref_id(value):
    return value.get('id') if isinstance(value, dict) else None


def _ref_name(value):
    return value.get('name') if isinstance(value, dict) else None


def people_on_roles(client, role_ids, api_identifiers):
    """``{role id: number of active people}``; API members never count as people."""
    counts = {}
    ids = sorted(role_ids)
    for start in range(0, len(ids), ROLES_PER_PEOPLE_REQUEST):
        chunk = ids[start:start + ROLES_PER_PEOPLE_REQUEST]
        conditions = '(securityRole/id in (%s)) and (inactiveFlag=false) and (licenseClass!="%s")' % (
            ','.join(str(int(role_id)) for role_id in chunk), API_MEMBER_CLASS)
        people = listed(client, PEOPLE, 'System > Member Maintenance: Inquire Level (to list the people on those roles)',
                        conditions=conditions, fields=PEOPLE_FIELDS)
        for person in people:
            if person.get('licenseClass') == API_MEMBER_CLASS or \
                    (person.get('identifier') or '').casefold() in api_identifiers:
                continue
            role_id = _ref_id(person.get('securityRole'))
            if role_id is not None:
                counts[role_id] = counts.get(role_id, 0) + 1
    return counts


def role_rights(settings):
    """What a role's settings grant that matters here: every level All, and the escalation rows."""
    catalogue = model.Catalogue(settings)
    every_all = bool(settings) and all(model.live_level(setting, level) == 'All'
                                       for setting in settings for level in model.LEVELS)
    escalation = []
    seen = set()
    for module, function in findings.ESCALATION_FUNCTIONS:
        setting = catalogue.find(module, function)
        if setting is None or id(setting) in seen:
            continue
        seen.add(id(setting))
        beyond = [(level, model.live_level(setting, level)) for level in ('add', 'edit', 'delete')
                  if model.live_level(setting, level) != 'None']
        if beyond:
            escalation.append({'module': setting.get('moduleName'), 'function': setting.get('moduleFunctionName'),
                               'levels': beyond})
    return {'every_level_all': every_all, 'escalation': escalation}


def member_row(member, role):
    role_ref = member.get('securityRole')
    if role is None:
        role_state = 'missing' if _ref_id(role_ref) is not None else 'none'
    else:
        role_state = 'inactive' if role.get('inactiveFlag') else 'active'
    return {
        'id': member.get('id'),
        'identifier': member.get('identifier'),
        'name': member.get('name'),
        'inactive': bool(member.get('inactiveFlag')),
        'role': {'id': _ref_id(role_ref), 'name': (role or {}).get('name') or _ref_name(role_ref),
                 'state': role_state, 'admin': bool((role or {}).get('adminFlag'))},
        'level': _ref_name(member.get('structureLevel')),
        'location': _ref_name(member.get('securityLocation')) or _ref_name(member.get('defaultLocation')),
        'findings': [],
    }


def audit(client, declared):
    """``{members, findings, counts}`` of one tenant."""
    members = listed(client, MEMBERS, 'System > Member Maintenance: Inquire Level (to list API members)',
                     fields=POSTURE_MEMBER_FIELDS)
    roles = dict((role['id'], role) for role in listed(
        client, ROLES, 'System > Security: Inquire Level (to list security roles)', fields=ROLE_FIELDS)
        if isinstance(role.get('id'), int))
    used = sorted(set(_ref_id(member.get('securityRole')) for member in members) & set(roles))
    api_identifiers = set((member.get('identifier') or '').casefold() for member in members)
    people = people_on_roles(client, used, api_identifiers) if used else {}
    rights = dict((role_id, role_rights(role_settings(client, role_id))) for role_id in used)
    on_role = {}
    for member in members:
        on_role.setdefault(_ref_id(member.get('securityRole')), []).append(member.get('identifier'))

    rows, found = [], []
    for member in members:
        row = member_row(member, roles.get(_ref_id(member.get('securityRole'))))
        role_id = row['role']['id']
        context = {
            'rights': rights.get(role_id),
            'people': people.get(role_id, 0),
            'other_members': [identifier for identifier in on_role.get(role_id, [])
                              if identifier != row['identifier']] if role_id is not None else [],
            'declared': declared,
        }
        for finding in findings.member_findings(row, context):
            row['findings'].append(finding['id'])
            found.append(finding)
        rows.append(row)
    found.extend(findings.missing_integrations(declared, api_identifiers))
    return {'members': rows, 'findings': found, 'counts': findings.counts(found)}


def gather(connect, params, check_mode, warn):
    """Reads only, so check mode needs nothing different."""
    declared = declared_integrations(params.get('integrations'))
    client = connect()
    result = audit(client, declared)
    result['declared_checked'] = declared is not None
    result['requests'] = client.request_count
    return result
