#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_tenant_snapshot_info
short_description: Read what the collection uses from a ConnectWise PSA tenant as one redacted document
version_added: 0.1.0
description:
  - Returns a snapshot of the tenant - the codebase C(/login/companyinfo) names, the API version the tenant
    answered, every security role with its settings (labels, identifiers, levels, flags), the API members
    (identifier, name, state, references as C({id, name})), the people (full members) on each role, the reference
    lists an API member is created with (levels, locations, business units, time zones; id and name only), and the
    C(/system/mySecurity) and C(/system/mySecurity/customizeItems/) answers of the admin key and, with
    O(member_public_key) and O(member_private_key), of the member's key, verbatim (their format is not published).
  - "Redacted: no key, e-mail address, phone number, address, note or C(_info) link is in it, and people appear
    only as C(person-<id>) (their names, e-mails and phones are never read). Any string that contains one of the
    task's keys or its client id is replaced by C(<redacted>)."
  - The playbook C(msp.connectwise_psa.export_tenant_snapshot) writes it as one JSON file per tenant, for a bug
    report; the collection's test simulator replays such a file as a tenant
    (C(python -m tests.simulator serve --snapshot FILE)).
  - Sends only C(GET) requests - C(/login/companyinfo), the roles, one list of settings per role, the API members,
    the people, the four reference lists and the keys' own rights.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
options:
  member_public_key:
    description:
      - The public key of an integration's API member, to record what that member's own key sees. With
        O(member_private_key). Never logged, never in the snapshot.
    type: str
  member_private_key:
    description:
      - The private key of that member's key pair. Never logged, never in the snapshot.
    type: str
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
  - module: msp.connectwise_psa.cw_api_member_posture_info
'''

EXAMPLES = r'''
- name: Snapshot the tenant, with what the integration's own key sees
  msp.connectwise_psa.cw_tenant_snapshot_info:
    member_public_key: "{{ vault_acct_sync_key_public }}"
    member_private_key: "{{ vault_acct_sync_key_private }}"
  delegate_to: localhost
  register: snapshot

- name: Write it for a bug report
  ansible.builtin.copy:
    content: "{{ snapshot.snapshot | to_nice_json }}"
    dest: "{{ inventory_hostname }}.snapshot.json"
    mode: "0600"
  delegate_to: localhost
'''

RETURN = r'''
snapshot:
  description:
    - The redacted document (C(format) 1). Keys - C(snapshot), C(format), C(api_version), C(companyinfo)
      (C(Codebase)), C(security_roles) (each with C(settings)), C(api_members), C(people), C(references)
      (C(structure_levels), C(locations), C(departments), C(time_zones); null when the key may not read one, named
      in C(references_unreadable)), C(admin) and C(member) (C({my_security, customize_items}); C(member) null without
      a member key) and C(redaction) (what was left out).
  returned: success
  type: dict
requests:
  description: How many HTTP requests the admin key sent.
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

from ansible_collections.msp.connectwise_psa.plugins.module_utils._tenant_snapshot import ARGUMENT_SPEC, gather
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import main_for


def main():
    main_for(gather, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
