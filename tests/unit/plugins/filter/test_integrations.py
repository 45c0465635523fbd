# -*- coding: utf-8 -*-
"""The presets the collection ships and integration_plan, which resolves cw_psa_integrations."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import re

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.msp.connectwise_psa.plugins.filter.integrations import (
    BUNDLED_PRESETS, integration_plan, integration_summary, read_presets)
from ansible_collections.msp.connectwise_psa.plugins.filter.psa import permission_table_errors
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import validate_identifier
from ansible_collections.msp.connectwise_psa.plugins.module_utils._conditions import name_option
from ansible_collections.msp.connectwise_psa.plugins.module_utils._security_role import validate_name

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ROLE = os.path.join(ROOT, 'roles', 'integrations')
CATALOGUE = os.path.join(ROOT, 'tests', 'simulator', 'data', 'settings-catalog.json')
CONTRACT = os.path.join(ROOT, 'tests', 'simulator', 'data', 'openapi-subset.json')
# The eight vendors and Rewst.
NAMED = ('acct_sync', 'cyberdrain_warranty', 'mspbackups', 'nable_rmm', 'cisco_umbrella', 'gozynta_mobius', 'hudu',
         'ncentral', 'rewst')
PRESETS = read_presets(BUNDLED_PRESETS)


def contract_max_length(schema, field):
    """The contract states limits in the description, as " Max length: 30;"."""
    with open(CONTRACT) as stream:
        description = json.load(stream)['components']['schemas'][schema]['properties'][field]['description']
    return int(re.search(r'Max length: (\d+);', description).group(1))


@pytest.fixture
def catalogue():
    with open(CATALOGUE) as stream:
        settings = json.load(stream)['settings']
    for number, setting in enumerate(settings):
        setting.update(id=number + 1, addLevel='None', editLevel='None', deleteLevel='None', inquireLevel='None')
    return model.Catalogue(settings)


def test_the_named_presets_ship_from_the_role():
    assert os.path.realpath(BUNDLED_PRESETS) == os.path.realpath(os.path.join(ROLE, 'files', 'presets'))
    assert set(NAMED) <= set(PRESETS)


def test_the_argument_spec_lists_every_preset_and_no_other():
    with open(os.path.join(ROLE, 'meta', 'argument_specs.yml')) as stream:
        spec = yaml.safe_load(stream)['argument_specs']['main']['options']['cw_psa_integrations']['options']['preset']
    assert spec['choices'] == sorted(PRESETS)
    for name in PRESETS:
        assert any(line.startswith('V(%s):' % name) for line in spec['description']), name


@pytest.mark.parametrize('name', sorted(PRESETS))
def test_preset_has_its_provenance_and_fits_the_contract(name):
    preset = PRESETS[name]
    for key in ('vendor', 'guide', 'read_on', 'role_name', 'member', 'key_description', 'permissions',
                'optional_permissions', 'notes'):
        assert key in preset, key
    assert re.match(r'^https://', preset['guide']) and re.match(r'^\d{4}-\d{2}-\d{2}$', preset['read_on'])
    assert contract_max_length('SecurityRole', 'name') == 30 and contract_max_length('ApiMember', 'identifier') == 15
    assert validate_name(preset['role_name']) == preset['role_name']
    assert validate_identifier(preset['member']['identifier']) == preset['member']['identifier']
    name_option('name', preset['member']['name'], contract_max_length('ApiMember', 'name'), 'a name')
    assert preset['member']['level'] == 'Corporate'


@pytest.mark.parametrize('name', sorted(PRESETS))
def test_preset_table_passes_the_schema_and_names_real_functions(name, catalogue):
    preset = PRESETS[name]
    for rows in (preset['permissions'], preset['permissions'] + preset['optional_permissions']):
        assert permission_table_errors(rows, name) == []
        resolved = model.resolve(model.validate_table(rows), catalogue)
        assert len(resolved) == len(rows)


def test_vendor_wording_kept_where_the_psa_matches_and_normalised_rows_say_so():
    with open(os.path.join(BUNDLED_PRESETS, 'ncentral.yml')) as stream:
        text = stream.read()
    assert 'Normalised: the guide says "Close Service Ticket"' in text
    assert 'Normalised: the guide says "Time and Expense"' in text
    with open(os.path.join(ROOT, 'tests', 'data', 'permission-tables', 'more', 'hudu.yml')) as stream:
        assert yaml.safe_load(stream)['permissions'] == PRESETS['hudu']['permissions']
    with open(os.path.join(ROOT, 'roles', 'acct_sync', 'defaults', 'main.yml')) as stream:
        assert yaml.safe_load(stream)['acct_sync_permissions'] == PRESETS['acct_sync']['permissions']


def test_hudu_identifier_is_short_with_a_note():
    hudu = PRESETS['hudu']
    assert hudu['member'] == {'identifier': 'Hudu API', 'name': 'Hudu API Integrator', 'level': 'Corporate'}
    assert any('Hudu API Integrator' in note and '15' in note for note in hudu['notes'])


def test_a_preset_item_resolves_with_tenant_defaults_item_keys_and_overrides():
    items = [{'preset': 'hudu', 'member_location': 'Tampa Office'},
             {'preset': 'rewst', 'optional': True},
             {'name': 'bi', 'role_name': 'BI Reader', 'member': 'BI Reader',
              'permissions': [{'module': 'Companies', 'function': 'Contacts', 'inquire': 'All'}]}]
    plan = integration_plan(items, tenant_defaults={'member_location': 'Head Office', 'member_business_unit': 'Admin'},
                            overrides={'rewst': {'member_location': 'Remote', 'key_public': 'p', 'key_private': 'q'}})
    hudu, rewst, own = plan
    assert (hudu['name'], hudu['preset'], hudu['role_name'], hudu['member'], hudu['member_name']) == (
        'hudu', 'hudu', 'Hudu API', 'Hudu API', 'Hudu API Integrator')
    assert hudu['member_location'] == 'Tampa Office' and hudu['member_business_unit'] == 'Admin'
    assert hudu['permissions'] == PRESETS['hudu']['permissions'] and hudu['exclusive'] is True
    assert rewst['member_location'] == 'Remote' and (rewst['key_public'], rewst['key_private']) == ('p', 'q')
    assert rewst['permissions'] == PRESETS['rewst']['permissions'] + PRESETS['rewst']['optional_permissions']
    assert own['preset'] is None and own['key_description'] == 'BI Reader' and own['secret_prefix'] == 'bi'


def test_an_unknown_preset_fails_listing_the_presets():
    with pytest.raises(AnsibleFilterError) as caught:
        integration_plan([{'preset': 'hudu'}, {'preset': 'itglue'}])
    message = str(caught.value)
    assert "cw_psa_integrations[1] (itglue): preset 'itglue' does not exist" in message
    assert ', '.join(sorted(PRESETS)) in message


@pytest.mark.parametrize('second, label, value', [
    ({'name': 'docs', 'preset': 'hudu', 'member': 'Docs API'}, 'security role', 'Hudu API'),
    ({'name': 'docs', 'preset': 'hudu', 'role_name': 'Docs API'}, 'member identifier', 'Hudu API'),
    ({'name': 'docs', 'role_name': 'HUDU api ', 'member': 'Docs',
      'permissions': [{'module': 'Companies', 'function': 'Contacts'}]}, 'security role', 'HUDU api'),
])
def test_two_integrations_naming_one_role_or_member_fail_naming_both(second, label, value):
    with pytest.raises(AnsibleFilterError) as caught:
        integration_plan([{'preset': 'hudu'}, second])
    message = str(caught.value)
    assert message.startswith('cw_psa_integrations[0] (hudu) and cw_psa_integrations[1] (docs) name the same %s' % label)
    assert value.strip() in message


def test_the_same_item_twice_is_one_integration():
    assert [item['name'] for item in integration_plan([{'preset': 'hudu'}, {'preset': 'rewst'}, {'preset': 'hudu'}])] == [
        'hudu', 'rewst']


@pytest.mark.parametrize('items, message', [
    ([{'preset': 'hudu', 'colour': 'red'}], r'cw_psa_integrations\[0\] \(hudu\): unknown key\(s\) colour'),
    ([{'name': 'bi', 'member': 'BI'}], r'cw_psa_integrations\[0\] \(bi\) names no preset, so it must give role_name, permissions'),
    (['hudu'], r'cw_psa_integrations\[0\] must be a mapping such as \{preset: hudu\}'),
    ({'preset': 'hudu'}, 'cw_psa_integrations must be a list'),
])
def test_bad_items_fail_naming_the_item_and_the_fix(items, message):
    with pytest.raises(AnsibleFilterError, match=message):
        integration_plan(items)


def test_an_unknown_override_key_fails():
    with pytest.raises(AnsibleFilterError, match=r"cw_psa_integration_overrides\['hudu'\]: unknown key\(s\) locaton"):
        integration_plan([{'preset': 'hudu'}], overrides={'hudu': {'locaton': 'Remote'}})


def test_the_posture_audit_reads_members_only():
    plan = integration_plan([{'name': 'sync', 'member': 'Sync API'}, {'preset': 'hudu'}], require_table=False)
    assert [(item['name'], item['member']) for item in plan] == [('sync', 'Sync API'), ('hudu', 'Hudu API')]


def test_summary_of_an_integration():
    assert integration_summary({'integration': 'hudu', 'complete': True, 'error': None})['text'] == 'hudu complete'
    assert integration_summary({'integration': 'hudu', 'complete': False, 'error': 'boom'})['text'] == 'hudu failed: boom'
    assert integration_summary({'integration': 'hudu', 'complete': False, 'error': None,
                                'pending_steps': ['a', 'b']})['text'] == 'hudu has 2 manual step(s) left, the first: a'


def test_preset_files_are_plain_yaml_a_user_can_copy():
    for path in glob.glob(os.path.join(BUNDLED_PRESETS, '*.yml')):
        with open(path) as stream:
            text = stream.read()
        assert text.startswith('---\n# ') and '{{' not in text, path


@pytest.mark.parametrize('first, second', [
    ({'preset': 'hudu', 'member': 12345}, {'preset': 'rewst', 'member': 12345}),         # unquoted YAML numbers
    ({'preset': 'hudu', 'member': '12345'}, {'preset': 'rewst', 'member': 12345}),
    ({'preset': 'hudu', 'role_name': 'Svc\u00a0Role'}, {'preset': 'rewst', 'role_name': 'svc role'}),   # no-break space
    ({'preset': 'hudu', 'member': '\uff28udu'}, {'preset': 'rewst', 'member': 'hudu'}),                 # full-width H
])
def test_the_guard_rails_see_one_name_in_every_spelling(first, second):
    with pytest.raises(AnsibleFilterError, match='name the same'):
        integration_plan([first, second])


def test_a_number_given_as_a_member_is_its_text_and_a_mapping_is_refused():
    assert integration_plan([{'preset': 'hudu', 'member': 12345}])[0]['member'] == '12345'
    with pytest.raises(AnsibleFilterError, match=r'cw_psa_integrations\[0\].*member must be text, got a dict'):
        integration_plan([{'preset': 'hudu', 'member': {'id': 3}}])


def test_tenant_defaults_fill_only_what_neither_the_preset_nor_the_item_gives():
    plan = integration_plan([{'preset': 'hudu'}, {'preset': 'rewst', 'key_description': 'Mine'}],
                            tenant_defaults={'key_description': 'Tenant', 'member_location': 'Head Office'})
    hudu, rewst = plan
    assert hudu['key_description'] != 'Tenant' and rewst['key_description'] == 'Mine'
    assert hudu['member_location'] == rewst['member_location'] == 'Head Office'


@pytest.mark.parametrize('defaults, overrides, message', [
    ({'member_locaton': 'HQ'}, {}, r'cw_psa_integration_defaults: unknown key\(s\) member_locaton'),
    (None, {'Hudu': {'key_public': 'x'}}, r"cw_psa_integration_overrides: 'Hudu' name\(s\) no integration.*: hudu"),
    (None, [{'hudu': {}}], 'cw_psa_integration_overrides must be a mapping of integration names'),
    (None, {'hudu': ['x']}, r"cw_psa_integration_overrides\['hudu'\] must be a mapping"),
])
def test_tenant_settings_a_run_would_drop_or_crash_on_fail_naming_them(defaults, overrides, message):
    with pytest.raises(AnsibleFilterError, match=message):
        integration_plan([{'preset': 'hudu'}], tenant_defaults=defaults, overrides=overrides)
