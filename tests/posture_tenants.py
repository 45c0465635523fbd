# -*- coding: utf-8 -*-
"""Simulator tenants for the API-member posture audit: one with every finding once, one clean,
one with many API members (the request figure)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import yaml

from tests.collection_path import ROOT, collections_path
from tests.simulator import Simulator

REFS = {"structureLevel": 1, "securityLocation": 2, "defaultLocation": 2, "defaultDepartment": 1, "timeZone": 1}
ACCT_SYNC_TABLE = os.path.join(ROOT, 'tests', 'data', 'permission-tables', 'acct_sync.yml')
ACCT_SYNC_MEMBER = 'Acct Sync API'     # the acct_sync role's default member identifier

# What the e2e tenant's inventory declares (cw_psa_integrations); acct_sync is declared by its
# variables and has no member there (integration_missing).
DECLARED = [{'name': 'Collection automation', 'member': 'AutomationAdmin'},
            {'name': 'RMM', 'member': 'Escalator', 'vendor_notes': 'issue 25 adds keys like this one'},
            {'member': 'SharedB'}, {'member': 'Orphan'}, {'member': 'Dormant'}]
# member -> the findings the audit must report for it, each once.
EXPECTED = {
    'AutomationAdmin': ['admin_role', 'every_level_all'],
    'Escalator': ['escalation', 'role_shared_with_people'],
    'SharedA': ['role_shared_with_api_members', 'undeclared'],
    'SharedB': ['member_inactive'],
    'Orphan': ['role_missing'],
    'Dormant': ['role_inactive'],
}
EXPECTED_IDS = [finding for findings in EXPECTED.values() for finding in findings] + ['integration_missing']


def _member(tenant, identifier, role_id, **fields):
    return tenant.add_member(dict(REFS, identifier=identifier, name=identifier + ' integration',
                                  securityRole=role_id, **fields))


def every_finding(sim, company_id):
    """Six API members that together carry every finding once (see EXPECTED)."""
    with sim.lock:
        t = sim._t(company_id)
        escalate = t.add_role('Escalate', roleType='Internal')
        t.set_levels(escalate, 'System', 'Member Maintenance', add='All', inquire='All')
        t.set_levels(escalate, 'Service Desk', 'Service Tickets', inquire='All')
        _member(t, 'Escalator', escalate['id'], emailAddress='rmm-owner@example.invalid')
        shared = t.add_role('Shared API', roleType='Internal')
        t.set_levels(shared, 'Finance', 'Invoicing', inquire='All')
        _member(t, 'SharedA', shared['id'])
        _member(t, 'SharedB', shared['id'], inactiveFlag=True, inactiveDate='2026-01-05T00:00:00Z')
        gone = t.add_role('Gone Role', roleType='Internal')
        _member(t, 'Orphan', gone['id'])
        # A role deleted while a member still points at it (the API refuses that; a person or a
        # race does not): the member's reference stays, the role is gone.
        del t.roles[gone['id']]
        t.settings.pop(gone['id'])
        t.customize.pop(gone['id'])
        old = t.add_role('Old Role', roleType='Internal', inactiveFlag=True)
        t.set_levels(old, 'Companies', 'Company Maintenance', inquire='All')
        _member(t, 'Dormant', old['id'])
    op = sim.operator(company_id)
    op.add_person('pat.person', 'Escalate', first_name='Patricia', last_name='Personsdottir',
                  email='patricia@customer.invalid', phone='+1 555 0100')
    op.add_person('ted.tech', 'Technician', first_name='Theodore', last_name='Technikeros', email='ted@customer.invalid')
    op.add_person('gone.person', 'Shared API', first_name='Gwendolyn', last_name='Leftcompany', inactive=True)


def clean(sim, company_id):
    """No finding: the audit key on an Inquire-only role, one declared integration on its own role."""
    with open(ACCT_SYNC_TABLE) as stream:
        table = yaml.safe_load(stream)['permissions']
    with sim.lock:
        t = sim._t(company_id)
        auditor = t.add_role('Auditor', roleType='Internal')
        t.set_levels(auditor, 'System', 'Security', inquire='All')
        t.set_levels(auditor, 'System', 'Member Maintenance', inquire='All')
        acct = t.add_role('Acct Sync API', roleType='Internal')
        t.find_member('AutomationAdmin')['securityRole'] = auditor['id']
        _member(t, ACCT_SYNC_MEMBER, acct['id'])
    sim.operator(company_id).apply_table('Acct Sync API', table)
    sim.operator(company_id).add_person('ted.tech', 'Technician', first_name='Theodore', last_name='Technikeros')


def many_members(sim, company_id, count=30, roles=10):
    """``count`` API members on ``roles`` roles (and AutomationAdmin on Admin)."""
    with sim.lock:
        t = sim._t(company_id)
        role_ids = []
        for index in range(roles):
            role = t.add_role('Integration %02d' % index, roleType='Internal')
            t.set_levels(role, 'Finance', 'Invoicing', inquire='All')
            role_ids.append(role['id'])
        for index in range(count - 1):
            _member(t, 'Bulk%02d' % index, role_ids[index % roles])


def measure(members, roles):
    """``(requests, distinct roles, paths)`` of one audit of a tenant with ``members`` API members."""
    if collections_path() not in sys.path:
        sys.path.insert(0, collections_path())   # the checkout as ansible_collections.msp.connectwise_psa
    from ansible_collections.msp.connectwise_psa.plugins.module_utils import _posture as posture
    from ansible_collections.msp.connectwise_psa.plugins.module_utils._connection import client_from_params
    with Simulator(tenants=('bench',), scheme='http') as sim:
        many_members(sim, 'bench', count=members, roles=roles)
        tenant = sim.tenant('bench')
        client = client_from_params({'site': sim.base_url, 'company_id': tenant.company_id,
                                     'public_key': tenant.public_key, 'private_key': tenant.private_key,
                                     'client_id': sim.client_id, 'api_version': '2025.8', 'validate_certs': True,
                                     'timeout': 30, 'retries': 0})
        try:
            result = posture.audit(client, None)
        finally:
            client.close()
        distinct = len(set(member['role']['id'] for member in result['members']))
        paths = [entry['path'] for entry in sim.requests('bench') if entry['api']]
        return client.request_count, distinct, paths
