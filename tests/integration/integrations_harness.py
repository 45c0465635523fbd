# -*- coding: utf-8 -*-
"""Running the integrations playbooks against the simulator, and reading each tenant's statuses."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os

import yaml

from tests.integration.harness import run_playbook, tenant_inventory, write_inventory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETUP = os.path.join(ROOT, 'playbooks', 'setup_integrations.yml')
AUDIT = os.path.join(ROOT, 'playbooks', 'audit_integrations.yml')
PRESETS_DIR = os.path.join(ROOT, 'roles', 'integrations', 'files', 'presets')
PRESET_NAMES = sorted(os.path.basename(path)[:-len('.yml')] for path in glob.glob(os.path.join(PRESETS_DIR, '*.yml')))
STATUS_TASKS = ("msp.connectwise_psa.integrations : Add the integration's status to the tenant's",
                "msp.connectwise_psa.integrations : Record the tenant's error (no integration was set up)")


def preset(name):
    with open(os.path.join(PRESETS_DIR, name + '.yml')) as stream:
        return yaml.safe_load(stream)


def integrations_inventory(sim, path, items, host_vars=None, group_vars=None):
    """Every tenant with the same cw_psa_integrations (group_vars), each tenant's own host_vars."""
    inventory = tenant_inventory(sim, host_vars=host_vars)
    group = inventory['all']['children']['psa_tenants']['vars']
    group['cw_psa_integrations'] = items
    group.update(group_vars or {})
    return write_inventory(path, inventory)


def run(tmp_path, inventory, report_dir, playbook=SETUP, extra_vars=None, check=False, verbosity=0):
    extra = {'cw_psa_report_dir': str(report_dir)}
    extra.update(extra_vars or {})
    return run_playbook(tmp_path, playbook, inventory=inventory, extra_vars=extra, check=check, verbosity=verbosity)


def statuses(run_result, tenant):
    """{integration name (None for the tenant's own error): status} as the tenant's last status task set it."""
    entries = [entry for entry in run_result.results if entry['host'] == tenant and entry['task'] in STATUS_TASKS
               and entry['status'] == 'ok']
    assert entries, 'no status task ran for %s\n%s' % (tenant, run_result.output)
    return dict((status.get('integration'), status)
                for status in entries[-1]['result']['ansible_facts']['integrations_status'])


def complete_integration(sim, tenant, name, role_name, rows, member, description):
    """What the operator does in the web UI: set the role's levels and Customize items, create the key."""
    operator = sim.operator(tenant)
    operator.apply_table(role_name, rows)
    public, private = operator.create_api_key(member, description)
    return {name: {'key_public': public, 'key_private': private}}


def cell_state(cell):
    """complete, pending or failed: the word the report's grid shows for one integration of a tenant."""
    return 'complete' if cell['complete'] else 'failed' if cell['error'] else 'pending'
