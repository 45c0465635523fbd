# -*- coding: utf-8 -*-
"""The built artifact is what Galaxy and Automation Hub accept: galaxy-importer imports it
with its default checks, and it holds no development-only file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import fnmatch
import json
import os
import re
import subprocess
import sys
import tarfile

import pytest

from tests.collection_path import ROOT
from tests.integration.harness import BIN, ansible_env

IMPORTER_CONFIG = os.path.join(ROOT, 'tests', 'galaxy-importer.cfg')
# Files a clone has for development and that must not reach users.
DEV_ONLY = ('Makefile', 'examples/vault-password.txt', 'benchmarks/', '.ci/', '.ansible/', '.venv', 'tests/output/')


@pytest.fixture(scope='module')
def artifact(tmp_path_factory):
    out = tmp_path_factory.mktemp('build')
    process = subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', ROOT, '--output-path', str(out)],
                             env=ansible_env(out), capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    (path,) = out.glob('msp-connectwise_psa-*.tar.gz')
    return path


def test_artifact_holds_no_development_only_file(artifact):
    with tarfile.open(str(artifact)) as tar:
        names = tar.getnames()
    leaked = [name for name in names if name.startswith(DEV_ONLY) or '__pycache__' in name]
    assert leaked == []
    for needed in ('README.md', 'LICENSE', 'meta/runtime.yml', 'roles/acct_sync/README.md', 'changelogs/changelog.yaml',
                   'roles/integrations/README.md', 'roles/integrations/files/presets/hudu.yml',
                   'requirements.txt', 'examples/inventory/hosts.yml'):
        assert needed in names


# Every file the artifact may hold; anything else is a development file that leaked. plugins/
# holds Python only (filter documentation as YAML beside its plugin, as Ansible reads it).
ALLOWED = (
    'MANIFEST.json', 'FILES.json', 'README.md', 'CHANGELOG.rst', 'LICENSE', 'LICENSES/*.txt', 'REUSE.toml',
    'requirements.txt', '.ansible-lint', 'changelogs/*.yaml', 'changelogs/fragments/*.yml',
    'docs/*.md', 'docs/*.json', 'examples/inventory/*', 'extensions/awx/*', 'meta/*.yml',
    'playbooks/*.yml', 'playbooks/templates/*.j2', 'roles/acct_sync/*.md', 'roles/acct_sync/*/*.yml',
    'roles/integrations/*.md', 'roles/integrations/*/*.yml', 'roles/integrations/files/presets/*.md',
    'roles/integrations/files/presets/*.yml',
    'plugins/*/*.py', 'plugins/filter/*.yml', 'tests/*',
)
# Not ours and not ours to redistribute (LICENSES/LicenseRef-ConnectWise-OpenAPI-document.txt).
NOT_SHIPPED = ('tests/simulator/data/openapi-subset.json',)


def shipped_files(artifact):
    with tarfile.open(str(artifact)) as tar:
        return [member.name for member in tar.getmembers() if member.isfile()]


def test_artifact_holds_only_allowed_files(artifact):
    names = shipped_files(artifact)
    assert [name for name in names if not any(fnmatch.fnmatch(name, pattern) for pattern in ALLOWED)] == []
    assert [name for name in names if name in NOT_SHIPPED or name.startswith('tests/output/')] == []
    assert {'LICENSES/GPL-3.0-or-later.txt', 'REUSE.toml', 'tests/unit/requirements.txt',
            'plugins/doc_fragments/_attributes.py', 'plugins/plugin_utils/_report_templates.py'} <= set(names)


def test_plugins_hold_python_only_in_the_clone_too():
    tracked = subprocess.run(['git', 'ls-files', 'plugins'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert [name for name in tracked if not fnmatch.fnmatch(name, 'plugins/*/*.py') and not fnmatch.fnmatch(name, 'plugins/filter/*.yml')] == []


def test_unit_suite_runs_from_the_installed_artifact(artifact, tmp_path):
    """Without the vendor contract, the tests that need the simulator skip and say why; the rest pass."""
    dest = tmp_path / 'ansible_collections' / 'msp' / 'connectwise_psa'
    dest.mkdir(parents=True)
    with tarfile.open(str(artifact)) as tar:
        tar.extractall(str(dest))
    env = ansible_env(tmp_path, {'PYTHONDONTWRITEBYTECODE': '1', 'ANSIBLE_COLLECTIONS_PATH': str(tmp_path)})
    process = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rs', 'tests/unit'],
                             cwd=str(dest), env=env, capture_output=True, text=True, check=False, timeout=600)
    log = process.stdout + process.stderr
    assert process.returncode == 0, log
    summary = log.strip().splitlines()[-1]
    assert re.search(r'\d+ passed', summary) and re.search(r'\d+ skipped', summary) and 'failed' not in summary, log
    assert 'is not in the built collection' in log, log


def test_galaxy_importer_accepts_the_artifact(artifact, tmp_path):
    env = ansible_env(tmp_path, {
        'GALAXY_IMPORTER_CONFIG': IMPORTER_CONFIG,
        # galaxy-importer hands this to ansible-doc and ansible-lint: keep their files in tmp_path.
        'GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP': str(tmp_path / 'importer-tmp'),
    })
    process = subprocess.run([os.path.join(BIN, 'python'), '-m', 'galaxy_importer.main', str(artifact)],
                             cwd=str(tmp_path), env=env, capture_output=True, text=True, check=False, timeout=600)
    log = process.stdout + process.stderr
    assert process.returncode == 0, log
    assert 'Importer processing completed successfully' in log
    # ansible-lint findings and doc problems are logged as warnings without failing the import.
    problems = [line for line in log.splitlines() if re.match(r'(WARNING|ERROR)\b', line)]
    assert problems == [], log
    with open(str(tmp_path / 'importer_result.json')) as stream:
        result = json.load(stream)
    contents = {(item['content_type'], item['name']) for item in result['contents']}
    assert {('module', 'cw_security_role'), ('module', 'cw_api_member'), ('module', 'cw_api_key'),
            ('role', 'acct_sync'), ('filter', 'psa')} <= contents
    assert 'tools' in result['metadata']['tags']


CHANGELOG_SCRIPT = os.path.join(ROOT, '.ci', 'changelog.sh')


@pytest.mark.skipif(not os.path.exists(CHANGELOG_SCRIPT), reason='a source checkout only (.ci is not in the artifact)')
def test_changelog_is_generated_and_lists_each_new_content_once(tmp_path):
    generated = tmp_path / 'CHANGELOG.rst'
    env = ansible_env(tmp_path, {'PYTHON': os.path.join(BIN, 'python')})
    process = subprocess.run(['bash', CHANGELOG_SCRIPT, str(generated)], env=env, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    text = generated.read_text()
    for name in ('cw_security_role', 'cw_api_member', 'cw_api_key', 'cw_security_role_info', 'cw_api_member_info',
                 'permission_table_errors', 'tenant_status', 'status_report', 'acct_sync', 'setup_acct_sync', 'audit_acct_sync',
                 'store_api_key', 'cw_api_key_vault', 'key_lifecycle', 'key_intake_refusal', 'dated_description',
                 'cw_api_member_posture_info', 'cw_tenant_snapshot_info', 'posture_report', 'posture_markdown',
                 'audit_api_members', 'export_tenant_snapshot', 'integrations', 'setup_integrations', 'audit_integrations',
                 'integration_plan', 'integration_summary', 'play_statuses'):
        assert len(re.findall(r'^- msp\.connectwise_psa\.%s - ' % name, text, re.M)) == 1, name
        # ...and not again as a 'new module' (or role, filter, playbook) line of a fragment.
        assert re.findall(r'\b%s - new (module|role|filter|playbook)\b' % name, text) == [], name
    with open(os.path.join(ROOT, 'CHANGELOG.rst')) as stream:
        assert stream.read() == text, 'CHANGELOG.rst is stale: run `make changelog` and commit it'
