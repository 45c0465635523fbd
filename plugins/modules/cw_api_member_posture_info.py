#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_api_member_posture_info
short_description: Audit every ConnectWise PSA API member's role and report what is wrong, with the fix
version_added: 0.1.0
description:
  - Lists every API member of the tenant, active and inactive, with its security role, level and location,
    and reports findings, each with a severity and the exact step that fixes it in the PSA web UI.
  - "Findings: V(admin_role) the role has the admin flag; V(every_level_all) the role grants All on every level;
    V(escalation) the role grants System > Security or System > Member Maintenance beyond Inquire (it can create
    members or change roles; not reported again for a role with every level All); V(role_shared_with_people)
    active people (full members) have the same role; V(role_shared_with_api_members) other API members have the
    same role; V(role_missing) the role no longer exists; V(role_inactive) the role is inactive;
    V(member_inactive) the member is inactive; V(undeclared) no integration of O(integrations) names the member;
    V(integration_missing) an integration of O(integrations) has no member in the tenant."
  - Sharing is reported for active members only (an inactive member cannot log in); the other API members on the
    role count whether active or not (an inactive one can be reactivated). People are read from C(/system/members)
    without API members (C(licenseClass) V(A)), and only active people count.
  - Sends only C(GET) requests, and few whatever the number of members - the API members (all pages), the security
    roles, the active people on the members' roles (one filtered list), then one list of settings per distinct
    role the members use. RV(requests) gives the figure.
  - The key needs only Inquire on System > Security and System > Member Maintenance.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
options:
  integrations:
    description:
      - The integrations the inventory declares for this tenant. Only C(member) (the API member's identifier,
        its "Member ID", required) and C(name) (how the report names the integration; default the member) of
        each item are read; other keys are left alone, so a fuller description of an integration can be passed
        as it is.
      - When set (also to an empty list), members no integration declares are V(undeclared) and declared members
        the tenant lacks are V(integration_missing). When not set, neither is checked.
    type: list
    elements: dict
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the PSA.
    support: full
    details: The module only reads; it never changes anything, in check mode or not.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: The module only reads.
seealso:
  - module: msp.connectwise_psa.cw_api_member_info
  - module: msp.connectwise_psa.cw_security_role_info
'''

EXAMPLES = r'''
- name: Audit the API members, with the integrations the inventory declares
  msp.connectwise_psa.cw_api_member_posture_info:
    integrations:
      - name: Accounting Sync
        member: Acct Sync API
  delegate_to: localhost
  register: posture

- name: The critical findings
  ansible.builtin.debug:
    msg: "{{ posture.findings | selectattr('severity', 'equalto', 'critical') | map(attribute='step') }}"
'''

RETURN = r'''
members:
  description: Every API member, in the PSA's order.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The member's record id.
      type: int
    identifier:
      description: The Member ID.
      type: str
    name:
      description: The Member Name.
      type: str
    inactive:
      description: Whether the member is deactivated.
      type: bool
    role:
      description:
        - "The role as C({id, name, state, admin}): C(state) is V(active), V(inactive), V(missing) (the member
          points at a role that no longer exists) or V(none); C(admin) is the role's admin flag."
      type: dict
    level:
      description: The member's level (structure level) name.
      type: str
    location:
      description: The member's location within the level (or its default location) name.
      type: str
    findings:
      description: The ids of this member's findings.
      type: list
      elements: str
  sample:
    - id: 100
      identifier: AutomationAdmin
      name: Automation Admin
      inactive: false
      role: {id: 1, name: Admin, state: active, admin: true}
      level: Corporate
      location: Head Office
      findings: [admin_role, every_level_all]
findings:
  description: Every finding, the members' in their order, then the missing integrations.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: What is wrong (see the description).
      type: str
    severity:
      description: How bad it is.
      type: str
      choices: [critical, high, medium, low]
    member:
      description: The API member's identifier; null for V(integration_missing).
      type: str
    integration:
      description: The integration's name for V(integration_missing), else null.
      type: str
    role:
      description: The member's role name, when known.
      type: str
    message:
      description: What was found, naming the member and the role.
      type: str
    step:
      description: The exact step in the PSA web UI that fixes it.
      type: str
  sample:
    - id: admin_role
      severity: critical
      member: AutomationAdmin
      integration: null
      role: Admin
      message: "API member AutomationAdmin is on role \"Admin\", which has the admin flag: ..."
      step: "System > Security Roles > New (+): create a role for this integration alone ..."
counts:
  description: C({by_id, by_severity, total}), the number of findings of each id and each severity.
  returned: success
  type: dict
declared_checked:
  description: Whether O(integrations) was given, so V(undeclared) and V(integration_missing) were checked.
  returned: success
  type: bool
requests:
  description: How many HTTP requests the audit sent to the tenant.
  returned: success
  type: int
codebase:
  description: The codebase the requests went to.
  returned: when a request was sent
  type: str
  sample: v4_6_release/
error:
  description: The failed request (method, path, HTTP status, vendor code, message, errors).
  returned: on a failed request
  type: dict
'''

from ansible_collections.msp.connectwise_psa.plugins.module_utils._posture import ARGUMENT_SPEC, gather
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import main_for


def main():
    main_for(gather, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
