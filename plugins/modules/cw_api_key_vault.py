#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# The work is done by the action plugin of the same name, on the controller; this file documents it.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_api_key_vault
short_description: Keep a tenant's proven API key pair inline-vaulted in its host_vars file, through rotations
version_added: 0.1.0
author: msp.connectwise_psa maintainers (@msp-connectwise-psa)
description:
  - Stores the member's API key pair as the tenant's current key, encrypted with the run's vault secret
    (ansible-vault inline values), in the tenant's host_vars file, with the time it was stored (the PSA cannot say)
    and its description. The acct_sync role reads it from there.
  - Prove the pair first with M(msp.connectwise_psa.cw_api_key); this module sends nothing to a PSA. The
    C(msp.connectwise_psa.store_api_key) playbook does both, in that order.
  - B(Rotation.) A new pair while a current one is stored starts a rotation when O(keep_previous) is true (the PSA
    still accepts the old pair), and the old pair is kept as the previous key. O(state=previous_absent) removes the
    previous pair once the PSA refuses it and records when the rotation completed.
  - B(The file.) Only the lines of the collection's variables change; every other variable and comment stays
    as it was, and the edited file is read back to prove that (a layout that cannot be edited that way is refused).
    The file keeps its mode; a new file gets 0600. The new text goes to a hidden temp file that is renamed over the
    old one, so a run cut off at any point leaves the old file whole.
  - B(Variables written) (with the default O(prefix)), the names the acct_sync role reads;
    C(acct_sync_key_public) and C(acct_sync_key_private) (vaulted), C(acct_sync_key_meta)
    (C(stored_at), C(description), C(member), C(fingerprint)); during a rotation C(acct_sync_key_previous_public),
    C(acct_sync_key_previous_private) (vaulted) and C(acct_sync_key_previous_meta) (also C(replaced_at));
    after one C(acct_sync_key_rotation_completed) (C(at), C(description), C(fingerprint)).
  - No key is ever returned or printed, only a short fingerprint (C(sha256:) and 12 hex digits of the public key).
options:
  state:
    description:
      - V(current) stores O(key_public) and O(key_private) as the current pair.
      - V(previous_absent) removes the previous pair of a rotation (the PSA refuses it) and records when.
    type: str
    choices: [current, previous_absent]
    default: current
  key_public:
    description: The public key of the proven pair; needed for O(state=current).
    type: str
  key_private:
    description: The private key of the proven pair; needed for O(state=current). Never logged or returned.
    type: str
  member:
    description: The API member's identifier the pair belongs to; needed for O(state=current).
    type: str
  description:
    description: The key's description in the PSA (what the API Keys tab lists), to name it in rotation steps.
      Defaults to O(member).
    type: str
  keep_previous:
    description:
      - With a current pair stored and a different one given, keep the old pair as the previous key (true, the
        PSA still accepts it) or drop it (false, the PSA refuses it already).
      - While a previous pair is kept, storing a third one fails, naming the key to delete first.
    type: bool
    default: true
  path:
    description:
      - The host_vars file. Default C(host_vars/<inventory host>/<prefix>.yml) when that folder exists beside the
        inventory, else C(host_vars/<inventory host>.yml).
      - A file encrypted as a whole cannot take inline values; give another file of the host's folder.
    type: path
  store:
    description:
      - Where the pair is kept. V(host_vars) is the only store so far; the code keeps the store behind one small
        interface (C(plugin_utils/_key_store.py)) so that a secret manager can be added.
    type: str
    choices: [host_vars]
    default: host_vars
  vault_id:
    description: The vault id to encrypt with when the run has several; default the first one given.
    type: str
  prefix:
    description: The variables' common prefix.
    type: str
    default: acct_sync_key
extends_documentation_fragment:
  - msp.connectwise_psa._attributes.action_only
  - msp.connectwise_psa._attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: Reads and encrypts as the real run would (a missing vault secret fails the same way), writes nothing.
  diff_mode:
    support: full
    details: The diff shows the variables' metadata and fingerprints, never a key.
  idempotent:
    support: full
    details: The same pair stored again is V(unchanged) and writes nothing.
  platform:
    details: Runs on the Ansible controller and writes a file of the inventory there; nothing is sent to a PSA.
notes:
  - Needs a vault secret in the run (C(--ask-vault-pass), C(--vault-password-file), C(--vault-id); under AWX a
    Vault credential) and fails naming them when none is given.
  - Under AWX the inventory comes from a project checkout, so a file written there does not persist; keep keys in
    an AWX credential there.
seealso:
  - module: msp.connectwise_psa.cw_api_key
'''

EXAMPLES = r'''
- name: Prove the pair a person just created
  msp.connectwise_psa.cw_api_key:
    member: Acct Sync API
    key_public: "{{ new_public }}"
    key_private: "{{ new_private }}"
    expected_permissions: "{{ acct_sync_permissions }}"
  no_log: true

- name: Store it, vaulted, in the tenant's host_vars file
  msp.connectwise_psa.cw_api_key_vault:
    member: Acct Sync API
    description: Acct Sync API 2026-12
    key_public: "{{ new_public }}"
    key_private: "{{ new_private }}"

- name: The PSA refuses the previous key now - finish the rotation
  msp.connectwise_psa.cw_api_key_vault:
    state: previous_absent
'''

RETURN = r'''
outcome:
  description:
    - V(stored) first pair; V(unchanged) the same pair was stored already; V(rotation_started) the old pair is kept as
      previous; V(replaced) the old pair was dropped; V(rotation_completed) the previous pair was removed;
      V(no_previous) there was none to remove.
  returned: success
  type: str
  sample: rotation_started
path:
  description: The file.
  returned: success
  type: str
  sample: /srv/inventory/host_vars/acme.yml
store:
  description: The store used.
  returned: success
  type: str
  sample: host_vars
current:
  description: The current pair's metadata (C(stored_at), C(description), C(member), C(fingerprint)), or null.
  returned: success
  type: dict
  sample: {"stored_at": "2026-12-01T16:11:50Z", "description": "Acct Sync API 2026-12", "member": "Acct Sync API",
           "fingerprint": "sha256:1f2e3d4c"}
previous:
  description: The previous pair's metadata during a rotation (also C(replaced_at)), or null.
  returned: success
  type: dict
rotation_completed:
  description: When the last rotation completed (C(at), C(description) and C(fingerprint) of the removed pair), or null.
  returned: success
  type: dict
check_mode:
  description: The task ran in check mode, so nothing was written.
  returned: success
  type: bool
msg:
  description: What was done, naming the file and fingerprints.
  returned: always
  type: str
'''
