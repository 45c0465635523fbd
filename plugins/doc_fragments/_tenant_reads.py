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
    # The tenant_reads option of cw_security_role and cw_api_member (module_utils/_tenant_reads.py).
    DOCUMENTATION = r'''
options:
  tenant_reads:
    description:
      - What an earlier task of the same tenant and run read that does not depend on the integration - its
        RV(tenant_reads) - so that this task does not read it again; for running many integrations per tenant
        (the role C(msp.connectwise_psa.integrations) hands it from task to task).
      - Holds the admin key's C(/system/mySecurity) rows, references found by name or id, the new-member template,
        and the roles and members of the tenant's integrations found by one batched lookup (keys C(want_roles)
        and C(want_members) - the names of every integration's role and member, looked up together on first use).
      - Only hand on what a task of the same tenant and run returned; the modules trust it as read. Every
        integration must have its own role and member (the integrations role refuses two with one before any
        request), since a task writes its own and the others' stay as read.
      - The reads carry the digest of the tenant and admin key they were made with (key C(tenant)); reads made on
        another tenant or with another key are ignored with a warning and read again.
      - Unset (the default), the task reads everything itself, as before.
    type: dict
'''
