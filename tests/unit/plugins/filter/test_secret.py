# -*- coding: utf-8 -*-
"""tenant_secret: a store's answer -> the tenant's key pairs; its errors name fields, never values."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.msp.connectwise_psa.plugins.filter.secret import SECRET_FIELDS, tenant_secret

PAIRS = {'cw_psa_public_key': 'pub', 'cw_psa_private_key': 's3cr3t-admin'}


@pytest.mark.parametrize('value', [None, '', '  ', {}])
def test_no_secret_is_an_empty_mapping(value):
    assert tenant_secret(value) == {}


def test_a_mapping_or_its_json_text_gives_the_same_fields():
    assert tenant_secret(PAIRS) == PAIRS
    assert tenant_secret(json.dumps(PAIRS)) == PAIRS     # AWS Secrets Manager's SecretString


def test_every_field_may_be_given():
    secret = dict((field, 'v-%s' % field) for field in SECRET_FIELDS)
    assert tenant_secret(secret) == secret


@pytest.mark.parametrize('value, words', [
    ('{"cw_psa_private_key": "s3cr3t-admin"', 'not a JSON object'),
    ('["s3cr3t-admin"]', 'got list'),
    ({'private_key': 's3cr3t-admin'}, 'unknown field(s) private_key'),
    ({'cw_psa_private_key': 4711}, 'cw_psa_private_key must be text'),
])
def test_bad_secrets_fail_naming_the_field_not_the_value(value, words):
    with pytest.raises(AnsibleFilterError) as error:
        tenant_secret(value, 'cw_psa_secret')
    message = str(error.value)
    assert message.startswith('cw_psa_secret: ') and words in message
    assert 's3cr3t' not in message and '4711' not in message


def test_each_integration_has_its_own_key_fields():
    secret = {'cw_psa_public_key': 'a', 'hudu_key_public': 'b', 'hudu_key_private': 'c'}
    assert tenant_secret(secret, prefixes=['hudu', 'rewst']) == secret
    with pytest.raises(AnsibleFilterError) as caught:
        tenant_secret({'hudoo_key_public': 'secret-value'}, prefixes=['hudu'])
    assert 'hudoo_key_public' in str(caught.value) and 'hudu_key_private' in str(caught.value)
    assert 'secret-value' not in str(caught.value)
