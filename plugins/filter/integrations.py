# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""integration_plan: cw_psa_integrations resolved into one plain description per integration.

Runs on the controller before any request: names a preset that does not exist (listing the
presets), an unknown key, two integrations of the tenant that name the same role or the same
member. Whether a table is valid is checked per integration by the role (one bad table fails
that integration only).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import unicodedata

import yaml

from ansible.errors import AnsibleFilterError

# Keys an item may give, beside preset, name and optional; the per-integration variables of
# the acct_sync role's tasks/integration.yml are these with the acct_sync_ prefix (the role maps them).
ITEM_KEYS = (
    'role_name', 'permissions', 'exclusive',
    'member', 'member_name', 'member_level', 'member_location', 'member_security_location',
    'member_business_unit', 'member_time_zone', 'member_email', 'allow_shared_role',
    'key_description', 'key_public', 'key_private', 'key_meta', 'key_previous_public', 'key_previous_private',
    'key_previous_meta', 'key_rotation_completed', 'key_file', 'max_key_age_days', 'secret_prefix',
)
OWN_KEYS = ('preset', 'name', 'optional', 'vendor', 'guide', 'notes')
# An item that names no preset must give these itself.
REQUIRED_WITHOUT_PRESET = ('role_name', 'permissions', 'member')
DEFAULTS = {'exclusive': True, 'allow_shared_role': False, 'max_key_age_days': 0}


def read_presets(directory):
    """``{name: preset}`` of every ``<name>.yml`` in ``directory``."""
    presets = {}
    for path in sorted(glob.glob(os.path.join(directory, '*.yml'))):
        with open(path) as stream:
            presets[os.path.splitext(os.path.basename(path))[0]] = yaml.safe_load(stream)
    return presets


def from_preset(preset, optional):
    """An item's keys as the preset gives them."""
    member = preset.get('member') or {}
    rows = list(preset.get('permissions') or [])
    if optional:
        rows += list(preset.get('optional_permissions') or [])
    return {'role_name': preset.get('role_name'), 'permissions': rows, 'member': member.get('identifier'),
            'member_name': member.get('name'), 'member_level': member.get('level'),
            'key_description': preset.get('key_description'), 'vendor': preset.get('vendor'),
            'guide': preset.get('guide'), 'notes': list(preset.get('notes') or [])}


def _where(index, item):
    label = item.get('name') or item.get('preset') or item.get('member') if isinstance(item, dict) else None
    return 'cw_psa_integrations[%d]%s' % (index, ' (%s)' % label if label else '')


def _resolve(index, item, presets, tenant_defaults, overrides, require_table=True):
    where = _where(index, item)
    if not isinstance(item, dict):
        raise AnsibleFilterError('%s must be a mapping such as {preset: hudu}, got %r' % (
            where, item if isinstance(item, str) else type(item).__name__))
    unknown = sorted(set(item) - set(ITEM_KEYS) - set(OWN_KEYS))
    if unknown and require_table:     # the posture audit leaves keys it does not read alone
        raise AnsibleFilterError('%s: unknown key(s) %s; an item takes preset, name, optional and %s' % (
            where, ', '.join(unknown), ', '.join(ITEM_KEYS)))
    resolved = dict(DEFAULTS)
    # The tenant's defaults fill what neither the preset nor the item gives (both are applied after).
    resolved.update((key, value) for key, value in (tenant_defaults or {}).items()
                    if key in ITEM_KEYS and value not in (None, ''))
    preset_name = item.get('preset')
    if preset_name is not None:
        if preset_name not in presets:
            raise AnsibleFilterError('%s: preset %r does not exist; the presets are: %s' % (
                where, preset_name, ', '.join(sorted(presets))))
        resolved.update((key, value) for key, value in from_preset(presets[preset_name], item.get('optional')).items()
                        if value is not None)
    else:
        missing = [key for key in REQUIRED_WITHOUT_PRESET if not item.get(key)] if require_table else []
        if missing:
            raise AnsibleFilterError('%s names no preset, so it must give %s itself (or name a preset: %s)' % (
                where, ', '.join(missing), ', '.join(sorted(presets))))
    resolved.update((key, value) for key, value in item.items() if key in ITEM_KEYS or key in ('vendor', 'guide', 'notes'))
    if not require_table and item.get('member') is not None:
        resolved['member'] = item['member']      # as given: the posture module says what is wrong with it
    name = item.get('name') or preset_name or resolved.get('member')
    # The tenant's own overrides of this integration (host_vars: cw_psa_integration_overrides).
    own = (overrides or {}).get(name) or {}
    unknown = sorted(set(own) - set(ITEM_KEYS))
    if unknown:
        raise AnsibleFilterError('cw_psa_integration_overrides[%r]: unknown key(s) %s; it takes %s' % (
            name, ', '.join(unknown), ', '.join(ITEM_KEYS)))
    resolved.update(own)
    if require_table:    # the posture audit reports a wrong member itself
        for key in NAMED:
            resolved[key] = _as_name(where, key, resolved.get(key))
        name = _as_name(where, 'name', name)
    resolved.update(name=name, preset=preset_name, index=index)
    resolved.setdefault('key_description', resolved.get('role_name'))
    resolved.setdefault('secret_prefix', name)
    return resolved


# What names an integration's role and member: text, and two items may not name the same.
NAMED = ('role_name', 'member')


