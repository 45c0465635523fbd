# -*- coding: utf-8 -*-
"""ansible-builder finds the collection's Python requirements (what an EE build installs)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ansible_builder():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-builder')
    return candidate if os.path.exists(candidate) else shutil.which('ansible-builder')


def requirement_names(path):
    with open(path) as stream:
        lines = [line.split('#', 1)[0].strip() for line in stream]
    return sorted(line.split('>')[0].split('=')[0].split('<')[0].strip().lower() for line in lines if line)


@pytest.fixture
def collections_dir(tmp_path):
    """introspect wants <dir>/ansible_collections/<namespace>/<name>; a link to the repository will do."""
    link = tmp_path / 'ansible_collections' / 'msp' / 'connectwise_psa'
    link.parent.mkdir(parents=True)
    os.symlink(ROOT, str(link))
    return tmp_path


def test_introspect_reports_the_collection_python_requirements(collections_dir):
    builder = ansible_builder()
    if not builder:
        pytest.skip('ansible-builder is not installed (pip install -r tests/requirements.txt)')
    process = subprocess.run([builder, 'introspect', '--sanitize', str(collections_dir)], check=False,
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr
    data = yaml.safe_load(process.stdout)
    python = data['python']
    assert all(line.endswith('# from collection msp.connectwise_psa') for line in python), python
    reported = sorted(line.split('#', 1)[0].split('>')[0].split('=')[0].strip().lower() for line in python)
    assert 'requests' in reported and 'jsonschema' in reported
    # meta/execution-environment.yml points at requirements.txt: nothing lost on the way.
    assert reported == requirement_names(os.path.join(ROOT, 'requirements.txt'))
    assert data['system'] == []


def test_the_documented_ee_definition_gives_a_build_context(tmp_path):
    """docs/awx.md's definition: schema valid, Python 3.11, collection tarball into the galaxy stage."""
    builder = ansible_builder()
    if not builder:
        pytest.skip('ansible-builder is not installed (pip install -r tests/requirements.txt)')
    with open(os.path.join(ROOT, 'docs', 'awx.md')) as stream:
        match = re.search(r'```yaml\n(---\nversion: 3\n.*?)```', stream.read(), re.S)
    assert match, 'docs/awx.md has no version 3 EE definition'
    definition = yaml.safe_load(match.group(1))
    (tmp_path / 'execution-environment.yml').write_text(match.group(1))
    for item in definition.get('additional_build_files', []):
        (tmp_path / item['src']).write_bytes(b'')      # stands in for the built collection tarball
    process = subprocess.run([builder, 'create', '-f', 'execution-environment.yml', '-c', 'context'], check=False,
                             cwd=str(tmp_path), capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr
    containerfile = (tmp_path / 'context' / 'Dockerfile').read_text()
    assert 'PYCMD="/usr/bin/python3.11"' in containerfile and 'ansible-core>=2.16 ansible-runner' in containerfile
    requirements = yaml.safe_load((tmp_path / 'context' / '_build' / 'requirements.yml').read_text())
    collection = requirements['collections'][0]
    assert collection['type'] == 'file'
    assert os.path.basename(collection['name']) in os.listdir(str(tmp_path / 'context' / '_build' / 'collections'))
