# -*- coding: utf-8 -*-
# Copyright: (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cw_api_key logic: prove a member's API key works and grants exactly the table.

The PSA has no request to create, list or delete API keys. What it allows is calling
the API *as the member*: ``/system/mySecurity`` (the caller's effective levels, each row
naming the caller) and ``/system/mySecurity/customizeItems/`` (the caller's Customize
items). This module never changes anything.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils.client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils.runner import TaskFailed, apply_policy

ARGUMENT_SPEC = dict(
    member=dict(type='str', required=True),
    description=dict(type='str'),
    key_public=dict(type='str', no_log=False),   # public half: shown to help, not a secret
    key_private=dict(type='str', no_log=True),
    security_role=dict(type='str'),
    # Rows are checked by the permission-table JSON schema (one definition, documented in cw_security_role).
    expected_permissions=dict(type='list', elements='dict', default=[]),
    exclusive=dict(type='bool', default=True),
    on_missing=dict(type='str', default='fail', choices=['fail', 'warn']),
    on_drift=dict(type='str', default='fail', choices=['fail', 'warn', 'ignore']),
)


def member_screen(member):
    """Where an API member is in the PSA web UI."""
    return 'System > Members > API Members > "%s"' % member


def api_keys_screen(member):
    """Where a member's API keys are in the PSA web UI."""
    return member_screen(member) + ' > API Keys'


def create_key_steps(member, description):
    where = api_keys_screen(member)
    return [
        '%s: click + (New), enter Description "%s", click Save (not Save & Close)' % (where, description),
        '%s: copy the Public Key and the Private Key now, the private key is shown only once; store them as '
        'this tenant\'s key_public and key_private (vault or AWX credential)' % where,
    ]


def create_key_notes(member):
    """Advice for some cases only: a note beside the steps, never a step of its own."""
    return ['%s: if the private key was lost, delete that key and create a new one' % api_keys_screen(member)]


def _customize_missing(resolved, items):
    have = {}
    for item in items:
        have.setdefault(item.get('customizeIdentifier'), set()).add(model.customize_item_key(item.get('itemIdentifier')))
    missing = []
    for row, setting in model.customize_rows(resolved):
        identifier = model.customize_identifier(setting.get('moduleName'), setting.get('moduleFunctionName'))
        granted = have.get(identifier, set())
        for item in row['customize_allow']:
            if model.customize_item_key(item) not in granted:
                missing.append({'module': setting.get('moduleName'), 'function': setting.get('moduleFunctionName'),
                                'item': item})
    return missing


def _caller(rows):
    for row in rows:
        member = row.get('member') or {}
        if member.get('identifier'):
            return member
    return {}


def verify(connect, params, check_mode, warn):
    member = (params['member'] or '').strip()
    if not member:
        raise ValueError('member is empty: give the API member\'s identifier ("Member ID")')
    description = params.get('description') or member
    table = model.validate_table(params.get('expected_permissions'), 'expected_permissions')
    role_name = params.get('security_role') or 'the security role of %s' % member
    public, private = params.get('key_public'), params.get('key_private')
    result = {'changed': False, 'member': member, 'key_public': public, 'permissions_drift': [],
              'customize_missing': [], 'manual_steps': [], 'manual_notes': []}

    if not public and not private:
        result.update(status='missing', manual_steps=create_key_steps(member, description),
                      manual_notes=create_key_notes(member))
        summary = ('API member "%s" has no verified API key: the PSA API cannot create one; follow manual_steps, '
                   'then pass the pair as key_public and key_private' % member)
        return apply_policy(params['on_missing'], summary, result, warn)
    if not (public and private):
        raise ValueError('give both key_public and key_private (only %s is set)' % ('key_public' if public else 'key_private'))

    client = connect(public_key=public, private_key=private)
    try:
        rows = client.list('/system/mySecurity', fields=model.SETTING_FIELDS + ('member',))
    except PSAError as exc:
        if exc.status != 401:
            raise
        result.update(status='invalid', manual_steps=create_key_steps(member, description),
                      manual_notes=create_key_notes(member))
        raise TaskFailed('the API key %s of "%s" was refused (HTTP 401): the public key is wrong, the private key '
                         'mistyped, the key deleted or the member deactivated; create a new key (manual_steps)'
                         % (public, member), **result)

    caller = _caller(rows)
    if (caller.get('identifier') or '').lower() != member.lower():
        result.update(status='wrong_member', key_member=caller.get('identifier'),
                      manual_steps=create_key_steps(member, description), manual_notes=create_key_notes(member))
        raise TaskFailed('the API key %s belongs to member "%s", not "%s": create a key on "%s" (manual_steps)'
                         % (public, caller.get('identifier'), member, member), **result)

    catalogue = model.Catalogue(rows)
    resolved = model.resolve(table, catalogue, 'expected_permissions')
    drift_rows = model.drift(resolved, catalogue, params['exclusive'])
    items = client.list('/system/mySecurity/customizeItems/') if model.customize_rows(resolved) else []
    missing = _customize_missing(resolved, items)
    steps = model.level_steps(role_name, drift_rows)
    steps += model.customize_steps(role_name, missing)
    result.update(status='drift' if (drift_rows or missing) else 'verified', permissions_drift=drift_rows,
                  customize_missing=missing, manual_steps=steps)
    if result['status'] == 'drift':
        summary = ('the API key of "%s" works, but its rights differ from the table: %d level(s), %d Customize '
                   'item(s); follow manual_steps' % (member, len(drift_rows), len(missing)))
        apply_policy(params['on_drift'], summary, result, warn)
    return result
