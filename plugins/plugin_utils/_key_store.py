# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Where a tenant's member API key pair is kept: its current pair, the previous one while a rotation
runs, and when each was stored (the PSA cannot say).

The seam is :class:`KeyStore`: ``load()`` returns a :class:`KeyRecord`, ``save(record)`` writes it
whole. :class:`HostVarsVaultStore` keeps it inline-vaulted in the tenant's host_vars file; another
store (a secret manager) implements the same two methods and registers in ``STORES``. What a store
and a rotation mean is decided once, in :func:`store_pair` and :func:`drop_previous`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import os

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.parsing.vault import VaultLib, match_encrypt_secret

# One fingerprint for the whole collection (cw_api_key's): the same key reads the same everywhere.
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import api_keys_screen
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import fingerprint as key_fingerprint
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _vars_file as vars_file

DEFAULT_PREFIX = 'acct_sync_key'
HEADER = ('---\n# The API key pair of this tenant\'s integration member, inline-vaulted by\n'
          '# msp.connectwise_psa.store_api_key. Other variables and comments here are kept.\n')


class KeyStoreError(Exception):
    """Nothing was stored; the message names what and the fix."""


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


class KeyRecord(object):
    """``current`` and ``previous``: ``{public, private, meta}`` or None; ``rotation_completed``: meta or None."""

    def __init__(self, current=None, previous=None, rotation_completed=None):
        self.current, self.previous, self.rotation_completed = current, previous, rotation_completed

    def facts(self):
        """What may be shown of each slot: its metadata and the public key's fingerprint, never a key."""
        return dict((slot, dict(pair['meta'], fingerprint=key_fingerprint(pair['public'])) if pair else None)
                    for slot, pair in (('current', self.current), ('previous', self.previous)))


class KeyStore(object):
    """A place for one tenant's key record."""
    name = None

    def load(self):
        raise NotImplementedError

    def save(self, record, check_mode):
        """Write the record; return what changed, as ``{before, after}`` text without secrets."""
        raise NotImplementedError


class HostVarsVaultStore(KeyStore):
    """The record as variables of one host_vars file, the pairs inline-vaulted with the run's vault secret.

    Variables (``prefix`` default ``acct_sync_key``, the names the acct_sync role reads):
    ``<prefix>_public``/``_private`` and ``<prefix>_meta``; ``<prefix>_previous_public``/``_private`` and
    ``<prefix>_previous_meta`` during a rotation; ``<prefix>_rotation_completed`` after one.
    """
    name = 'host_vars'

    def __init__(self, path, vault_secrets, vault_id=None, prefix=DEFAULT_PREFIX):
        self.path, self.prefix, self.vault_id = path, prefix, vault_id
        self._vault = VaultLib(vault_secrets or [])
        self._secrets = vault_secrets or []
        self._text, self._mode = None, None

    def _names(self, slot):
        base = self.prefix if slot == 'current' else '%s_%s' % (self.prefix, slot)
        return base + '_public', base + '_private', base + '_meta'

    def _decrypt(self, value, name):
        if not isinstance(value, vars_file.Vaulted):
            return to_text(value) if value else None
        if not self._secrets:
            raise KeyStoreError('%s holds %s vaulted and this run has no vault secret: run with --ask-vault-pass, '
                                '--vault-password-file or --vault-id' % (self.path, name))
        try:
            return to_text(self._vault.decrypt(to_bytes(value.ciphertext)))
        except AnsibleError:
            raise KeyStoreError('%s: %s does not decrypt with this run\'s vault secret: give the vault password '
                                'it was encrypted with (--vault-id for several)' % (self.path, name))

    def load(self):
        try:
            self._text, self._mode = vars_file.read(self.path)
            data = vars_file.parse(self._text, self.path)
        except vars_file.VarsFileError as exc:
            raise KeyStoreError(str(exc))
        record = KeyRecord(rotation_completed=data.get(self.prefix + '_rotation_completed'))
        for slot in ('current', 'previous'):
            public_name, private_name, meta_name = self._names(slot)
            public = self._decrypt(data.get(public_name), public_name)
            private = self._decrypt(data.get(private_name), private_name)
            if public or private:
                setattr(record, slot, {'public': public, 'private': private, 'meta': dict(data.get(meta_name) or {})})
        return record

    def _encrypt(self, plaintext):
        if not self._secrets:
            raise KeyStoreError('no vault secret was given to this run, so the key cannot be vaulted into %s: run '
                                'with --ask-vault-pass, --vault-password-file or --vault-id (AWX: a Vault credential)'
                                % self.path)
        try:
            vault_id, secret = match_encrypt_secret(self._secrets, self.vault_id)
        except AnsibleError as exc:
            raise KeyStoreError('cannot choose the vault secret for %s: %s' % (self.path, exc))
        return to_text(self._vault.encrypt(plaintext, secret=secret, vault_id=vault_id))

    def save(self, record, check_mode):
        changes, before, after = {}, [], []
        old = self.load()
        for slot in ('current', 'previous'):
            names = self._names(slot)
            pair, was = getattr(record, slot), getattr(old, slot)
            if _same(pair, was):
                continue
            if pair is None:
                changes.update((name, None) for name in names)
            else:
                # Encrypted in check mode too: a missing vault secret fails the audit as it would the run.
                changes[names[0]] = vars_file.vaulted_block(names[0], self._encrypt(pair['public']))
                changes[names[1]] = vars_file.vaulted_block(names[1], self._encrypt(pair['private']))
                changes[names[2]] = vars_file.plain_block(names[2], pair['meta'])
            before.append(_describe(names[2], was))
            after.append(_describe(names[2], pair))
        name = self.prefix + '_rotation_completed'
        if record.rotation_completed != old.rotation_completed:
            changes[name] = vars_file.plain_block(name, record.rotation_completed) if record.rotation_completed else None
            before.append(vars_file.plain_block(name, old.rotation_completed))
            after.append(vars_file.plain_block(name, record.rotation_completed))
        if not changes:
            return None
        try:
            text = vars_file.checked_edit(self._text, changes, self.path, HEADER)
            if not check_mode:
                vars_file.replace(self.path, text, self._mode)
        except vars_file.VarsFileError as exc:
            raise KeyStoreError(str(exc))
        except (IOError, OSError) as exc:
            raise KeyStoreError('cannot write %s: %s; nothing was stored, the file is as it was'
                                % (self.path, exc.strerror or exc))
        return {'before_header': self.path, 'after_header': self.path, 'before': ''.join(before), 'after': ''.join(after)}


