# -*- coding: utf-8 -*-
"""tenant_reads: what the role and member tasks of one tenant hand on (issue 25, item 3).

The module logic runs in this process against the simulator: a second integration reads
none of what the first read for the tenant, the results are the same as without it, and a
task given nothing reads as before and returns no tenant_reads.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import Counter

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _api_member as api_member, _security_role as security_role
from ansible_collections.msp.connectwise_psa.plugins.module_utils._connection import client_from_params
from tests.simulator import Simulator

TABLES = {
    'Hudu API': [{'module': 'Companies', 'function': 'Contacts', 'inquire': 'All'}],
    'Rewst API': [{'module': 'System', 'function': 'Member Maintenance', 'inquire': 'All'}],
}
MEMBERS = {'Hudu API': 'Hudu API', 'Rewst API': 'Rewst'}


@pytest.fixture
def sim():
    with Simulator(tenants=('acme',), scheme='http') as simulator:
        yield simulator


def connection(sim):
    tenant = sim.tenant('acme')
    return dict(site=sim.base_url, company_id='acme', public_key=tenant.public_key, private_key=tenant.private_key,
                client_id=sim.client_id, codebase=None, ca_path=None, validate_certs=True, timeout=30, retries=0)


def run(sim, ensure, params, check_mode=False):
    base = connection(sim)

    def connect(**overrides):
        return client_from_params(dict(base, **overrides), warn=lambda message: None)
    return ensure(connect, dict(base, **params), check_mode, lambda message: None)


def role_params(name, reads):
    return dict(name=name, permissions=TABLES[name], exclusive=True, state='present', on_drift='ignore', tenant_reads=reads)


def member_params(role_name, role_result, reads):
    params = dict((option, None) for option in api_member.ARGUMENT_SPEC)
    params.update(identifier=MEMBERS[role_name], state='present', security_role={'id': role_result['role']['id']},
                  structure_level='Corporate', default_location='Head Office', business_unit='Administration',
                  allow_shared_role=False, tenant_reads=reads)
    return params


def integration(sim, role_name, reads, check_mode=False):
    role = run(sim, security_role.ensure, role_params(role_name, reads), check_mode)
    if check_mode:
        return role, None
    member = run(sim, api_member.ensure, member_params(role_name, role, role.get('tenant_reads')), check_mode)
    return role, member


def requests(sim):
    return Counter((entry['method'], entry['path']) for entry in sim.requests('acme'))


WANTED = {'want_roles': sorted(TABLES), 'want_members': sorted(MEMBERS.values())}


def test_the_second_integration_reads_nothing_the_first_read_for_the_tenant(sim):
    _role, member = integration(sim, 'Hudu API', dict(WANTED))
    first = requests(sim)
    sim.clear_log()
    role, member = integration(sim, 'Rewst API', member['tenant_reads'])
    second = requests(sim)
    assert role['created'] and member['changed'] and member['api_member']['identifier'] == 'Rewst'
    # Read once for the tenant: mySecurity, references, the new-member template, the batched lookups.
    for shared in ('/system/mySecurity', '/system/myCompany/corporateStructureLevels', '/system/locations',
                   '/system/departments', '/system/apiMembers/default'):
        assert first[('GET', shared)] == 1 and second[('GET', shared)] == 0, shared
    assert first[('GET', '/system/securityroles')] == 1 and second[('GET', '/system/securityroles')] == 0
    assert first[('GET', '/system/apiMembers')] == 1 and second[('GET', '/system/apiMembers')] == 0
    # The role's guard reads nothing again: the role task read its settings and adminFlag.
    assert not any(path.startswith('/system/securityroles/') for _method, path in second)
    # What is the integration's own: create its role, read its settings, count its holders, create its member.
    assert sum(second.values()) == 5, second
    member_record = next(record for record in sim.members('acme') if record['identifier'] == 'Rewst')
    assert member_record['securityRole'] == role['role']['id']


def test_the_batched_lookup_finds_roles_and_members_that_exist(sim):
    integration(sim, 'Hudu API', None)
    integration(sim, 'Rewst API', None)
    sim.clear_log()
    role, member = integration(sim, 'Hudu API', dict(WANTED))
    assert not role['created'] and not member['changed']
    reads = member['tenant_reads']
    assert reads['roles']['rewst api']['name'] == 'Rewst API' and reads['members']['rewst']['identifier'] == 'Rewst'
    sim.clear_log()
    role, member = integration(sim, 'Rewst API', reads)
    assert not role['created'] and not member['changed']
    assert requests(sim) == Counter({('GET', '/system/securityRoles/%d/settings' % role['role']['id']): 1})


def test_without_tenant_reads_a_task_reads_itself_and_hands_nothing_on(sim):
    role, member = integration(sim, 'Hudu API', None)
    assert 'tenant_reads' not in role and 'tenant_reads' not in member
    assert requests(sim)[('GET', '/system/mySecurity')] == 1


def test_check_mode_hands_on_without_writing(sim):
    role, _member = integration(sim, 'Hudu API', dict(WANTED), check_mode=True)
    assert role['created'] and role['role']['id'] is None and role['planned_changes']
    assert sim.writes('acme') == []
    sim.clear_log()
    integration(sim, 'Rewst API', role['tenant_reads'], check_mode=True)
    assert sim.writes('acme') == [] and requests(sim) == Counter()


def test_a_name_a_search_cannot_hold_leaves_the_others_batched(sim):
    reads = {'want_roles': ['Bad "quoted" role'] + sorted(TABLES), 'want_members': []}
    role = run(sim, security_role.ensure, role_params('Hudu API', reads))
    assert role['created']
    assert set(role['tenant_reads']['roles']) == {'hudu api', 'rewst api'}


def test_reads_of_another_tenant_are_ignored_and_read_again():
    """A playbook handing on the wrong host's result must not make acme act on globex's roles."""
    with Simulator(tenants=('acme', 'globex'), scheme='http') as simulator:
        acme, globex = simulator.tenant('acme'), simulator.tenant('globex')
        base = dict(site=simulator.base_url, client_id=simulator.client_id, codebase=None, ca_path=None,
                    validate_certs=True, timeout=30, retries=0)
        on_globex = dict(base, company_id='globex', public_key=globex.public_key, private_key=globex.private_key)
        on_acme = dict(base, company_id='acme', public_key=acme.public_key, private_key=acme.private_key)
        warnings = []

        def ensure(connection, reads):
            def connect(**overrides):
                return client_from_params(dict(connection, **overrides), warn=warnings.append)
            return security_role.ensure(connect, dict(connection, **role_params('Hudu API', reads)), False, warnings.append)

        globex_result = ensure(on_globex, {})
        assert globex_result['created'] is True and not warnings
        acme_result = ensure(on_acme, globex_result['tenant_reads'])
        assert acme_result['created'] is True, acme_result       # globex's role was not taken for acme's
        assert [role['name'] for role in simulator.roles('acme') if role['name'] == 'Hudu API'] == ['Hudu API']
        assert len(warnings) == 1 and 'read on another tenant or with another admin key' in warnings[0], warnings
        assert acme_result['tenant_reads']['tenant'] != globex_result['tenant_reads']['tenant']
        assert ensure(on_acme, acme_result['tenant_reads'])['created'] is False and len(warnings) == 1
