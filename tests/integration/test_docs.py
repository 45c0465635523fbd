# -*- coding: utf-8 -*-
"""ansible-doc renders every plugin and the role, with examples and return values."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import subprocess

import pytest
import yaml

from tests.collection_path import ROOT
from tests.integration.harness import BIN, ansible_env


def ansible_doc(tmp_path, *args):
    process = subprocess.run([os.path.join(BIN, 'ansible-doc')] + list(args), env=ansible_env(tmp_path),
                             capture_output=True, text=True, check=False)
    # Newer ansible-core warns about its own internal collections; only ours must be clean.
    assert process.returncode == 0 and 'connectwise_psa' not in process.stderr and 'ERROR' not in process.stderr, process.stderr
    return process.stdout


@pytest.mark.parametrize('module', ['cw_security_role', 'cw_api_member', 'cw_api_key',
                                    'cw_security_role_info', 'cw_api_member_info',
                                    'cw_api_member_posture_info', 'cw_tenant_snapshot_info'])
def test_module_docs_render_with_examples_and_return(tmp_path, module):
    text = ansible_doc(tmp_path, 'msp.connectwise_psa.' + module)
    for heading in ('OPTIONS', 'EXAMPLES', 'RETURN VALUES', 'ATTRIBUTES'):
        assert heading in text
    assert 'CW_PSA_PRIVATE_KEY' in text


@pytest.mark.parametrize('plugin', ['permission_table_errors', 'tenant_status', 'status_report', 'tenant_secret',
                                    'key_lifecycle', 'key_intake_refusal', 'dated_description',
                                    'posture_report', 'posture_markdown', 'integration_plan', 'integration_summary',
                                    'play_statuses'])
def test_filter_docs_render(tmp_path, plugin):
    assert 'EXAMPLES' in ansible_doc(tmp_path, '-t', 'filter', 'msp.connectwise_psa.' + plugin)


def test_key_vault_docs_render(tmp_path):
    """cw_api_key_vault is an action plugin only; its module file carries the documentation."""
    text = ansible_doc(tmp_path, 'msp.connectwise_psa.cw_api_key_vault')
    for heading in ('OPTIONS', 'EXAMPLES', 'RETURN VALUES', 'ATTRIBUTES'):
        assert heading in text
    assert 'keep_previous' in text and 'previous_absent' in text


def test_role_docs_render(tmp_path):
    text = ansible_doc(tmp_path, '-t', 'role', 'msp.connectwise_psa.acct_sync')
    assert 'acct_sync_permissions' in text and 'acct_sync_fail_when_incomplete' in text


def test_integrations_role_docs_list_the_presets(tmp_path):
    text = plain(ansible_doc(tmp_path, '-t', 'role', 'msp.connectwise_psa.integrations'))
    assert 'cw_psa_integrations' in text and 'cw_psa_integration_overrides' in text
    presets = sorted(name[:-len('.yml')] for name in os.listdir(os.path.join(ROOT, 'roles', 'integrations', 'files', 'presets'))
                     if name.endswith('.yml'))
    assert len(presets) >= 9
    for name in presets:
        assert "`%s'" % name in text or '%s:' % name in text, name


# Phrases that point back to an option ansible-doc may list later (options are sorted).
BACK_REFERENCES = re.compile(r'\b(that|this) (pair|member|key|role|table)\b')


def plain(text):
    """ansible-doc's text without its bold escapes, on one line."""
    return ' '.join(re.sub(r'\x1b\[[0-9;]*m', '', text).split())


@pytest.mark.parametrize('args', [('msp.connectwise_psa.cw_security_role',), ('msp.connectwise_psa.cw_api_member',),
                                  ('msp.connectwise_psa.cw_api_key',), ('-t', 'role', 'msp.connectwise_psa.acct_sync')])
def test_docs_read_in_alphabetical_order(tmp_path, args):
    text = plain(ansible_doc(tmp_path, *args))
    # The description and the options; samples of return values quote step texts, not options.
    options = re.split(r'\b(ATTRIBUTES|NOTES|EXAMPLES|SEE ALSO)\b', text)[0]
    assert BACK_REFERENCES.findall(options) == []
    if args[-1].endswith(('cw_security_role', 'acct_sync')):
        # Each level suboption (add, delete, edit, inquire) states its choices itself.
        assert text.count("The choices are `None', `My'") == 4


def test_api_key_docs_agree_on_which_keys_it_uses(tmp_path):
    text = plain(ansible_doc(tmp_path, 'msp.connectwise_psa.cw_api_key'))
    assert "only with the member's own key pair" in text
    # public_key and private_key, whichever way this ansible-doc renders M(...).
    assert len(re.findall(r'cw_api_key\]? ignores it and logs in with the key pair it verifies', text)) == 2


@pytest.mark.parametrize('plugin, positional', [('permission_table_errors', '_input, option'),
                                                ('tenant_status', '_input, member, key, error, tenant, company_id, lifecycle'),
                                                ('status_report', '_input'), ('tenant_secret', '_input, name, prefixes'),
                                                ('integration_summary', '_input'), ('play_statuses', '_input, hostvars, name'),
                                                ('key_lifecycle', '_input, member, description'),
                                                ('key_intake_refusal', '_input, public, private, member')])
def test_filter_docs_state_their_arguments(tmp_path, plugin, positional):
    text = ansible_doc(tmp_path, '-t', 'filter', 'msp.connectwise_psa.' + plugin)
    assert re.search(r'POSITIONAL\S*: %s\n' % re.escape(positional), text)


def test_integration_plan_docs_state_its_arguments(tmp_path):
    text = plain(ansible_doc(tmp_path, '-t', 'filter', 'msp.connectwise_psa.integration_plan'))   # wrapped: one line
    assert 'POSITIONAL: _input, presets_dir, tenant_defaults, overrides, require_table ' in text


@pytest.mark.parametrize('role', ['acct_sync', 'integrations'])
def test_role_spec_defaults_are_the_role_defaults(role):
    """ansible-doc shows the argument spec's defaults; the role runs with defaults/main.yml: one truth."""
    with open(os.path.join(ROOT, 'roles', role, 'meta', 'argument_specs.yml')) as stream:
        options = yaml.safe_load(stream)['argument_specs']['main']['options']
    with open(os.path.join(ROOT, 'roles', role, 'defaults', 'main.yml')) as stream:
        defaults = yaml.safe_load(stream)
    assert sorted(name for name, spec in options.items() if 'default' in spec) == sorted(defaults)
    assert dict((name, options[name]['default']) for name in defaults) == defaults


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
    assert {'cw_security_role_info', 'cw_api_member_info', 'cw_api_member_posture_info',
            'cw_tenant_snapshot_info'} <= set(group)
