# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_tenant_snapshot_info logic: what the collection reads from a tenant, redacted, as one document.

The vendor publishes no example of several answers the collection depends on (the form of
Customize item identifiers, the labels of a tenant's functions, how a location scopes an API
member). A snapshot carries them, verbatim where the format is unpublished, so a user can
attach it to a bug report and the test simulator can replay it as a tenant. It never carries
a key, an e-mail address, a phone number, an address or notes, and people (full members)
appear as placeholders (``person-<id>``), so their names are not in it either.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._admin_rights import MY_SECURITY
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import CUSTOMIZE_ITEMS
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import MEMBERS, REFERENCES
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._posture import API_MEMBER_CLASS, PEOPLE, listed
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import ROLES

FORMAT = 1
KIND = 'msp.connectwise_psa tenant snapshot'
ROLE_FIELDS = 'id,name,roleType,adminFlag,inactiveFlag'
SNAPSHOT_MEMBER_FIELDS = ','.join(['id', 'identifier', 'name', 'inactiveFlag', 'inactiveDate']
                                  + [field for _option, field, _path, _label in REFERENCES])
PEOPLE_FIELDS = 'id,identifier,licenseClass,inactiveFlag,securityRole'
# What cw_api_member looks references up in: id and name only (a location has an address).
REFERENCE_LISTS = (
    ('structure_levels', '/system/myCompany/corporateStructureLevels', 'id,name'),
    ('locations', '/system/locations', 'id,name'),
    ('departments', '/system/departments', 'id,identifier,name'),
    ('time_zones', '/system/timeZoneSetups', 'id,name,defaultFlag'),
)
# Never in a snapshot, wherever they appear (the PSA's fields for people's contact details and free text).
PERSONAL_FIELD = re.compile(r'(?i)(e-?mail|phone|address|street|city|zip|postal|notes|firstname|lastname|'
                            r'middleinitial|^title$|signature|photo|password|token|privatekey|publickey|^_info$)')
REDACTED = '<redacted>'
REDACTION_NOTE = (
    'Left out: every key, e-mail address, phone number, address and note, and the _info links; people (full '
    'members) appear only as person-<id>. Kept verbatim: the security roles and their settings, the API '
    'members\' identifiers, names and references, and the mySecurity and customizeItems answers of the keys.')

ARGUMENT_SPEC = dict(
    member_public_key=dict(type='str', no_log=True),   # both halves are secret, as for every key of the collection
    member_private_key=dict(type='str', no_log=True),
)


def person_placeholder(member_id):
    """The stable stand-in of a person: the record id says nothing about who it is."""
    return 'person-%s' % member_id


def _ref(value):
    """A reference as ``{id, name}`` (a role that is gone reads back as ``{id}``)."""
    if not isinstance(value, dict):
        return None
    return dict((key, value[key]) for key in ('id', 'name') if value.get(key) is not None)


def scrub(value, secrets):
    """``value`` without personal fields, with every secret string replaced (belt and braces)."""
    if isinstance(value, dict):
        return dict((key, scrub(item, secrets)) for key, item in value.items() if not PERSONAL_FIELD.search(key))
    if isinstance(value, list):
        return [scrub(item, secrets) for item in value]
    if isinstance(value, str) and any(secret in value for secret in secrets):
        return REDACTED
    return value


class Snapshot(object):
    def __init__(self, client, secrets):
        self.client = client
        self.secrets = secrets
        self.api_members = {}

    def roles(self):
        roles = listed(self.client, ROLES, 'System > Security: Inquire Level (to list security roles)',
                       fields=ROLE_FIELDS)
        for role in roles:
            role['settings'] = listed(self.client, '/system/securityRoles/%d/settings' % role['id'],
                                      'System > Security: Inquire Level (to read the roles\' settings)')
        return roles

    def members(self):
        members = listed(self.client, MEMBERS, 'System > Member Maintenance: Inquire Level (to list API members)',
                         fields=SNAPSHOT_MEMBER_FIELDS)
        out = []
        for member in members:
            entry = dict((key, member.get(key)) for key in ('id', 'identifier', 'name', 'inactiveFlag', 'inactiveDate')
                         if member.get(key) is not None)
            entry.update((field, _ref(member.get(field))) for _option, field, _path, _label in REFERENCES
                         if member.get(field) is not None)
            self.api_members[member.get('id')] = entry
            out.append(entry)
        return out

    def people(self):
        people = listed(self.client, PEOPLE, 'System > Member Maintenance: Inquire Level (to list people on roles)',
                        conditions='licenseClass!="%s"' % API_MEMBER_CLASS, fields=PEOPLE_FIELDS)
        return [{'id': person.get('id'), 'identifier': person_placeholder(person.get('id')),
                 'licenseClass': person.get('licenseClass'), 'inactiveFlag': bool(person.get('inactiveFlag')),
                 'securityRole': _ref(person.get('securityRole'))}
                for person in people
                if person.get('licenseClass') != API_MEMBER_CLASS and person.get('id') not in self.api_members]

    def references(self):
        out, unreadable = {}, []
        for name, path, fields in REFERENCE_LISTS:
            try:
                out[name] = self.client.list(path, fields=fields)
            except PSAError as exc:
                if exc.status != 403:
                    raise
                out[name], unreadable = None, unreadable + [name]
        return out, unreadable

    def caller(self, client):
        """The key's own ``mySecurity`` rows and Customize items, verbatim but for who the caller is."""
        rows = client.list(MY_SECURITY)
        for row in rows:
            who = row.get('member')
            if isinstance(who, dict):
                known = self.api_members.get(who.get('id'))
                row['member'] = {'id': who.get('id'),
                                 'identifier': known['identifier'] if known else person_placeholder(who.get('id'))}
                if known and known.get('name'):
                    row['member']['name'] = known['name']
        return {'my_security': rows, 'customize_items': client.list(CUSTOMIZE_ITEMS)}


def gather(connect, params, check_mode, warn):
    """Reads only, so check mode needs nothing different."""
    member_pair = (params.get('member_public_key'), params.get('member_private_key'))
    if any(member_pair) and not all(member_pair):
        raise InputError('member_public_key and member_private_key go together: give both (the member\'s key pair) '
                         'or neither')
    secrets = [value for value in (params.get('public_key'), params.get('private_key'), params.get('client_id'))
               + member_pair if value]
    client = connect()
    snapshot = Snapshot(client, secrets)
    document = {'snapshot': KIND, 'format': FORMAT, 'api_version': params.get('api_version'),
                'companyinfo': {'Codebase': client.discover_codebase()}}
    document['security_roles'] = snapshot.roles()
    document['api_members'] = snapshot.members()
    document['people'] = snapshot.people()
    document['references'], unreadable = snapshot.references()
    document['admin'] = snapshot.caller(client)
    document['member'] = snapshot.caller(connect(public_key=member_pair[0], private_key=member_pair[1])) \
        if all(member_pair) else None
    document['redaction'] = REDACTION_NOTE
    if unreadable:
        document['references_unreadable'] = unreadable
    requests = client.request_count
    return {'snapshot': scrub(document, secrets), 'requests': requests}
