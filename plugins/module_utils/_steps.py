# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Manual steps as data, and the one place they become words (the PSA web UI's wording).

The logic modules build steps as records; a task's ``manual_steps`` and the report's
checklist are ``words`` of them, so a step is worded once and a program acts on the record
(docs/report.schema.json, ``$defs/step``). Every record has the same keys:

``action``
    what to do: ``set_levels``, ``customize``, ``customize_exactly``, ``untick_unreadable``,
    ``create_key``, ``copy_key``, ``delete_previous_key``, ``rotate_key``, ``delete_old_key``
    (in the web UI), ``run_setup``, ``remove_previous_key``, ``remove_previous_vars``,
    ``store_key`` (outside it), ``other`` (a step given only as words, in ``text``).
``screen``
    the web UI page a person opens once for it (the role's permission table, the member's
    API keys), null for a step outside the web UI.
``role``, ``member``, ``module``, ``function``
    what the screen and the row are, as the PSA names them; null where they do not apply.
``current``, ``wanted``
    the state now and the state to reach, by action (levels by name, Customize items,
    a key's description and fingerprint); null where nothing is known or asked.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

# Levels in the order the screen shows them (the permission model's LEVELS, kept here so
# the wording depends on nothing else).
LEVEL_ORDER = ('add', 'edit', 'delete', 'inquire')
STORE_PLAYBOOK = 'msp.connectwise_psa.store_api_key'
FIELDS = ('action', 'screen', 'role', 'member', 'module', 'function', 'current', 'wanted')


def role_screen(role_name):
    """Where a role's permission table is in the PSA web UI (the start of every role step)."""
    return 'System > Security Roles > "%s"' % role_name


def member_screen(member):
    """Where an API member is in the PSA web UI."""
    return 'System > Members > API Members > "%s"' % member


def api_keys_screen(member):
    """Where a member's API keys are in the PSA web UI."""
    return member_screen(member) + ' > API Keys'


def record(action, screen=None, role=None, member=None, module=None, function=None, current=None, wanted=None,
           text=None):
    step = {'action': action, 'screen': screen, 'role': role, 'member': member, 'module': module,
            'function': function, 'current': current, 'wanted': wanted}
    if text is not None:
        step['text'] = text
    return step


# The records, one constructor per action.

def set_levels(role_name, module, function, levels):
    """``levels`` is ``[(level, desired, current)]``: every level to set on one function row."""
    return record('set_levels', role_screen(role_name), role=role_name, module=module, function=function,
                  current=dict((level, current) for level, _desired, current in levels),
                  wanted=dict((level, desired) for level, desired, _current in levels))


def customize(role_name, module, function, tick=(), untick=()):
    return record('customize', role_screen(role_name), role=role_name, module=module, function=function,
                  wanted={'tick': list(tick), 'untick': list(untick)})


def customize_exactly(role_name, module, function, items):
    """The key sees no item of that list (none is set, or the list is empty): allow exactly ``items``."""
    return record('customize_exactly', role_screen(role_name), role=role_name, module=module, function=function,
                  current={'allow': []}, wanted={'allow': list(items)})


def untick_unreadable(role_name, module, function, customize_identifier, item):
    """An item the collection cannot read, named as the API returned it; module and function None when unplaced."""
    return record('untick_unreadable', role_screen(role_name), role=role_name, module=module, function=function,
                  current={'customize_identifier': customize_identifier, 'item': item})


def create_key(member, description):
    return record('create_key', api_keys_screen(member), member=member, wanted={'description': description})


def copy_key(member):
    return record('copy_key', api_keys_screen(member), member=member)


def run_setup(change):
    """What the setup would write (a planned change of check mode, in the module's words)."""
    return record('run_setup', wanted=change)


def key_named(meta):
    """The facts a person finds a key by on the API Keys tab: its description and fingerprint (never a key)."""
    meta = meta or {}
    return {'description': meta.get('description'), 'fingerprint': meta.get('fingerprint'),
            'stored_at': meta.get('stored_at')}


def delete_previous_key(member, previous, current):
    return record('delete_previous_key', api_keys_screen(member), member=member, current=key_named(previous),
                  wanted=key_named(current))


def remove_previous_vars(previous, path, variables=None):
    """``variables``: where the pair is set, when not acct_sync_key_previous_* (an integration's own)."""
    wanted = {'path': path}
    if variables:
        wanted['variables'] = variables
    return record('remove_previous_vars', current=key_named(previous), wanted=wanted)


def remove_previous_key(previous):
    return record('remove_previous_key', current=key_named(previous))


def rotate_key(member, meta, age_days, max_age_days, description):
    return record('rotate_key', api_keys_screen(member), member=member,
                  current=dict(key_named(meta), age_days=age_days, max_age_days=max_age_days),
                  wanted={'description': description})


def store_key():
    return record('store_key')


def delete_old_key(member, meta, description):
    return record('delete_old_key', api_keys_screen(member), member=member, current=key_named(meta),
                  wanted={'description': description})


def other(text, screen=None, **where):
    """A step that came as words only (a result made elsewhere): it stays as it was written, on its screen if known."""
    return record('other', screen, text=text, **where)


def unique(steps):
    """The steps without repeats, compared on every field, in their first order."""
    seen, kept = set(), []
    for step in steps:
        key = json.dumps(step, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            kept.append(step)
    return kept


# The words.

def _quoted(items):
    return ', '.join('"%s"' % item for item in items)


def _verbatim(value):
    return '"%s"' % value if isinstance(value, str) else repr(value)


def day(stamp):
    """The date of a stored_at stamp, as the steps and notes say it."""
    return str(stamp)[:10] if stamp else 'an unknown date'


def named(key):
    """A key as a person finds it on the API Keys tab: its description, with the fingerprint to tell."""
    key = key or {}
    text = '"%s"' % (key.get('description') or 'without a recorded description')
    return text + (' (%s)' % key['fingerprint'] if key.get('fingerprint') else '')


def _set_levels(step):
    levels = [level for level in LEVEL_ORDER if level in (step['wanted'] or {})]
    wanted = ', '.join('%s %s' % (level.capitalize(), step['wanted'][level]) for level in levels)
    return '%s (now %s)' % (wanted, ', '.join(step['current'][level] for level in levels))


def _customize(step):
    changes = ['%s %s' % (verb, _quoted(step['wanted'].get(verb) or []))
               for verb in ('tick', 'untick') if step['wanted'].get(verb)]
    return 'click Customize and %s under "Allow access to these", then Save' % ' and '.join(changes)


def _customize_exactly(step):
    return ('click Customize and allow exactly %s under "Allow access to these", then Save (the key sees no item '
            'of this list: none is set, or the list is empty)' % _quoted(step['wanted']['allow']))


def _untick_unreadable(step):
    current = step['current']
    if step['module'] is None:
        return ('the API returns Customize item %s of list %s, which the collection cannot place; find it under the '
                'Customize of that function and untick it unless the table grants it'
                % (_verbatim(current['item']), _verbatim(current['customize_identifier'])))
    return ('click Customize and untick the item the API returns as %s (a form the collection cannot read) unless '
            'it is one of the table\'s items, then Save' % _verbatim(current['item']))


def _copy_key(_step):
    return ('copy the Public Key and the Private Key now, the private key is shown only once; give them to the '
            '%s playbook for this tenant, which proves and vaults them (or store them as this tenant\'s '
            'key_public and key_private in an AWX credential)' % STORE_PLAYBOOK)


def _delete_previous_key(step):
    return ('the PSA still accepts the previous key %s, stored %s; once every system that used it has the new key '
            '%s, delete it (or tick Inactive); the next audit or setup then completes the rotation'
            % (named(step['current']), day(step['current'].get('stored_at')), named(step['wanted'])))


def _rotate_key(step):
    current = step['current']
    return ('the key %s is %d days old (stored %s; the limit is %d days): click + (New), enter Description "%s", '
            'click Save (not Save & Close) and copy both keys'
            % (named(current), current['age_days'], day(current.get('stored_at')), current['max_age_days'],
               step['wanted']['description']))


# The rest of a step after its screen (and the separator), by action.
_REST = {
    'set_levels': _set_levels,
    'customize': _customize,
    'customize_exactly': _customize_exactly,
    'untick_unreadable': _untick_unreadable,
    'create_key': lambda step: 'click + (New), enter Description "%s", click Save (not Save & Close)'
                               % step['wanted']['description'],
    'copy_key': _copy_key,
    'delete_previous_key': _delete_previous_key,
    'rotate_key': _rotate_key,
    'delete_old_key': lambda step: 'once every system uses the new key "%s", delete the old key %s (or tick Inactive)'
                                   % (step['wanted']['description'], named(step['current'])),
    'run_setup': lambda step: 'Run the setup to %s' % step['wanted'],
    'remove_previous_key': lambda step: ('Run the setup to remove the previous key %s from the vault file: the PSA '
                                         'refuses it, so the rotation is complete' % named(step['current'])),
    'remove_previous_vars': lambda step: (
        'The PSA refuses the previous key %s, so its rotation is complete there: remove %s' % (
            named(step['current']), step['wanted']['variables'] if step['wanted'].get('variables') else
            'acct_sync_key_previous_public and acct_sync_key_previous_private where this tenant\'s variables set '
            'them (not in %s)' % step['wanted']['path'])),
    'store_key': lambda _step: ('Run %s for this tenant with the new pair; it keeps the old key as the previous one '
                                'until the PSA refuses it' % STORE_PLAYBOOK),
    'other': lambda step: step.get('text') or '',
}


def parts(step):
    """``(screen, separator, rest)``: the screen a person opens, then what to do there.

    A row of the role's table continues the screen's path (`` > Module > Function: ...``);
    anything else on a screen follows it after ``: ``; a step off-screen is its rest alone.
    """
    rest = _REST[step['action']](step)
    if not step.get('screen'):
        return None, '', rest
    if step.get('module') is not None and step.get('function') is not None:
        return step['screen'], ' > ', '%s > %s: %s' % (step['module'], step['function'], rest)
    return step['screen'], ': ', rest


def words(step):
    """The step as one line of text, as ``manual_steps`` and the report say it."""
    screen, separator, rest = parts(step)
    return screen + separator + rest if screen else rest


def as_result(steps):
    """A result's steps both ways: ``steps`` (the records) and ``manual_steps`` (their words)."""
    steps = list(steps)
    return {'steps': steps, 'manual_steps': [words(step) for step in steps]}


def level_records(role_name, drift_rows):
    """One step per function row that differs (all its levels at once), in the drift rows' (screen) order."""
    rows = []
    for row in drift_rows:
        if rows and (rows[-1][0], rows[-1][1]) == (row['module'], row['function']):
            rows[-1][2].append((row['level'], row['desired'], row['current']))
        else:
            rows.append((row['module'], row['function'], [(row['level'], row['desired'], row['current'])]))
    return [set_levels(role_name, module, function, levels) for module, function, levels in rows]


def create_key_records(member, description):
    return [create_key(member, description), copy_key(member)]


# The same steps as words, for callers that only show them (the posture audit, older callers).

def function_step(role_name, module, function, levels):
    """e.g. ``... > Finance > Accounting Interface: Add All, Edit All (now None, None)``."""
    return words(set_levels(role_name, module, function, levels))


def level_steps(role_name, drift_rows):
    return [words(step) for step in level_records(role_name, drift_rows)]


def customize_step(role_name, module, function, tick=(), untick=()):
    return words(customize(role_name, module, function, tick, untick))


def customize_unconfigured_step(role_name, module, function, items):
    return words(customize_exactly(role_name, module, function, items))


def customize_unrecognised_step(role_name, module, function, customize_identifier, item):
    return words(untick_unreadable(role_name, module, function, customize_identifier, item))
