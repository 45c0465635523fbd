#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_api_member_info
short_description: List ConnectWise PSA API members in the shape cw_api_member takes
version_added: 0.1.0
description:
  - Lists API members (C(/system/apiMembers)), one by identifier or all of them, inactive ones included.
  - Each member carries what M(msp.connectwise_psa.cw_api_member) manages, under its option names;
    references (role, level, locations, business unit, territory, time zone) as C({id, name}).
  - Sends only C(GET) requests; one list (all pages) for the whole answer.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
  - msp.connectwise_psa._attributes
  - msp.connectwise_psa._attributes.info_module
options:
  identifier:
    description:
      - The member's "Member ID", at most 15 characters, no double quote.
      - Without it, every API member is returned. An identifier that does not exist returns an empty RV(members).
    type: str
seealso:
  - module: msp.connectwise_psa.cw_api_member
  - module: msp.connectwise_psa.cw_security_role_info
'''

EXAMPLES = r'''
- name: Every API member of the tenant
  msp.connectwise_psa.cw_api_member_info:
  delegate_to: localhost
  register: api_members

- name: Members whose role is not the integration's
  ansible.builtin.debug:
    msg: "{{ api_members.members | rejectattr('security_role.name', 'equalto', 'Acct Sync API') | map(attribute='identifier') }}"

- name: One member
  msp.connectwise_psa.cw_api_member_info:
    identifier: AcctSyncAPI
  delegate_to: localhost
  register: member
'''

RETURN = r'''
members:
  description: The API members found, in the PSA's order; empty when O(identifier) does not exist.
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
    email:
      description: The e-mail address.
      type: str
    notes:
      description: Notes.
      type: str
    inactive:
      description: Whether the member is deactivated.
      type: bool
    state:
      description: The member's state as O(msp.connectwise_psa.cw_api_member#module:state) says it, V(absent) when deactivated.
      type: str
      choices: [present, absent]
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
    - id: 100
      identifier: AutomationAdmin
      name: Automation Admin
      inactive: false
      state: present
      security_role: {id: 1, name: Admin}
      structure_level: {id: 1, name: Corporate}
      security_location: {id: 2, name: Head Office}
      default_location: {id: 2, name: Head Office}
      business_unit: {id: 1, name: Administration}
      territory: null
      time_zone: {id: 1, name: Eastern Standard Time}
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

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member_info import ARGUMENT_SPEC, gather
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import main_for


def main():
    main_for(gather, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
