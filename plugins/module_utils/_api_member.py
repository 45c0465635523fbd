# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_api_member logic: the integration's API member exists with the wanted fields.

``/system/apiMembers`` has no DELETE, so ``absent`` deactivates. References (role,
level, locations, business unit, time zone) are given by name (a string, always) or id
(an integer or ``{id: N}``) and compared by resolved id; a name is looked up only when it
differs from what the member has. Options left out keep the live values.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _admin_rights as admin_rights
from ansible_collections.msp.connectwise_psa.plugins.module_utils._tenant_reads import OPTION as TENANT_READS, TenantReads
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import (
    condition, name_option)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._member_guards import protect_caller, shared_role
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError, lacks_right

MEMBERS = '/system/apiMembers'
IDENTIFIER_MAX = 15
NAME_MAX = 30
EMAIL_MAX = 250

# option -> (ApiMember field, list endpoint, what the UI calls it)
REFERENCES = (
    ('security_role', 'securityRole', '/system/securityroles', 'Role ID'),
    ('structure_level', 'structureLevel', '/system/myCompany/corporateStructureLevels', 'Level'),
    ('security_location', 'securityLocation', '/system/locations', 'Name (location within the level)'),
    ('default_location', 'defaultLocation', '/system/locations', 'Location'),
    ('business_unit', 'defaultDepartment', '/system/departments', 'Business Unit'),
    ('territory', 'salesDefaultLocation', '/system/locations', 'Default Territory'),
    ('time_zone', 'timeZone', '/system/timeZoneSetups', 'Time Zone'),
)
SCALARS = (('name', 'name'), ('email', 'emailAddress'), ('notes', 'notes'))
REQUIRED_ON_CREATE = ('security_role', 'structure_level', 'default_location', 'business_unit')
MEMBER_FIELDS = ','.join(['id', 'identifier', 'name', 'emailAddress', 'inactiveFlag', 'notes']
                         + [field for _option, field, _path, _label in REFERENCES])
RIGHTS = {
    '/system/securityroles': 'System > Security: Inquire Level',
    MEMBERS: 'System > Member Maintenance',
}
TABLE_SETUP = 'System > Table Setup: Inquire Level'

ARGUMENT_SPEC = dict(
    identifier=dict(type='str', required=True),
    name=dict(type='str'),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    security_role=dict(type='raw'),
    structure_level=dict(type='raw', aliases=['level']),
    security_location=dict(type='raw'),
    default_location=dict(type='raw', aliases=['location']),
    business_unit=dict(type='raw', aliases=['department']),
    territory=dict(type='raw'),
    time_zone=dict(type='raw'),
    email=dict(type='str'),
    notes=dict(type='str'),
    allow_shared_role=dict(type='bool', default=False),
    **TENANT_READS
)


# The contract's maxLength of each reference's name (Location, Department, TimeZoneSetup: 50;
# SecurityRole: 30). CorporateStructureLevel publishes none: 50, as every other name looked up.
REFERENCE_NAME_MAX = {'security_role': 30, 'structure_level': 50, 'security_location': 50,
                      'default_location': 50, 'business_unit': 50, 'territory': 50, 'time_zone': 50}


def validate_identifier(identifier, option='identifier'):
    return name_option(option, identifier or '', IDENTIFIER_MAX, 'give the API member\'s "Member ID"')


def _explicit_id(option, label, value):
    """The id of ``{id: N}`` (N an integer, or its ASCII digits as a template renders it)."""
    if set(value) - set(('id', 'name')) or 'id' not in value:
        raise InputError('%s: a mapping gives the %s by id, as {id: N}; got the keys %s'
                         % (option, label, ', '.join(sorted(str(key) for key in value))))
    ident = value['id']
    if isinstance(ident, str) and ident.strip().isascii() and ident.strip().isdigit():
        ident = int(ident.strip())
    if isinstance(ident, bool) or not isinstance(ident, int) or ident < 1:
        raise InputError('%s: {id: N} takes a positive integer id, got %r' % (option, value['id']))
    return ident


