# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant_secret filter: one tenant's key pairs, read from a secret store's answer."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible.errors import AnsibleFilterError

# A field is named after the role variable it stands for, so a secret reads like the inventory it replaces.
SECRET_FIELDS = ('cw_psa_public_key', 'cw_psa_private_key', 'acct_sync_key_public', 'acct_sync_key_private')


def tenant_secret(value, name='cw_psa_secret'):
    """``value`` (a mapping or its JSON text; empty = no secret) -> ``{field: string}``.

    The messages name fields and types, never a value: the input is secret.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise AnsibleFilterError('%s: the secret is not a JSON object; store it as key/value pairs named %s'
                                     % (name, ', '.join(SECRET_FIELDS)))
    if not isinstance(value, dict):
        raise AnsibleFilterError('%s: the secret must be key/value pairs named %s, got %s'
                                 % (name, ', '.join(SECRET_FIELDS), type(value).__name__))
    unknown = sorted(str(field) for field in value if field not in SECRET_FIELDS)
    if unknown:
        raise AnsibleFilterError('%s: unknown field(s) %s; the fields are %s (rename them in the secret, or pick '
                                 'the fields in the lookup)' % (name, ', '.join(unknown), ', '.join(SECRET_FIELDS)))
    wrong = sorted(field for field, text in value.items() if not isinstance(text, str))
    if wrong:
        raise AnsibleFilterError('%s: field(s) %s must be text' % (name, ', '.join(wrong)))
    return dict((field, str(text)) for field, text in value.items())


class FilterModule(object):
    def filters(self):
        return {'tenant_secret': tenant_secret}
