# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters the bundled role uses: table validation and the per-tenant status.

Thin on purpose: the table's schema is module_utils/_permission_schema.py, the report model
plugin_utils/_report_model.py (documentation in the .yml files beside this one).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils._permission_schema import (
    PermissionTableError, validate_table)
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._report_model import status_report, tenant_status


def permission_table_errors(rows, option='permissions'):
    """[] for a valid table, else the reasons (same JSON schema as the modules)."""
    try:
        validate_table(rows, option)
    except PermissionTableError as exc:
        return [str(exc)]
    return []


class FilterModule(object):
    def filters(self):
        return {'permission_table_errors': permission_table_errors, 'tenant_status': tenant_status,
                'status_report': status_report}