def _same(pair, was):
    if pair is None or was is None:
        return pair is was
    return (pair['public'], pair['private'], pair['meta']) == (was['public'], was['private'], was['meta'])


def _describe(meta_name, pair):
    """A diff line for one slot: its metadata and the public key's fingerprint, never a key."""
    if pair is None:
        return '%s: (none)\n' % meta_name
    return vars_file.plain_block(meta_name, dict(pair['meta'], fingerprint=key_fingerprint(pair['public'])))


STORES = {HostVarsVaultStore.name: HostVarsVaultStore}


def default_path(inventory_dir, host, prefix=DEFAULT_PREFIX):
    """The tenant's host_vars file: ``host_vars/<host>/<prefix>.yml`` when that folder exists, else
    ``host_vars/<host>.yml`` (or ``.yaml``), next to the inventory."""
    if not inventory_dir:
        raise KeyStoreError('the tenant %s has no inventory folder (inventory_dir) to put host_vars in: give '
                            'cw_psa_key_file, the file to store the key in' % host)
    base = os.path.join(inventory_dir, 'host_vars', host)
    if os.path.isdir(base):
        return os.path.join(base, prefix + '.yml')
    for extension in ('.yml', '.yaml'):
        if os.path.exists(base + extension):
            return base + extension
    return base + '.yml'


def store_pair(store, public, private, description, member, keep_previous, now=None):
    """Store a proven pair as the current one. The old current pair becomes ``previous`` when
    ``keep_previous`` (the PSA still accepts it: a rotation starts), else it is dropped.
    Returns ``(record, outcome)``, outcome one of ``unchanged``, ``stored``, ``replaced``, ``rotation_started``.
    """
    record = store.load()
    now = now or utc_now()
    if record.current and record.current['public'] == public and record.current['private'] == private:
        return record, 'unchanged'
    if record.previous and keep_previous and record.current:
        raise KeyStoreError('a rotation is still pending in %s: the PSA still accepts the previous key "%s" (%s); '
                            'delete it (or tick Inactive) on %s and run the audit or setup, which completes the '
                            'rotation, then store the new key. Nothing was stored.'
                            % (store.path, record.previous['meta'].get('description'),
                               key_fingerprint(record.previous['public']), api_keys_screen(member)))
    outcome = 'stored'
    if record.current:
        outcome = 'rotation_started' if keep_previous else 'replaced'
        if keep_previous:
            record.previous = dict(record.current, meta=dict(record.current['meta'], replaced_at=now))
    record.current = {'public': public, 'private': private,
                      'meta': {'stored_at': now, 'description': description, 'member': member,
                               'fingerprint': key_fingerprint(public)}}
    return record, outcome


def drop_previous(store, now=None):
    """The PSA refuses the previous pair: remove it and record when the rotation completed."""
    record = store.load()
    if not record.previous:
        return record, False
    meta = record.previous['meta']
    record.rotation_completed = {'at': now or utc_now(), 'description': meta.get('description'),
                                 'fingerprint': key_fingerprint(record.previous['public'])}
    record.previous = None
    return record, True
