# -*- coding: utf-8 -*-
"""Steps are data: every action's record, its words (exactly the texts the modules always gave), de-duplication."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import jsonschema

from ansible_collections.msp.connectwise_psa.plugins.filter.key_lifecycle import key_lifecycle
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._report_model import tenant_status
from tests.collection_path import ROOT

ROLE_SCREEN = 'System > Security Roles > "R"'
KEYS = 'System > Members > API Members > "M" > API Keys'
OLD = {'description': 'K 2025-06', 'fingerprint': 'sha256:00000001', 'stored_at': '2025-06-01T00:00:00Z'}

# Every action, and the words the modules gave before steps were records (unchanged).
WORDS = [
    (steps.set_levels('R', 'Finance', 'Invoicing', [('edit', 'All', 'None'), ('inquire', 'My', 'All')]),
     ROLE_SCREEN + ' > Finance > Invoicing: Edit All, Inquire My (now None, All)'),
    (steps.customize('R', 'System', 'Table Setup', ['A / B'], ['C / D', 'E']),
     ROLE_SCREEN + ' > System > Table Setup: click Customize and tick "A / B" and untick "C / D", "E" under '
     '"Allow access to these", then Save'),
    (steps.customize_exactly('R', 'System', 'Table Setup', ['A / B']),
     ROLE_SCREEN + ' > System > Table Setup: click Customize and allow exactly "A / B" under "Allow access to these", '
     'then Save (the key sees no item of this list: none is set, or the list is empty)'),
    (steps.untick_unreadable('R', 'System', 'Table Setup', 'SystemTableSetup', '4711'),
     ROLE_SCREEN + ' > System > Table Setup: click Customize and untick the item the API returns as "4711" (a form the '
     'collection cannot read) unless it is one of the table\'s items, then Save'),
    (steps.untick_unreadable('R', None, None, 'NewList', 7),
     ROLE_SCREEN + ': the API returns Customize item 7 of list "NewList", which the collection cannot place; find it '
     'under the Customize of that function and untick it unless the table grants it'),
    (steps.create_key('M', 'Acct Sync API'),
     KEYS + ': click + (New), enter Description "Acct Sync API", click Save (not Save & Close)'),
    (steps.copy_key('M'),
     KEYS + ': copy the Public Key and the Private Key now, the private key is shown only once; give them to the '
     'msp.connectwise_psa.store_api_key playbook for this tenant, which proves and vaults them (or store them as this '
     'tenant\'s key_public and key_private in an AWX credential)'),
    (steps.run_setup('create security role "R"'), 'Run the setup to create security role "R"'),
    (steps.other('Ask the vendor'), 'Ask the vendor'),
]


def test_every_action_reads_as_the_modules_always_wrote_it():
    for record, text in WORDS:
        assert steps.words(record) == text
        assert sorted(set(record) - {'text'}) == sorted(steps.FIELDS)


def test_parts_put_the_screen_once_and_the_rest_under_it():
    assert steps.parts(WORDS[0][0]) == (ROLE_SCREEN, ' > ', 'Finance > Invoicing: Edit All, Inquire My (now None, All)')
    assert steps.parts(WORDS[5][0])[:2] == (KEYS, ': ')
    assert steps.parts(WORDS[7][0]) == (None, '', 'Run the setup to create security role "R"')


def test_records_carry_what_a_program_acts_on():
    record = WORDS[0][0]
    assert (record['action'], record['role'], record['module'], record['function']) == (
        'set_levels', 'R', 'Finance', 'Invoicing')
    assert record['current'] == {'edit': 'None', 'inquire': 'All'} and record['wanted'] == {'edit': 'All', 'inquire': 'My'}
    assert WORDS[1][0]['wanted'] == {'tick': ['A / B'], 'untick': ['C / D', 'E']}
    assert WORDS[5][0]['member'] == 'M' and WORDS[5][0]['wanted'] == {'description': 'Acct Sync API'}


def test_unique_compares_every_field_and_keeps_the_first_order():
    a, b = steps.create_key('M', 'D'), steps.copy_key('M')
    assert steps.unique([a, b, dict(a), steps.create_key('M', 'Other'), b]) == [a, b, steps.create_key('M', 'Other')]


def test_lifecycle_steps_are_records_with_the_same_words():
    life = key_lifecycle(dict(OLD, description='K 2026-12'), 'M', 'K', max_age_days=10, now='2027-01-20T00:00:00Z')
    assert [step['action'] for step in life['step_records']] == ['rotate_key', 'store_key', 'delete_old_key']
    assert life['steps'] == [steps.words(step) for step in life['step_records']]
    assert life['step_records'][0]['current']['age_days'] == 598 and life['step_records'][0]['wanted'] == {
        'description': 'K 2027-01'}
    pending = key_lifecycle({'description': 'K 2026-12', 'fingerprint': 'sha256:00000002'}, 'M', 'K', previous=OLD,
                            previous_check={'status': 'verified'})
    assert pending['step_records'][0]['action'] == 'delete_previous_key'
    assert pending['step_records'][0]['current']['description'] == 'K 2025-06'
    assert pending['steps'][0].startswith(KEYS + ': the PSA still accepts the previous key "K 2025-06" (sha256:00000001)')


def _report_with_every_action():
    role = dict(steps.as_result([WORDS[0][0]]), planned_changes=['create security role "R"'],
                role={'id': None, 'name': 'R'}, compliant=False, permissions_drift=[{}])
    key = dict(steps.as_result(record for record, _text in WORDS[1:7]), status='drift', permissions_drift=[])
    life = key_lifecycle({}, 'M', 'K', previous=OLD, previous_check={'status': 'invalid'},
                         removal={'outcome': 'no_previous', 'path': '/inv/host_vars/t.yml'})
    status = tenant_status(role, {'api_member': {'identifier': 'M'}}, dict(key, manual_steps=key['manual_steps']),
                           tenant='t', lifecycle=life)
    return reports.build([('t', status)], role_name='R', member='M'), status


def test_tenant_status_gives_the_records_and_their_words_one_for_one():
    _report, status = _report_with_every_action()
    assert status['pending_steps'] == [steps.words(step) for step in status['steps']]
    assert [step['action'] for step in status['steps']] == [
        'run_setup', 'set_levels', 'customize', 'customize_exactly', 'untick_unreadable', 'untick_unreadable',
        'create_key', 'copy_key', 'remove_previous_vars']
    # A result that gives only words keeps them, as records of action other.
    words_only = tenant_status({'manual_steps': ['tick A / B']}, {}, {})
    assert words_only['steps'] == [steps.other('tick A / B')] and words_only['pending_steps'] == ['tick A / B']


def test_the_json_report_carries_every_action_under_the_schema():
    report, _status = _report_with_every_action()
    with open(os.path.join(ROOT, 'docs', 'report.schema.json')) as stream:
        schema = json.load(stream)
    document = json.loads(reports.render(report, 'json'))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    bad = json.loads(json.dumps(document))
    bad['tenants'][0]['steps'][1]['wanted'] = {'add': 'Everything'}
    try:
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError('a level outside None, My, All passed the schema')


def test_the_checklist_groups_by_the_records_screens_without_reading_the_words():
    report, status = _report_with_every_action()
    groups = reports.checklist(status)
    assert [group['screen'] for group in groups] == [None, ROLE_SCREEN, KEYS, None]
    rebuilt = [(group['screen'] + (' > ' if step['text'].startswith(('Finance', 'System >')) else ': ')
                if group['screen'] else '') + step['text'] for group in groups for step in group['steps']]
    assert rebuilt == status['pending_steps']
    assert not hasattr(reports, '_split_screen')


def test_a_refused_previous_key_kept_outside_the_vault_names_where_it_is_set():
    from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps
    previous = {'description': 'Hudu 2026-10', 'fingerprint': 'sha256:0123456789ab'}
    where = 'key_previous_public and key_previous_private of cw_psa_integration_overrides.hudu'
    own = _steps.remove_previous_vars(previous, None, where)
    assert _steps.words(own).endswith('remove key_previous_public and key_previous_private of '
                                      'cw_psa_integration_overrides.hudu')
    assert 'acct_sync_key_previous_public' in _steps.words(_steps.remove_previous_vars(previous, 'host_vars/acme.yml'))
