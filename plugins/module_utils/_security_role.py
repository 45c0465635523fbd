# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_security_role logic: the role exists (or not) and its levels are verified.

The API creates, reads and deletes roles and reads their settings; it cannot write a
level nor read a role's Customize allow-list. So this ensures presence, and turns
every difference from the table into a manual step.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _admin_rights as admin_rights
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps
from ansible_collections.msp.connectwise_psa.plugins.module_utils._tenant_reads import OPTION as TENANT_READS, TenantReads
from ansible_collections.msp.connectwise_psa.plugins.module_utils._member_guards import powers_of
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import condition, name_option
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import TaskFailed, apply_policy, lacks_right

ROLES = '/system/securityroles'
ROLE_NAME_MAX = 30
UNVERIFIED_REASON = ('the PSA API cannot read a role\'s Customize allow-list with admin keys; '
                     'msp.connectwise_psa.cw_api_key verifies these items with the member\'s own key')

ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    permissions=dict(type='list', elements='dict', default=[], options=model.ROW_OPTIONS),
    exclusive=dict(type='bool', default=True),
    on_drift=dict(type='str', default='fail', choices=['fail', 'warn', 'ignore']),
    **TENANT_READS
)


def validate_name(name, option='name', maximum=ROLE_NAME_MAX):
    """The role's name stripped; refused before anything is sent when empty, too long or not searchable."""
    return name_option(option, name or '', maximum, 'give the role\'s name as shown in the PSA ("Role ID")')


def find_role(client, name):
    try:
        return client.first(ROLES, condition('name', name), fields='id,name')
    except PSAError as exc:
        raise lacks_right(exc, 'System > Security: Inquire Level (to look up security roles)')


def role_settings(client, role_id):
    """Every setting of a role (all pages), only the fields the model reads."""
    try:
        return client.list('/system/securityRoles/%d/settings' % role_id, fields=model.SETTING_FIELDS)
    except PSAError as exc:
        raise lacks_right(exc, 'System > Security: Inquire Level (to read the role\'s permission levels)')


def function_catalogue(my_rows):
    """The functions of this PSA with every level None: what a new role starts with.

    A role that does not exist yet has no settings to read, so the caller's own rows
    (``/system/mySecurity``) name the functions; their levels are not used here.
    """
    rows = []
    for row in my_rows:
        row = dict(row, **dict((field, 'None') for field in model.LEVEL_FIELDS.values()))
        row.pop('id', None)
        row.pop('member', None)
        rows.append(row)
    return rows


def create_role(client, name):
    try:
        return client.create(ROLES, {'name': name}, lambda: find_role(client, name))
    except PSAError as exc:
        raise lacks_right(exc, 'System > Security: Add Level (to create the security role)')


def delete_role(client, role):
    try:
        client.delete('%s/%d' % (ROLES, role['id']))
    except PSAError as exc:
        if exc.status in (400, 409):
            raise TaskFailed('security role "%s" cannot be deleted, the PSA refused: %s. Assign its members (API '
                             'members included) another role first, then run again' % (role['name'], _reason(exc)),
                             error=exc.as_dict(), role=_role_facts(role))
        if exc.status == 404:   # gone meanwhile: absent is what was asked
            return
        raise lacks_right(exc, 'System > Security: Delete Level (to delete the security role)')


def _reason(exc):
    """The vendor's own words: its message and each field error's (the reason is often only there)."""
    texts = [exc.vendor_message] + [error.get('message') for error in exc.errors if isinstance(error, dict)]
    texts = [text for text in texts if text]
    return '; '.join(texts) or 'HTTP %s' % exc.status


def refuse_caller_role(client, role, rows=None):
    """Self-protection: never delete the role of the member whose key runs the task."""
    caller = admin_rights.caller(client, rows)
    if admin_rights.caller_holds(client, caller, role['id']):
        raise TaskFailed('refusing to delete security role "%s": the member whose key runs this task (%s) holds '
                         'it, and would lose its rights. Delete it with another admin key whose member has another '
                         'role; nothing was written' % (role['name'], caller.get('identifier')),
                         role=_role_facts(role), refused='caller_holds_role')


def predict_delete(client, role, rows):
    """Check mode: the PSA refuses to delete a role still assigned; say so now, as the real run would fail."""
    refuse_caller_role(client, role, rows)
    holders = admin_rights.role_holders(client, role['id'])
    if holders['api_members'] or holders['people']:
        raise TaskFailed('security role "%s" cannot be deleted: it is assigned to %s, and the PSA refuses to '
                         'delete a role in use. Assign them another role first, then run again; nothing was '
                         'written' % (role['name'], admin_rights.holders_text(holders)),
                         role=_role_facts(role), holders=holders, refused='role_in_use')