def _check_tenant_settings(tenant_defaults, overrides):
    """The shapes of cw_psa_integration_defaults and cw_psa_integration_overrides (types only: they may
    hold key pairs), and no key either would drop without a word."""
    if tenant_defaults is not None and not isinstance(tenant_defaults, dict):
        raise AnsibleFilterError('cw_psa_integration_defaults must be a mapping of item keys, got a %s'
                                 % type(tenant_defaults).__name__)
    unknown = sorted(set(tenant_defaults or {}) - set(ITEM_KEYS))
    if unknown:
        raise AnsibleFilterError('cw_psa_integration_defaults: unknown key(s) %s; it takes %s' % (
            ', '.join(unknown), ', '.join(ITEM_KEYS)))
    if overrides is not None and not isinstance(overrides, dict):
        raise AnsibleFilterError('cw_psa_integration_overrides must be a mapping of integration names to their '
                                 'keys, got a %s' % type(overrides).__name__)
    for name, own in (overrides or {}).items():
        if not isinstance(own, dict):
            raise AnsibleFilterError('cw_psa_integration_overrides[%r] must be a mapping of item keys, got a %s'
                                     % (name, type(own).__name__))


def _as_name(where, key, value):
    """``value`` as the text it names (an unquoted YAML number is that text); a mapping, a list or a
    boolean is a mistake, refused here rather than turned into a name later by templating."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise AnsibleFilterError('%s: %s must be text, got a %s; quote it or fix the indentation'
                             % (where, key, type(value).__name__))


def _folded(text):
    # Compatibility forms (a no-break space, full-width letters) and case folded together, so that two
    # spellings a person reads as one name count as one.
    return ' '.join(unicodedata.normalize('NFKC', text).casefold().split())


def _same_text(left, right):
    return isinstance(left, str) and isinstance(right, str) and _folded(left) == _folded(right)


def _comparable(item):
    return dict((key, value) for key, value in item.items() if key != 'index')


# The presets the collection ships (roles/integrations/files/presets), found from this file.
BUNDLED_PRESETS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                               'roles', 'integrations', 'files', 'presets')


def integration_plan(items, presets_dir=None, tenant_defaults=None, overrides=None, require_table=True):
    """The tenant's integrations, each with every key resolved; fails on the first wrong item.

    ``require_table=False`` (the posture audit) lets an item without a preset give only its member,
    and returns only ``{name, member}`` of each.
    """
    presets_dir = presets_dir or BUNDLED_PRESETS
    if items is None:
        items = []
    if not isinstance(items, list):
        # The type only: the value may hold key pairs.
        raise AnsibleFilterError('cw_psa_integrations must be a list of items such as {preset: hudu}, got a %s'
                                 % type(items).__name__)
    presets = read_presets(presets_dir)
    if require_table:
        _check_tenant_settings(tenant_defaults, overrides)
    plan = []
    for index, item in enumerate(items):
        resolved = _resolve(index, item, presets, tenant_defaults, overrides, require_table)
        if any(_comparable(resolved) == _comparable(kept) for kept in plan):
            continue    # the same integration listed twice (e.g. in two group_vars files) is one
        for kept in plan:
            for key, label in (('name', 'name'), ('role_name', 'security role'), ('member', 'member identifier')):
                if _same_text(kept.get(key), resolved.get(key)):
                    raise AnsibleFilterError(
                        '%s and %s name the same %s "%s": two integrations need their own; give one of them '
                        'its own %s' % (_where(kept['index'], items[kept['index']]), _where(index, item), label,
                                        resolved[key], key))
        plan.append(resolved)
    unused = sorted(set(overrides or {}) - set(item['name'] for item in plan)) if require_table else []
    if unused:
        raise AnsibleFilterError('cw_psa_integration_overrides: %s name(s) no integration of this tenant; the '
                                 'integrations are: %s (an override is keyed by the item\'s name, else its preset)'
                                 % (', '.join(repr(name) for name in unused), ', '.join(item['name'] for item in plan)))
    if not require_table:     # what the posture audit reads, and nothing that may hold a key
        return [{'name': item['name'], 'member': item.get('member')} for item in plan]
    return plan


def preset_names(presets_dir):
    """The names of the presets in ``presets_dir``, sorted."""
    return sorted(read_presets(presets_dir))


def integration_summary(status):
    """``{integration, text}``: one integration's state in a few words, for the tenant's verdict."""
    name = status.get('integration') or 'the tenant'
    if status.get('error'):
        text = '%s failed: %s' % (name, status['error'])
    elif status.get('complete'):
        text = '%s complete' % name
    else:
        steps = status.get('pending_steps') or []
        text = '%s has %d manual step(s) left%s' % (name, len(steps), ', the first: %s' % steps[0] if steps else '')
    return {'integration': status.get('integration'), 'text': text}


def play_statuses(hosts, hostvars, name='integrations_status'):
    """``[[host, the host's variable name or None], ...]``: the report's input.

    A host that failed before setting it (its role arguments, for one) has None; Jinja's
    ``map(attribute=..., default=...)`` does not give that for hostvars on every ansible-core.
    """
    pairs = []
    for host in hosts:
        variables = hostvars[host]
        pairs.append([host, variables[name] if name in variables else None])
    return pairs


class FilterModule(object):
    def filters(self):
        return {'integration_plan': integration_plan, 'integration_summary': integration_summary,
                'play_statuses': play_statuses}
