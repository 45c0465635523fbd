# -*- coding: utf-8 -*-
"""Shared fixtures and checks of the reliability suite (faults, bad input, secrets, TLS, isolation)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import re

import pytest

from tests.integration.harness import run_playbook, tenant_inventory, write_inventory
from tests.simulator import Simulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETUP = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
ROLE = 'Acct Sync API'
MEMBER = 'Acct Sync API'
TENANTS = ('acme', 'globex', 'initech')
ALLOWED_WRITES = (
    ('POST', re.compile(r'^/system/securityroles$')),
    ('POST', re.compile(r'^/system/apiMembers$')),
    ('PATCH', re.compile(r'^/system/apiMembers/\d+$')),
)


@pytest.fixture
def sim():
    """A fresh HTTPS simulator per test (three tenants)."""
    with Simulator(tenants=TENANTS, scheme='https') as simulator:
        yield simulator


def basic_value(company_id, public, private):
    """The base64 part of the Authorization header a client sends for a key pair."""
    return base64.b64encode(('%s+%s:%s' % (company_id, public, private)).encode('utf-8')).decode('ascii')


def seeded(sim, tenants=TENANTS):
    """Roles and members as they are before a run: later runs must leave these untouched."""
    return dict((tenant, ([dict(r) for r in sim.roles(tenant)], [dict(m) for m in sim.members(tenant)]))
                for tenant in tenants)


def run_setup(tmp_path, sim, name, tenants=TENANTS, host_vars=None, extra_vars=None, **kwargs):
    """One ansible-playbook run of playbooks/setup_acct_sync.yml over ``tenants``."""
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=list(tenants), host_vars=host_vars))
    variables = {'cw_psa_report_dir': str(tmp_path / 'report'), 'acct_sync_fail_when_incomplete': False}
    variables.update(extra_vars or {})
    return run_playbook(tmp_path / name, SETUP, inventory=inventory, extra_vars=variables, **kwargs)


def read_report(tmp_path):
    with open(str(tmp_path / 'report' / 'acct_sync_report.json')) as stream:
        return json.load(stream)


def tenant_errors(tmp_path):
    """{tenant: error} of the JSON report (None when the tenant's steps all ran)."""
    return dict((entry['company_id'], entry.get('error')) for entry in read_report(tmp_path)['tenants'])


def duplicates(sim, tenants=TENANTS):
    """Count of extra copies of the role and the member, over every tenant (0 is right)."""
    extra = 0
    for tenant in tenants:
        extra += max(0, [r['name'].lower() for r in sim.roles(tenant)].count(ROLE.lower()) - 1)
        extra += max(0, [m['identifier'].lower() for m in sim.members(tenant)].count(MEMBER.lower()) - 1)
    return extra


def assert_untouched(sim, before, tenants=TENANTS):
    """Only the allowed writes happened, one role and one member at most, the seed unchanged."""
    for tenant in tenants:
        for entry in sim.writes(tenant):
            assert any(entry['method'] == method and pattern.match(entry['path']) for method, pattern in ALLOWED_WRITES), \
                'unexpected write in %s: %s %s' % (tenant, entry['method'], entry['path'])
        roles, members = before[tenant]
        now_roles = dict((r['id'], r) for r in sim.roles(tenant))
        now_members = dict((m['id'], m) for m in sim.members(tenant))
        for role in roles:
            assert now_roles.get(role['id']) == role, 'seeded role changed in %s: %s' % (tenant, role['name'])
        for member in members:
            assert now_members.get(member['id']) == member, 'seeded member changed in %s: %s' % (tenant, member['identifier'])
    assert duplicates(sim, tenants) == 0
