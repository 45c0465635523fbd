# -*- coding: utf-8 -*-
"""The AWX path: ansible-runner, one tenant, credentials only from the credential type's injectors."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shutil
import sys

import pytest
import yaml

from jinja2 import sandbox

from ansible_collections.msp.connectwise_psa.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import DEFAULT_API_VERSION

ansible_runner = pytest.importorskip('ansible_runner', reason='ansible-runner is not installed (tests/requirements.txt)')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE = os.path.join(ROOT, 'extensions', 'awx', 'credential_type.yml')
SETUP = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
BIN = os.path.dirname(sys.executable)
ROLE = 'Acct Sync API'
MEMBER = 'Acct Sync API'


def load_credential_type():
    with open(CREDENTIAL_TYPE) as stream:
        return yaml.safe_load(stream)


def inject(credential_type, inputs, env_dir):
    """Render the injectors the way AWX does: files first, then every env template.

    AWX fills a missing string field with '' and a missing boolean with False, writes each
    file template to a temporary file and exposes its path as tower.filename.<name>.
    """
    renderer = sandbox.ImmutableSandboxedEnvironment()
    namespace = {}
    for field in credential_type['inputs']['fields']:
        namespace[field['id']] = inputs.get(field['id'], False if field['type'] == 'boolean' else '')
    filenames = {}
    for label, template in credential_type['injectors'].get('file', {}).items():
        path = os.path.join(str(env_dir), 'credential_%s' % label.split('.', 1)[1])
        with open(path, 'w') as stream:
            stream.write(renderer.from_string(template).render(**namespace))
        filenames[label.split('.', 1)[1]] = path
    namespace['tower'] = {'filename': filenames}
    return dict((name, renderer.from_string(template).render(**namespace))
                for name, template in credential_type['injectors']['env'].items())


def test_injector_env_names_equal_the_doc_fragment():
    documented = set(re.findall(r'E\((CW_PSA_[A-Z_]+)\)', ModuleDocFragment.DOCUMENTATION))
    injected = set(load_credential_type()['injectors']['env'])
    assert documented and injected == documented


def test_optional_fields_left_empty_inject_valid_values(tmp_path):
    """An empty optional field must not become an empty CW_PSA_TIMEOUT etc. (the modules would reject it)."""
    env = inject(load_credential_type(), {'site': 'psa.example.com', 'company_id': 'acme', 'public_key': 'p',
                                          'private_key': 's', 'client_id': 'c'}, tmp_path)
    assert env['CW_PSA_API_VERSION'] == DEFAULT_API_VERSION
    assert env['CW_PSA_VALIDATE_CERTS'] == 'true'
    assert float(env['CW_PSA_TIMEOUT']) > 0 and int(env['CW_PSA_RETRIES']) >= 0
    assert env['CW_PSA_CA_PATH'] == '' and env['CW_PSA_CODEBASE'] == ''     # both read as unset


def private_data_dir(tmp_path, sim, company_id):
    """project/, inventory/hosts (no credentials) and env/envvars from the credential type."""
    base = tmp_path / 'runner'
    for name in ('project', 'inventory', 'env'):
        (base / name).mkdir(parents=True)
    shutil.copy(SETUP, str(base / 'project' / 'setup_acct_sync.yml'))
    (base / 'inventory' / 'hosts').write_text(
        '[psa_tenants]\n%s acct_sync_member_location="Head Office" acct_sync_member_business_unit=Administration\n' % company_id)
    admin = sim.tenant(company_id)
    with open(sim.ca_path) as stream:
        ca_pem = stream.read()
    envvars = inject(load_credential_type(), {
        'site': sim.base_url, 'company_id': admin.company_id, 'public_key': admin.public_key,
        'private_key': admin.private_key, 'client_id': sim.client_id, 'ca_cert': ca_pem}, base / 'env')
    envvars['ANSIBLE_COLLECTIONS_PATH'] = os.environ['ANSIBLE_COLLECTIONS_PATH']
    envvars['PATH'] = BIN + os.pathsep + os.environ.get('PATH', '')     # this venv's ansible-playbook
    (base / 'env' / 'envvars').write_text(yaml.safe_dump(envvars))
    return base


def test_setup_through_ansible_runner_with_injected_credentials(tmp_path, sim, monkeypatch):
    for name in [name for name in os.environ if name.startswith('CW_PSA_')]:
        monkeypatch.delenv(name)      # the credentials must come from env/envvars alone
    admin = sim.tenant('acme')
    base = private_data_dir(tmp_path, sim, 'acme')

    runner = ansible_runner.run(private_data_dir=str(base), playbook='setup_acct_sync.yml', ident='first', quiet=True)

    # Failed only because manual steps remain: role and member were created.
    assert runner.status == 'failed', runner.stdout.read()
    assert ROLE in [role['name'] for role in sim.roles('acme')]
    assert MEMBER in [member['identifier'] for member in sim.members('acme')]
    results = dict((event['event_data'].get('task_action'), event['event_data'])
                   for event in runner.events if event['event'] in ('runner_on_ok', 'runner_on_failed'))
    assert results['msp.connectwise_psa.cw_security_role']['res']['changed'] is True
    assert results['msp.connectwise_psa.cw_api_member']['res']['changed'] is True
    final = results['ansible.builtin.assert']['res']['msg']
    assert 'acme is not complete' in final and 'manual step(s) remain' in final
    # The report lands in the job's artifact folder (AWX_ISOLATED_DATA_DIR), never in the project,
    # the run's output names it, and the whole report is the job artifact acct_sync_report.
    artifacts = base / 'artifacts' / 'first'
    report_json = artifacts / 'acct_sync_report' / 'acct_sync_report.json'
    with open(str(report_json)) as stream:
        tenant = yaml.safe_load(stream)['tenants'][0]
    assert tenant['company_id'] == 'acme' and tenant['member']['ok'] and tenant['pending_steps']   # company from CW_PSA_COMPANY_ID
    assert not (base / 'project' / 'acct_sync_report').exists()
    assert 'Report (JSON): %s' % report_json in (artifacts / 'stdout').read_text()
    stats = next(event['event_data'] for event in runner.events if event['event'] == 'playbook_on_stats')
    assert stats['artifact_data']['acct_sync_report']['tenants'][0]['tenant'] == 'acme'
    # Runner itself records the whole environment in artifacts/<ident>/command (mode 0600), as it
    # does for AWX's injected credentials; everything the playbook produced must be clean.
    assert oct((artifacts / 'command').stat().st_mode & 0o777) == '0o600'
    scanned = [path for path in artifacts.rglob('*') if path.is_file() and path.name != 'command']
    assert artifacts / 'stdout' in scanned and any(path.parent.name == 'job_events' for path in scanned)
    leaked = [str(path.relative_to(artifacts)) for path in scanned if admin.private_key in path.read_text(errors='replace')]
    assert leaked == []