def same_name(role, name):
    """The PSA compares role names without regard to case (a search, and its uniqueness rule)."""
    return (role.get('name') or '').lower() == name.lower()


def _role_facts(role):
    return {'id': role.get('id'), 'name': role.get('name')} if role else None


def verify_levels(role_name, table, catalogue, exclusive):
    """Drift, manual steps and unverified Customize items of a role against a table."""
    resolved = model.resolve(table, catalogue)
    drift_rows = model.drift(resolved, catalogue, exclusive)
    unverified = [dict(steps.as_result([steps.customize(role_name, setting.get('moduleName'),
                                                        setting.get('moduleFunctionName'), row['customize_allow'])]),
                       module=setting.get('moduleName'), function=setting.get('moduleFunctionName'),
                       customize_allow=row['customize_allow'], reason=UNVERIFIED_REASON)
                  for row, setting in model.customize_rows(resolved)]
    return dict(steps.as_result(steps.level_records(role_name, drift_rows)), compliant=not drift_rows,
                permissions_drift=drift_rows, unverified=unverified)


def _verify_created(client, name, table, role, exclusive):
    """``(facts, catalogue)``: the levels of a role just created; a failure here still reports the role as created."""
    try:
        catalogue = model.Catalogue(role_settings(client, role['id']))
        return verify_levels(name, table, catalogue, exclusive), catalogue
    except (PSAError, TaskFailed) as exc:
        raise TaskFailed('security role "%s" was created (id %s), but reading its levels failed: %s; run again to '
                         'verify them' % (name, role.get('id'), getattr(exc, 'msg', None) or str(exc)),
                         changed=True, created=True, role=_role_facts(role),
                         error=exc.as_dict() if isinstance(exc, PSAError) else exc.result.get('error'))


def _absent(client, name, role, before, check_mode):
    """Delete the role, under its live name (matched without regard to case), unless the PSA would refuse."""
    if role and check_mode:
        rows = admin_rights.my_rows(client)
        admin_rights.require(rows, 'System', 'Security', 'delete', 'delete the security role')
        predict_delete(client, role, rows)
    elif role:
        refuse_caller_role(client, role)
        delete_role(client, role)
    result = {'changed': role is not None, 'role': _role_facts(role), 'created': False,
              'diff': {'before': before, 'after': {'name': before['name'], 'present': False}}}
    if role and check_mode:
        result['planned_changes'] = ['delete security role "%s"%s' % (
            role['name'], '' if role['name'] == name else ' (matched "%s": role names compare without regard to case)'
            % name)]
    return result


def ensure(connect, params, check_mode, warn):
    name = validate_name(params['name'])
    table = model.validate_table(params.get('permissions'))
    client = connect()
    reads = TenantReads(params.get('tenant_reads')).bind(client, warn)
    role = reads.role(client, name, ROLES, lambda: find_role(client, name))
    if role is not None and not same_name(role, name):
        raise TaskFailed('security role %r was looked up, but the PSA answered role %r: refusing to act on another '
                         'role; nothing was written' % (name, role.get('name')))
    before = {'name': role['name'] if role else name, 'present': role is not None}

    if params['state'] == 'absent':
        return _absent(client, name, role, before, check_mode)

    created = role is None
    catalogue = None     # the role's own settings, once read
    if role:
        name = role['name']    # the steps and messages name the role as the PSA shows it
        catalogue = model.Catalogue(role_settings(client, role['id']))
        facts = verify_levels(name, table, catalogue, params['exclusive'])
    else:
        # Validate the table against this PSA's functions, and the caller's right, before the first write.
        my_rows = reads.my_rows(client)
        facts = verify_levels(name, table, model.Catalogue(function_catalogue(my_rows)), params['exclusive'])
        admin_rights.require(my_rows, 'System', 'Security', 'add', 'create the security role')
        if check_mode:
            role = {'id': None, 'name': name}
        else:
            role = create_role(client, name)
            facts, catalogue = _verify_created(client, name, table, role, params['exclusive'])

    result = dict(facts, changed=created, created=created, role=_role_facts(role),
                  diff={'before': before, 'after': {'name': role.get('name') or name, 'present': True}})
    reads.remember_role(name, role, catalogue, powers_of)
    if reads.enabled:
        result['tenant_reads'] = reads.result()
    if created and check_mode:
        result['planned_changes'] = ['create security role "%s"' % name]
    if facts['permissions_drift']:
        summary = ('security role "%s": %d permission level(s) differ from the table and the PSA API cannot set '
                   'them; follow manual_steps in the PSA web UI' % (name, len(facts['permissions_drift'])))
        apply_policy(params['on_drift'], summary, result, warn)
    return result