def reference(option, label, value):
    """A reference option as ``('id', N)`` or ``('name', text)``, checked before any request.

    Only an integer or ``{id: N}`` is an id: a string is always a name, digits included
    ("2", or Unicode digits such as U+0663), so a record named "2" is never taken for the
    record with id 2.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise InputError('%s: ids are positive integers, got %d' % (option, value))
        return 'id', value
    if isinstance(value, dict):
        return 'id', _explicit_id(option, label, value)
    if not isinstance(value, str):
        raise InputError('%s must be the %s\'s name (a string) or its integer id (or {id: N}), got %r'
                         % (option, label, value))
    return 'name', name_option(option, value, REFERENCE_NAME_MAX[option],
                               'give the %s\'s name, or leave %s out' % (label, option))


def validate(params):
    """Everything that can be checked without the PSA, before any request.

    Returns the identifier and ``{option: value}`` of the options the task gives: scalars
    as text, references as ``('id', N)`` / ``('name', text)``. A ``name`` left out is not
    there: on update the live name stays, on create it defaults to the identifier.
    """
    identifier = validate_identifier(params['identifier'])
    wanted = {}
    if params.get('name') is not None:
        wanted['name'] = name_option('name', params['name'], NAME_MAX, 'give the "Member Name", or leave name out')
    if params.get('email') is not None:
        wanted['email'] = name_option('email', params['email'], EMAIL_MAX,
                                      'give the e-mail address, or leave email out')
    if params.get('notes') is not None:
        wanted['notes'] = params['notes']   # free text: any character, empty clears it
    for option, _field, _path, label in REFERENCES:
        if params.get(option) is not None:
            wanted[option] = reference(option, label, params[option])
    return identifier, wanted


def _right(path):
    return RIGHTS.get(path, TABLE_SETUP)


class References(object):
    """Resolve reference options to ``{id, name}``, caching per run.

    In check mode a security role given by name that does not exist yet is predicted (with a
    warning): an earlier task of the play, such as cw_security_role, creates it for real.
    """

    def __init__(self, client, check_mode=False, warn=None, reads=None):
        self.client = client
        self._reads = reads or TenantReads(None)
        self._cache = {}
        self._check_mode = check_mode
        self._warn = warn or (lambda message: None)

    def resolve(self, option, path, label, wanted):
        """``{id, name}`` of the record ``wanted`` (``('id', N)`` or ``('name', text)``) names."""
        kind, value = wanted
        key = (path, kind, value.lower() if kind == 'name' else value)
        if key not in self._cache:
            found = self._reads.reference(path, kind, value) or self._lookup(option, path, wanted)
            if found is not None:
                self._reads.remember_reference(path, kind, value, found)
                self._cache[key] = found
            elif self._check_mode and option == 'security_role' and kind == 'name':
                self._warn('check mode: security role "%s" does not exist yet; the member is predicted with it. '
                           'It must exist when this runs for real: create it first (cw_security_role earlier in '
                           'the play does)' % value)
                self._cache[key] = {'id': None, 'name': value}
            else:
                names = sorted(r.get('name') for r in self.client.list(path, fields='id,name') if r.get('name'))
                raise InputError('%s: no %s %s %r in this PSA; the names that exist are: %s' % (
                    option, label, 'with id' if kind == 'id' else 'named', value, ', '.join(names) or '(none)'))
        return self._cache[key]

    def _lookup(self, option, path, wanted):
        """``{id, name}`` of the one record with that id or name, None when there is none."""
        kind, value = wanted
        try:
            records = self.client.list(path, conditions=condition(kind, value), fields='id,name')
        except PSAError as exc:
            raise lacks_right(exc, '%s (to look up %s)' % (_right(path), option))
        if kind == 'name':
            records = [r for r in records if (r.get('name') or '').lower() == value.lower()]
        if len(records) == 1:
            return {'id': records[0]['id'], 'name': records[0].get('name')}
        if not records:
            return None
        raise InputError('%s: %d records are named %r (ids %s); give the id instead of the name, as an integer '
                         'or {id: N}' % (option, len(records), value, ', '.join(str(r['id']) for r in records)))


def find_member(client, identifier):
    try:
        return client.first(MEMBERS, condition('identifier', identifier), fields=MEMBER_FIELDS)
    except PSAError as exc:
        raise lacks_right(exc, 'System > Member Maintenance: Inquire Level (to look up API members)')


def _same_reference(current, wanted):
    """Whether the member's reference already is the record asked for (no lookup needed)."""
    kind, value = wanted
    if not current or current.get('id') is None:
        return False
    if kind == 'id':
        return current['id'] == value
    return (current.get('name') or '').lower() == value.lower()


