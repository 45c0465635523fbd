# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""How a task fails, and the policies that decide whether it does.

Owns the three failures a task may end with (TaskFailed, InputError and, from the client,
PSAError), the on_drift style policy (apply_policy), the 403 wording (lacks_right), the
tenant prefix of every message, and the wording of a bug (internal_error). Anything else a
module's logic raises is a bug, never something the user is told to fix.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_errors import PSAError


class TaskFailed(Exception):
    """Fail the task with ``msg`` and still return ``result`` (drift, steps...)."""

    def __init__(self, msg, **result):
        super(TaskFailed, self).__init__(msg)
        self.msg = msg
        self.result = result


class InputError(ValueError):
    """Something the user can fix in the task's arguments: the text names the option and the fix.

    A ValueError still, so code and tests that catch ValueError around an option check keep working;
    run_task catches this class only, never a bare ValueError (that is a bug)."""


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


def internal_error(exc):
    """The message of a bug: short, naming no value (the exception's text may quote a secret);
    the traceback goes to the result's ``exception``, which Ansible shows at -vvv (ansible-core
    2.19+ keeps it only with traceback display on for errors, ANSIBLE_DISPLAY_TRACEBACK=error)."""
    return ('internal error in msp.connectwise_psa (%s), please report it with the traceback that -vvv shows '
            '(on ansible-core 2.19 or newer, with ANSIBLE_DISPLAY_TRACEBACK=error set)' % type(exc).__name__)
