#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_api_key
short_description: Verify a ConnectWise PSA API member's API key end to end
version_added: 0.1.0
description:
  - The PSA has B(no) API to create, list or delete API keys; a person creates the key
    on the member's API Keys tab and the private key is shown once. This module proves
    that such a key works, belongs to the right member and grants exactly the
    permission table, Customize items included.
  - It logs in B(only with the member's own key pair), O(key_public) and O(key_private), and
    reads C(/system/mySecurity) (the caller's effective levels, each row naming the caller)
    and C(/system/mySecurity/customizeItems/) (the caller's Customize items).
  - The admin key pair of the other modules, O(public_key) and O(private_key), is ignored;
    it may stay set, for example in C(module_defaults).
  - Without a key pair it returns RV(status=missing) and the exact steps to create one.
  - B(What is verified.) Every permission level the key has, against the table (with O(exclusive), also
    every function the table does not list). The Customize allow-list both ways, per function
    (C(customizeIdentifier)). A row with C(customize_allow) grants exactly those items, so an item it
    lists that the key lacks is RV(customize_missing) and an item the key has beyond it is
    RV(customize_extra); a listed row without C(customize_allow) asks for no restriction and accepts
    any item; a function the table does not list grants none, so its items are extra too.
    Extra items are drift under O(exclusive), each with a step to untick it.
  - B(Unrecognised items.) The vendor publishes no format for an item (C(itemIdentifier)). The module reads
    Table Setup items in the UI's form C(Category / Table) and other lists' items as a label with
    letters. An item in any other form, or of a list the module does not know, is never dropped
    or guessed at. It is returned exactly as the API sent it in RV(customize_unrecognised), and
    under O(exclusive) it is drift with a step naming it verbatim.
  - B(What cannot be verified.) A role's allow-list is readable only through the member's own key
    (C(/system/mySecurity/customizeItems/) lists the caller's items); no request reads it per role,
    so M(msp.connectwise_psa.cw_security_role) leaves it to this module. The API does not say
    whether a function with a Customize list (C(customFlag)) for which it returns no item has no
    allow-list set (every item readable) or an empty one; when the table asks for a list there,
    the function is named in RV(customize_unconfigured) and its items are missing, which is drift
    either way. Which tables a key can really read through other endpoints is not tested.
  - It never changes anything; C(changed) is always false.
author:
  - msp.connectwise_psa maintainers (@msp-connectwise-psa)
extends_documentation_fragment:
  - msp.connectwise_psa.connection
  - msp.connectwise_psa._attributes
  - msp.connectwise_psa._attributes.info_module
  - msp.connectwise_psa._permission_table.expected
options:
  member:
    description:
      - The API member's identifier ("Member ID") the key must belong to, at most 15 characters.
      - No double quote, backslash or invisible character (control or format characters, line or paragraph separators).
    type: str
    required: true
  description:
    description: The key's description, used in the steps to create it. Defaults to O(member).
    type: str
  key_public:
    description:
      - The public key of the pair a person created for O(member) in the web UI.
      - Give O(key_public) and O(key_private) together, or neither (then RV(status=missing)).
      - Secret like the private key (two halves that look alike are easily swapped in a vault), so never logged
        nor returned; results, warnings and reports name it by RV(key_fingerprint) only.
      - When the PSA refuses the pair but accepts it the other way round (one more request, only after an
        HTTP 401), the task fails with RV(status=swapped), printing neither half.
    type: str
  key_private:
    description:
      - The private key of the pair a person created for O(member), given with O(key_public).
        Never logged or returned.
    type: str
  security_role:
    description:
      - The member's security role name, used only in the wording of RV(manual_steps); at most 30 characters,
        no double quote, backslash or invisible character.
    type: str
  exclusive:
    description:
      - When true, any grant on a function the table does not list is drift, and so is every Customize
        item the table does not grant (RV(customize_extra)) or the module cannot read (RV(customize_unrecognised)).
      - When false, extra levels and extra Customize items are accepted (still returned); unrecognised items
        are returned with a warning.
    type: bool
    default: true
  on_missing:
    description: When no key pair is given, V(fail) the task or V(warn) and return the steps.
    type: str
    choices: [fail, warn]
    default: fail
  on_drift:
    description:
      - When the key works but its rights differ, V(fail), V(warn) or V(ignore).
      - A refused key (RV(status=invalid)) or a key of another member (RV(status=wrong_member)) always fails.
    type: str
    choices: [fail, warn, ignore]
    default: fail
seealso:
  - module: msp.connectwise_psa.cw_security_role
  - module: msp.connectwise_psa.cw_api_member
'''

EXAMPLES = r'''
- name: Verify the key a person created (pair kept in Ansible Vault)
  msp.connectwise_psa.cw_api_key:
    member: AcctSyncAPI
    description: Acct Sync API
    key_public: "{{ acct_sync_key_public }}"
    key_private: "{{ acct_sync_key_private }}"
    security_role: Acct Sync API
    expected_permissions:
      - {module: Finance, function: Accounting Interface, add: All, edit: All, delete: All, inquire: All}
      - module: System
        function: Table Setup
        inquire: All
        customize_allow: [General Ledger / GL Accounts, Invoicing / Billing Terms]
  delegate_to: localhost

- name: No key yet - warn and show the steps
  msp.connectwise_psa.cw_api_key:
    member: AcctSyncAPI
    on_missing: warn
  delegate_to: localhost
  register: key

- name: Show them
  ansible.builtin.debug:
    var: key.manual_steps
'''

RETURN = r'''
status:
  description:
    - V(missing) no pair given; V(verified) the key works, belongs to O(member) and grants exactly the table;
      V(invalid) the PSA refused the pair (HTTP 401, or 403 on C(/system/mySecurity), which every member
      may read); V(swapped) the PSA refused the pair and accepted it with
      O(key_public) and O(key_private) the other way round; V(wrong_member) the key belongs to another member
      (see RV(key_member)); V(drift) levels or Customize items differ (extra and unrecognised items
      only under O(exclusive)).
  returned: always
  type: str
  sample: verified
member:
  description: The member the key must belong to.
  returned: always
  type: str
key_fingerprint:
  description:
    - A short, stable fingerprint of O(key_public) (C(sha256:) and the first 12 hex digits of its SHA-256), to
      tell keys apart; neither half of the key is ever returned. Null when no key is given.
  returned: always
  type: str
  sample: sha256:3f2a9c1b7d4e
key_member:
  description: The identifier of the member the key actually belongs to.
  returned: when RV(status=wrong_member)
  type: str
permissions_drift:
  description: Levels that differ, as C({module, function, level, current, desired}).
  returned: always
  type: list
  elements: dict
customize_missing:
  description: Customize items the table needs that the key does not have, as C({module, function, item}).
  returned: always
  type: list
  elements: dict
  sample: [{"module": "System", "function": "Table Setup", "item": "Invoicing / Billing Terms"}]
customize_extra:
  description:
    - Customize items the key has that the table does not grant, as C({module, function, item}), the item as
      the API returned it. Drift under O(exclusive).
  returned: always
  type: list
  elements: dict
  sample: [{"module": "System", "function": "Table Setup", "item": "General Ledger/GL Account Mapping"}]
customize_unrecognised:
  description:
    - Customize items the module cannot read, exactly as the API returned them, as C({module, function,
      customize_identifier, item, reason}); C(module) and C(function) are null when the list itself is
      unknown. Drift under O(exclusive).
  returned: always
  type: list
  elements: dict
  sample: [{"module": "System", "function": "Table Setup", "customize_identifier": "SystemTableSetup", "item": "4711",
            "reason": "the item is in a form the collection cannot read"}]
customize_unconfigured:
  description:
    - Functions whose table row asks for an allow-list (C(items)) while the key sees no item of that
      Customize list at all, as C({module, function, items}). The API does not say whether no list is set or
      the list is empty; the items are in RV(customize_missing) either way.
  returned: always
  type: list
  elements: dict
  sample: [{"module": "System", "function": "Table Setup", "items": ["General Ledger / GL Accounts"]}]
manual_steps:
  description:
    - What a person does in the PSA web UI, in order; one step per function row (all its levels at once),
      one per function's Customize list, then the key's steps.
  returned: always
  type: list
  elements: str
  sample: ['System > Security Roles > "Acct Sync API" > Finance > Invoicing: Edit All, Delete All (now None, None)']
steps:
  description:
    - The same steps as RV(manual_steps), in the same order, as records a program can act on without reading the words
      - C({action, screen, role, member, module, function, current, wanted}).
    - C(action) is V(set_levels) (C(current) and C(wanted) the levels by name), V(customize) (C(wanted) is
      C({tick, untick})), V(customize_exactly) (C(wanted) is C({allow})), V(untick_unreadable) (C(current) is the item as
      the API returned it), V(create_key) (C(wanted) is C({description})) or V(copy_key).
    - C(docs/report.schema.json) in the collection documents every action (C($defs/step)).
  returned: always
  type: list
  elements: dict
  sample: [{"action": "create_key", "screen": 'System > Members > API Members > "Acct Sync API" > API Keys', "role": null,
            "member": "Acct Sync API", "module": null, "function": null, "current": null,
            "wanted": {"description": "Acct Sync API"}}]
manual_notes:
  description: Advice that applies only in some cases (for example a lost private key); not a step to do.
  returned: always
  type: list
  elements: str
  sample: ['System > Members > API Members > "Acct Sync API" > API Keys: if the private key was lost, delete that key and create a new one']
codebase:
  description: The codebase the requests went to; pass it on as O(codebase) to save a lookup on a moved site.
  returned: when a request was sent
  type: str
  sample: v4_6_release/
error:
  description: The failed request (method, path, HTTP status, vendor code, message, errors).
  returned: on a failed request other than the key's refusal
  type: dict
'''

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import ARGUMENT_SPEC, verify
from ansible_collections.msp.connectwise_psa.plugins.module_utils._runner import main_for


def main():
    main_for(verify, ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
