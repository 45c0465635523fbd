
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The driver: what a module does between its arguments and its result, on both paths.

:func:`run_module` takes an object with AnsibleModule's interface (``argument_spec``,
``params``, ``check_mode``, ``warn``, ``fail_json``, ``exit_json`` and
``arguments_as_given``): the real one in the module process (:func:`main_for`), the action
plugin's stand-in in-process (plugin_utils/_action_module.py). So every check after
AnsibleModule's own, every error text and the result come from here, whichever path runs.

Module logic is a plain function ``logic(connect, params, check_mode, warn) -> result``
that raises TaskFailed, PSAError or InputError (plugins/module_utils/_errors.py) to fail.
``connect(**overrides)`` opens a client (the API key module logs in with the member's own
pair); every client opened is closed afterwards.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import (
    InputError, TaskFailed, internal_error, tenant_prefix)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import (  # noqa: F401 pylint: disable=unused-import
    apply_policy, lacks_right)   # their old home, for code written before _errors.py (to go with the renames)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._arguments import (
    ModuleNamingOptions, structures_given_as_strings)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PSAError)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._connection import (
    argument_spec, client_from_params)


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
    except InputError as exc:   # PermissionTableError, ConditionError, bad option values
        return failed(str(exc), {})
    except Exception as exc:   # pylint: disable=broad-except
        # A bug, never the user's to fix: no exception text in msg, the traceback at -vvv.
        return failed(internal_error(exc), {'exception': traceback.format_exc()})
    finally:
        for client in clients:
            client.close()


def run_module(module, logic):
    """The one driver: run ``logic`` under ``module`` (AnsibleModule or the action's stand-in),
    which has checked the arguments already, and end the task through it."""
    refused = structures_given_as_strings(module.argument_spec, module.arguments_as_given)
    if refused:
        module.fail_json(msg='; '.join(refused))
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=''.join(
            traceback.format_exception_only(type(REQUESTS_IMPORT_ERROR), REQUESTS_IMPORT_ERROR)))
    failed, result = run_task(logic, module.params, module.check_mode, module.warn)
    if failed:
        module.fail_json(msg=failed, **result)
    module.exit_json(**result)


def main_for(logic, module_spec, **module_kwargs):
    """The whole main() of a thin module."""
    run_module(ModuleNamingOptions(argument_spec=argument_spec(**module_spec), supports_check_mode=True,
                                   **module_kwargs), logic)
