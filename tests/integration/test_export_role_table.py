# -*- coding: utf-8 -*-
"""The round trip: export a role from the tenant that is right, audit every tenant against it.

Real ansible-playbook runs of playbooks/export_role_table.yml (by its FQCN, as a user
runs it) and of the audit playbook with the exported file as ``-e @FILE``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shlex

import yaml

from tests.integration.harness import run_playbook, tenant_inventory, write_inventory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AUDIT = os.path.join(ROOT, 'playbooks', 'audit_acct_sync.yml')
EXPORT = 'msp.connectwise_psa.export_role_table'
ROLE_TASK = 'msp.connectwise_psa.acct_sync : Ensure the security role and verify its permission levels'
ROLE = 'Vendor Reference'
LEVELS = ('add', 'edit', 'delete', 'inquire')
MISSING = ('Finance', 'Invoicing')   # the row globex lacks


def add_role(sim, tenant, table, skip=None):
    """The role as a person set it up in the web UI."""
    with sim.lock:
        sim._t(tenant).add_role(ROLE)
    sim.operator(tenant).apply_table(ROLE, [row for row in table if (row['module'], row['function']) != skip])


def test_export_then_audit_every_tenant(tmp_path, sim, acct_sync):
    table = acct_sync['permissions']
    for tenant in sim.tenant_ids:
        add_role(sim, tenant, table, skip=MISSING if tenant == 'globex' else None)
    # One level the vendor's table does not have: the export must carry what the role has, not the guide.
    for tenant in sim.tenant_ids:
        sim.operator(tenant).set_role_levels(ROLE, 'Sales', 'Opportunity', inquire='My')
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
    sim.clear_log()

    export = run_playbook(tmp_path / 'export', EXPORT, inventory=inventory,
                          extra_vars={'cw_psa_export_from': 'acme', 'acct_sync_role_name': ROLE})
    assert export.rc == 0, export.output
    exported = tmp_path / 'export' / 'acct_sync_permissions.yml'     # the directory ansible-playbook ran in
    assert str(exported) in export.stdout, export.output
    assert [entry['host'] for entry in export.results if entry['task'] == 'Read the security role'] == ['acme']
    assert sim.writes() == [] and sim.requests('globex') == [] and sim.requests('initech') == []

    text = exported.read_text()
    assert '# System / Table Setup has a Customize allow-list, which the PSA API cannot read' in text
    rows = yaml.safe_load(text)['acct_sync_permissions']
    assert {'module': 'Sales', 'function': 'Opportunity', 'add': 'None', 'edit': 'None', 'delete': 'None',
            'inquire': 'My'} in rows
    assert len(rows) == len(table) + 1 and all(sorted(row) == sorted(('module', 'function') + LEVELS) for row in rows)

    # The audit runs with the arguments the file itself prints: the table and the role's name.
    [hint] = [line for line in text.splitlines() if line.startswith('#   ansible-playbook ')]
    audit_args = shlex.split(hint.split('msp.connectwise_psa.audit_acct_sync', 1)[1])
    assert audit_args == ['-e', '@%s' % exported, '-e', '{"acct_sync_role_name": "%s"}' % ROLE]
    audit = run_playbook(tmp_path / 'audit', AUDIT, inventory=inventory,
                         extra_vars={'cw_psa_report_dir': str(tmp_path / 'report')}, args=audit_args)
    assert sim.writes() == [], audit.output
    for tenant in ('acme', 'initech'):
        role = audit.result(ROLE_TASK, host=tenant)
        assert role['compliant'] is True and role['permissions_drift'] == [], (tenant, role['permissions_drift'])
    drift = audit.result(ROLE_TASK, host='globex')['permissions_drift']
    invoicing = [row for row in rows if (row['module'], row['function']) == MISSING][0]
    assert drift == [{'module': MISSING[0], 'function': MISSING[1], 'level': level, 'current': 'None',
                      'desired': invoicing[level]} for level in LEVELS if invoicing[level] != 'None']


def test_export_needs_one_tenant_and_an_existing_role(tmp_path, sim):
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
    runs = {}
    for name, extra in (('group', {'cw_psa_export_from': 'psa_tenants'}), ('typo', {'cw_psa_export_from': 'acmee'}),
                        ('unset', {}), ('missing', {'cw_psa_export_from': 'acme'})):
        runs[name] = run_playbook(tmp_path / name, EXPORT, inventory=inventory, extra_vars=extra)
        assert runs[name].rc != 0, runs[name].output
    one_tenant = 'set cw_psa_export_from to the one tenant (inventory host) whose role is right'
    assert 'cw_psa_export_from=psa_tenants matches 3 tenant(s) (acme, globex, initech): ' + one_tenant in runs['group'].stdout
    assert 'cw_psa_export_from=acmee matches 0 tenant(s): ' + one_tenant in runs['typo'].stdout
    assert 'cw_psa_export_from is not set and the group matches 3 tenant(s)' in runs['unset'].stdout
    # ansible-core 2.16 prints the failed result as JSON (quotes escaped), 2.19 as text.
    assert 'acme has no security role named "Acct Sync API"' in runs['missing'].stdout.replace('\\"', '"')
    assert [entry['host'] for entry in runs['typo'].results if entry['task'] == 'Read the security role'] == []
    assert not list(tmp_path.glob('*/acct_sync_permissions.yml'))
    assert sim.writes() == []


def test_dest_relative_to_where_the_user_runs(tmp_path, sim):
    add_role(sim, 'acme', [{'module': 'Finance', 'function': 'Invoicing', 'inquire': 'All'}])
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme']))
    run = run_playbook(tmp_path / 'cwd', EXPORT, inventory=inventory,
                       extra_vars={'cw_psa_export_from': 'acme', 'acct_sync_role_name': ROLE,
                                   'cw_psa_export_dest': 'tables/vendor.yml'})
    assert run.rc == 0, run.output
    written = tmp_path / 'cwd' / 'tables' / 'vendor.yml'
    assert yaml.safe_load(written.read_text()) == {'acct_sync_permissions': [
        {'module': 'Finance', 'function': 'Invoicing', 'add': 'None', 'edit': 'None', 'delete': 'None', 'inquire': 'All'}]}
    assert str(written) in run.stdout
    assert 'No function of the role has a Customize allow-list' in run.stdout
