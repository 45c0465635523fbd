# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_api_key logic: prove a member's API key works and grants exactly the table.

The PSA has no request to create, list or delete API keys. What it allows is calling
the API *as the member*: ``/system/mySecurity`` (the caller's effective levels, each row
naming the caller) and ``/system/mySecurity/customizeItems/`` (the caller's Customize
items). This module never changes anything.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _admin_rights as admin_rights
# key_store names the API Keys screen from here too.
from ansible_collections.msp.connectwise_psa.plugins.module_utils._steps import api_keys_screen
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import validate_identifier
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError, TaskFailed, apply_policy
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import validate_name

CUSTOMIZE_ITEMS = '/system/mySecurity/customizeItems/'

ARGUMENT_SPEC = dict(
    member=dict(type='str', required=True),
    description=dict(type='str'),
    # Both halves are secret: a pair swapped in the vault puts the private key here.
    key_public=dict(type='str', no_log=True),
    key_private=dict(type='str', no_log=True),
    security_role=dict(type='str'),
    # Rows are checked by the permission-table JSON schema (one definition, documented in cw_security_role).
    expected_permissions=dict(type='list', elements='dict', default=[]),
    exclusive=dict(type='bool', default=True),
    on_missing=dict(type='str', default='fail', choices=['fail', 'warn']),
    on_drift=dict(type='str', default='fail', choices=['fail', 'warn', 'ignore']),
)


def fingerprint(public_key):
    """A short, stable stand-in for a public key: tells two keys apart, never shows one."""
    if not public_key:
        return None
    return 'sha256:' + hashlib.sha256(public_key.encode('utf-8')).hexdigest()[:12]


def _verbatim_list(entries):
    return ', '.join('%r of %r' % (entry['item'], entry['customize_identifier']) for entry in entries)


def create_key_steps(member, description):
    """The words of the two steps that make a key (the logic itself returns the records)."""
    return [steps.words(step) for step in steps.create_key_records(member, description)]


def create_key_notes(member):
    """Advice for some cases only: a note beside the steps, never a step of its own."""
    return ['%s: if the private key was lost, delete that key and create a new one' % api_keys_screen(member)]


def compare_customize(resolved, catalogue, items):
    """The caller's Customize items against the table, both ways.

    A row with ``customize_allow`` grants exactly those items; a listed row without one
    asks for no restriction (its whole list); a function the table does not list grants
    none. Returns ``{missing, extra, unrecognised, unconfigured}``; whether extra and
    unrecognised items are drift is the caller's ``exclusive`` decision.
    """
    rows = dict((id(setting), row) for row, setting in resolved)
    have, listed, extra, unrecognised = {}, set(), [], []
    for item in items:
        identifier, text = item.get('customizeIdentifier'), item.get('itemIdentifier')
        setting = _customize_setting(catalogue, identifier)
        if setting is None:
            unrecognised.append(_unrecognised(None, identifier, text, 'the collection cannot place this Customize list on a function'))
            continue
        listed.add(id(setting))
        row = rows.get(id(setting))
        if row is not None and not row['customize_allow']:
            continue                  # the table asks for no restriction here: any item is granted
        allowed = set(model.customize_item_key(name) for name in (row or {}).get('customize_allow') or [])
        if not model.customize_item_readable(identifier, text):
            unrecognised.append(_unrecognised(setting, identifier, text, 'the item is in a form the collection cannot read'))
        elif model.customize_item_key(text) in allowed:
            have.setdefault(id(setting), set()).add(model.customize_item_key(text))
        else:
            extra.append(_entry(setting, text))
    missing, unconfigured = [], []
    for row, setting in model.customize_rows(resolved):
        granted = have.get(id(setting), set())
        missing.extend(_entry(setting, name) for name in row['customize_allow']
                       if model.customize_item_key(name) not in granted)
        if setting.get('customFlag') and id(setting) not in listed:
            unconfigured.append(dict(_entry(setting, None), items=row['customize_allow']))
    return {'missing': missing, 'extra': extra, 'unrecognised': unrecognised, 'unconfigured': unconfigured}


