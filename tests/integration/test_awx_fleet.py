# -*- coding: utf-8 -*-
"""The fleet path as AWX runs it, without AWX (tests/integration/awx_emulation.py says how):
an inventory synced without a vault password, a job that decrypts it with the Vault
credential's password, and sliced jobs whose merged artifacts still hold every tenant."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import random
import shutil

import pytest
import yaml

from ansible.parsing.vault import VaultLib, VaultSecret

from ansible_collections.msp.connectwise_psa.plugins.filter.psa import tenant_status
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from tests import example
from tests.collection_path import ROOT
from tests.integration import awx_emulation as awx
from tests.integration.harness import run_playbook, tenant_inventory, write_inventory
from tests.integration.test_awx_runner import inject, load_credential_type
from tests.simulator import Simulator

pytest.importorskip('ansible_runner', reason='ansible-runner is not installed (tests/requirements.txt)')

EXAMPLES = os.path.join(ROOT, 'examples')
VAULT_PASSWORD_FILE = os.path.join(EXAMPLES, 'vault-password.txt')
PLAYBOOKS = os.path.join(ROOT, 'playbooks')
SETUP = os.path.join(PLAYBOOKS, 'setup_acct_sync.yml')
MERGE = os.path.join(PLAYBOOKS, 'report_acct_sync.yml')
ROLE = 'Acct Sync API'


def vault_password():
    with open(VAULT_PASSWORD_FILE) as stream:
        return stream.read().strip()


def vaulted(value, password):
    """The YAML of an inline vaulted value, as `ansible-vault encrypt_string` writes it."""
    ciphertext = VaultLib([('default', VaultSecret(password.encode()))]).encrypt(value).decode()
    return '!vault |\n' + ''.join('  %s\n' % line for line in ciphertext.splitlines())


def table():
    with open(os.path.join(ROOT, 'roles', 'acct_sync', 'defaults', 'main.yml')) as stream:
        return yaml.safe_load(stream)['acct_sync_permissions']


def psa_credential_env(sim, base, tenant):
    """The PSA credential type's injection; in the many-tenant model it carries what all tenants share
    (the CA of the site), while each tenant's keys in the inventory win over its CW_PSA_* fallbacks."""
    admin = sim.tenant(tenant)
    with open(sim.ca_path) as stream:
        ca_pem = stream.read()
    (base / 'env').mkdir(parents=True, exist_ok=True)
    env = inject(load_credential_type(), {'site': sim.base_url, 'company_id': admin.company_id,
                                          'public_key': admin.public_key, 'private_key': admin.private_key,
                                          'client_id': sim.client_id, 'ca_cert': ca_pem}, base / 'env')
    env['ANSIBLE_COLLECTIONS_PATH'] = os.environ['ANSIBLE_COLLECTIONS_PATH']
    env['PATH'] = awx.BIN + os.pathsep + os.environ.get('PATH', '')
    return env


def test_example_inventory_syncs_without_a_vault_password(tmp_path):
    """`ansible-inventory --list` (and AWX's --list --export) with no vault secret: ciphertext only."""
    process, exported = awx.export_inventory(os.path.join(EXAMPLES, 'inventory'), tmp_path)
    assert process.returncode == 0, process.stderr
    hostvars = exported['_meta']['hostvars']
    assert sorted(hostvars) == ['acme', 'globex']
    for host in hostvars.values():
        for name in ('vault_cw_psa_public_key', 'vault_cw_psa_private_key'):
            assert sorted(host[name]) == ['__ansible_vault'] and host[name]['__ansible_vault'].startswith('$ANSIBLE_VAULT;')
    text = json.dumps(exported)
    assert 'admin-private-example' not in text and 'admin-public-example' not in text

    plain = awx.subprocess.run([os.path.join(awx.BIN, 'ansible-inventory'), '-i', os.path.join(EXAMPLES, 'inventory'), '--list'],
                               env=awx.ansible_env(tmp_path), capture_output=True, text=True, check=False)
    assert plain.returncode == 0, plain.stderr
    assert '__ansible_vault' in plain.stdout and 'admin-private-example' not in plain.stdout


