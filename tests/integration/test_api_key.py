# -*- coding: utf-8 -*-
"""cw_api_key end to end: real ansible-playbook against the simulator, as the member."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import fingerprint
from tests.integration.harness import module_play, run_playbook

ROLE = 'Acct Sync API'
MEMBER = 'AcctSyncAPI'


@pytest.fixture
def provisioned(tmp_path, sim, acme, acct_sync):
    """Role and member created by the modules; the person has set the role as the table says."""
    plays = module_play({'msp.connectwise_psa.cw_security_role': {
        'name': ROLE, 'permissions': acct_sync['permissions'], 'on_drift': 'ignore'}}, acme, name='role',
        extra_tasks=[{'name': 'member', 'msp.connectwise_psa.cw_api_member': {
            'identifier': MEMBER, 'security_role': ROLE, 'level': 'Corporate', 'location': 'Head Office',
            'business_unit': 'Administration'}}])
    run = run_playbook(tmp_path / 'provision', plays)
    assert run.rc == 0, run.output
    sim.operator('acme').apply_table(ROLE, acct_sync['permissions'])
    return acct_sync['permissions']


def key_play(connection, table, **options):
    args = dict(member=MEMBER, security_role=ROLE, expected_permissions=table)
    args.update(options)
    return module_play({'msp.connectwise_psa.cw_api_key': args}, connection, name='key')


def test_missing_pair_gives_steps_and_obeys_on_missing(tmp_path, sim, acme, acct_sync):
    warn = run_playbook(tmp_path / 'warn', key_play(acme, acct_sync['permissions'], on_missing='warn',
                                                    description='Acct Sync API'))
    assert warn.rc == 0, warn.output
    result = warn.result('key')
    assert result['status'] == 'missing' and result['changed'] is False
    assert result['manual_steps'][0] == ('System > Members > API Members > "AcctSyncAPI" > API Keys: click + (New), '
                                         'enter Description "Acct Sync API", click Save (not Save & Close)')
    assert 'shown only once' in result['manual_steps'][1] and len(result['manual_steps']) == 2
    assert result['manual_notes'] == ['System > Members > API Members > "AcctSyncAPI" > API Keys: if the private key was lost, '
                                      'delete that key and create a new one']    # advice, not a step
    fail = run_playbook(tmp_path / 'fail', key_play(acme, acct_sync['permissions']))
    assert fail.rc != 0 and fail.task('key')['result']['status'] == 'missing'
    assert sim.requests('acme') == []      # nothing to check without a pair


def test_verified_with_the_members_own_key(tmp_path, sim, acme, provisioned):
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    sim.clear_log()
    run = run_playbook(tmp_path, key_play(acme, provisioned, key_public=public, key_private=private), check=True)
    assert run.rc == 0, run.output
    result = run.result('key')
    assert result['status'] == 'verified' and result['changed'] is False
    assert result['permissions_drift'] == [] and result['customize_missing'] == []
    assert {entry['public_key'] for entry in sim.requests('acme') if entry['path'].startswith('/system')} == {public}
    assert sim.writes('acme') == []


def test_key_of_another_member_is_named(tmp_path, sim, acme, provisioned):
    admin = sim.tenant('acme')
    run = run_playbook(tmp_path, key_play(acme, provisioned, key_public=admin.public_key, key_private=admin.private_key))
    assert run.rc != 0
    result = run.task('key')['result']
    assert result['status'] == 'wrong_member' and result['key_member'] == 'AutomationAdmin'
    assert 'belongs to member "AutomationAdmin"' in result['msg']


def test_wrong_private_key_is_invalid(tmp_path, sim, acme, provisioned):
    public, _private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    run = run_playbook(tmp_path, key_play(acme, provisioned, key_public=public, key_private='NotTheRightPrivateKey0'))
    assert run.rc != 0 and run.task('key')['result']['status'] == 'invalid'


def test_missing_customize_item_is_drift(tmp_path, sim, acme, provisioned):
    sim.operator('acme').set_customize_items(ROLE, ['General Ledger / GL Accounts'])
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    run = run_playbook(tmp_path, key_play(acme, provisioned, key_public=public, key_private=private, on_drift='warn'))
    assert run.rc == 0, run.output
    result = run.result('key')
    assert result['status'] == 'drift'
    assert result['customize_missing'] == [{'module': 'System', 'function': 'Table Setup', 'item': 'Invoicing / Billing Terms'}]
    assert result['manual_steps'] == ['System > Security Roles > "Acct Sync API" > System > Table Setup: click Customize '
                                      'and tick "Invoicing / Billing Terms" under "Allow access to these", then Save']


def test_private_key_never_printed_at_vvvv(tmp_path, sim, acme, provisioned):
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    sim.operator('acme').set_role_levels(ROLE, 'Finance', 'Invoicing', add='All')    # drift: results get printed
    run = run_playbook(tmp_path, key_play(acme, provisioned, key_public=public, key_private=private),
                       verbosity=4)
    assert run.rc != 0 and run.task('key')['result']['status'] == 'drift'
    basic = base64.b64encode(('acme+%s:%s' % (public, private)).encode()).decode()
    admin = sim.tenant('acme')
    admin_basic = base64.b64encode(('acme+%s:%s' % (admin.public_key, admin.private_key)).encode()).decode()
    everything = run.stdout + run.stderr + ''.join(str(r) for r in run.results)
    for secret in (private, basic, admin.private_key, admin_basic):
        assert secret not in everything
    assert public not in everything    # both halves are secret: the fingerprint stands for the public key
    assert fingerprint(public) in run.stdout


TABLE_SETUP_STEP = 'System > Security Roles > "Acct Sync API" > System > Table Setup: click Customize and '


def both_ways_play(acme, table, public, private):
    """The same key checked twice: exclusive (default) and exclusive: false."""
    plays = key_play(acme, table, key_public=public, key_private=private, on_drift='warn')
    plays[0]['tasks'].append({'name': 'lenient', 'msp.connectwise_psa.cw_api_key': dict(
        member=MEMBER, security_role=ROLE, expected_permissions=table, key_public=public, key_private=private,
        exclusive=False)})
    return plays


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_customize_item_beyond_the_table_is_drift_unless_not_exclusive(tmp_path, sim, acme, provisioned, in_process):
    sim.operator('acme').set_customize_items(ROLE, ['General Ledger / GL Accounts', 'Invoicing / Billing Terms',
                                                    'General Ledger / GL Account Mapping'])
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    sim.clear_log()
    run = run_playbook(tmp_path, both_ways_play(acme, provisioned, public, private), check=True,
                       env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc == 0, run.output
    strict = run.result('key')
    assert strict['status'] == 'drift' and strict['customize_missing'] == []
    assert strict['customize_extra'] == [{'module': 'System', 'function': 'Table Setup',
                                          'item': 'General Ledger/GL Account Mapping'}]
    assert strict['manual_steps'] == [TABLE_SETUP_STEP + 'untick "General Ledger/GL Account Mapping" under '
                                      '"Allow access to these", then Save']
    assert '1 extra' in ' '.join(strict.get('warnings', [])), strict
    lenient = run.result('lenient')
    assert lenient['status'] == 'verified' and lenient['manual_steps'] == []
    assert lenient['customize_extra'] == strict['customize_extra']     # still shown, not drift
    assert sim.writes('acme') == []


@pytest.mark.parametrize('in_process', ['1', '0'])
def test_customize_item_in_an_unknown_form_is_returned_verbatim(tmp_path, sim, acme, provisioned, in_process):
    sim.operator('acme').add_customize_item(ROLE, '4711')
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    run = run_playbook(tmp_path, both_ways_play(acme, provisioned, public, private),
                       env={'CW_PSA_IN_PROCESS': in_process})
    assert run.rc == 0, run.output
    strict = run.result('key')
    assert strict['status'] == 'drift' and strict['customize_extra'] == [] and strict['customize_missing'] == []
    assert strict['customize_unrecognised'] == [{
        'module': 'System', 'function': 'Table Setup', 'customize_identifier': 'SystemTableSetup', 'item': '4711',
        'reason': 'the item is in a form the collection cannot read'}]
    assert strict['manual_steps'] == [TABLE_SETUP_STEP + 'untick the item the API returns as "4711" (a form the '
                                      'collection cannot read) unless it is one of the table\'s items, then Save']
    lenient = run.result('lenient')
    assert lenient['status'] == 'verified' and lenient['customize_unrecognised'] == strict['customize_unrecognised']
    assert any("'4711' of 'SystemTableSetup'" in warning for warning in lenient.get('warnings', [])), lenient


def test_no_item_of_a_list_the_table_asks_for_is_named(tmp_path, sim, acme, provisioned):
    sim.operator('acme').set_customize_items(ROLE, [])      # Table Setup has customFlag; the key sees no item
    public, private = sim.operator('acme').create_api_key(MEMBER, 'Acct Sync API')
    run = run_playbook(tmp_path, key_play(acme, provisioned, key_public=public, key_private=private, on_drift='warn'))
    assert run.rc == 0, run.output
    result = run.result('key')
    assert result['status'] == 'drift'
    assert result['customize_unconfigured'] == [{'module': 'System', 'function': 'Table Setup',
                                                 'items': ['General Ledger / GL Accounts', 'Invoicing / Billing Terms']}]
    assert [entry['item'] for entry in result['customize_missing']] == ['General Ledger / GL Accounts',
                                                                        'Invoicing / Billing Terms']
    assert result['manual_steps'][0] == (
        TABLE_SETUP_STEP + 'allow exactly "General Ledger / GL Accounts", "Invoicing / Billing Terms" under "Allow '
        'access to these", then Save (the key sees no item of this list: none is set, or the list is empty)')
    assert len(result['manual_steps']) == 1      # one step per function's list: "allow exactly" covers the missing items
