# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module's main() does: parse options, build the client, run the logic.

Module logic is a plain function ``logic(connect, params, check_mode, warn) -> result``
that raises TaskFailed (or PSAError / ValueError) to fail, so it can also run
in-process from an action plugin. ``connect(**overrides)`` opens a client (the API key
module logs in with the member's own pair); every client opened is closed afterwards.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import traceback

from ansible.module_utils.basic import _load_params, missing_required_lib

from ansible_collections.msp.connectwise_psa.plugins.module_utils.arguments import (
    ModuleNamingOptions, structures_given_as_strings)
from ansible_collections.msp.connectwise_psa.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PSAError)
from ansible_collections.msp.connectwise_psa.plugins.module_utils.connection import (
    argument_spec, client_from_params)


class TaskFailed(Exception):
    """Fail the task with ``msg`` and still return ``result`` (drift, steps...)."""

    def __init__(self, msg, **result):
        super(TaskFailed, self).__init__(msg)
        self.msg = msg
        self.result = result


def apply_policy(policy, summary, result, warn):
    """``fail`` raises with ``result`` attached, ``warn`` warns, ``ignore`` does neither."""
    if policy == 'fail':
        raise TaskFailed(summary, **result)
    if policy == 'warn':
        warn(summary)
    return result


def lacks_right(error, right):
    """Turn a 403 into the sentence a person can act on; other errors pass through."""
    if isinstance(error, PSAError) and error.status == 403:
        return TaskFailed('the credentials running this task lack %s (%s %s answered 403%s)' % (
            right, error.method, error.path, ': %s' % error.vendor_message if error.vendor_message else ''),
            error=error.as_dict())
    return error


def tenant_prefix(params):
    """How every warning and error names its tenant: Ansible prints an identical warning once,
    so two tenants with the same drift must not word it the same."""
    company_id = params.get('company_id')
    return 'company %s: ' % company_id if company_id else ''


def run_task(logic, params, check_mode, warn):
    """Run ``logic``; return ``(failed_msg_or_None, result)``.

    A failure after a write the server confirmed still reports ``changed: true`` and the
    writes (``applied_writes``), so a rerun is never a surprise.
    """
    clients = []
    prefix = tenant_prefix(params)

    def tenant_warn(message):
        warn(prefix + message)

    def connect(**overrides):
        client = client_from_params(params, warn=tenant_warn, **overrides)
        clients.append(client)
        return client

    def failed(msg, result, maybe_applied=False):
        result = dict(result)
        applied = [write for client in clients for write in client.applied_writes]
        if applied:
            result['applied_writes'] = applied
        result['changed'] = bool(result.get('changed') or applied or maybe_applied)
        return prefix + msg, result

    try:
        result = logic(connect, params, check_mode, tenant_warn)
        result.setdefault('changed', False)
        if clients:   # lets a playbook hand the codebase found on to the next task
            result['codebase'] = clients[0].codebase
        return None, result
    except TaskFailed as exc:
        return failed(exc.msg, exc.result)
    except PSAError as exc:
        # A write that may have landed (answer lost) counts as a change until a rerun looks it up.
        return failed(str(exc), {'error': exc.as_dict()}, exc.maybe_applied)
    except ValueError as exc:   # PermissionTableError, ConditionError, bad option values
        return failed(str(exc), {})
    finally:
        for client in clients:
            client.close()


# The action plugin puts the inventory host here for the module process (it cannot rename
# the warnings of an async task, whose result comes from async_status).
HOST_VARIABLE = 'CW_PSA_INVENTORY_HOST'


def host_named(message, host):
    """``message`` starting ``<host>: `` (once): Ansible prints an identical warning only once,
    so two tenants with the same drift would otherwise share one line."""
    prefix = '%s: ' % host if host else ''
    return message if message.startswith(prefix) else prefix + message


def naming_host(warn, host):
    """``warn`` with every message named by ``host`` (see host_named)."""
    return lambda message: warn(host_named(message, host))


def main_for(logic, module_spec, **module_kwargs):
    """The whole main() of a thin module."""
    spec = argument_spec(**module_spec)
    module = ModuleNamingOptions(argument_spec=spec, supports_check_mode=True, **module_kwargs)
    refused = structures_given_as_strings(spec, _load_params())   # the arguments before AnsibleModule made text of them
    if refused:
        module.fail_json(msg='; '.join(refused))
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=''.join(
            traceback.format_exception_only(type(REQUESTS_IMPORT_ERROR), REQUESTS_IMPORT_ERROR)))
    failed, result = run_task(logic, module.params, module.check_mode,
                              naming_host(module.warn, os.environ.get(HOST_VARIABLE)))
    if failed:
        module.fail_json(msg=failed, **result)
    module.exit_json(**result)