def test_a_whole_file_vault_in_an_inventory_source_fails_the_sync(tmp_path):
    """The layout the example had: why docs/awx.md says to vault values, not files, in an inventory source."""
    source = tmp_path / 'inventory'
    shutil.copytree(os.path.join(EXAMPLES, 'inventory'), str(source))
    secret = VaultLib([('default', VaultSecret(b'pw'))]).encrypt('---\nvault_cw_psa_private_key: x\n').decode()
    (source / 'host_vars' / 'acme' / 'vault.yml').write_text(secret)
    process, exported = awx.export_inventory(source, tmp_path)
    assert process.returncode != 0 and exported is None
    assert 'no vault secrets' in process.stderr.lower()


def test_a_whole_file_vault_next_to_the_playbook_decrypts_at_job_time(tmp_path):
    """The other layout that works: the vaulted host_vars/ sit in the project beside the playbook, where
    no inventory sync reads them and ansible-playbook does, with the Vault credential's password."""
    password = vault_password()
    with Simulator(tenants=('acme',), scheme='https') as sim:
        admin = sim.tenant('acme')
        synced = {'psa_tenants': {'hosts': ['acme'], 'vars': {
            'cw_psa_site': sim.base_url, 'cw_psa_client_id': sim.client_id, 'cw_psa_ca_path': sim.ca_path,
            'acct_sync_member_location': 'Head Office', 'acct_sync_member_business_unit': 'Administration'}},
            '_meta': {'hostvars': {'acme': {'cw_psa_company_id': 'acme'}}}}
        base = awx.private_data_dir(tmp_path / 'job', [SETUP], dict(ANSIBLE_COLLECTIONS_PATH=os.environ['ANSIBLE_COLLECTIONS_PATH'],
                                    PATH=awx.BIN + os.pathsep + os.environ.get('PATH', '')), awx.Inventory(synced).script_data())
        (base / 'project' / 'host_vars').mkdir()
        (base / 'project' / 'host_vars' / 'acme.yml').write_text(VaultLib([('default', VaultSecret(password.encode()))]).encrypt(
            yaml.safe_dump({'cw_psa_public_key': admin.public_key, 'cw_psa_private_key': admin.private_key})).decode())
        runner = awx.run_job(base, SETUP, 150, vault_password=password)
        assert runner.status == 'failed', runner.stdout.read()         # only the manual steps remain
        assert ROLE in [member['identifier'] for member in sim.members('acme')]


def test_awx_job_runs_the_synced_example_inventory(tmp_path):
    """Sync examples/inventory without a password, run the setup from the script AWX writes, with the
    Vault credential's password and the PSA credential's environment, through ansible-runner: the
    vaulted keys decrypt per tenant. A person then creates the member's key, vaults it into the
    inventory, the inventory syncs again and the next job verifies the key: every tenant complete."""
    keys, client_ids = example.example_tenants(str(tmp_path))
    source = tmp_path / 'project-inventory'
    shutil.copytree(os.path.join(EXAMPLES, 'inventory'), str(source))
    password = vault_password()
    with Simulator(tenants=sorted(keys), scheme='https', client_ids=client_ids, admin_keys=keys) as sim:
        base = tmp_path / 'job'
        envvars = psa_credential_env(sim, base, 'acme')
        # The site of every tenant is the simulator: a job template extra var, as `make example` gives -e.
        extravars = {'cw_psa_site': sim.base_url}

        def job(job_id):
            process, exported = awx.export_inventory(source, tmp_path / ('sync-%d' % job_id))
            assert process.returncode == 0, process.stderr
            data = awx.Inventory(exported).script_data()
            run_dir = awx.private_data_dir(tmp_path / ('job-%d' % job_id), [SETUP], envvars, data)
            return run_dir, awx.run_job(run_dir, SETUP, job_id, extravars, vault_password=password)

        run_dir, first = job(101)
        assert first.status == 'failed', first.stdout.read()          # manual steps remain, nothing else
        for tenant in keys:
            assert ROLE in [role['name'] for role in sim.roles(tenant)]
            assert ROLE in [member['identifier'] for member in sim.members(tenant)]
        artifacts = awx.job_artifacts(first)
        report = artifacts['acct_sync_report_job_101']
        assert [(status['tenant'], status['error'], status['key']['status']) for status in report['tenants']] == [
            ('acme', None, 'missing'), ('globex', None, 'missing')]
        assert artifacts['acct_sync_report']['report_key'] == 'acct_sync_report_job_101'

        for tenant in keys:
            operator = sim.operator(tenant)
            operator.apply_table(ROLE, table())
            public, private = operator.create_api_key(ROLE, ROLE)
            path = source / 'host_vars' / tenant / 'vault.yml'
            text = path.read_text()
            text = text.replace('vault_acct_sync_key_public: ""', 'vault_acct_sync_key_public: ' + vaulted(public, password).rstrip())
            text = text.replace('vault_acct_sync_key_private: ""', 'vault_acct_sync_key_private: ' + vaulted(private, password).rstrip())
            path.write_text(text)
        run_dir, second = job(102)
        assert second.status == 'successful', second.stdout.read()
        report = awx.job_artifacts(second)['acct_sync_report_job_102']
        assert [(status['tenant'], status['complete'], status['key']['status']) for status in report['tenants']] == [
            ('acme', True, 'verified'), ('globex', True, 'verified')]
        # Nothing the job produced holds either half of a key (both are secret; runner's own command
        # file records the environment).
        secrets = [half for pair in keys.values() for half in pair]
        produced = [path for path in (run_dir / 'artifacts').rglob('*') if path.is_file() and path.name != 'command']
        assert [str(path) for path in produced if any(secret in path.read_text(errors='replace') for secret in secrets)] == []


