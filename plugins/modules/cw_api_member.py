#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_api_member
short_description: Create, update, deactivate or reactivate a ConnectWise PSA API member
version_added: 0.1.0
description:
  - Keeps an API member (C(/system/apiMembers)) in the wanted state, looked up by its identifier.
  - A new member starts from the PSA's defaults (C(GET /system/apiMembers/default)); an
    existing one is changed with a C(PATCH) of only the fields that differ.
  - The API has no request to delete an API member; O(state=absent) deactivates it and
    O(state=present) reactivates it.
  - The member whose key runs the task (named by C(GET /system/mySecurity)) is never deactivated nor
    moved to another O(security_role), since every later task under the same key would fail. Use another admin key.
  - A member about to be created on a role, or moved to it, fails by default when the role is not the
    integration's own; see O(allow_shared_role). A member already on its role sends no request for this.
  - A create whose answer was lost (timeout, dropped connection) is never sent twice;
    the member is looked up again first.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
  - msp.connectwise_psa._attributes
  - msp.connectwise_psa._tenant_reads
options:
  identifier:
    description:
      - The member's "Member ID" in the web UI, at most 15 characters.
      - No double quote, backslash or invisible character (control or format characters such as a bidi
        override, line or paragraph separators), which the PSA could not search for.
    type: str
    required: true
  name:
    description:
      - The "Member Name", at most 30 characters, not empty; no backslash or invisible character.
      - Defaults to O(identifier) when the member is created. Left out on an existing member, the name
        it has stays.
    type: str
  state:
    description: V(present) creates, updates or reactivates; V(absent) deactivates.
    type: str
    choices: [present, absent]
    default: present
  security_role:
    description:
      - The security role ("Role ID"), by name (at most 30 characters) or id.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
      - Required to create a member.
    type: raw
  structure_level:
    description:
      - The corporate structure level ("Level"), by name (at most 50 characters) or id. Required to create a member.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
    type: raw
    aliases: [level]
  security_location:
    description:
      - The location within the level (the "Name" beside Level), by name (at most 50 characters) or id.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
      - Defaults to O(default_location) when a member is created.
    type: raw
  default_location:
    description:
      - The member's location, by name (at most 50 characters) or id. Required to create a member.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
    type: raw
    aliases: [location]
  business_unit:
    description:
      - The "Business Unit" (the API's C(defaultDepartment)), by name (at most 50 characters) or id.
        Required to create a member.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
    type: raw
    aliases: [department]
  territory:
    description:
      - The "Default Territory" (the API's C(salesDefaultLocation)), a location by name (at most 50 characters) or id.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
    type: raw
  time_zone:
    description:
      - The time zone setup, by name (at most 50 characters) or id.
      - 'A string is always a name (case-insensitive exact match), digits included, so C("2") is the record
        named 2. An id is given only as an integer (V(4)) or as the mapping C({id: 4}).'
    type: raw
  email:
    description: The member's e-mail address, at most 250 characters, not empty. Left out, the address it has stays.
    type: str
  notes:
    description: Free-text notes (any text; an empty string clears them). Left out, the notes it has stay.
    type: str
  allow_shared_role:
    description:
      - Accept a O(security_role) that has C(adminFlag), grants System > Security or System > Member
        Maintenance beyond Inquire, or is held by other members (API members or people), when the member is
        created on it or moved to it. The task then warns and returns RV(shared_role).
      - V(false) (the default) fails such a task before any write, naming the role, why, how many other
        members hold it, and this option.
    type: bool
    default: false
notes:
  - A reference name that does not exist fails before any change and lists the names that
    do; a name shared by several records fails too (give the id, as an integer or as a mapping with the key C(id)).
  - Only the options a task gives are compared and changed; the diff shows only those. On an
    existing member, every option left out (O(name) included) keeps its live value.
  - Names, references and their lengths are checked before any request; the limits are the
    API contract's maxLength, counted as the PSA counts (UTF-16 units). The contract publishes
    none for a structure level's name; the collection allows 50, as for the other names.
  - In check mode, a O(security_role) given by name that does not exist yet is predicted with a
    warning instead of failing; it must exist when the task runs for real, for example created by
    M(msp.connectwise_psa.cw_security_role) earlier in the play.
attributes:
  check_mode:
    support: full
    details: Sends no write and reports what would change.
  diff_mode:
    support: full
    details: Before and after of the changed fields, references by name.
  idempotent:
    support: full
seealso:
  - module: msp.connectwise_psa.cw_security_role
  - module: msp.connectwise_psa.cw_api_key
'''

EXAMPLES = r'''
- name: The integration's API member, in the highest level
  msp.connectwise_psa.cw_api_member:
    identifier: AcctSyncAPI
    name: Acct Sync API
    security_role: Acct Sync API
    level: Corporate
    location: Head Office
    business_unit: Administration
  delegate_to: localhost

- name: Deactivate it (the API cannot delete API members)
  msp.connectwise_psa.cw_api_member:
    identifier: AcctSyncAPI
    state: absent
  delegate_to: localhost
'''

RETURN = r'''
api_member:
  description: The member after the task (in check mode, as it would be); null when absent and never created.
  returned: always
  type: dict
  contains:
    id:
      description: The member's record id; null in check mode for a member that would be created.
      type: int
    identifier:
      description: The Member ID.
      type: str
    name:
      description: The Member Name.
      type: str
    email:
      description: The e-mail address.
      type: str
    notes:
      description: Notes.
      type: str
    inactive:
      description: Whether the member is deactivated.
      type: bool
    security_role:
      description: The role as C({id, name}).
      type: dict
    structure_level:
      description: The level as C({id, name}).
      type: dict
    security_location:
      description: The location within the level as C({id, name}).
      type: dict
    default_location:
      description: The location as C({id, name}).
      type: dict
    business_unit:
      description: The business unit as C({id, name}).
      type: dict
    territory:
      description: The default territory as C({id, name}).
      type: dict
    time_zone:
      description: The time zone setup as C({id, name}).
      type: dict
  sample:
    id: 12
    identifier: AcctSyncAPI
    name: Acct Sync API
    inactive: false
    security_role: {id: 31, name: Acct Sync API}
    structure_level: {id: 1, name: Corporate}
planned_changes:
  description:
    - Check mode only, when a real run would write. The write in words, for example
      C(update API member "Acct Sync API" - email to a@example.com).
    - Before predicting a write, check mode proves the key running the task has the right for it
      (read from C(GET /system/mySecurity)); a missing right fails the task, naming the right and the fix, see RV(missing_right).
  returned: check mode, when the member would be created, updated or deactivated
  type: list
  elements: str
  sample: ['create API member "Acct Sync API" with security role "Acct Sync API" (business unit Administration, default location Head Office)']
shared_role:
  description:
    - The role the member was created on or moved to when it is not the integration's own, as
      C({id, name, admin, other_holders, reasons, allowed}), C(other_holders) as C({api_members, people}).
  returned: when the member goes to such a role (allowed by O(allow_shared_role), or the reason the task failed)
  type: dict
  sample: {"id": 1, "name": "Admin", "admin": true, "other_holders": {"api_members": 1, "people": 0},
           "reasons": ["it is an admin role (adminFlag)"], "allowed": true}
refused:
  description: Why the module refused a write it was asked for - V(caller) (the member whose key runs the task),
    V(shared_role) (see O(allow_shared_role)).
  returned: when that is why the task failed
  type: str
missing_right:
  description: The right the key running the task lacks for the write it would make, as C(module > function - level).
  returned: when that is why the task failed
  type: str
  sample: "System > Member Maintenance: Add Level"
applied_writes:
  description: Writes the PSA confirmed before a later request of the same task failed; C(changed) is then true.
  returned: on failure after a write
  type: list
  elements: dict
  sample: [{"method": "POST", "path": "/system/apiMembers", "status": 201}]
tenant_reads:
  description: What this task read, and was handed, that does not depend on the integration; give it to the tenant's next task as O(tenant_reads).
  returned: success, when O(tenant_reads) was given
  type: dict
codebase:
  description: The codebase the requests went to; pass it on as O(codebase) to save a lookup on a moved site.
  returned: when a request was sent
  type: str
  sample: v4_6_release/
error:
  description: The failed request (method, path, HTTP status, vendor code, message, errors).
  returned: on a failed request
  type: dict
'''

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import ARGUMENT_SPEC, ensure
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import main_for


def main():
    main_for(ensure, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
