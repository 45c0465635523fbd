# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_api_member's guards: what the module refuses to do even when asked.

Both run only when the member is about to be created, deactivated or moved to another role,
so a steady-state run (the member already as wanted) sends no request for them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _admin_rights as admin_rights
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import TaskFailed, lacks_right

ROLES = '/system/securityroles'
# Functions whose rights beyond Inquire let a member change security itself.
POWERFUL = (('System', 'Security'), ('System', 'Member Maintenance'))
WRITE_LEVELS = ('add', 'edit', 'delete')


def protect_caller(client, member, changes, rows=None):
    """Refuse to deactivate, or move to another role, the member whose key runs the task.

    Every later task of the run (every tenant's, under one key) would fail with HTTP 401 or 403.
    ``rows``: the caller's mySecurity rows when read already (check mode reads them anyway).
    """
    if member is None or not (changes.get('inactiveFlag') or 'securityRole' in changes):
        return
    caller = admin_rights.caller(client, rows)
    if not admin_rights.same_member(caller, member):
        return
    if changes.get('inactiveFlag'):
        what, harm = 'deactivate', 'every later request with it would fail with HTTP 401'
    else:
        what, harm = ('move to security role "%s"' % (changes['securityRole'].get('name') or changes['securityRole'].get('id')),
                      'it would lose the rights this run needs')
    raise TaskFailed('refusing to %s API member "%s": its key runs this task, and %s. Use another admin key to '
                     'change this member; nothing was written' % (what, member.get('identifier'), harm),
                     refused='caller')


def _role_powers(client, role_id, reads=None):
    """``(role record, [what makes it powerful])``: adminFlag, and rights beyond Inquire on POWERFUL.

    ``reads`` (_tenant_reads.TenantReads): the role task of the same integration just read them.
    """
    known = reads.role_powers(role_id) if reads is not None else None
    if known is not None:
        return known['role'], known['powers']
    try:
        role = client.get('%s/%d' % (ROLES, role_id), fields='id,name,adminFlag') or {}
        settings = client.list('/system/securityRoles/%d/settings' % role_id, fields=model.SETTING_FIELDS)
    except PSAError as exc:
        raise lacks_right(exc, 'System > Security: Inquire Level (to read the security role the member goes to)')
    return role, powers_of(role, model.Catalogue(settings))


def powers_of(role, catalogue):
    """What makes a role (its record with adminFlag, and its settings' Catalogue) more than an integration's own."""
    powers = ['it is an admin role (adminFlag)'] if role.get('adminFlag') else []
    for module, function in POWERFUL:
        setting = catalogue.find(module, function)
        granted = ['%s %s' % (model.LEVEL_LABELS[level].split()[0], model.live_level(setting, level))
                   for level in WRITE_LEVELS if setting is not None and model.live_level(setting, level) != 'None']
        if granted:
            powers.append('it grants %s > %s beyond Inquire (%s)' % (module, function, ', '.join(granted)))
    return powers


def shared_role(client, identifier, changes, allowed, warn, reads=None):
    """Guard the role the member is about to be created on or moved to.

    A role with adminFlag, with rights to change security or members, or held by others would
    give the integration more than its table, or tie its rights to other people's: fail unless
    ``allowed`` (then warn). Returns the facts for the result, None when the role is the
    integration's own. A role predicted in check mode (not created yet) has no holders.
    """
    wanted = changes.get('securityRole')
    if not wanted or wanted.get('id') is None:
        return None
    role, powers = _role_powers(client, wanted['id'], reads)
    holders = admin_rights.role_holders(client, wanted['id'])
    others = holders['api_members'] + holders['people']
    if not powers and not others:
        return None
    name = role.get('name') or wanted.get('name') or wanted['id']
    reasons = powers + (['%d other member(s) hold it (%s)' % (others, admin_rights.holders_text(holders))]
                        if others else [])
    facts = {'id': wanted['id'], 'name': name, 'admin': bool(role.get('adminFlag')), 'other_holders': holders,
             'reasons': reasons, 'allowed': bool(allowed)}
    text = 'security role "%s" of API member "%s" is not the integration\'s own: %s' % (name, identifier, '; '.join(reasons))
    if not allowed:
        raise TaskFailed('%s. Give the member a role of its own (for example the one cw_security_role creates), or '
                         'set allow_shared_role: true to accept this role; nothing was written' % text,
                         shared_role=facts, refused='shared_role')
    warn('%s; accepted because allow_shared_role is true' % text)
    return facts
