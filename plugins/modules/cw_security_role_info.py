#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_security_role_info
short_description: Read ConnectWise PSA security roles back as permission tables
version_added: 0.1.0
description:
  - Lists security roles (one by name, or every role) with their permission levels as a table
    in exactly the format O(msp.connectwise_psa.cw_security_role#module:permissions) takes, so a role that is right in
    one tenant can be checked in every other (see the playbook C(msp.connectwise_psa.export_role_table)).
  - A table lists only functions with a level other than V(None), with the module and function
    labels the PSA shows and all four levels spelt out. Under
    O(msp.connectwise_psa.cw_security_role#module:exclusive=true) it verifies exactly the role it was read from.
  - The PSA REST API cannot read a role's Customize allow-list (only the calling member's own,
    C(GET /system/mySecurity/customizeItems/)). The rows therefore carry no C(customize_allow);
    RV(roles[].customize_not_read) names the functions that have such a list, and RV(customize_allow_note) says so in every result.
  - Sends only C(GET) requests; one for the role(s) and one list of settings per role.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
  - msp.connectwise_psa._attributes
  - msp.connectwise_psa._attributes.info_module
options:
  name:
    description:
      - The role's name ("Role ID"), matched case-insensitively. At most 30 characters, no double quote.
      - Without it, every role of the tenant is returned. A name that does not exist returns an empty RV(roles).
    type: str
seealso:
  - module: msp.connectwise_psa.cw_security_role
  - module: msp.connectwise_psa.cw_api_member_info
'''

EXAMPLES = r'''
- name: Read the role that is right in this tenant
  msp.connectwise_psa.cw_security_role_info:
    name: Acct Sync API
  delegate_to: localhost
  register: reference

- name: Verify the same table in another tenant (connection options from CW_PSA_* or module_defaults)
  msp.connectwise_psa.cw_security_role:
    name: Acct Sync API
    permissions: "{{ reference.roles[0].permissions }}"
    exclusive: true
  delegate_to: localhost

- name: Every role of the tenant with its number of granted functions
  msp.connectwise_psa.cw_security_role_info:
  delegate_to: localhost
  register: all_roles

- name: Show them
  ansible.builtin.debug:
    msg: "{{ all_roles.roles | map(attribute='name') | zip(all_roles.roles | map(attribute='permissions') | map('length')) }}"
'''

RETURN = r'''
roles:
  description: The roles found, in the PSA's order; empty when O(name) does not exist.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The role's record id.
      type: int
    name:
      description: The role's name ("Role ID").
      type: str
    permissions:
      description:
        - The role's levels as a permission table, in the order of the PSA screen; only functions
          with a level other than V(None).
        - Each row has C(module), C(function), C(add), C(edit), C(delete) and C(inquire) (V(None), V(My) or V(All)).
      type: list
      elements: dict
      sample: [{"module": "Finance", "function": "Invoicing", "add": "None", "edit": "All", "delete": "All", "inquire": "All"}]
    customize_not_read:
      description: Functions of RV(roles[].permissions) that have a Customize allow-list, which the API cannot read for a role.
      type: list
      elements: dict
      sample: [{"module": "System", "function": "Table Setup"}]
customize_allow_note:
  description: Why the tables carry no C(customize_allow) and what to do about it.
  returned: success
  type: str
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
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role_info import ARGUMENT_SPEC, gather


def main():
    main_for(gather, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
