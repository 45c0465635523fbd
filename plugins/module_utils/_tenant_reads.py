# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""What the tasks of one tenant read that does not depend on the integration, handed on.

The integrations role runs the role and member tasks once per integration of a tenant. What
those reads do not depend on (the admin key's ``/system/mySecurity``, which also names the
PSA's functions; references looked up by name; the new-member template) and the lookups of
every integration's role and member (batched: one list each for all of them) travel in the
option ``tenant_reads`` from one task's result to the next task, so N integrations do not
cost N times one. A task given no ``tenant_reads`` reads exactly as before.

Batching is safe because the role's guard rails make every integration of a tenant name its
own role and member: a task only writes its own, so what the batch found of the others stays
true for the run. A task that creates or changes its role or member records the new state.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _admin_rights as admin_rights
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import (
    ConditionError, any_of, condition, literal)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import lacks_right

OPTION = dict(tenant_reads=dict(type='dict'))
# What was read from the PSA (the rest, want_roles and want_members, is the run's plan).
_READ = ('my_security', 'references', 'member_template', 'roles', 'members', 'role_powers')
# Names per batched lookup: keeps one request's conditions well under any URL limit.
BATCH = 50


def _key(text):
    return (text or '').strip().lower()


def _searchable(names):
    """The names a condition can hold; a name that cannot is left to its own task to refuse."""
    kept = []
    for name in names or []:
        try:
            if isinstance(name, str) and name.strip():
                literal(name.strip())
                kept.append(name.strip())
        except ConditionError:
            continue
    return kept


class TenantReads(object):
    """The reads a task was handed (``given``: the previous task's ``tenant_reads``, or None)."""

    def __init__(self, given):
        self.enabled = given is not None
        data = copy.deepcopy(given or {})
        self.data = {
            # The client identity (_client.PSAClient.identity) the reads were made with.
            'tenant': data.get('tenant'),
            'my_security': data.get('my_security'),
            'references': dict(data.get('references') or {}),
            'member_template': data.get('member_template'),
            'roles': dict(data.get('roles') or {}),
            'members': dict(data.get('members') or {}),
            # {role id: {role: {id, name, adminFlag}, powers}}: what the member's guard asks of its role.
            'role_powers': dict(data.get('role_powers') or {}),
            # The roles and members of every integration of the tenant, looked up together once.
            'want_roles': list(data.get('want_roles') or []),
            'want_members': list(data.get('want_members') or []),
        }

    def bind(self, client, warn):
        """Keep the reads only if they were made on this tenant with this admin key: another tenant's
        (a playbook handing on the wrong host's result) would name roles and members that are not
        this tenant's, another key's rights are not this key's. Those are dropped and read again."""
        if not self.enabled:
            return self
        given = self.data['tenant']
        if given != client.identity and any(self.data[key] for key in _READ):
            warn('tenant_reads were read on another tenant or with another admin key (%s, this task: %s): '
                 'ignored and read again; hand on the result of this tenant\'s own previous task'
                 % (given or 'no tenant recorded', client.identity))
            fresh = TenantReads({}).data
            self.data.update((key, fresh[key]) for key in _READ)   # want_roles / want_members: the plan, kept
        self.data['tenant'] = client.identity
        return self

    def result(self):
        """What to hand on (None when the task was given nothing: its result stays as before)."""
        return self.data if self.enabled else None

    def my_rows(self, client):
        if self.enabled and self.data['my_security'] is not None:
            return self.data['my_security']
        rows = admin_rights.my_rows(client)
        if self.enabled:
            self.data['my_security'] = rows
        return rows

    def reference(self, path, kind, value):
        return self.data['references'].get('%s %s %s' % (path, kind, _key(value) if kind == 'name' else value))

    def remember_reference(self, path, kind, value, found):
        if self.enabled and found is not None and found.get('id') is not None:
            self.data['references']['%s %s %s' % (path, kind, _key(value) if kind == 'name' else value)] = {
                'id': found['id'], 'name': found.get('name')}

    def member_template(self, read):
        if self.enabled and self.data['member_template'] is not None:
            return self.data['member_template']
        template = read()
        if self.enabled:
            self.data['member_template'] = template
        return template

    def _batched(self, client, kind, name, path, field, fields, right):
        """``(known, record)``: the record named ``name`` from one list of all wanted names."""
        store = self.data[kind]
        if not self.enabled:
            return False, None
        if _key(name) not in store:
            wanted = [item for item in _searchable(self.data['want_' + kind] + [name]) if _key(item) not in store]
            wanted = sorted(dict((_key(item), item) for item in wanted).values(), key=_key)
            try:
                for start in range(0, len(wanted), BATCH):
                    part = wanted[start:start + BATCH]
                    found = client.list(path, conditions=any_of(*[condition(field, item) for item in part]), fields=fields)
                    for item in part:
                        matches = [record for record in found if _key(record.get(field)) == _key(item)]
                        if len(matches) <= 1:     # two records of one name: the task's own lookup says so
                            store[_key(item)] = matches[0] if matches else None
            except PSAError as exc:
                raise lacks_right(exc, right)
        if _key(name) in store:
            return True, copy.deepcopy(store[_key(name)])
        return False, None

    def role(self, client, name, path, find):
        known, record = self._batched(client, 'roles', name, path, 'name', 'id,name,adminFlag',
                                      'System > Security: Inquire Level (to look up security roles)')
        return record if known else find()

    def remember_role(self, name, role, catalogue=None, powers_of=None):
        """The role as the task left it; with its settings' ``catalogue``, what makes it powerful."""
        if not self.enabled:
            return
        kept = dict((field, role[field]) for field in ('id', 'name', 'adminFlag') if field in role) if role else None
        self.data['roles'][_key(name)] = kept
        if role and role.get('id') is not None:
            self.remember_reference('/system/securityroles', 'id', role['id'], role)
            # adminFlag is known from the batched lookup or the create's answer, not from a lookup by name.
            if catalogue is not None and 'adminFlag' in role:
                record = {'id': role['id'], 'name': role.get('name'), 'adminFlag': role['adminFlag']}
                self.data['role_powers'][str(role['id'])] = {'role': record, 'powers': powers_of(record, catalogue)}

    def role_powers(self, role_id):
        return copy.deepcopy(self.data['role_powers'].get(str(role_id)))

    def member(self, client, identifier, path, fields, find):
        known, record = self._batched(client, 'members', identifier, path, 'identifier', fields,
                                      'System > Member Maintenance: Inquire Level (to look up API members)')
        return record if known else find()

    def forget_member(self, identifier):
        """After a write: a later task reads the member again (its live state is the PSA's)."""
        self.data['members'].pop(_key(identifier), None)
