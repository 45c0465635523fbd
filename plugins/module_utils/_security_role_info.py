# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""cw_security_role_info logic: read roles back as the permission tables cw_security_role takes.

Read only. One request finds the role(s), then one list of settings per role (all pages,
only the fields the model reads). A role's Customize allow-list has no request, so the
result says which functions carry one instead of pretending the table is complete.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import lacks_right
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import (
    ROLES, find_role, role_settings, validate_name)

CUSTOMIZE_NOT_READ = (
    'the PSA API cannot read a role\'s Customize allow-list (only the calling member\'s own items, '
    'GET /system/mySecurity/customizeItems/), so permissions carry no customize_allow; the functions in '
    'customize_not_read have such a list: add its items to their rows by hand if the integration needs them '
    '(msp.connectwise_psa.cw_api_key verifies them with the member\'s own key)')

ARGUMENT_SPEC = dict(
    name=dict(type='str'),
)


def list_roles(client):
    try:
        return client.list(ROLES, fields='id,name')
    except PSAError as exc:
        raise lacks_right(exc, 'System > Security: Inquire Level (to list security roles)')


def role_table(client, role):
    """``{id, name, permissions, customize_not_read}`` of one role."""
    settings = role_settings(client, role['id'])
    table = model.table_from_settings(settings)
    customize = [{'module': setting.get('moduleName'), 'function': setting.get('moduleFunctionName')}
                 for setting in sorted(settings, key=model.screen_order)
                 if setting.get('customFlag') and model.granted(setting)]
    return {'id': role['id'], 'name': role.get('name'), 'permissions': table, 'customize_not_read': customize}


def gather(connect, params, check_mode, warn):
    """Reads only, so check mode needs nothing different."""
    name = validate_name(params['name']) if params.get('name') is not None else None
    client = connect()
    if name is None:
        roles = list_roles(client)
    else:
        role = find_role(client, name)
        roles = [role] if role else []
    return {'roles': [role_table(client, role) for role in roles], 'customize_allow_note': CUSTOMIZE_NOT_READ}
