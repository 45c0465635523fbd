# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # cw_security_role's permissions option: the table the role must have, one row per function
    # (module_utils/_permissions.py ROW_OPTIONS, the JSON schema's row). Plain literals: ansible-test
    # reads fragments without running them.
    DOCUMENTATION = r'''
options:
  permissions:
    description:
      - The permission table the role must have, one item per function.
      - Names follow the web UI's labels and are matched leniently (case, spacing,
        punctuation, C(&) or C(and)) on the module and function names or identifiers.
        An unknown or repeated function fails before any change, with suggestions.
      - Validated with the collection's JSON schema of a permission table. An error lists the
        first 20 problems and how many more there are.
    type: list
    elements: dict
    default: []
    suboptions:
      module:
        description: The PSA module, for example C(Finance).
        type: str
        required: true
      function:
        description: The function within the module, for example C(Accounting Interface).
        type: str
        required: true
      add:
        description:
          - The Add level.
          - Left out means V(None). The choices are V(None), V(My) (the web UI's "Mine", also accepted) and V(All), in any case.
        type: str
      edit:
        description:
          - The Edit level.
          - Left out means V(None). The choices are V(None), V(My) (the web UI's "Mine", also accepted) and V(All), in any case.
        type: str
      delete:
        description:
          - The Delete level.
          - Left out means V(None). The choices are V(None), V(My) (the web UI's "Mine", also accepted) and V(All), in any case.
        type: str
      inquire:
        description:
          - The Inquire level.
          - Left out means V(None). The choices are V(None), V(My) (the web UI's "Mine", also accepted) and V(All), in any case.
        type: str
      customize_allow:
        description:
          - Items of the function's Customize allow-list, for example C(General Ledger / GL Accounts).
          - Reported in RV(unverified); verified by M(msp.connectwise_psa.cw_api_key).
          - Each item once (compared ignoring case and spacing), none blank. Only on a function that has a
            Customize list (its settings' C(customFlag)); on any other the task fails before any write.
        type: list
        elements: str
'''

    # cw_api_key's expected_permissions option: the same table, which the key must grant.
    EXPECTED = r'''
options:
  expected_permissions:
    description:
      - The permission table the key must grant, one item per function, in the format of
        O(msp.connectwise_psa.cw_security_role#module:permissions) (C(module), C(function), C(add),
        C(edit), C(delete), C(inquire), C(customize_allow)); validated with the same JSON schema
        and matched to the live names by the same lenient rules.
      - Customize items are compared ignoring case, repeated spaces and the spaces around
        C(/) separators, so C(General Ledger / GL Accounts) matches C(General Ledger/GL Accounts).
    type: list
    elements: dict
    default: []
'''
