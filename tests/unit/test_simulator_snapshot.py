# -*- coding: utf-8 -*-
"""The simulator replays a tenant snapshot: in Python and from the command line (serve --snapshot)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import subprocess
import sys

import pytest
import requests

from tests import posture_tenants
from tests.collection_path import ROOT
from tests.simulator import Simulator
from tests.simulator.snapshot import SnapshotError, check

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _tenant_snapshot as tenant_snapshot
from ansible_collections.msp.connectwise_psa.plugins.module_utils._connection import client_from_params


def take_snapshot(sim, company_id):
    tenant = sim.tenant(company_id)
    params = {'site': sim.base_url, 'company_id': tenant.company_id, 'public_key': tenant.public_key,
              'private_key': tenant.private_key, 'client_id': sim.client_id, 'api_version': '2025.8',
              'validate_certs': True, 'timeout': 30, 'retries': 0}
    clients = []

    def connect(**overrides):
        clients.append(client_from_params(params, **overrides))
        return clients[-1]

    try:
        return tenant_snapshot.gather(connect, params, True, None)['snapshot']
    finally:
        for client in clients:
            client.close()


@pytest.fixture
def snapshot_file(tmp_path):
    with Simulator(tenants=('acme',), scheme='http') as sim:
        posture_tenants.every_finding(sim, 'acme')
        document = take_snapshot(sim, 'acme')
        members = [dict(member, _updated=None) for member in sim.members('acme')]
    path = tmp_path / 'bug123.snapshot.json'
    path.write_text(json.dumps(document))
    return path, document, members


def get(info, tenant, path):
    creds = info['tenants'][tenant]
    token = base64.b64encode(('%s+%s:%s' % (tenant, creds['public_key'], creds['private_key'])).encode()).decode()
    response = requests.get('%s/%sapis/3.0%s' % (info['base_url'], creds['codebase'], path), timeout=10,
                            headers={'Authorization': 'Basic ' + token, 'clientId': info['client_id']})
    assert response.status_code == 200, response.text
    return response.json()


def test_serve_snapshot_replays_only_that_tenant(tmp_path, snapshot_file):
    path, document, _members = snapshot_file
    state = tmp_path / 'state'
    process = subprocess.Popen([sys.executable, '-m', 'tests.simulator', 'serve', '--http', '--snapshot', str(path),
                                '--state-dir', str(state)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())
        assert list(info['tenants']) == ['bug123'] and info['tenants']['bug123']['admin_member'] == 'AutomationAdmin'
        members = get(info, 'bug123', '/system/apiMembers')
        assert [member['identifier'] for member in members] == [member['identifier'] for member in document['api_members']]
        roles = get(info, 'bug123', '/system/securityroles')
        assert [role['id'] for role in roles] == [role['id'] for role in document['security_roles']]
        people = [m for m in get(info, 'bug123', '/system/members') if m['licenseClass'] != 'A']
        assert [person['identifier'] for person in people] == [person['identifier'] for person in document['people']]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_python_replay_has_the_same_records_under_the_same_ids(snapshot_file):
    _path, document, original = snapshot_file
    with Simulator(tenants=(), scheme='http', snapshots={'bug': document}) as replay:
        replayed = dict((member['id'], member) for member in replay.members('bug'))
        for member in original:
            again = replayed[member['id']]
            for field in ('identifier', 'name', 'inactiveFlag', 'securityRole', 'structureLevel', 'defaultDepartment'):
                assert again[field] == member[field], (field, member['identifier'])
            assert again['emailAddress'] is None     # never in a snapshot


def test_a_file_that_is_not_a_snapshot_is_refused(tmp_path):
    with pytest.raises(SnapshotError, match='is not a tenant snapshot'):
        check({'roles': []})
    with pytest.raises(SnapshotError, match='format 1'):
        check({'snapshot': 'msp.connectwise_psa tenant snapshot', 'format': 2})
    bad = tmp_path / 'x.json'
    bad.write_text('{}')
    run = subprocess.run([sys.executable, '-m', 'tests.simulator', 'serve', '--http', '--snapshot', str(bad)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60, env=dict(os.environ), check=False)
    assert run.returncode == 1 and 'is not a tenant snapshot' in run.stderr


def test_a_snapshot_taken_with_a_persons_key_replays_with_the_key_on_that_person(snapshot_file):
    _path, document, _members = snapshot_file
    person = document['people'][0]
    for row in document['admin']['my_security']:
        row['member'] = {'id': person['id'], 'identifier': person['identifier']}
    with Simulator(tenants=(), scheme='http', snapshots={'bug': document}) as replay:
        info = replay.describe()
        assert info['tenants']['bug']['admin_member'] == person['identifier']
        rows = get(info, 'bug', '/system/mySecurity?pageSize=1000')
        assert rows[0]['member']['identifier'] == person['identifier']
        role = [role for role in document['security_roles'] if role['id'] == person['securityRole']['id']][0]
        assert len(rows) == len(role['settings'])
