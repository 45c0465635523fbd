# -*- coding: utf-8 -*-
"""The grid report from a real ansible-playbook run: two tenants, two integrations each, the real modules' steps.

An audit (check mode: nothing is written) per tenant and integration with cw_security_role and
cw_api_key, each integration's status from the tenant_status filter with integration= and preset=,
and cw_status_report given a list of statuses per tenant, as the many-integrations role does.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import jsonschema

from tests.collection_path import ROOT
from tests.integration.conftest import load_table
from tests.integration.harness import run_playbook, tenant_inventory, write_inventory

INTEGRATIONS = [
    {'name': 'acct_sync', 'role': 'Acct Sync API', 'member': 'AcctSyncAPI', 'table': 'acct_sync.yml'},
    {'name': 'mspbackups', 'role': 'MSPBackups API', 'member': 'MSPBackupsAPI', 'table': 'mspbackups.yml'},
]


def play(report_dir):
    integrations = [dict(item, permissions=load_table(item.pop('table'))['permissions'])
                    for item in [dict(entry) for entry in INTEGRATIONS]]
    return [{
        'hosts': 'psa_tenants', 'gather_facts': False, 'connection': 'local',
        'vars': {'integrations': integrations},
        'module_defaults': {'group/msp.connectwise_psa.connectwise_psa': {
            'site': '{{ cw_psa_site }}', 'company_id': '{{ cw_psa_company_id }}', 'public_key': '{{ cw_psa_public_key }}',
            'private_key': '{{ cw_psa_private_key }}', 'client_id': '{{ cw_psa_client_id }}', 'ca_path': '{{ cw_psa_ca_path }}'}},
        'tasks': [
            {'name': 'role', 'msp.connectwise_psa.cw_security_role': {
                'name': '{{ item.role }}', 'permissions': '{{ item.permissions }}', 'on_drift': 'warn'},
             'loop': '{{ integrations }}', 'loop_control': {'label': '{{ item.name }}'}, 'check_mode': True,
             'register': 'roles'},
            {'name': 'key', 'msp.connectwise_psa.cw_api_key': {
                'member': '{{ item.member }}', 'security_role': '{{ item.role }}',
                'expected_permissions': '{{ item.permissions }}', 'on_missing': 'warn'},
             'loop': '{{ integrations }}', 'loop_control': {'label': '{{ item.name }}'}, 'check_mode': True,
             'register': 'keys'},
            {'name': 'status', 'ansible.builtin.set_fact': {
                'statuses': "{{ statuses | default([]) + [item.0 | msp.connectwise_psa.tenant_status(none, item.1, "
                            "tenant=inventory_hostname, company_id=cw_psa_company_id, integration=item.0.item.name, "
                            "preset=item.0.item.name)] }}"},
             'loop': '{{ roles.results | zip(keys.results) | list }}', 'loop_control': {'label': '{{ item.0.item.name }}'}},
            {'name': 'report', 'run_once': True, 'check_mode': False, 'msp.connectwise_psa.cw_status_report': {
                'statuses': "{{ ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars) "
                            "| map(attribute='statuses', default=none)) }}",
                'dest': report_dir, 'name': 'integrations', 'audit': True}},
        ],
    }]


def test_an_audit_of_two_integrations_per_tenant_reports_the_grid(tmp_path, sim):
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=('acme', 'globex')))
    folder = tmp_path / 'report'
    run = run_playbook(tmp_path / 'run', play(str(folder)), inventory=inventory, check=True)
    assert run.rc == 0, run.output
    assert sim.writes('acme') == [] and sim.writes('globex') == []     # an audit: nothing written
    with open(str(folder / 'integrations.json')) as stream:
        report = json.load(stream)
    with open(os.path.join(ROOT, 'docs', 'report.schema.json')) as stream:
        jsonschema.validate(report, json.load(stream), cls=jsonschema.Draft202012Validator)
    assert report['layout'] == 'integrations' and report['check_mode'] is True
    assert [column['name'] for column in report['integrations']] == ['acct_sync', 'mspbackups']
    assert [entry['tenant'] for entry in report['tenants']] == ['acme', 'globex']
    for entry in report['tenants']:
        assert entry['state'] == 'pending' and [cell['integration'] for cell in entry['integrations']] == [
            'acct_sync', 'mspbackups']
        for cell, integration in zip(entry['integrations'], INTEGRATIONS):
            # The real modules' records: the role to create first, its rows on its own screen, then the key's steps.
            actions = [step['action'] for step in cell['steps']]
            assert actions[0] == 'run_setup' and 'set_levels' in actions and actions[-2:] == ['create_key', 'copy_key']
            assert cell['pending_steps'][0] == 'Run the setup to create security role "%s"' % integration['role']
            assert set(step['role'] for step in cell['steps'] if step['action'] == 'set_levels') == {integration['role']}
            assert cell['steps'][-1]['member'] == integration['member']
    html = (folder / 'integrations.html').read_text()
    markdown = (folder / 'integrations.md').read_text()
    steps = len(report['tenants'][0]['integrations'][0]['pending_steps'])
    assert '… pending (%d steps)' % steps in html and '[… pending (%d steps)](#tenant-1-acme-1-acct_sync)' % steps in markdown
    assert html.count('<section class="integration"') == 4 and markdown.count('\n### ') == 4
    assert 'acct_sync: 0 complete, 2 pending' in run.stdout
