# -*- coding: utf-8 -*-
# Copyright: (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters the bundled role uses: table validation and the per-tenant status."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils.permissions import (
    PermissionTableError, validate_table)


def permission_table_errors(rows, option='permissions'):
    """[] for a valid table, else the reasons (same JSON schema as the modules)."""
    try:
        validate_table(rows, option)
    except PermissionTableError as exc:
        return [str(exc)]
    return []


def _steps(result, key='manual_steps'):
    return list((result or {}).get(key) or [])


def _unique(texts):
    unique = []
    for text in texts:
        if text not in unique:
            unique.append(text)
    return unique


def tenant_status(role, member, key, error=None, tenant=None, company_id=None):
    """One tenant's outcome from the three registered results (any may be missing)."""
    role, member, key = role or {}, member or {}, key or {}
    key_status = key.get('status') or ('not checked' if not key else 'error')
    pending = _steps(role)
    if key_status != 'verified':
        # Until the member's own key proves them, the Customize items stay to be set.
        for item in role.get('unverified') or []:
            pending.extend(item.get('manual_steps') or [])
    pending.extend(_steps(member))   # the member's steps, if any, come before the key's
    pending.extend(_steps(key))
    unique = _unique(pending)
    api_member = member.get('api_member') or {}
    status = {
        'tenant': tenant,
        'company_id': company_id,
        'role': {'name': (role.get('role') or {}).get('name'), 'created': role.get('created'),
                 'compliant': role.get('compliant'), 'drift': len(role.get('permissions_drift') or [])},
        'member': {'identifier': api_member.get('identifier'), 'ok': bool(api_member) and not member.get('failed'),
                   'changed': bool(member.get('changed')), 'inactive': api_member.get('inactive')},
        'key': {'status': key_status, 'public_key': key.get('key_public'),
                'customize_missing': len(key.get('customize_missing') or [])},
        'pending_steps': unique,
        # Advice for some cases only (e.g. a lost private key): shown beside the steps, never counted.
        'notes': _unique(_steps(role, 'manual_notes') + _steps(member, 'manual_notes') + _steps(key, 'manual_notes')),
        'error': error,
    }
    status['complete'] = not error and not unique and key_status == 'verified' and status['member']['ok']
    return status


def status_report(host_statuses):
    """``[(tenant, status or None)]`` -> ``{totals, tenants}``; a tenant without status failed early."""
    tenants = []
    for tenant, status in host_statuses:
        if not status:
            status = tenant_status({}, {}, {}, error='failed before its status was recorded', tenant=tenant)
        tenants.append(status)
    tenants.sort(key=lambda status: status['tenant'] or '')
    totals = {
        'tenants': len(tenants),
        'complete': sum(1 for status in tenants if status['complete']),
        'pending': sum(1 for status in tenants if not status['complete'] and not status['error']),
        'failed': sum(1 for status in tenants if status['error']),
        'role_compliant': sum(1 for status in tenants if status['role']['compliant']),
        'key_verified': sum(1 for status in tenants if status['key']['status'] == 'verified'),
        'pending_steps': sum(len(status['pending_steps']) for status in tenants),
    }
    return {'totals': totals, 'tenants': tenants}


class FilterModule(object):
    def filters(self):
        return {'permission_table_errors': permission_table_errors, 'tenant_status': tenant_status,
                'status_report': status_report}