def desired_state(identifier, wanted, member, references):
    """``{field: value}`` of the options the task gives that differ from ``member``.

    Only options given count: one left out keeps the live value. On create, ``name``
    defaults to the identifier.
    """
    changes = {}
    if member is None and 'name' not in wanted:
        wanted = dict(wanted, name=identifier)
    for option, field in SCALARS:
        value = wanted.get(option)
        if value is not None and (member is None or (member.get(field) or '') != value):
            changes[field] = value
    for option, field, path, label in REFERENCES:
        if option not in wanted or (member is not None and _same_reference(member.get(field), wanted[option])):
            continue
        resolved = references.resolve(option, path, label, wanted[option])
        if member is None or (member.get(field) or {}).get('id') != resolved['id']:
            changes[field] = resolved
    return changes


def member_facts(member):
    """A member as cw_api_member returns it (and cw_api_member_info lists it): options' names, references {id, name}."""
    if member is None:
        return None
    facts = {'id': member.get('id'), 'identifier': member.get('identifier'), 'name': member.get('name'),
             'email': member.get('emailAddress'), 'notes': member.get('notes'),
             'inactive': bool(member.get('inactiveFlag'))}
    for option, field, _path, _label in REFERENCES:
        reference = member.get(field)
        facts[option] = {'id': reference.get('id'), 'name': reference.get('name')} if reference else None
    return facts


def _diff_view(fields):
    """Field values as a person reads them: references by name."""
    view = {}
    names = dict((field, option) for option, field, _path, _label in REFERENCES)
    names.update(dict((field, option) for option, field in SCALARS))
    names['inactiveFlag'] = 'inactive'
    for field, value in fields.items():
        if isinstance(value, dict):
            value = value.get('name') if value.get('name') is not None else value.get('id')
        view[names.get(field, field)] = value
    return view


def _create_body(client, identifier, changes, reads=None):
    try:
        template = (reads or TenantReads(None)).member_template(lambda: client.get(MEMBERS + '/default') or {})
    except PSAError as exc:
        raise lacks_right(exc, 'System > Member Maintenance: Add Level (to read the new-member defaults)')
    body = {}
    for field, value in template.items():
        if field in ('id', '_info', 'identifier', 'inactiveDate') or value is None:
            continue
        body[field] = {'id': value['id']} if isinstance(value, dict) and 'id' in value else value
    for field, value in changes.items():
        body[field] = {'id': value['id']} if isinstance(value, dict) else value
    body['identifier'] = identifier
    return body


def require_rights(rows, member, changes):
    """Check mode: prove the key running this (its mySecurity ``rows``) can make the write it predicts."""
    if member is None:
        level, purpose = 'add', 'create the API member'
    else:
        level, purpose = 'edit', 'update the API member (%s)' % ', '.join(sorted(_diff_view(changes)))
    admin_rights.require(rows, 'System', 'Member Maintenance', level, purpose)


