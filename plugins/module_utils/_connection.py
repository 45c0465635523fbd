# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Connection options shared by every module (mirrors doc_fragments/connection.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.common.parameters import AnsibleFallbackNotFound

from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import (
    DEFAULT_API_VERSION, PSAClient)


def first_set(environ, names):
    """The first of ``names`` set to a non-empty value in ``environ``, else None.

    An empty variable counts as unset: AWX injects every credential field, empty ones too.
    """
    for name in names:
        if environ.get(name):
            return environ[name]
    return None


def non_empty_env(*names):
    """env_fallback that skips empty variables."""
    value = first_set(os.environ, names)
    if value is None:
        raise AnsibleFallbackNotFound
    return value


def _env(name, **spec):
    spec['fallback'] = (non_empty_env, ['CW_PSA_' + name.upper()])
    return spec


CONNECTION_ARGUMENT_SPEC = dict(
    site=_env('site', type='str'),
    company_id=_env('company_id', type='str'),
    public_key=_env('public_key', type='str', no_log=True),   # both halves are secret: a swap puts the private one here
    private_key=_env('private_key', type='str', no_log=True),
    client_id=_env('client_id', type='str'),
    codebase=_env('codebase', type='str'),
    api_version=_env('api_version', type='str', default=DEFAULT_API_VERSION),
    validate_certs=_env('validate_certs', type='bool', default=True),
    ca_path=_env('ca_path', type='path'),
    timeout=_env('timeout', type='float', default=30),
    retries=_env('retries', type='int', default=5),
)


def argument_spec(**module_options):
    """The connection options plus a module's own."""
    spec = dict((name, dict(option)) for name, option in CONNECTION_ARGUMENT_SPEC.items())
    spec.update(module_options)
    return spec


def client_from_params(params, warn=None, **overrides):
    """A PSAClient from validated module parameters; ``overrides`` replace single options."""
    options = dict((name, params.get(name)) for name in CONNECTION_ARGUMENT_SPEC)
    options.update(overrides)
    return PSAClient(warn=warn, **options)
