# -*- coding: utf-8 -*-
"""The acct_sync role through the real playbooks, three simulator tenants at once."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from tests.integration.conftest import load_table
from tests.report_sample import ReportPage
from tests.integration.harness import recap_changed, run_playbook, tenant_inventory, write_inventory
from tests.simulator import Simulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETUP = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
AUDIT = os.path.join(ROOT, 'playbooks', 'audit_acct_sync.yml')
TENANTS = ('acme', 'globex', 'initech')
ROLE = 'Acct Sync API'
MEMBER = 'Acct Sync API'    # the role's default member identifier


def recap_failed(stdout):
    """{host: failed count} from the PLAY RECAP."""
    counts = {}
    for line in stdout.splitlines():
        if ' : ok=' in line and 'failed=' in line:
            counts[line.split(':', 1)[0].strip()] = int(line.split('failed=')[1].split()[0])
    return counts


def run_setup(tmp_path, inventory, report_dir, playbook=SETUP, extra_vars=None):
    extra = {'cw_psa_report_dir': str(report_dir)}
    extra.update(extra_vars or {})
    return run_playbook(tmp_path, playbook, inventory=inventory, extra_vars=extra)


def read_report(report_dir, name='acct_sync_report'):
    with open(os.path.join(str(report_dir), name + '.json')) as stream:
        report = json.load(stream)
    return report, dict((status['tenant'], status) for status in report['tenants'])


def role_names(sim, tenant):
    return [role['name'] for role in sim.roles(tenant)]


def member_ids(sim, tenant):
    return [member['identifier'] for member in sim.members(tenant)]


class FirstRun(object):
    def __init__(self, sim, tmp_path, inventory, report_dir, run):
        self.sim = sim
        self.tmp_path = tmp_path
        self.inventory = inventory
        self.report_dir = report_dir
        self.run = run


@pytest.fixture(scope='module')
def first_run(tmp_path_factory):
    """One first setup run shared by the read-only checks (a playbook run is the slow part)."""
    tmp_path = tmp_path_factory.mktemp('first_run')
    with Simulator(tenants=TENANTS, scheme='https') as sim:
        inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
        report_dir = tmp_path / 'report'
        yield FirstRun(sim, tmp_path, inventory, report_dir, run_setup(tmp_path / 'setup1', inventory, report_dir))


def test_first_run_creates_role_and_member_and_fails_on_pending_steps(first_run):
    run, sim = first_run.run, first_run.sim
    assert run.rc == 2, run.output                         # hosts failed: steps remain everywhere
    assert recap_failed(run.stdout) == dict((tenant, 1) for tenant in TENANTS), run.output
    report, by_tenant = read_report(first_run.report_dir)
    assert report['totals']['tenants'] == 3 and report['totals']['pending'] == 3, report['totals']
    assert report['totals']['failed'] == 0 and report['totals']['complete'] == 0
    for tenant in TENANTS:
        assert ROLE in role_names(sim, tenant)
        assert MEMBER in member_ids(sim, tenant)
        failure = run.result('msp.connectwise_psa.acct_sync : Fail this tenant while manual steps remain', tenant)
        assert 'manual step(s) remain' in failure['msg']
        status = by_tenant[tenant]
        assert status['role']['created'] is True and status['member']['changed'] is True
        assert status['error'] is None and not status['complete']
        assert status['key']['status'] == 'missing'
        steps = status['pending_steps']
        assert ('System > Security Roles > "Acct Sync API" > Finance > Accounting Interface: '
                'Add All, Edit All, Delete All, Inquire All (now None, None, None, None)') in steps, steps
        assert any('API Keys: click + (New)' in step for step in steps), steps


@pytest.fixture(scope='module')
def rerun_and_audit(first_run):
    """A second setup run, then the audit playbook with the request log cleared in between."""
    tmp_path, sim = first_run.tmp_path, first_run.sim
    second = run_setup(tmp_path / 'setup2', first_run.inventory, tmp_path / 'report2')
    sim.clear_log()
    audit = run_setup(tmp_path / 'audit_run', first_run.inventory, tmp_path / 'audit', playbook=AUDIT)
    return second, audit, sim.writes(), sim.requests()


def test_second_run_changes_nothing(rerun_and_audit):
    second = rerun_and_audit[0]
    assert recap_changed(second.stdout) == dict((tenant, 0) for tenant in TENANTS), second.output
    assert recap_failed(second.stdout) == dict((tenant, 1) for tenant in TENANTS), second.output


def test_audit_writes_nothing_and_reports_the_same_steps(first_run, rerun_and_audit):
    audit, writes, requests = rerun_and_audit[1:]
    assert audit.rc == 2, audit.output       # still pending: the audit fails the same tenants
    assert writes == []
    assert requests, 'the audit read nothing'
    _unused, after_second = read_report(first_run.tmp_path / 'report2')
    _unused, audited = read_report(first_run.tmp_path / 'audit', 'acct_sync_audit')
    for tenant in TENANTS:
        assert audited[tenant]['pending_steps']
        assert audited[tenant]['pending_steps'] == after_second[tenant]['pending_steps']


@pytest.mark.usefixtures('rerun_and_audit')
def test_audit_report_says_check_mode(first_run):
    audit_report, _unused = read_report(first_run.tmp_path / 'audit', 'acct_sync_audit')
    assert audit_report['check_mode'] is True


def test_html_report_has_totals_and_escaped_steps(first_run):
    with open(str(first_run.report_dir / 'acct_sync_report.html')) as stream:
        html = stream.read()
    report, by_tenant = read_report(first_run.report_dir)
    page = ReportPage()
    page.feed(html)
    assert page.totals['Tenants'] == 3 and page.totals['Pending'] == 3, page.totals
    assert page.totals['Pending steps'] == report['totals']['pending_steps']
    assert set(page.links) <= page.ids
    for tenant in TENANTS:
        assert page.section_of(tenant)['steps'] == by_tenant[tenant]['pending_steps']
        assert page.section_of(tenant)['notes'] == ['Note: ' + note for note in by_tenant[tenant]['notes']]
    # Steps carry quotes and "Time & Expense": they must reach the page escaped once, never raw.
    raw_step = next(step for step in by_tenant['acme']['pending_steps'] if '&' in step and '"' in step)
    assert raw_step not in html
    assert 'Time &amp; Expense' in html and '&#34;Acct Sync API&#34;' in html and '&amp;amp;' not in html


def test_run_names_the_report_files_and_totals_last(first_run):
    tail = first_run.run.stdout.split('PLAY RECAP')[0].rstrip().splitlines()[-7:]
    report_dir = str(first_run.report_dir)
    assert tail[:6] == ['Report (HTML): %s/acct_sync_report.html' % report_dir,
                        'Report (Markdown): %s/acct_sync_report.md' % report_dir,
                        'Report (JSON): %s/acct_sync_report.json' % report_dir,
                        'complete: 0 tenant(s)', 'pending: 3 tenant(s), 57 manual step(s) in all',
                        'failed: 0 tenant(s)'], first_run.run.stdout[-3000:]


def test_operator_and_key_complete_one_tenant(tmp_path, sim):
    report_dir = tmp_path / 'report'
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
    first = run_setup(tmp_path / 'setup1', inventory, report_dir)
    assert MEMBER in member_ids(sim, 'acme'), first.output

    # What a person does in the PSA web UI for acme only, then the pair goes into acme's host vars.
    operator = sim.operator('acme')
    operator.apply_table(ROLE, load_table('acct_sync.yml')['permissions'])
    public, private = operator.create_api_key(MEMBER, 'Acct Sync API')
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, host_vars={
        'acme': {'acct_sync_key_public': public, 'acct_sync_key_private': private}}))
    second = run_setup(tmp_path / 'setup2', inventory, report_dir)

    assert recap_failed(second.stdout) == {'acme': 0, 'globex': 1, 'initech': 1}, second.output
    assert private not in second.stdout + second.stderr
    report, by_tenant = read_report(report_dir)
    assert by_tenant['acme']['complete'] is True, by_tenant['acme']
    assert by_tenant['acme']['key']['status'] == 'verified' and by_tenant['acme']['pending_steps'] == []
    assert by_tenant['acme']['role']['compliant'] is True
    for tenant in ('globex', 'initech'):
        assert not by_tenant[tenant]['complete'] and by_tenant[tenant]['pending_steps']
    assert report['totals']['complete'] == 1 and report['totals']['pending'] == 2
    with open(str(report_dir / 'acct_sync_report.json')) as stream:
        assert private not in stream.read()


# Two other vendors' tables, one per tenant, by host variables alone (no change to the role).
VENDORS = {
    'acme': ('mspbackups.yml', 'MSP360API'),
    'globex': ('nable_rmm.yml', 'NableRMMAPI'),
}


def test_other_vendors_tables_by_variables_alone(tmp_path, sim):
    vendor_vars = {}
    for tenant, (table_file, identifier) in VENDORS.items():
        table = load_table(table_file)
        assert len(identifier) <= 15
        vendor_vars[tenant] = {'acct_sync_role_name': table['role_name_default'], 'acct_sync_permissions': table['permissions'],
                               'acct_sync_member_identifier': identifier, 'acct_sync_member_name': table['role_name_default'],
                               'acct_sync_key_description': table['role_name_default']}
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=list(VENDORS), host_vars=vendor_vars))
    report_dir = tmp_path / 'report'
    first = run_setup(tmp_path / 'setup1', inventory, report_dir)
    for tenant, settings in vendor_vars.items():
        assert settings['acct_sync_role_name'] in role_names(sim, tenant), first.output
        assert settings['acct_sync_member_identifier'] in member_ids(sim, tenant), first.output
        assert ROLE not in role_names(sim, tenant)
        sim.operator(tenant).apply_table(settings['acct_sync_role_name'], settings['acct_sync_permissions'])

    second = run_setup(tmp_path / 'setup2', inventory, report_dir)
    assert recap_changed(second.stdout) == {'acme': 0, 'globex': 0}, second.output
    _unused, by_tenant = read_report(report_dir)
    for tenant, settings in vendor_vars.items():
        status = by_tenant[tenant]
        assert status['role']['compliant'] is True, status
        assert status['role']['name'] == settings['acct_sync_role_name']
        assert status['member']['identifier'] == settings['acct_sync_member_identifier']
        # No permission level is left; the key (and the Customize items it would verify) are.
        steps = status['pending_steps']
        assert not [step for step in steps if '(now ' in step], steps
        assert any('API Keys: click + (New)' in step for step in steps), steps


def test_wrong_admin_key_fails_that_tenant_alone(tmp_path, sim):
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, host_vars={
        'globex': {'cw_psa_private_key': 'not-the-private-key'}}))
    report_dir = tmp_path / 'report'
    run = run_setup(tmp_path / 'setup', inventory, report_dir)
    assert sim.writes('globex') == []
    for tenant in ('acme', 'initech'):
        assert MEMBER in member_ids(sim, tenant), run.output
    report, by_tenant = read_report(report_dir)
    assert report['totals']['failed'] == 1 and report['totals']['pending'] == 2, report['totals']
    error = by_tenant['globex']['error']
    assert error and 'Ensure the security role' in error and '401' in error, error
    assert 'not-the-private-key' not in json.dumps(report) + run.stdout
    for tenant in ('acme', 'initech'):
        assert by_tenant[tenant]['error'] is None and by_tenant[tenant]['member']['ok']
    failure = run.result('msp.connectwise_psa.acct_sync : Fail this tenant while manual steps remain', 'globex')
    assert 'globex is not complete: ' in failure['msg']


def test_invalid_table_fails_every_tenant_before_any_write(tmp_path, sim):
    table = load_table('acct_sync.yml')['permissions']
    table[0] = dict(table[0], inquire='Some')
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim))
    report_dir = tmp_path / 'report'
    run = run_setup(tmp_path / 'setup', inventory, report_dir, extra_vars={'acct_sync_permissions': table})
    assert run.rc != 0
    assert recap_failed(run.stdout) == dict((tenant, 1) for tenant in TENANTS), run.output
    assert sim.writes() == []
    for tenant in TENANTS:
        assert ROLE not in role_names(sim, tenant)
        failure = run.result('msp.connectwise_psa.acct_sync : Fail this tenant while manual steps remain', tenant)
        assert 'acct_sync_permissions' in failure['msg'], failure['msg']
    _unused, by_tenant = read_report(report_dir)
    assert all('acct_sync_permissions' in by_tenant[tenant]['error'] for tenant in TENANTS)


def test_report_lists_removal_of_extra_customize_items_and_null_for_unchecked_keys(tmp_path, sim):
    report_dir = tmp_path / 'report'
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme', 'globex']))
    first = run_setup(tmp_path / 'setup1', inventory, report_dir)
    assert MEMBER in member_ids(sim, 'acme'), first.output

    # The person sets acme's role as the table says, plus one Table Setup item beyond it and one in a form
    # nobody has published; globex gets no key.
    operator = sim.operator('acme')
    operator.apply_table(ROLE, load_table('acct_sync.yml')['permissions'])
    operator.set_customize_items(ROLE, ['General Ledger / GL Accounts', 'Invoicing / Billing Terms', 'Products / UOM'])
    operator.add_customize_item(ROLE, '4711')
    public, private = operator.create_api_key(MEMBER, 'Acct Sync API')
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme', 'globex'], host_vars={
        'acme': {'acct_sync_key_public': public, 'acct_sync_key_private': private}}))
    run_setup(tmp_path / 'setup2', inventory, report_dir)

    report, by_tenant = read_report(report_dir)
    acme, globex = by_tenant['acme'], by_tenant['globex']
    assert acme['key']['status'] == 'drift' and not acme['complete'], acme
    removal = ('System > Security Roles > "Acct Sync API" > System > Table Setup: click Customize and untick '
               '"Products/UOM" under "Allow access to these", then Save')
    assert removal in acme['pending_steps'], acme['pending_steps']
    assert any('"4711"' in step for step in acme['pending_steps']), acme['pending_steps']
    assert not [step for step in acme['pending_steps'] if 'tick "' in step and 'untick' not in step]   # the key has them
    assert acme['key']['checked'] is True
    assert (acme['key']['customize_missing'], acme['key']['customize_extra'], acme['key']['customize_unrecognised'],
            acme['key']['permissions_drift']) == (0, 1, 1, 0)
    assert acme['key']['unrecognised_items'][0]['item'] == '4711'
    assert globex['key']['status'] == 'missing' and globex['key']['checked'] is False
    for field in ('permissions_drift', 'customize_missing', 'customize_extra', 'customize_unrecognised',
                  'unrecognised_items'):
        assert globex['key'][field] is None, (field, globex['key'])
    assert globex['role']['drift'] > 0 and globex['role']['customize_unverified'] == 2    # checked: numbers
    assert report['totals']['key_checked'] == 1 and report['totals']['customize_extra'] == 1
    assert report['totals']['customize_unrecognised'] == 1
    with open(str(report_dir / 'acct_sync_report.md')) as stream:
        markdown = stream.read()
    # The Markdown checklist gives the screen once, then each step's rest (Markdown-escaped).
    assert '**System > Security Roles > "Acct Sync API"**' in markdown
    assert '. [ ] System > Table Setup: click Customize and untick "Products/UOM" under "Allow access to these", then Save' \
        in markdown