def create_member(client, identifier, body):
    try:
        return client.create(MEMBERS, body, lambda: find_member(client, identifier))
    except PSAError as exc:
        raise lacks_right(exc, 'System > Member Maintenance: Add Level (to create the API member)')


def patch_member(client, member, changes):
    # The contract marks name "Required On Updates": the live one goes along unless it changes
    # (a member always has one: the PSA requires it on create and on every update).
    operations = [{'op': 'replace', 'path': 'name', 'value': changes.get('name', member.get('name'))}]
    for field, value in sorted(changes.items()):
        if field != 'name':
            operations.append({'op': 'replace', 'path': field,
                               'value': {'id': value['id']} if isinstance(value, dict) else value})
    try:
        return client.patch('%s/%d' % (MEMBERS, member['id']), operations)
    except PSAError as exc:
        raise lacks_right(exc, 'System > Member Maintenance: Edit Level (to update the API member)')


def ensure(connect, params, check_mode, warn):
    identifier, wanted = validate(params)
    client = connect()
    reads = TenantReads(params.get('tenant_reads')).bind(client, warn)
    member = reads.member(client, identifier, MEMBERS, MEMBER_FIELDS, lambda: find_member(client, identifier))

    if params['state'] == 'absent':
        if member is None or member.get('inactiveFlag'):
            return {'changed': False, 'api_member': member_facts(member)}
        changes = {'inactiveFlag': True}
    else:
        missing = [option for option in REQUIRED_ON_CREATE if option not in wanted]
        if member is None and missing:
            raise InputError('creating API member %r needs %s: the PSA requires a role, level, location and '
                             'business unit for a new member' % (identifier, ', '.join(missing)))
        changes = desired_state(identifier, wanted, member, References(client, check_mode, warn, reads))
        if member is None:
            if 'security_location' not in wanted:   # the UI's "Name" beside Level
                changes['securityLocation'] = changes['defaultLocation']
        elif member.get('inactiveFlag'):
            changes['inactiveFlag'] = False

    if not changes:
        return _handing_on(reads, {'changed': False, 'api_member': member_facts(member)})

    before = dict((field, member.get(field)) for field in changes) if member else {}
    after = changes
    result = {'changed': True, 'diff': {'before': _diff_view(before), 'after': _diff_view(after)}}
    rows = reads.my_rows(client) if check_mode else None
    protect_caller(client, member, changes, rows)
    shared = shared_role(client, identifier, changes, params.get('allow_shared_role'), warn, reads)
    if shared:
        result['shared_role'] = shared
    if check_mode:
        require_rights(rows, member, changes)
        updated = dict(member or {'id': None, 'identifier': identifier})
        updated.update(changes)
        result['planned_changes'] = [_planned(identifier, member, changes)]
    elif member is None:
        updated = create_member(client, identifier, _create_body(client, identifier, changes, reads))
    else:
        updated = patch_member(client, member, changes)
    if not check_mode:
        reads.forget_member(identifier)
    result['api_member'] = member_facts(updated)
    return _handing_on(reads, result)


def _handing_on(reads, result):
    """``result`` with what the task read for the tenant's next task (when it was given any)."""
    if reads.enabled:
        result['tenant_reads'] = reads.result()
    return result


def _planned(identifier, member, changes):
    """Check mode: the write a real run makes, in words (references by name)."""
    view = _diff_view(changes)
    if member is None:
        role = view.pop('security_role', None)
        return 'create API member "%s" with security role "%s" (%s)' % (
            identifier, role, ', '.join('%s %s' % (field.replace('_', ' '), value) for field, value in sorted(view.items())))
    if changes == {'inactiveFlag': True}:
        return 'deactivate API member "%s"' % identifier
    return 'update API member "%s": %s' % (identifier, ', '.join(
        '%s to %s' % (field.replace('_', ' '), value) for field, value in sorted(view.items())))
