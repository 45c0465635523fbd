# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The key's life for the report: since when it is stored, its age, and where a rotation stands.

The PSA cannot list keys or say when one was made; what the collection knows is what
msp.connectwise_psa.store_api_key recorded (cw_api_key_vault) and what this run's check of the
previous pair answered. The steps name keys by their description and fingerprint, never by a key.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

# One fingerprint for the whole collection (cw_api_key's): the same key reads the same everywhere.
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps
from ansible_collections.msp.connectwise_psa.plugins.module_utils._steps import api_keys_screen
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import fingerprint as key_fingerprint

STAMP = '%Y-%m-%dT%H:%M:%SZ'
# A previous pair the PSA still accepts: the answers of cw_api_key that prove it authenticates.
ACCEPTED = ('verified', 'drift', 'wrong_member', 'swapped')
INTAKE = 'msp.connectwise_psa.store_api_key'


def dated_description(description, now=None):
    """The description suggested for a new key: the base and the month, e.g. ``Acct Sync API 2026-12``."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return '%s %s' % (description, now.strftime('%Y-%m'))


def _parse(stamp):
    try:
        return datetime.datetime.strptime(str(stamp), STAMP).replace(tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        return None


def _rotation(previous, check, removal, completed, member, current, check_mode):
    """(rotation facts, step records, notes) from the previous pair's metadata and this run's answers."""
    facts = {'state': 'none', 'previous': previous or None, 'completed_at': None}
    if previous is not None:
        status = (check or {}).get('status')
        if status in ACCEPTED:
            facts['state'] = 'pending'
            return facts, [steps.delete_previous_key(member, previous, current)], []
        if status == 'invalid':
            removal = removal or {}
            removed = removal.get('rotation_completed') if removal.get('outcome') == 'rotation_completed' else None
            if removal.get('outcome') == 'no_previous' and not (check_mode or removal.get('check_mode')):
                # The previous pair is set somewhere the collection does not write (by hand, a store).
                facts['state'] = 'previous_refused'
                return facts, [steps.remove_previous_vars(previous, removal.get('path'), removal.get('variables'))], []
            if check_mode or removal.get('check_mode') or not removed:
                facts['state'] = 'previous_refused'
                return facts, [steps.remove_previous_key(previous)], []
            completed = removed
    if completed:
        facts.update(state='complete', completed_at=completed.get('at'))
        return facts, [], ['the rotation completed on %s: the previous key %s is refused by the PSA and removed from '
                           'the vault' % (steps.day(completed.get('at')), steps.named(completed))]
    return facts, [], []


def key_lifecycle(meta, member, description, max_age_days=0, previous=None, previous_check=None,
                  removal=None, rotation_completed=None, check_mode=False, key_status=None, now=None):
    """``{stored_at, age_days, description, fingerprint, max_age_days, too_old, rotation, steps, step_records, notes}``."""
    meta = dict(meta or {})
    now = _parse(now) or datetime.datetime.now(datetime.timezone.utc)
    stored = _parse(meta.get('stored_at'))
    age = (now - stored).days if stored else None
    limit = int(max_age_days or 0)
    too_old = bool(limit and age is not None and age > limit)
    rotation, records, notes = _rotation(previous, previous_check, removal, rotation_completed, member, meta,
                                         bool(check_mode))
    if too_old and rotation['state'] != 'pending':
        new = dated_description(description, now)
        records += [steps.rotate_key(member, meta, age, limit, new), steps.store_key(),
                    steps.delete_old_key(member, meta, new)]
    if meta and stored is None:
        notes.append('the key has no valid stored_at: its age is unknown (store it again with %s)' % INTAKE)
    elif not meta and limit and key_status in ('verified', 'drift'):
        notes.append('the key was not stored by %s, so its age is unknown and max_key_age_days cannot apply' % INTAKE)
    return {'stored_at': meta.get('stored_at'), 'age_days': age, 'description': meta.get('description'),
            'fingerprint': meta.get('fingerprint'), 'max_age_days': limit or None,
            'too_old': too_old if limit else None, 'rotation': rotation, 'notes': notes,
            # 'steps' are the words (older than the records, so the name is taken); 'step_records' the data.
            'steps': [steps.words(step) for step in records], 'step_records': records}


def _hide(text, public, private):
    """A message with both halves replaced by their fingerprints (a client error may quote neither, to be sure)."""
    text = str(text or '')
    for half in (public, private):
        if half:
            text = text.replace(half, key_fingerprint(half))
    return text


def key_intake_refusal(result, public, private, member):
    """Why the intake does not store a pair: the check that failed and what to do; None when it passed.

    ``result`` is cw_api_key's registered result with the table (status swapped: the PSA refused the pair
    and accepted it the other way round).
    """
    result = result or {}
    status, fingerprint = result.get('status'), key_fingerprint(public)
    screen = api_keys_screen(member)
    if status == 'verified':
        return None
    if status == 'swapped':
        return ('check "authentication" failed: the PSA refuses the pair %s but accepts it with the halves swapped: the '
                'private key was given as the public one; run the intake again with the Public Key first. Nothing was '
                'stored.' % fingerprint)
    if status == 'invalid':
        return ('check "authentication" failed: the PSA refuses the pair %s (%s): a half is mistyped or cut short, or '
                'the key was deleted or ticked Inactive; copy both halves again from %s (if the private key is lost, '
                'delete that key and create a new one). Nothing was stored.'
                % (fingerprint, 'HTTP 401 or 403', screen))
    if status == 'wrong_member':
        return ('check "member" failed: the pair %s authenticates as member "%s", not "%s": create the key on %s. '
                'Nothing was stored.' % (fingerprint, result.get('key_member'), member, screen))
    if status == 'drift':
        steps = ' '.join('%d. %s.' % (number, step.rstrip('.'))
                         for number, step in enumerate(result.get('manual_steps') or [], 1))
        return ('check "rights" failed: the pair %s authenticates as "%s", but its rights differ from the table (%d '
                'level(s); Customize items: %d missing, %d extra, %d unreadable): do these steps, then run the intake '
                'again with the same pair, which stays valid: %s Nothing was stored.'
                % (fingerprint, member, len(result.get('permissions_drift') or []),
                   len(result.get('customize_missing') or []), len(result.get('customize_extra') or []),
                   len(result.get('customize_unrecognised') or []), steps))
    return ('the pair %s could not be checked: %s. Nothing was stored.'
            % (fingerprint, _hide(result.get('msg') or 'no result', public, private).rstrip('.')))


class FilterModule(object):
    def filters(self):
        return {'key_lifecycle': key_lifecycle, 'dated_description': dated_description,
                'key_intake_refusal': key_intake_refusal}
