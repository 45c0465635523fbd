# -*- coding: utf-8 -*-
"""Every shipped preset, set up in one tenant by the real playbook, verifies compliant under exclusive.

The operator applies each preset's table to the role the setup created (levels and Customize
items, as a person does in the web UI) and creates the member's key; the next run finds every
role compliant and every key verified with exactly the table's rights (exclusive). The pairs
come per integration from cw_psa_integration_overrides, one from cw_psa_secret. A second
part: one integration with a bad table, and guard rails that stop a tenant before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from tests.integration.integrations_harness import (
    PRESET_NAMES, cell_state, complete_integration, integrations_inventory, preset, run, statuses)
from tests.simulator import Simulator

ITEMS = [{'preset': name, 'optional': True} if name == 'rewst' else {'preset': name} for name in PRESET_NAMES]


@pytest.fixture(scope='module')
def keyed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('presets')
    with Simulator(tenants=('acme',), scheme='http') as sim:
        inventory = integrations_inventory(sim, tmp / 'inventory.yml', ITEMS, group_vars={})
        first = run(tmp / 'setup1', inventory, tmp / 'report1')
        overrides = {}
        for item in ITEMS:
            data = preset(item['preset'])
            rows = data['permissions'] + (data['optional_permissions'] if item.get('optional') else [])
            overrides.update(complete_integration(sim, 'acme', item['preset'], data['role_name'], rows,
                                                  data['member']['identifier'], data['key_description']))
        keys = [half for pair in overrides.values() for half in (pair['key_public'], pair['key_private'])]
        # One integration's pair comes from the tenant's secret (cw_psa_secret), in fields named after it.
        hudu = overrides.pop('hudu')
        secret = {'hudu_key_public': hudu['key_public'], 'hudu_key_private': hudu['key_private']}
        inventory = integrations_inventory(sim, tmp / 'inventory.yml', ITEMS, group_vars={},
                                           host_vars={'acme': {'cw_psa_integration_overrides': overrides,
                                                               'cw_psa_secret': secret}})
        second = run(tmp / 'setup2', inventory, tmp / 'report2', verbosity=1)
        reports = dict((suffix, (tmp / 'report2' / ('integrations_report.' + suffix)).read_text())
                       for suffix in ('json', 'md', 'html'))
        yield first, second, sim.roles('acme'), sim.members('acme'), keys, reports


def test_every_preset_creates_its_role_and_member(keyed):
    first, _second, roles, members, _keys, _reports = keyed
    assert first.rc == 2, first.output
    found = statuses(first, 'acme')
    for name in PRESET_NAMES:
        assert found[name]['error'] is None and found[name]['role']['created'], (name, found[name]['error'])
        assert preset(name)['role_name'] in [role['name'] for role in roles]
        assert preset(name)['member']['identifier'] in [member['identifier'] for member in members]


@pytest.mark.parametrize('name', PRESET_NAMES)
def test_preset_verifies_compliant_under_exclusive(keyed, name):
    second = keyed[1]
    status = statuses(second, 'acme')[name]
    assert status['error'] is None, status['error']
    assert status['role']['compliant'] is True and status['key']['status'] == 'verified', status['pending_steps']
    assert status['key']['permissions_drift'] == 0 and status['key']['customize_missing'] == 0
    assert status['complete'] is True, status['pending_steps']


def test_all_presets_complete_ends_the_run_ok(keyed):
    second = keyed[1]
    assert second.rc == 0, second.output


def test_no_half_of_any_integration_key_is_printed_even_with_v(keyed):
    second, keys = keyed[1], keyed[4]
    assert len(keys) == 2 * len(PRESET_NAMES)
    leaked = [key for key in keys if key in second.stdout or key in second.stderr]
    assert leaked == []
    # Every task result as the callbacks get it (json stdout, AWX job events): a loop result carries its item.
    recorded = json.dumps(second.results)
    assert [key for key in keys if key in recorded] == []
    assert [key for key in keys if any(key in text for text in keyed[5].values())] == []


def test_the_report_shows_every_preset_complete(keyed):
    report = json.loads(keyed[5]['json'])
    (acme,) = report['tenants']
    assert acme['state'] == 'complete'
    assert [(cell['integration'], cell_state(cell)) for cell in acme['integrations']] == [
        (name, 'complete') for name in PRESET_NAMES]


@pytest.fixture(scope='module')
def guarded(tmp_path_factory):
    """acme: two bad tables among good ones; globex: two items with one member; initech: an unknown preset."""
    tmp = tmp_path_factory.mktemp('guards')
    broken = {'name': 'broken', 'role_name': 'Broken API', 'member': 'Broken API',
              'permissions': [{'module': 'Finance', 'function': 'Invoices'}]}
    with Simulator(tenants=('acme', 'globex', 'initech'), scheme='http') as sim:
        typo = {'name': 'typo', 'role_name': 'Typo API', 'member': 'Typo API',
                'permissions': [{'module': 'Finance', 'function': 'Invoicing', 'add': 'Some'}]}
        inventory = integrations_inventory(sim, tmp / 'inventory.yml', [{'preset': 'hudu'}, broken, {'preset': 'rewst'}, typo],
                                           host_vars={
            'globex': {'cw_psa_integrations': [{'preset': 'hudu'}, {'name': 'docs', 'preset': 'cisco_umbrella',
                                                                    'member': 'hudu api'}]},
            'initech': {'cw_psa_integrations': [{'preset': 'hudu'}, {'preset': 'itglue'}]}})
        result = run(tmp / 'setup', inventory, tmp / 'report')
        with open(str(tmp / 'report' / 'integrations_report.json')) as stream:
            report = json.load(stream)
        yield result, dict((tenant, sim.requests(tenant)) for tenant in ('acme', 'globex', 'initech')), sim, report


def test_one_bad_table_fails_only_its_integration(guarded):
    result, _requests, sim, report = guarded
    found = statuses(result, 'acme')
    assert 'did you mean "Finance / Invoicing"' in found['broken']['error'], found['broken']['error']
    # A table the schema refuses names the item it came from.
    assert "cw_psa_integrations[3] (typo).permissions[0]" in found['typo']['error'], found['typo']['error']
    assert "'Some' is not a level" in found['typo']['error']
    for name in ('hudu', 'rewst'):
        assert found[name]['error'] is None and found[name]['role']['created'] is True
    assert not {'Broken API', 'Typo API'} & set(role['name'] for role in sim.roles('acme'))
    assert {'Hudu API', 'Rewst'} <= set(member['identifier'] for member in sim.members('acme'))


def test_two_integrations_with_one_member_stop_the_tenant_before_any_request(guarded):
    result, requests, _sim, report = guarded
    assert requests['globex'] == []
    (status,) = statuses(result, 'globex').values()
    assert 'integration' not in status and status['complete'] is False
    assert ('cw_psa_integrations[0] (hudu) and cw_psa_integrations[1] (docs) name the same member identifier '
            '"hudu api"') in status['error']


def test_an_unknown_preset_fails_listing_the_presets_before_any_request(guarded):
    result, requests, _sim, report = guarded
    assert requests['initech'] == []
    failed = [entry for entry in result.results if entry['host'] == 'initech' and entry['status'] == 'failed']
    assert failed, result.output
    message = failed[0]['result']['msg']
    assert 'itglue' in message and ', '.join(PRESET_NAMES) in message, message


def test_the_report_shows_each_integration_s_own_state_and_the_tenants_errors(guarded):
    report = guarded[3]
    by_tenant = dict((entry['tenant'], entry) for entry in report['tenants'])
    acme = dict((cell['integration'], cell) for cell in by_tenant['acme']['integrations'])
    assert [cell_state(acme[name]) for name in ('broken', 'typo', 'hudu', 'rewst')] == ['failed', 'failed', 'pending', 'pending']
    assert 'preset' not in acme['broken'] and acme['hudu']['preset'] == 'hudu'
    assert by_tenant['globex']['state'] == 'failed' and by_tenant['initech']['state'] == 'failed'
    assert by_tenant['globex']['integrations'] == [] and 'hudu api' in by_tenant['globex']['error']