# Eight tenants, three slices: slice k gets hosts[k-1::3] of the names in order.
FLEET = ['t%02d' % number for number in range(1, 9)]
COMPLETE = ('t02', 't06')
FAILED = ('t04',)


def fleet_inventory(sim, password, source):
    """A project inventory with every tenant's admin keys vaulted inline; t04's private key is wrong."""
    lines = ['---', 'all:', '  children:', '    psa_tenants:', '      hosts:']
    for tenant in FLEET:
        admin = sim.tenant(tenant)
        lines.append('        %s:' % tenant)
        lines.append('          cw_psa_company_id: %s' % tenant)
        lines.append('          cw_psa_public_key: %s' % vaulted(admin.public_key, password).replace('\n', '\n          ').rstrip())
        private = 'not-the-key' if tenant in FAILED else admin.private_key
        lines.append('          cw_psa_private_key: %s' % vaulted(private, password).replace('\n', '\n          ').rstrip())
    source.mkdir(parents=True)
    (source / 'hosts.yml').write_text('\n'.join(lines) + '\n')
    (source / 'group_vars').mkdir()
    (source / 'group_vars' / 'psa_tenants.yml').write_text(yaml.safe_dump({
        'cw_psa_site': sim.base_url, 'cw_psa_client_id': sim.client_id, 'cw_psa_ca_path': sim.ca_path,
        'acct_sync_member_location': 'Head Office', 'acct_sync_member_business_unit': 'Administration'}))


def expected_state(tenant):
    return 'complete' if tenant in COMPLETE else 'failed' if tenant in FAILED else 'pending'


def state(status):
    return 'complete' if status['complete'] else 'failed' if status['error'] else 'pending'


