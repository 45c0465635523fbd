#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_security_role
short_description: Ensure a ConnectWise PSA security role exists and verify its permission table
version_added: 0.1.0
description:
  - Creates or deletes a security role through the PSA REST API, looked up by name.
  - Reads every permission level of the role and compares it with O(permissions).
    The PSA REST API can B(read) levels but has no request to B(write) them, so the
    module never changes a level; it returns each difference in RV(permissions_drift)
    and the clicks to fix it in RV(manual_steps).
  - The Customize allow-list of a function (for example Table Setup) cannot be read with
    admin keys (no request reads a role's allow-list, only the caller's own). Such items are
    returned in RV(unverified) and checked both ways (missing and extra items) by
    M(msp.connectwise_psa.cw_api_key) with the member's own key.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
  - msp.connectwise_psa._attributes
  - msp.connectwise_psa._tenant_reads
  - msp.connectwise_psa._permission_table
options:
  name:
    description:
      - The role's name, the PSA web UI's "Role ID". At most 30 characters; no double quote, backslash or
        invisible character (control and format characters, line and paragraph separators).
      - Matched case-insensitively, as the PSA compares role names (its search, and its rule that two roles
        cannot differ in case only). Results, the diff and RV(planned_changes) name the role as the PSA
        has it (V(name=technician) plans C(delete security role "Technician"), saying what it matched).
        A role cannot be renamed through the API.
    type: str
    required: true
  state:
    description:
      - V(present) creates the role when missing; V(absent) deletes it.
      - The PSA refuses to delete a role still assigned to a member (API member or person). Check mode
        predicts that refusal as a failure, counting the members who hold it (C(/system/apiMembers/count),
        C(/system/members/count)); a real run that the PSA refuses fails with the vendor's reason.
      - The role of the member whose key runs the task is never deleted (both modes), nothing is sent.
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description:
      - Least privilege. When true, every function not listed in O(permissions) must have
        every level V(None); any grant there counts as drift.
    type: bool
    default: true
  on_drift:
    description:
      - What to do when live levels differ from O(permissions).
      - V(fail) fails the task (results still carry the drift and steps), V(warn) warns,
        V(ignore) only returns them.
    type: str
    choices: [fail, warn, ignore]
    default: fail
attributes:
  check_mode:
    support: full
    details:
      - Sends no write. For a role that would be created, drift assumes the new role starts
        with every level V(None), which is what the PSA does.
  diff_mode:
    support: full
    details:
      - Shows the role's presence before and after. Drift is not a change the module makes
        and stays in the results.
  idempotent:
    support: full
seealso:
  - module: msp.connectwise_psa.cw_api_member
  - module: msp.connectwise_psa.cw_api_key
'''

EXAMPLES = r'''
- name: The Accounting Sync role exists; warn about levels a person must set
  msp.connectwise_psa.cw_security_role:
    site: api-na.myconnectwise.net
    company_id: "{{ cw_psa_company_id }}"
    public_key: "{{ cw_psa_public_key }}"
    private_key: "{{ cw_psa_private_key }}"
    client_id: "{{ cw_psa_client_id }}"
    name: Acct Sync API
    on_drift: warn
    permissions:
      - {module: Finance, function: Accounting Interface, add: All, edit: All, delete: All, inquire: All}
      - {module: Companies, function: Company Maintenance, inquire: All}
      - module: System
        function: Table Setup
        inquire: All
        customize_allow:
          - General Ledger / GL Accounts
          - Invoicing / Billing Terms
  delegate_to: localhost
  register: role

- name: Show what remains to be clicked
  ansible.builtin.debug:
    var: role.manual_steps

- name: Remove the role (connection options from CW_PSA_* environment variables)
  msp.connectwise_psa.cw_security_role:
    name: Acct Sync API
    state: absent
  delegate_to: localhost
'''

RETURN = r'''
role:
  description: The role's id and name; C(id) is null in check mode for a role that would be created.
  returned: success, or failure after the role was looked up
  type: dict
  sample: {"id": 31, "name": "Acct Sync API"}
created:
  description: Whether this run created the role (or would, in check mode).
  returned: always
  type: bool
compliant:
  description: Whether every permission level matches O(permissions). Customize items are not part of it, see RV(unverified).
  returned: when O(state=present)
  type: bool
permissions_drift:
  description: Each level that differs, in the order of the PSA screen.
  returned: when O(state=present)
  type: list
  elements: dict
  sample: [{"module": "Finance", "function": "Accounting Interface", "level": "add", "current": "None", "desired": "All"}]
manual_steps:
  description:
    - What a person clicks in the PSA web UI to remove the drift, in the order of the PSA screen.
    - One step per function row with every level to set on that row, then their current values.
  returned: when O(state=present)
  type: list
  elements: str
  sample: ['System > Security Roles > "Acct Sync API" > Finance > Accounting Interface: Add All, Edit All, Delete All, Inquire All
            (now None, None, None, None)']
steps:
  description:
    - The same steps as RV(manual_steps), in the same order, as records a program can act on without reading the words
      - C({action, screen, role, member, module, function, current, wanted}); C(action) is V(set_levels) here, C(current)
      and C(wanted) the levels by name (only those to change).
    - C(docs/report.schema.json) in the collection documents every action (C($defs/step)).
  returned: when O(state=present)
  type: list
  elements: dict
  sample: [{"action": "set_levels", "screen": 'System > Security Roles > "Acct Sync API"', "role": "Acct Sync API",
            "member": null, "module": "Finance", "function": "Accounting Interface",
            "current": {"add": "None", "edit": "None"}, "wanted": {"add": "All", "edit": "All"}}]
unverified:
  description:
    - Customize allow-list items this module cannot read; M(msp.connectwise_psa.cw_api_key) verifies them.
    - Each carries its step as words (C(manual_steps)) and as a record (C(steps), action V(customize)).
  returned: when O(state=present)
  type: list
  elements: dict
  sample: [{"module": "System", "function": "Table Setup", "customize_allow": ["Invoicing / Billing Terms"], "reason": "...",
            "manual_steps": ['System > Security Roles > "Acct Sync API" > System > Table Setup: click Customize and tick
                              "Invoicing / Billing Terms" under "Allow access to these", then Save']}]
planned_changes:
  description:
    - Check mode only, when a real run would write. The write in words, for example C(create security role "Acct Sync API").
    - Before predicting a write, check mode proves the key running the task has the right for it
      (read from C(GET /system/mySecurity)); a missing right fails the task, naming the right and the fix, see RV(missing_right).
  returned: check mode, when the role would be created or deleted
  type: list
  elements: str
  sample: ['create security role "Acct Sync API"']
holders:
  description: How many members hold the role, as C({api_members, people}), when check mode predicts the PSA's refusal to delete it.
  returned: when O(state=absent) fails in check mode because the role is in use
  type: dict
  sample: {"api_members": 1, "people": 0}
refused:
  description:
    - Why the delete was refused before any write - V(caller_holds_role) (the member whose key runs the task holds
      the role) or V(role_in_use) (check mode; other members hold it, the PSA would refuse).
  returned: when that is why the task failed
  type: str
missing_right:
  description: The right the key running the task lacks for the write it would make, as C(module > function - level).
  returned: when that is why the task failed
  type: str
  sample: "System > Security: Add Level"
applied_writes:
  description: Writes the PSA confirmed before a later request of the same task failed; C(changed) is then true.
  returned: on failure after a write
  type: list
  elements: dict
  sample: [{"method": "POST", "path": "/system/securityroles", "status": 201}]
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

from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import main_for
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import ARGUMENT_SPEC, ensure


def main():
    main_for(ensure, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
