# -*- coding: utf-8 -*-
"""The key store: in-place edits of a host_vars file, inline vault, rotation rules, atomic replace."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest
from ansible.parsing.vault import VaultLib, VaultSecret

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _key_store as key_store, _vars_file as vars_file

SECRETS = [('default', VaultSecret(b'test vault password'))]
OTHER = """---
# the tenant's own notes
cw_psa_company_id: acme   # the company
acct_sync_member_location: Head Office
nested:
  - one
  - two: {a: 1}

# before the old key
acct_sync_key_public: old-public
acct_sync_key_private: old-private
last_one: "kept"
"""


def _store(tmp_path, text=None, mode=None, name='acme.yml'):
    path = tmp_path / 'host_vars' / name
    if text is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if mode is not None:
            os.chmod(str(path), mode)
    return key_store.HostVarsVaultStore(str(path), SECRETS), path


def _decrypted(path, name):
    data = vars_file.parse(path.read_text(), str(path))
    return VaultLib(SECRETS).decrypt(data[name].ciphertext).decode()


def test_new_file_is_vaulted_0600_with_its_date(tmp_path):
    store, path = _store(tmp_path)
    record, outcome = key_store.store_pair(store, 'PUB1', 'PRIV1', 'Acct Sync API 2026-12', 'Acct Sync API', True,
                                           now='2026-12-01T10:00:00Z')
    assert outcome == 'stored' and store.save(record, check_mode=False)
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    text = path.read_text()
    assert 'PUB1' not in text and 'PRIV1' not in text and text.startswith('---\n# The API key pair')
    assert _decrypted(path, 'acct_sync_key_public') == 'PUB1' and _decrypted(path, 'acct_sync_key_private') == 'PRIV1'
    meta = vars_file.parse(text, str(path))['acct_sync_key_meta']
    assert meta['stored_at'] == '2026-12-01T10:00:00Z' and meta['fingerprint'].startswith('sha256:')
    assert key_store.store_pair(store, 'PUB1', 'PRIV1', 'x', 'Acct Sync API', True)[1] == 'unchanged'


def test_existing_file_keeps_other_lines_comments_and_mode(tmp_path):
    store, path = _store(tmp_path, OTHER, mode=0o640)
    record, outcome = key_store.store_pair(store, 'PUB2', 'PRIV2', 'new', 'M', keep_previous=False)
    assert outcome == 'replaced'
    store.save(record, check_mode=False)
    text = path.read_text()
    for line in OTHER.splitlines():
        if 'old-p' not in line:
            assert line in text.splitlines()
    assert 'old-public' not in text and _decrypted(path, 'acct_sync_key_public') == 'PUB2'
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o640
    assert text.index('# before the old key') < text.index('acct_sync_key_public') < text.index('last_one')


def test_rotation_keeps_previous_refuses_a_third_and_completes(tmp_path):
    store, path = _store(tmp_path)
    store.save(key_store.store_pair(store, 'PUB1', 'PRIV1', 'K 2026-01', 'M', True)[0], False)
    record, outcome = key_store.store_pair(store, 'PUB2', 'PRIV2', 'K 2026-12', 'M', True, now='2026-12-02T00:00:00Z')
    assert outcome == 'rotation_started'
    store.save(record, False)
    assert _decrypted(path, 'acct_sync_key_previous_private') == 'PRIV1'
    assert vars_file.parse(path.read_text(), '')['acct_sync_key_previous_meta']['replaced_at'] == '2026-12-02T00:00:00Z'
    with pytest.raises(key_store.KeyStoreError, match='rotation is still pending.*"K 2026-01"'):
        key_store.store_pair(store, 'PUB3', 'PRIV3', 'K 2027-01', 'M', True)
    before = path.read_text()
    record, dropped = key_store.drop_previous(store, now='2026-12-03T00:00:00Z')
    assert dropped and store.save(record, check_mode=True) and path.read_text() == before    # check mode writes nothing
    store.save(record, False)
    data = vars_file.parse(path.read_text(), '')
    assert 'acct_sync_key_previous_public' not in data and 'acct_sync_key_previous_meta' not in data
    assert data['acct_sync_key_rotation_completed']['at'] == '2026-12-03T00:00:00Z'
    assert data['acct_sync_key_rotation_completed']['description'] == 'K 2026-01'


def test_no_vault_secret_fails_naming_the_options(tmp_path):
    path = tmp_path / 'acme.yml'
    store = key_store.HostVarsVaultStore(str(path), [])
    record, _outcome = key_store.store_pair(store, 'P', 'Q', 'd', 'M', True)
    with pytest.raises(key_store.KeyStoreError, match='--ask-vault-pass'):
        store.save(record, check_mode=True)
    assert not path.exists()


@pytest.mark.parametrize('text, words', [
    ('$ANSIBLE_VAULT;1.1;AES256\n6162\n', 'encrypted as a whole'),
    ('{acct_sync_key_public: a, other: b}\n', 'layout'),
    ('- a list\n', 'mapping'),
    ('a: [unclosed\n', 'not valid YAML'),
])
def test_files_that_cannot_be_edited_safely_are_refused_untouched(tmp_path, text, words):
    store, path = _store(tmp_path, text)
    with pytest.raises(key_store.KeyStoreError, match=words):
        store.save(key_store.store_pair(store, 'P', 'Q', 'd', 'M', True)[0], False)
    assert path.read_text() == text


def test_interrupted_replace_leaves_the_old_file(tmp_path, monkeypatch):
    store, path = _store(tmp_path, OTHER)

    def cut(_src, _dst):
        raise OSError(5, 'Input/output error')
    monkeypatch.setattr(os, 'replace', cut)
    with pytest.raises(key_store.KeyStoreError, match='nothing was stored, the file is as it was'):
        store.save(key_store.store_pair(store, 'P', 'Q', 'd', 'M', False)[0], False)
    assert path.read_text() == OTHER and os.listdir(str(path.parent)) == ['acme.yml']


def test_default_path(tmp_path):
    assert key_store.default_path(str(tmp_path), 'acme') == str(tmp_path / 'host_vars' / 'acme.yml')
    (tmp_path / 'host_vars' / 'acme').mkdir(parents=True)
    assert key_store.default_path(str(tmp_path), 'acme') == str(tmp_path / 'host_vars' / 'acme' / 'acct_sync_key.yml')
    with pytest.raises(key_store.KeyStoreError, match='cw_psa_key_file'):
        key_store.default_path(None, 'acme')
