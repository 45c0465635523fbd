# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""msp.connectwise_psa.cw_api_key_vault: keep a tenant's proven key pair in its vault, on the controller.

It needs the run's vault secrets and writes a file of the inventory, so it can only be an action
plugin. The store and the rotation rules are in plugin_utils/_key_store.py; the documentation in
modules/cw_api_key_vault.py. It sends nothing to a PSA: proving a pair is cw_api_key's work.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import fingerprint as key_fingerprint
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _key_store as key_store
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._action_module import ActionModuleBase

ARGUMENT_SPEC = dict(
    state=dict(type='str', default='current', choices=['current', 'previous_absent']),
    key_public=dict(type='str', no_log=True),
    key_private=dict(type='str', no_log=True),
    description=dict(type='str'),
    member=dict(type='str'),
    keep_previous=dict(type='bool', default=True),
    path=dict(type='path'),
    store=dict(type='str', default='host_vars', choices=sorted(key_store.STORES)),
    vault_id=dict(type='str'),
    prefix=dict(type='str', default=key_store.DEFAULT_PREFIX),
)

MESSAGES = {
    'unchanged': 'the pair %(fingerprint)s is already the stored key of %(path)s; nothing changed',
    'stored': 'the pair %(fingerprint)s is stored in %(path)s',
    'replaced': 'the pair %(fingerprint)s is stored in %(path)s; the old pair, which the PSA refuses, is removed',
    'rotation_started': 'the pair %(fingerprint)s is stored in %(path)s; the old pair %(previous)s is kept as the '
                        'previous key until the PSA refuses it',
    'rotation_completed': 'the previous pair %(previous)s is removed from %(path)s: the rotation is complete',
    'no_previous': '%(path)s holds no previous pair; nothing to remove',
}


def _vault_secrets(loader):
    """The vault secrets this run was given (--ask-vault-pass, --vault-id, a Vault credential)."""
    vault = getattr(loader, '_vault', None)
    secrets = list(getattr(vault, 'secrets', None) or [])
    if not secrets:
        try:    # ansible-core 2.19 also keeps them in a context of their own
            from ansible.parsing.vault import VaultSecretsContext
            context = VaultSecretsContext.current(optional=True)
            secrets = list(context.secrets or []) if context else []
        except ImportError:
            pass
    return secrets


def _plain(value):
    if isinstance(value, str):
        return value.encode('utf-8').decode('utf-8')
    return value


class ActionModule(ActionModuleBase):
    _supports_check_mode = True
    argument_spec = ARGUMENT_SPEC

    def run_module(self, module, task_vars):
        # Plain strings: ansible-core 2.19 hands tagged ones, which a YAML dumper cannot write.
        args = dict((name, _plain(value)) for name, value in module.params.items())
        check_mode = module.check_mode
        try:
            path = args['path'] or key_store.default_path(_plain(task_vars.get('inventory_dir')),
                                                          _plain(task_vars.get('inventory_hostname')), args['prefix'])
            store = key_store.STORES[args['store']](path, _vault_secrets(self._loader), args['vault_id'], args['prefix'])
            if args['state'] == 'current':
                record, outcome = self._store(store, args)
            else:
                record, dropped = key_store.drop_previous(store)
                outcome = 'rotation_completed' if dropped else 'no_previous'
            diff = store.save(record, check_mode) if outcome not in ('unchanged', 'no_previous') else None
        except key_store.KeyStoreError as exc:
            module.fail_json(msg=str(exc), changed=False)
        facts = record.facts()
        words = {'path': path, 'fingerprint': key_fingerprint(args['key_public']),
                 'previous': (facts['previous'] or {}).get('fingerprint') or
                 (record.rotation_completed or {}).get('fingerprint')}
        result = {'changed': bool(diff), 'outcome': outcome, 'path': path, 'store': args['store'],
                  'current': facts['current'], 'previous': facts['previous'],
                  'rotation_completed': record.rotation_completed, 'check_mode': check_mode,
                  'msg': MESSAGES[outcome] % words}
        if check_mode and diff:
            result['msg'] = 'check mode, nothing written: ' + result['msg']
        if diff and self._task.diff:
            result['diff'] = diff
        module.exit_json(**result)

    @staticmethod
    def _store(store, args):
        missing = [name for name in ('key_public', 'key_private', 'member') if not (args[name] or '').strip()]
        if missing:
            raise key_store.KeyStoreError('state=current needs %s' % ', '.join(missing))
        return key_store.store_pair(store, args['key_public'].strip(), args['key_private'].strip(),
                                    args['description'] or args['member'], args['member'], args['keep_previous'])
