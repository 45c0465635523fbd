# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report model: one tenant's status from its registered results, and the play's totals.

PRIVATE to this collection (the leading underscore): it may change in any release.

The filters tenant_status and status_report (plugins/filter/psa.py) are this file's functions;
plugin_utils/report.py renders what they build. Steps stay records here (module_utils/_steps.py);
``pending_steps`` carries their words beside them, for the role's messages and older readers.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps


def _words(result, key):
    return list((result or {}).get(key) or [])


def _records(result, key='steps', words_key='manual_steps'):
    """A result's steps as records; a result that gives only words (made elsewhere) keeps them as they are."""
    result = result or {}
    if isinstance(result.get(key), list):
        return list(result[key])
    return [steps.other(text) for text in _words(result, words_key)]


def _unique(texts):
    unique = []
    for text in texts:
        if text not in unique:
            unique.append(text)
    return unique


# A key whose rights were read: only then are its counts numbers; otherwise null ("not checked").
KEY_CHECKED = ('verified', 'drift')


def _count(result, field, checked):
    return len(result.get(field) or []) if checked else None


def _key_facts(key, key_status):
    checked = key_status in KEY_CHECKED
    # The fingerprint only: both halves of a key are secret (a swapped pair puts the private one first).
    facts = {'status': key_status, 'fingerprint': key.get('key_fingerprint'), 'checked': checked,
             'unrecognised_items': list(key.get('customize_unrecognised') or []) if checked else None}
    for field in ('permissions_drift', 'customize_missing', 'customize_extra', 'customize_unrecognised'):
        facts[field] = _count(key, field, checked)
    return facts


def _role_facts(role):
    checked = 'permissions_drift' in role
    unverified = sum(len(item.get('customize_allow') or []) for item in role.get('unverified') or [])
    return {'name': (role.get('role') or {}).get('name'), 'created': role.get('created'),
            'compliant': role.get('compliant'), 'drift': _count(role, 'permissions_drift', checked),
            'customize_unverified': unverified if checked else None}


def _lifecycle_facts(lifecycle):
    """The key's life (filter key_lifecycle) as the report shows it; all null when it was not read."""
    rotation = lifecycle.get('rotation') or {}
    previous = rotation.get('previous') or {}
    return {'stored_at': lifecycle.get('stored_at'), 'age_days': lifecycle.get('age_days'),
            'description': lifecycle.get('description'), 'max_age_days': lifecycle.get('max_age_days'),
            'too_old': lifecycle.get('too_old'),
            'rotation': {'state': rotation.get('state'), 'previous_description': previous.get('description'),
                         'previous_fingerprint': previous.get('fingerprint'),
                         'previous_stored_at': previous.get('stored_at'), 'completed_at': rotation.get('completed_at')}}


def _shared_role_notes(member):
    """A member put on a role that is not the integration's own, allowed by allow_shared_role."""
    shared = member.get('shared_role') or {}
    if not shared.get('allowed'):
        return []
    identifier = (member.get('api_member') or {}).get('identifier')
    return ['API member "%s" is on security role "%s", which is not the integration\'s own (%s): accepted by '
            'allow_shared_role' % (identifier, shared.get('name'), '; '.join(shared.get('reasons') or []))]


def tenant_status(role, member, key, error=None, tenant=None, company_id=None, lifecycle=None):
    """One tenant's outcome from the three registered results (any may be missing)."""
    role, member, key, lifecycle = role or {}, member or {}, key or {}, lifecycle or {}
    key_status = key.get('status') or ('not checked' if not key else 'error')
    # Check mode: what the setup would write comes first, then what stays manual.
    planned = list(role.get('planned_changes') or []) + list(member.get('planned_changes') or [])
    pending = [steps.run_setup(change) for change in planned] + _records(role)
    if key_status not in KEY_CHECKED:
        # Until the member's own key is read, the Customize items stay to be set; once it is,
        # its own result names exactly the items missing (and extra).
        for item in role.get('unverified') or []:
            pending.extend(_records(item))
    pending.extend(_records(member))   # the member's steps, if any, come before the key's
    pending.extend(_records(key))
    # Rotation and key age, after the key's own steps (the filter's 'steps' are its words).
    pending.extend(_records(lifecycle, 'step_records', 'steps'))
    records = steps.unique(pending)
    api_member = member.get('api_member') or {}
    status = {
        'tenant': tenant,
        'company_id': company_id,
        'role': _role_facts(role),
        'member': {'identifier': api_member.get('identifier'), 'ok': bool(api_member) and not member.get('failed'),
                   'changed': bool(member.get('changed')), 'inactive': api_member.get('inactive')},
        'key': dict(_key_facts(key, key_status), **_lifecycle_facts(lifecycle)),
        'pending_steps': [steps.words(step) for step in records],
        'steps': records,
        # Advice for some cases only (e.g. a lost private key): shown beside the steps, never counted.
        'notes': _unique(_words(role, 'manual_notes') + _words(member, 'manual_notes') + _shared_role_notes(member)
                         + _words(key, 'manual_notes') + _words(lifecycle, 'notes')),
        'error': error,
    }
    status['complete'] = not error and not records and key_status == 'verified' and status['member']['ok']
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
        'key_checked': sum(1 for status in tenants if status['key']['checked']),
        # Sums over the keys that were checked; a tenant not checked adds nothing (its counts are null).
        'customize_extra': sum(status['key']['customize_extra'] or 0 for status in tenants),
        'customize_unrecognised': sum(status['key']['customize_unrecognised'] or 0 for status in tenants),
    }
    return {'totals': totals, 'tenants': tenants}
