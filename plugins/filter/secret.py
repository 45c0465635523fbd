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


def tenant_secret(value, name='cw_psa_secret', prefixes=None):
    """``value`` (a mapping or its JSON text; empty = no secret) -> ``{field: string}``.

    ``prefixes``: the integrations role's integrations, each with its own fields
    ``<prefix>_key_public`` and ``<prefix>_key_private``. The messages name fields and types,
    never a value: the input is secret.
    """
    fields = SECRET_FIELDS + tuple('%s_key_%s' % (prefix, half) for prefix in prefixes or () for half in ('public', 'private'))
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise AnsibleFilterError('%s: the secret is not a JSON object; store it as key/value pairs named %s'
                                     % (name, ', '.join(fields)))
    if not isinstance(value, dict):
        raise AnsibleFilterError('%s: the secret must be key/value pairs named %s, got %s'
                                 % (name, ', '.join(fields), type(value).__name__))
    unknown = sorted(str(field) for field in value if field not in fields)
    if unknown:
        raise AnsibleFilterError('%s: unknown field(s) %s; the fields are %s (rename them in the secret, or pick '
                                 'the fields in the lookup)' % (name, ', '.join(unknown), ', '.join(fields)))
    wrong = sorted(field for field, text in value.items() if not isinstance(text, str))
    if wrong:
        raise AnsibleFilterError('%s: field(s) %s must be text' % (name, ', '.join(wrong)))
    return dict((field, str(text)) for field, text in value.items())


class FilterModule(object):
    def filters(self):
        return {'tenant_secret': tenant_secret}
