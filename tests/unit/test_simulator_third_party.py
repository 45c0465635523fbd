# -*- coding: utf-8 -*-
"""The simulator serves a third-party client the way the real server does.

pyconnectwise (a client generated from the vendor's OpenAPI document) spells paths in lower
case (``securityroles``, ``apimembers``), reads the next page from ``page=N>; rel="next"``
in the ``Link`` header, and parses bodies into models with the contract's required fields.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys

import pytest

if sys.version_info < (3, 11):
    # pyconnectwise 0.6 imports datetime.UTC (Python 3.11+); the collection itself supports 3.10.
    pytest.skip('pyconnectwise, the third-party client, needs Python 3.11 or newer', allow_module_level=True)

# A test-only dependency (tests/requirements.txt): missing, the test fails rather than skips.
from pyconnectwise import ConnectWiseManageAPIClient  # noqa: E402 (after the version check)
from pyconnectwise.endpoints.manage.SystemSecurityrolesIdSettingsEndpoint import SystemSecurityrolesIdSettingsEndpoint  # noqa: E402

# Relative imports: work both as tests.unit.* (plain pytest) and under ansible_collections.*.
from ..simulator.pytest_fixtures import Client  # noqa: E402


@pytest.fixture
def manage(psa_sim_https, monkeypatch):
    # pyconnectwise calls requests.request() without verify: the CA comes from the environment.
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', psa_sim_https.ca_path)
    admin = psa_sim_https.tenant('acme')
    # No codebase given: the client discovers it through /login/companyinfo/{company}.
    return ConnectWiseManageAPIClient('acme', psa_sim_https.site, psa_sim_https.client_id,
                                      admin.public_key, admin.private_key)


def test_discovers_the_codebase(manage, psa_sim_https):
    assert manage.codebase == psa_sim_https.tenant('acme').codebase


def test_pages_through_a_role_s_settings(manage, psa_sim_https):
    admin_role = next(role for role in manage.system.securityroles.get(params={'conditions': 'name="Admin"'}))
    # 0.6.1.2 does not hang settings under securityroles.id(): build the generated endpoint on it.
    settings = SystemSecurityrolesIdSettingsEndpoint(manage, parent_endpoint=manage.system.securityroles.id(admin_role.id))
    expected = psa_sim_https.role_settings('acme', 'Admin')
    assert len(expected) > 50          # many pages of 25, and of 10 below
    every = list(settings.paginated(1, 10).all())
    assert sorted(s.id for s in every) == sorted(s['id'] for s in expected)
    assert settings.count.get().count == len(expected)
    requests = [entry for entry in psa_sim_https.requests('acme') if '/settings' in entry['path']]
    assert len([entry for entry in requests if entry['method'] == 'GET']) >= len(expected) // 10


def test_pages_through_api_members(manage, psa_sim_https):
    for number in range(4):
        Client(psa_sim_https, 'acme').post('/system/apiMembers', json={
            'identifier': 'Robot%d' % number, 'name': 'Robot %d' % number, 'securityRole': {'id': 1},
            'structureLevel': {'id': 1}, 'securityLocation': {'id': 1}, 'defaultDepartment': {'id': 1}}).raise_for_status()
    psa_sim_https.clear_log()
    members = list(manage.system.api_members.paginated(1, 2).all())
    pages = [entry['query'].get('page') for entry in psa_sim_https.requests('acme')]
    assert pages == ['1', '2', '3']
    assert sorted(m.identifier for m in members) == sorted(['AutomationAdmin'] + ['Robot%d' % n for n in range(4)])
    assert manage.system.api_members.id(members[0].id).get().identifier == members[0].identifier


def test_reads_the_default_api_member(manage):
    default = manage.system.api_members.default.get()
    assert default.time_zone is not None and default.inactive_flag is False