def _entry(setting, item):
    entry = {'module': setting.get('moduleName'), 'function': setting.get('moduleFunctionName')}
    if item is not None:
        entry['item'] = item
    return entry


def _unrecognised(setting, identifier, text, reason):
    """The item exactly as the API returned it, with where the collection could place it."""
    return {'module': setting.get('moduleName') if setting else None,
            'function': setting.get('moduleFunctionName') if setting else None,
            'customize_identifier': identifier, 'item': text, 'reason': reason}


def _customize_setting(catalogue, identifier):
    """The live function a customizeIdentifier belongs to: by its UI labels, else by the function's identifier."""
    labels = model.customize_function(identifier)
    if not labels:
        return None
    setting = catalogue.find(*labels)
    if setting is None:
        wanted = model.name_key(identifier)
        setting = next((candidate for candidate in catalogue.settings
                        if model.name_key(candidate.get('moduleFunctionIdentifier')) == wanted), None)
    return setting


def customize_records(role_name, found, exclusive):
    """One step per function's Customize list (all to tick and untick there), then unreadable items verbatim."""
    changes, order = {}, []

    def change(entry):
        key = (entry['module'], entry['function'])
        if key not in changes:
            changes[key] = {'exactly': None, 'tick': [], 'untick': []}
            order.append(key)
        return changes[key]
    for entry in found['unconfigured']:
        change(entry)['exactly'] = entry['items']    # "allow exactly" covers the items missing there
    for entry in found['missing']:
        change(entry)['tick'].append(entry['item'])
    for entry in found['extra'] if exclusive else []:
        change(entry)['untick'].append(entry['item'])
    records = []
    for module, function in order:
        wanted = changes[(module, function)]
        if wanted['exactly'] is not None:
            records.append(steps.customize_exactly(role_name, module, function, wanted['exactly']))
        else:
            records.append(steps.customize(role_name, module, function, wanted['tick'], wanted['untick']))
    records += [steps.untick_unreadable(role_name, entry['module'], entry['function'],
                                        entry['customize_identifier'], entry['item'])
                for entry in (found['unrecognised'] if exclusive else [])]
    return records


def customize_steps(role_name, found, exclusive):
    """The words of customize_records."""
    return [steps.words(step) for step in customize_records(role_name, found, exclusive)]


# _my_security's answer when the pair works only the other way round.
SWAPPED = 'swapped'
REFUSED = (401, 403)


def _my_security(connect, public, private):
    """``(client, the caller's rows, the refusal's HTTP status)``; rows None when the PSA refuses the pair,
    SWAPPED when it accepts it reversed.

    Two halves that look alike are easily swapped in a vault; trying the reverse once, on a
    refusal only and on the tenant's own site, tells that apart from a wrong key without printing either.
    """
    client = connect(public_key=public, private_key=private)
    try:
        return client, admin_rights.my_rows(client), None   # the rows require() and caller() read too
    except PSAError as exc:
        # /system/mySecurity is open to every member: a 403 there refuses the key itself (the vendor does
        # not publish whether a key ticked Inactive gets 401 or 403).
        if exc.status not in REFUSED:
            raise
        refused = exc.status
    try:
        admin_rights.caller(connect(public_key=private, private_key=public))   # one small mySecurity read, reversed
    except PSAError as exc:
        if exc.status not in REFUSED:
            raise
        return client, None, refused
    return client, SWAPPED, refused


