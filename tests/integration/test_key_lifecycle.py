# -*- coding: utf-8 -*-
"""The key's whole life, with real ansible-playbook runs against the simulator: verified intake into
the vault (playbooks/store_api_key.yml), refused pairs, a full rotation, an interrupted store and the
audit's key age."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import os
import stat

import pytest

from tests.integration.conftest import load_table
from tests.integration.key_lifecycle_harness import MEMBER, ROLE, Tenants, message
from tests.simulator import Simulator

HERE = os.path.dirname(os.path.abspath(__file__))
OTHER_VARS = """---
# globex: kept by hand
acct_sync_member_business_unit: Services   # the tenant's own
acct_sync_notes:
  - first
  - second: {nested: true}

cw_psa_timeout: 30
"""
SCREEN = 'System > Members > API Members > "%s" > API Keys' % MEMBER


@pytest.fixture
def table():
    return load_table('acct_sync.yml')['permissions']


@pytest.fixture
def tenants(tmp_path, sim, table):
    """Role and member created by the setup; the person set the role as the table says."""
    inventory = Tenants(tmp_path, sim, tenants=('acme', 'globex'))
    first = inventory.setup('provision')
    assert first.rc == 0, first.output
    for tenant in inventory.tenants:
        sim.operator(tenant).apply_table(ROLE, table)
    return inventory


def _pair(sim, tenant='acme', description='Acct Sync API 2026-12'):
    return sim.operator(tenant).create_api_key(MEMBER, description)


def _files(folder):
    return sorted(name for name in os.listdir(str(folder)))


def test_good_intake_is_stored_vaulted_other_variables_kept(tenants, sim):
    acme = _pair(sim, 'acme')
    globex = _pair(sim, 'globex')
    tenants.host_vars('globex').parent.mkdir(parents=True, exist_ok=True)
    tenants.host_vars('globex').write_text(OTHER_VARS)
    os.chmod(str(tenants.host_vars('globex')), 0o640)
    sim.clear_log()
    run = tenants.intake(*acme, tenant='acme')
    assert run.rc == 0, run.output
    assert sim.writes('acme') == [] and sim.requests('globex') == []      # the intake writes nothing to a PSA
    assert {entry['public_key'] for entry in sim.requests('acme')} == {acme[0]}   # only the new pair logs in
    stored = tenants.stored('acme')
    assert (stored['acct_sync_key_public'], stored['acct_sync_key_private']) == acme   # decrypts to the pair
    assert stored['acct_sync_key_meta']['description'] == 'Acct Sync API ' + datetime.datetime.utcnow().strftime('%Y-%m')
    assert stat.S_IMODE(os.stat(str(tenants.host_vars('acme'))).st_mode) == 0o600
    text = tenants.host_vars('acme').read_text()
    assert acme[0] not in text and acme[1] not in text and '!vault |' in text
    assert 'stored in %s' % tenants.host_vars('acme') in run.stdout

    run = tenants.intake(*globex, tenant='globex', extra={'cw_psa_new_key_description': 'Globex sync key'})
    assert run.rc == 0, run.output
    text = tenants.host_vars('globex').read_text()
    assert text.startswith(OTHER_VARS)                                  # every line and comment as it was
    assert stat.S_IMODE(os.stat(str(tenants.host_vars('globex'))).st_mode) == 0o640      # the file's own mode
    stored = tenants.stored('globex')
    assert stored['acct_sync_notes'] == ['first', {'second': {'nested': True}}] and stored['cw_psa_timeout'] == 30
    assert stored['acct_sync_key_meta']['description'] == 'Globex sync key'

    again = tenants.intake(*acme, tenant='acme', name='again')
    assert again.rc == 0 and 'already the stored key' in again.stdout, again.output
    setup = tenants.setup('verify')
    assert setup.rc == 0, setup.output
    report = tenants.report()
    for tenant in ('acme', 'globex'):
        key = report[tenant]['key']
        assert key['status'] == 'verified' and key['stored_at'] and key['age_days'] == 0, key
        assert key['rotation']['state'] == 'none' and report[tenant]['complete'] is True
    assert _files(tenants.dir / 'host_vars') == ['acme.yml', 'globex.yml']


@pytest.mark.parametrize('case', ['other member', 'missing rights', 'swapped halves', 'mistyped', 'empty half'])
def test_a_pair_failing_a_check_is_not_stored(tenants, sim, case):
    public, private = _pair(sim)
    expected = {'other member': 'check "member" failed: the pair sha256:',
                'missing rights': 'check "rights" failed',
                'swapped halves': 'accepts it with the halves swapped',
                'mistyped': 'check "authentication" failed: the PSA refuses the pair',
                'empty half': 'cw_psa_new_key_private is empty'}[case]
    if case == 'other member':
        admin = sim.tenant('acme')
        public, private = admin.public_key, admin.private_key
    elif case == 'missing rights':
        sim.operator('acme').set_role_levels(ROLE, 'Finance', 'Invoicing', edit='None')
    elif case == 'swapped halves':
        public, private = private, public
    elif case == 'mistyped':
        private = private[:-1]
    elif case == 'empty half':
        private = '  '
    sim.clear_log()
    run = tenants.intake(public, private)
    assert run.rc != 0
    text = message(run)
    assert expected in text and 'Nothing was stored.' in text, run.output
    assert not tenants.host_vars('acme').exists()
    if case == 'other member':
        assert 'authenticates as member "AutomationAdmin", not "%s"' % MEMBER in text
    if case == 'missing rights':
        assert 'run the intake again with the same pair' in text and 'Finance > Invoicing: Edit All' in text
    if case == 'empty half':
        assert sim.requests('acme') == []        # bad input fails before any request


def test_intake_needs_one_tenant_and_a_vault_secret(tenants, sim):
    public, private = _pair(sim)
    for tenant in (None, 'psa_tenants'):
        run = tenants.intake(public, private, tenant=tenant, name='tenants')
        assert run.rc != 0 and 'set cw_psa_tenant to the one tenant' in message(run), run.output
    sim.clear_log()
    run = tenants.intake(public, private, name='no-vault', vault=False)
    assert run.rc != 0 and 'no vault secret was given to this run' in message(run), run.output
    assert '--ask-vault-pass' in message(run) and not tenants.host_vars('acme').exists()
    assert sim.writes('acme') == []
    elsewhere = tenants.dir / 'host_vars' / 'acme' / 'keys.yml'       # cw_psa_key_file: another file
    run = tenants.intake(public, private, name='elsewhere', extra={'cw_psa_key_file': str(elsewhere)})
    assert run.rc == 0 and elsewhere.exists() and not tenants.host_vars('acme').exists(), run.output


def test_full_rotation(tmp_path, table):
    # The vendor does not publish what an inactive key gets: 403 here, 401 in the other tests.
    with Simulator(tenants=('acme',), scheme='https', inactive_key_status=403) as sim:
        tenants = Tenants(tmp_path, sim)
        assert tenants.setup('provision').rc == 0
        sim.operator('acme').apply_table(ROLE, table)
        old = _pair(sim, description='Acct Sync API 2026-01')
        assert tenants.intake(*old, extra={'cw_psa_new_key_description': 'Acct Sync API 2026-01'}).rc == 0
        new = _pair(sim, description='Acct Sync API 2026-12')
        run = tenants.intake(*new, name='rotate', extra={'cw_psa_new_key_description': 'Acct Sync API 2026-12'})
        assert run.rc == 0, run.output
        said = ' '.join(run.result('msp.connectwise_psa.acct_sync : Say what was stored and what is next')['msg'])
        assert 'Rotation started' in said and 'old key "Acct Sync API 2026-01" (sha256:' in said
        stored = tenants.stored()
        assert (stored['acct_sync_key_public'], stored['acct_sync_key_private']) == new
        assert (stored['acct_sync_key_previous_public'], stored['acct_sync_key_previous_private']) == old

        third = _pair(sim, description='Acct Sync API 2027-01')
        refused = tenants.intake(*third, name='third')       # the old key is still active: finish that first
        assert refused.rc != 0 and 'a rotation is still pending' in message(refused), refused.output
        assert (tenants.stored()['acct_sync_key_public'], tenants.stored()['acct_sync_key_private']) == new

        before = tenants.host_vars().read_text()
        sim.clear_log()
        audit = tenants.setup('audit-pending', audit=True)
        assert audit.rc == 0, audit.output
        status = tenants.report(audit=True)['acme']
        assert status['key']['status'] == 'verified' and status['key']['rotation']['state'] == 'pending'
        assert status['key']['rotation']['previous_description'] == 'Acct Sync API 2026-01'
        assert not status['complete']
        step = [text for text in status['pending_steps'] if 'previous key' in text]
        assert step and step[0].startswith(SCREEN + ': the PSA still accepts the previous key "Acct Sync API 2026-01"')
        assert sim.writes('acme') == [] and tenants.host_vars().read_text() == before

        sim.operator('acme').set_api_key_inactive(MEMBER, old[0])      # the person ticks Inactive
        audit = tenants.setup('audit-refused', audit=True)
        status = tenants.report(audit=True)['acme']
        assert status['key']['rotation']['state'] == 'previous_refused', status
        assert any(text.startswith('Run the setup to remove the previous key') for text in status['pending_steps'])
        assert tenants.host_vars().read_text() == before                # check mode never removes anything

        setup = tenants.setup('complete')
        assert setup.rc == 0, setup.output
        status = tenants.report()['acme']
        assert status['key']['rotation']['state'] == 'complete' and status['key']['rotation']['completed_at']
        assert status['complete'] is True, status
        assert any('the rotation completed on' in note for note in status['notes'])
        stored = tenants.stored()
        assert 'acct_sync_key_previous_public' not in stored and 'acct_sync_key_previous_private' not in stored
        assert stored['acct_sync_key_rotation_completed']['description'] == 'Acct Sync API 2026-01'
        assert (stored['acct_sync_key_public'], stored['acct_sync_key_private']) == new

        later = tenants.setup('audit-after', audit=True)
        status = tenants.report(audit=True)['acme']
        assert later.rc == 0 and status['complete'] and status['key']['rotation']['state'] == 'complete'


def test_interrupted_store_leaves_the_old_file(tenants, sim, tmp_path):
    first = _pair(sim)
    assert tenants.intake(*first).rc == 0
    before = tenants.host_vars().read_bytes()
    second = _pair(sim, description='Acct Sync API 2027-01')
    # The run is killed at the worst moment: the new text is written to the temp file, not yet renamed.
    killer = {'PYTHONPATH': os.path.join(HERE, 'kill_on_replace'), 'KILL_ON_REPLACE': str(tenants.host_vars())}
    cut = tenants.intake(*second, name='cut', env=killer)
    assert cut.rc != 0
    assert tenants.host_vars().read_bytes() == before
    stored = tenants.stored()
    assert (stored['acct_sync_key_public'], stored['acct_sync_key_private']) == first
    leftovers = [name for name in _files(tenants.dir / 'host_vars') if name != 'acme.yml']
    assert leftovers and all(name.startswith('.acme.yml.') for name in leftovers)    # hidden: Ansible skips them
    again = tenants.intake(*second, name='again')
    assert again.rc == 0, again.output
    assert tenants.stored()['acct_sync_key_previous_public'] == first[0]


def test_audit_flags_keys_older_than_max_key_age_days(tenants, sim):
    assert tenants.intake(*_pair(sim)).rc == 0
    path = tenants.host_vars()
    stored_at = (datetime.datetime.utcnow() - datetime.timedelta(days=400)).strftime('%Y-%m-%dT%H:%M:%SZ')
    text = path.read_text()
    path.write_text(text.replace(tenants.stored()['acct_sync_key_meta']['stored_at'], stored_at))
    sim.clear_log()
    off = tenants.setup('audit-off', audit=True)
    key = tenants.report(audit=True)['acme']['key']
    assert off.rc == 0 and key['age_days'] == 400 and key['too_old'] is None and key['max_age_days'] is None
    on = tenants.setup('audit-on', audit=True, extra={'acct_sync_max_key_age_days': 365})
    assert on.rc == 0, on.output
    status = tenants.report(audit=True)['acme']
    assert status['key']['too_old'] is True and status['key']['max_age_days'] == 365 and not status['complete']
    steps = status['pending_steps']
    assert steps[0].startswith(SCREEN + ': the key "Acct Sync API 2026-12"') and 'is 400 days old' in steps[0]
    assert 'enter Description "Acct Sync API %s"' % datetime.datetime.utcnow().strftime('%Y-%m') in steps[0]
    assert steps[1].startswith('Run msp.connectwise_psa.store_api_key for this tenant')
    assert 'delete the old key "Acct Sync API 2026-12"' in steps[2]
    assert sim.writes() == []
    young = tenants.setup('audit-young', audit=True, extra={'acct_sync_max_key_age_days': 401})
    assert young.rc == 0 and tenants.report(audit=True)['acme']['key']['too_old'] is False
