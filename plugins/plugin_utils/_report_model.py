# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The report model: one tenant's status from its registered results, and the play's totals.

The filters tenant_status and status_report (plugins/filter/psa.py) are this file's functions;
plugin_utils/_report.py renders what they build. Steps stay records here (module_utils/_steps.py);
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


def tenant_status(role, member, key, error=None, tenant=None, company_id=None, lifecycle=None, integration=None,
                  preset=None):
    """One tenant's outcome from the three registered results (any may be missing).

    With ``integration`` (and ``preset``) it is one integration's status of a tenant that runs
    several (a report tenant by integration); without, the fields are left out as before.
    """
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
        'notes': steps.unique(_words(role, 'manual_notes') + _words(member, 'manual_notes') + _shared_role_notes(member)
                              + _words(key, 'manual_notes') + _words(lifecycle, 'notes')),
        'error': error,
    }
    status['complete'] = not error and not records and key_status == 'verified' and status['member']['ok']
    if integration is not None:
        status['integration'] = integration
    if preset is not None:
        status['preset'] = preset
    return status


NOT_RECORDED = 'failed before its status was recorded'


def _with_records(status):
    """A status made before steps were records (an older job's report, to merge) gets them from its words."""
    if isinstance(status.get('steps'), list):
        return status
    return dict(status, steps=[steps.other(text) for text in status.get('pending_steps') or []])


def status_report(host_statuses):
    """``[(tenant, status or None)]`` -> ``{totals, tenants}``; a tenant without status failed early."""
    tenants = []
    for tenant, status in host_statuses:
        if not status:
            status = tenant_status({}, {}, {}, error=NOT_RECORDED, tenant=tenant)
        tenants.append(_with_records(status))
    tenants.sort(key=lambda status: status['tenant'] or '')
    totals = dict(_cell_totals(tenants), tenants=len(tenants))
    return {'totals': totals, 'tenants': tenants}


# A report of many integrations (the grid): tenant by integration.
LAYOUT = 'integrations'
DEFAULT_INTEGRATION = 'acct_sync'


def state(status):
    """complete, pending or failed: the one word every format shows for a tenant or one of its integrations."""
    if status.get('complete'):
        return 'complete'
    return 'failed' if status.get('error') else 'pending'


def is_many(host_statuses):
    """Whether the statuses are tenant by integration: some tenant gave a list, or a status names its integration."""
    return any(isinstance(status, list) or (isinstance(status, dict) and status.get('integration') is not None)
               for _tenant, status in host_statuses)


def _tenant_parts(status, default_name):
    """(the integrations' statuses, the tenant-level errors) of one tenant's entry.

    A status without ``integration`` is the tenant's own when it carries an error (the tenant
    failed before any integration ran); otherwise it is the one integration of the task's
    ``role_name`` (or acct_sync), as in a report of one integration.
    """
    if status is None:
        return [], [NOT_RECORDED]
    items = status if isinstance(status, list) else [status]
    cells, errors, names = [], [], {}
    for item in items:
        item = _with_records(dict(item or {}))
        if item.get('integration') is None and item.get('error'):
            errors.append(item['error'])
            continue
        name = item.get('integration') or default_name
        names[name] = names.get(name, 0) + 1
        # Two entries of one name (a task run twice) both show, the second named apart.
        item['integration'] = name if names[name] == 1 else '%s (%d)' % (name, names[name])
        cells.append(item)
    if not items:
        errors.append('no integration recorded a status')
    return cells, errors


def _tenant_entry(tenant, status, default_name):
    cells, errors = _tenant_parts(status, default_name)
    company_ids = [item.get('company_id') for item in (status if isinstance(status, list) else [status or {}])
                   if isinstance(item, dict) and item.get('company_id')]
    entry = {'tenant': tenant, 'company_id': company_ids[0] if company_ids else None,
             'error': '; '.join(errors) or None, 'integrations': cells}
    states = [state(cell) for cell in cells]
    entry['state'] = ('failed' if entry['error'] or 'failed' in states else
                      'pending' if 'pending' in states or not cells else 'complete')
    entry['complete'] = entry['state'] == 'complete'
    return entry


def _cell_totals(cells):
    """Counts over statuses, as status_report's totals (a report of one integration has one status per tenant)."""
    return {
        'complete': sum(1 for status in cells if status['complete']),
        'pending': sum(1 for status in cells if not status['complete'] and not status['error']),
        'failed': sum(1 for status in cells if status['error']),
        'role_compliant': sum(1 for status in cells if status['role']['compliant']),
        'key_verified': sum(1 for status in cells if status['key']['status'] == 'verified'),
        'pending_steps': sum(len(status['pending_steps']) for status in cells),
        'key_checked': sum(1 for status in cells if status['key']['checked']),
        # Sums over the keys that were checked; one not checked adds nothing (its counts are null).
        'customize_extra': sum(status['key']['customize_extra'] or 0 for status in cells),
        'customize_unrecognised': sum(status['key']['customize_unrecognised'] or 0 for status in cells),
    }


def integrations_report(host_statuses, default_name=None, order=()):
    """``[(tenant, a status, a list of statuses, or None)]`` -> ``{layout, integrations, totals, tenants}``.

    The integrations are the columns, in the order they first appear (those in ``order`` first,
    in that order); each tenant lists its own, in the columns' order. Totals count tenants (a
    tenant is complete when every integration of it is) and, per integration, its cells.
    """
    default_name = default_name or DEFAULT_INTEGRATION
    tenants = [_tenant_entry(tenant, status, default_name) for tenant, status in host_statuses]
    columns = []
    for entry in tenants:
        for cell in entry['integrations']:
            if cell['integration'] not in [column['name'] for column in columns]:
                columns.append({'name': cell['integration'], 'preset': cell.get('preset')})
    known = list(order or ())
    columns.sort(key=lambda column: known.index(column['name']) if column['name'] in known else len(known))
    position = dict((column['name'], index) for index, column in enumerate(columns))
    for entry in tenants:
        entry['integrations'].sort(key=lambda cell: position[cell['integration']])
    tenants.sort(key=lambda entry: entry['tenant'] or '')
    cells = [cell for entry in tenants for cell in entry['integrations']]
    totals = dict(_cell_totals(cells), tenants=len(tenants), integrations=len(columns),
                  complete=sum(1 for entry in tenants if entry['state'] == 'complete'),
                  pending=sum(1 for entry in tenants if entry['state'] == 'pending'),
                  failed=sum(1 for entry in tenants if entry['state'] == 'failed'))
    for column in columns:
        mine = [cell for cell in cells if cell['integration'] == column['name']]
        column.update((field, value) for field, value in _cell_totals(mine).items()
                      if field in ('complete', 'pending', 'failed', 'pending_steps'))
        # A tenant that failed before any integration ran counts as failed in every column.
        column['failed'] += sum(1 for entry in tenants if entry['error'] and not any(
            cell['integration'] == column['name'] for cell in entry['integrations']))
    return {'layout': LAYOUT, 'integrations': columns, 'totals': totals, 'tenants': tenants}