def verify(connect, params, check_mode, warn):
    member = validate_identifier(params['member'], 'member')
    description = params.get('description') or member
    table = model.validate_table(params.get('expected_permissions'), 'expected_permissions')
    role_name = (validate_name(params['security_role'], 'security_role') if params.get('security_role')
                 else 'the security role of %s' % member)
    public, private = params.get('key_public'), params.get('key_private')
    result = {'changed': False, 'member': member, 'key_fingerprint': fingerprint(public), 'permissions_drift': [],
              'customize_missing': [], 'customize_extra': [], 'customize_unrecognised': [],
              'customize_unconfigured': [], 'steps': [], 'manual_steps': [], 'manual_notes': []}

    if not public and not private:
        result.update(status='missing', manual_notes=create_key_notes(member),
                      **steps.as_result(steps.create_key_records(member, description)))
        summary = ('API member "%s" has no verified API key: the PSA API cannot create one; follow manual_steps, '
                   'then pass the pair as key_public and key_private' % member)
        return apply_policy(params['on_missing'], summary, result, warn)
    if not (public and private):
        raise InputError('give both key_public and key_private (only %s is set)' % ('key_public' if public else 'key_private'))
    if public == private:
        raise InputError('key_public and key_private are the same value: one of them holds the wrong half; '
                         'store the pair exactly as the PSA showed it (Public Key, Private Key)')

    client, rows, refused = _my_security(connect, public, private)
    if rows is None:
        result.update(status='invalid', manual_notes=create_key_notes(member),
                      **steps.as_result(steps.create_key_records(member, description)))
        raise TaskFailed('the API key %s of "%s" was refused (HTTP %d): the public key is wrong, the private key '
                         'mistyped, the key deleted or ticked Inactive, or the member deactivated; create a new key '
                         '(manual_steps)' % (result['key_fingerprint'], member, refused), **result)
    if rows is SWAPPED:
        result['status'] = 'swapped'
        raise TaskFailed('the public key given looks like a private key: the PSA refused the pair as given and '
                         'accepted it with key_public and key_private the other way round; swap the two values '
                         'where they are stored (vault or AWX credential) and run again', **result)

    caller = admin_rights.caller(client, rows)
    if (caller.get('identifier') or '').lower() != member.lower():
        result.update(status='wrong_member', key_member=caller.get('identifier'), manual_notes=create_key_notes(member),
                      **steps.as_result(steps.create_key_records(member, description)))
        raise TaskFailed('the API key %s belongs to member "%s", not "%s": create a key on "%s" (manual_steps)'
                         % (result['key_fingerprint'], caller.get('identifier'), member, member), **result)

    catalogue = model.Catalogue(rows)
    resolved = model.resolve(table, catalogue, 'expected_permissions')
    exclusive = params['exclusive']
    drift_rows = model.drift(resolved, catalogue, exclusive)
    # Without exclusive and without an allow-list in the table no Customize item can differ.
    read_items = exclusive or bool(model.customize_rows(resolved))
    found = compare_customize(resolved, catalogue, client.list(CUSTOMIZE_ITEMS) if read_items else [])
    differs = drift_rows or found['missing'] or (exclusive and (found['extra'] or found['unrecognised']))
    result.update(status='drift' if differs else 'verified', permissions_drift=drift_rows,
                  customize_missing=found['missing'], customize_extra=found['extra'],
                  customize_unrecognised=found['unrecognised'], customize_unconfigured=found['unconfigured'],
                  **steps.as_result(steps.level_records(role_name, drift_rows)
                                    + customize_records(role_name, found, exclusive)))
    if found['unrecognised'] and not exclusive:
        warn('the API key of "%s" has %d Customize item(s) the collection cannot read, accepted because '
             'exclusive is false: %s' % (member, len(found['unrecognised']), _verbatim_list(found['unrecognised'])))
    if result['status'] == 'drift':
        summary = ('the API key of "%s" works, but its rights differ from the table: %d level(s); Customize items: '
                   '%d missing, %d extra, %d unrecognised; follow manual_steps'
                   % (member, len(drift_rows), len(found['missing']), len(found['extra']) if exclusive else 0,
                      len(found['unrecognised']) if exclusive else 0))
        apply_policy(params['on_drift'], summary, result, warn)
    return result
