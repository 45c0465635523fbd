# -*- coding: utf-8 -*-
"""ansible-doc renders every plugin and the role, with examples and return values."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess

import pytest
import yaml

from tests.integration.harness import BIN, ansible_env


def ansible_doc(tmp_path, *args):
    process = subprocess.run([os.path.join(BIN, 'ansible-doc')] + list(args), env=ansible_env(tmp_path),
                             capture_output=True, text=True, check=False)
    # Newer ansible-core warns about its own internal collections; only ours must be clean.
    assert process.returncode == 0 and 'connectwise_psa' not in process.stderr and 'ERROR' not in process.stderr, process.stderr
    return process.stdout


@pytest.mark.parametrize('module', ['cw_security_role', 'cw_api_member', 'cw_api_key',
                                    'cw_security_role_info', 'cw_api_member_info'])
def test_module_docs_render_with_examples_and_return(tmp_path, module):
    text = ansible_doc(tmp_path, 'msp.connectwise_psa.' + module)
    for heading in ('OPTIONS', 'EXAMPLES', 'RETURN VALUES', 'ATTRIBUTES'):
        assert heading in text
    assert 'CW_PSA_PRIVATE_KEY' in text


@pytest.mark.parametrize('plugin', ['permission_table_errors', 'tenant_status', 'status_report'])
def test_filter_docs_render(tmp_path, plugin):
    assert 'EXAMPLES' in ansible_doc(tmp_path, '-t', 'filter', 'msp.connectwise_psa.' + plugin)


def test_role_docs_render(tmp_path):
    text = ansible_doc(tmp_path, '-t', 'role', 'msp.connectwise_psa.acct_sync')
    assert 'acct_sync_permissions' in text and 'acct_sync_fail_when_incomplete' in text


def test_report_action_docs_render(tmp_path):
    """cw_status_report is an action plugin only; its module file carries the documentation."""
    text = ansible_doc(tmp_path, 'msp.connectwise_psa.cw_status_report')
    for heading in ('OPTIONS', 'EXAMPLES', 'RETURN VALUES', 'ATTRIBUTES'):
        assert heading in text
    assert 'AWX_ISOLATED_DATA_DIR' in text


def test_role_info_docs_say_the_customize_list_cannot_be_read(tmp_path):
    text = ' '.join(ansible_doc(tmp_path, 'msp.connectwise_psa.cw_security_role_info').split())
    assert "cannot read a role's Customize allow-list" in text and 'customize_not_read' in text


def test_info_modules_are_in_the_action_group(repo_root):
    with open(os.path.join(repo_root, 'meta', 'runtime.yml')) as stream:
        group = yaml.safe_load(stream)['action_groups']['connectwise_psa']
    assert {'cw_security_role_info', 'cw_api_member_info'} <= set(group)