def test_sliced_job_artifacts_merge_into_one_report_of_every_tenant(tmp_path):
    password = vault_password()
    with Simulator(tenants=FLEET, scheme='https') as sim:
        # Two tenants a person already finished: role and member set up earlier, the key created.
        earlier = run_playbook(tmp_path / 'earlier', SETUP, inventory=write_inventory(
            tmp_path / 'earlier' / 'inventory.yml', tenant_inventory(sim, COMPLETE)))
        assert earlier.rc == 2, earlier.output
        member_keys = {}
        for tenant in COMPLETE:
            sim.operator(tenant).apply_table(ROLE, table())
            member_keys[tenant] = sim.operator(tenant).create_api_key(ROLE, ROLE)
        source = tmp_path / 'inventory'
        fleet_inventory(sim, password, source)
        for tenant, (public, private) in member_keys.items():
            (source / 'host_vars').mkdir(exist_ok=True)
            (source / 'host_vars' / ('%s.yml' % tenant)).write_text('---\nacct_sync_key_public: %sacct_sync_key_private: %s' % (
                vaulted(public, password), vaulted(private, password)))

        process, exported = awx.export_inventory(source, tmp_path / 'sync')
        assert process.returncode == 0, process.stderr
        inventory = awx.Inventory(exported)
        envvars = dict(ANSIBLE_COLLECTIONS_PATH=os.environ['ANSIBLE_COLLECTIONS_PATH'],
                       PATH=awx.BIN + os.pathsep + os.environ.get('PATH', ''))
        slices = {}
        for number in (1, 2, 3):
            data = inventory.script_data(slice_number=number, slice_count=3)
            assert sorted(data['_meta']['hostvars']) == FLEET[number - 1::3]
            job_id = 200 + number
            run_dir = awx.private_data_dir(tmp_path / ('slice-%d' % number), [SETUP], envvars, data)
            runner = awx.run_job(run_dir, SETUP, job_id, vault_password=password)
            assert runner.status in ('successful', 'failed'), runner.stdout.read()
            slices[job_id] = awx.job_artifacts(runner)
            assert sorted(slices[job_id]) == ['acct_sync_report', 'acct_sync_report_job_%d' % job_id]

    finish_order = sorted(slices)
    random.Random(23).shuffle(finish_order)
    merged = awx.merged_artifacts(slices[job_id] for job_id in finish_order)
    # The stable name keeps the last finished slice's summary only; each slice's report has a name of its own.
    assert merged['acct_sync_report']['job_id'] == str(finish_order[-1])
    assert sorted(name for name in merged if name.startswith('acct_sync_report_job_')) == [
        'acct_sync_report_job_201', 'acct_sync_report_job_202', 'acct_sync_report_job_203']

    # The workflow node after the sliced job: AWX hands it the merged artifacts as extra vars.
    node = awx.private_data_dir(tmp_path / 'merge-node', [MERGE], dict(envvars), {'all': {'hosts': []}, '_meta': {'hostvars': {}}})
    runner = awx.run_job(node, MERGE, 300, extravars=merged)
    # The node fails while tenants are not complete: what AWX's failure notification fires on.
    output = runner.stdout.read()
    assert runner.status == 'failed' and '6 of 8 tenant(s) not complete: 5 pending' in ' '.join(output.split()), output
    combined = awx.job_artifacts(runner)['acct_sync_report']
    with open(str(node / 'artifacts' / '300' / 'acct_sync_report' / 'acct_sync_report.json')) as stream:
        assert json.load(stream) == combined
    tenants = [status['tenant'] for status in combined['tenants']]
    assert tenants == FLEET                                   # every tenant, exactly once, in order
    assert dict((status['tenant'], state(status)) for status in combined['tenants']) == dict(
        (tenant, expected_state(tenant)) for tenant in FLEET)
    assert combined['totals']['tenants'] == 8 and combined['totals']['complete'] == 2 and combined['totals']['failed'] == 1
    totals = combined['totals']
    figures = (len(FLEET), finish_order, len(tenants), totals['complete'], totals['pending'], totals['failed'])
    print('\n3 slices over %d tenants, merged in finish order %s: %d tenants in the combined report '
          '(complete %d, pending %d, failed %d)' % figures)


MERGE_TASK = 'Write one report (JSON, Markdown, HTML) of every tenant of every job'


def test_the_report_playbook_without_job_reports_says_where_it_belongs(tmp_path):
    result = run_playbook(tmp_path, MERGE)
    assert result.rc == 2, result.output
    message = result.result(MERGE_TASK)['msg']
    assert 'no job report to merge (no variable acct_sync_report_job_<id>)' in message
    assert 'workflow node after the setup or audit job' in message


def test_job_reports_are_read_as_data_never_templated(tmp_path):
    """AWX passes artifacts as extra vars, which Ansible templates: text the PSA answered must stay text."""
    injected = "{{ lookup('ansible.builtin.pipe', 'touch %s') }}" % (tmp_path / 'ran')
    part = reports.build([(injected, tenant_status({}, {}, {}, error='{{ 6 * 7 }}', tenant=injected))], role_name='R')
    result = run_playbook(tmp_path, MERGE, extra_vars={'acct_sync_report_job_7': part, 'cw_psa_report_dir': str(tmp_path / 'out'),
                                                       'acct_sync_fail_when_incomplete': False})
    assert result.rc == 0, result.output
    with open(str(tmp_path / 'out' / 'acct_sync_report.json')) as stream:
        (status,) = json.load(stream)['tenants']
    assert status['tenant'] == injected and status['error'] == '{{ 6 * 7 }}'
    assert not (tmp_path / 'ran').exists()
