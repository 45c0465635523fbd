# -*- coding: utf-8 -*-
"""Each tenant's key pairs from a secret store, read once per tenant per run.

The store is AWS Secrets Manager's real API as moto's standalone server answers it; the
play reads it with amazon.aws.secretsmanager_secret (extracted from the `ansible` wheel,
tests/third_party_collections.py) with the environment AWX's Amazon Web Services
credential injects. moto's request recorder counts the store's requests per secret.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import collections
import json
import os
import socket
import subprocess
import time

import pytest
import yaml

from tests.integration.harness import BIN, run_playbook, tenant_inventory, write_inventory
from tests.simulator import Simulator
from tests.third_party_collections import collections_path

boto3 = pytest.importorskip('boto3', reason='boto3 is not installed (tests/requirements.txt)')
requests = pytest.importorskip('requests')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETUP = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
AUDIT = os.path.join(ROOT, 'playbooks', 'audit_acct_sync.yml')
ROLE = 'Acct Sync API'
TENANTS = ('acme', 'globex', 'initech')
MISSING = 'umbrella'                  # its path names no secret in the store
LOOKUP = "{{ lookup('amazon.aws.secretsmanager_secret', cw_psa_secret_path) }}"


def table():
    with open(os.path.join(ROOT, 'roles', 'acct_sync', 'defaults', 'main.yml')) as stream:
        return yaml.safe_load(stream)['acct_sync_permissions']


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture
def store(tmp_path):
    """moto_server on 127.0.0.1, recording every request; yields (endpoint, recording file)."""
    moto_server = os.path.join(BIN, 'moto_server')
    if not os.path.exists(moto_server):
        pytest.fail('moto_server is missing: pip install -r tests/requirements.txt (moto[server])')
    recording = tmp_path / 'moto-recording.jsonl'
    port = free_port()
    env = dict(os.environ, MOTO_ENABLE_RECORDING='True', MOTO_RECORDER_FILEPATH=str(recording))
    log = open(str(tmp_path / 'moto.log'), 'w')
    process = subprocess.Popen([moto_server, '-H', '127.0.0.1', '-p', str(port)], env=env, stdout=log, stderr=log)
    endpoint = 'http://127.0.0.1:%d' % port
    try:
        for attempt in range(100):
            try:
                requests.get(endpoint + '/moto-api/', timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield endpoint, recording
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def aws_env(endpoint):
    """What AWX's Amazon Web Services credential injects, plus the region and moto's endpoint."""
    return {'AWS_ACCESS_KEY_ID': 'testing', 'AWS_SECRET_ACCESS_KEY': 'testing', 'AWS_REGION': 'us-east-1',
            'AWS_DEFAULT_REGION': 'us-east-1', 'AWS_ENDPOINT_URL': endpoint}


def store_requests(recording):
    """{(operation, secret id): count} from moto's recording."""
    counts = collections.Counter()
    if not recording.exists():
        return counts
    for line in recording.read_text().splitlines():
        entry = json.loads(line)
        operation = (entry['headers'].get('X-Amz-Target') or '').split('.')[-1]
        body = entry.get('body') or '{}'
        body = json.loads(base64.b64decode(body) if entry.get('body_encoded') else body)
        counts[(operation, body.get('SecretId'))] += 1
    return counts


def reset(endpoint):
    requests.post(endpoint + '/moto-api/recorder/reset-recording', timeout=5).raise_for_status()


def inventory(sim, host_vars, group_vars):
    """Tenants with only a secret's path (and the company, location, business unit): no key in the inventory."""
    data = tenant_inventory(sim, TENANTS)
    hosts = data['all']['children']['psa_tenants']['hosts']
    for tenant in TENANTS:
        for name in ('cw_psa_public_key', 'cw_psa_private_key'):
            hosts[tenant].pop(name)
        hosts[tenant].update(cw_psa_secret_path='psa/%s' % tenant, **host_vars.get(tenant, {}))
    hosts[MISSING] = dict(hosts['acme'], cw_psa_company_id=MISSING, cw_psa_secret_path='psa/%s' % MISSING)
    data['all']['children']['psa_tenants']['vars'].update(group_vars)
    return data


def canary_then_setup(tmp_path):
    """A cacheable fact first, so the fact cache demonstrably holds something, then the setup."""
    path = tmp_path / 'canary_then_setup.yml'
    path.write_text(yaml.safe_dump([
        {'name': 'Put a cacheable fact in the cache', 'hosts': 'psa_tenants', 'gather_facts': False, 'connection': 'local',
         'tasks': [{'name': 'Canary', 'ansible.builtin.set_fact': {'fact_cache_canary': 'cached', 'cacheable': True}}]},
        {'ansible.builtin.import_playbook': SETUP}], sort_keys=False))
    return str(path)


def run(tmp_path, name, sim, endpoint, recording, host_vars=None, group_vars=None, env=None, args=(), playbook=SETUP):
    reset(endpoint)
    path = write_inventory(tmp_path / name / 'inventory.yml', inventory(sim, host_vars or {}, group_vars or {}))
    environment = dict(aws_env(endpoint), **(env or {}))
    environment['ANSIBLE_COLLECTIONS_PATH'] = os.pathsep.join([os.environ['ANSIBLE_COLLECTIONS_PATH'],
                                                              collections_path('amazon.aws')])
    result = run_playbook(tmp_path / name, playbook, inventory=path, env=environment, args=args)
    return result, store_requests(recording)


def report(run_dir):
    with open(str(run_dir / 'acct_sync_report' / 'acct_sync_report.json')) as stream:
        return dict((status['tenant'], status) for status in json.load(stream)['tenants'])


def per_tenant(counts, operation='GetSecretValue'):
    return dict((secret.split('/', 1)[1], count) for (op, secret), count in counts.items() if op == operation and secret)


def test_each_tenant_secret_is_read_once_per_run(tmp_path, store):
    endpoint, recording = store
    client = boto3.client('secretsmanager', **dict((key, value) for key, value in (
        ('endpoint_url', endpoint), ('region_name', 'us-east-1'), ('aws_access_key_id', 'testing'),
        ('aws_secret_access_key', 'testing'))))
    with Simulator(tenants=TENANTS + (MISSING,), scheme='https') as sim:
        for tenant in TENANTS:
            admin = sim.tenant(tenant)
            client.create_secret(Name='psa/%s' % tenant, SecretString=json.dumps(
                {'cw_psa_public_key': admin.public_key, 'cw_psa_private_key': admin.private_key}))
        private_keys = [sim.tenant(tenant).private_key for tenant in TENANTS]
        cache = tmp_path / 'fact-cache'

        # Run 1, -v and a fact cache on: role and member created in every tenant with a secret.
        first, counts = run(tmp_path, 'run1', sim, endpoint, recording, group_vars={'cw_psa_secret': LOOKUP},
                            env={'ANSIBLE_CACHE_PLUGIN': 'jsonfile', 'ANSIBLE_CACHE_PLUGIN_CONNECTION': str(cache)},
                            args=('-v',), playbook=canary_then_setup(tmp_path))
        assert first.rc == 2, first.output
        for tenant in TENANTS:
            assert ROLE in [member['identifier'] for member in sim.members(tenant)], first.output
        once = per_tenant(counts)
        assert once == dict((tenant, 1) for tenant in TENANTS + (MISSING,)), counts
        assert sum(counts.values()) == len(TENANTS) + 1, counts           # nothing but one GetSecretValue each
        statuses = report(tmp_path / 'run1')
        # The store's own answer names the secret (it holds no value); a censored one gets the role's hint.
        error = statuses[MISSING]['error']
        assert error.startswith("Read the tenant's secret once for every task (cw_psa_secret): ") and (
            'psa/%s' % MISSING in error or 'cw_psa_secret could not be read' in error), error
        cached = ''.join(path.read_text() for path in cache.rglob('*') if path.is_file())
        assert cached.count('fact_cache_canary') == len(TENANTS) + 1      # the cache was on, for every tenant
        assert '_acct_sync_secret' not in cached
        leaked = [key for key in private_keys if key in first.stdout + first.stderr + cached]
        assert leaked == []

        # A person creates the member's key in acme and puts the pair in acme's secret; run 2 verifies it.
        operator = sim.operator('acme')
        operator.apply_table(ROLE, table())
        public, private = operator.create_api_key(ROLE, ROLE)
        admin = sim.tenant('acme')
        client.put_secret_value(SecretId='psa/acme', SecretString=json.dumps({
            'cw_psa_public_key': admin.public_key, 'cw_psa_private_key': admin.private_key,
            'acct_sync_key_public': public, 'acct_sync_key_private': private}))
        second, counts = run(tmp_path, 'run2', sim, endpoint, recording, group_vars={'cw_psa_secret': LOOKUP})
        assert second.rc == 2, second.output                  # globex, initech still pending, umbrella failed
        status = report(tmp_path / 'run2')['acme']
        assert status['complete'] and status['key']['status'] == 'verified', status
        assert per_tenant(counts) == dict((tenant, 1) for tenant in TENANTS + (MISSING,)), counts
        assert private not in second.stdout + second.stderr

        # The audit (check mode) reads each secret once too, and writes nothing.
        writes = len(sim.writes())
        audit, counts = run(tmp_path, 'audit', sim, endpoint, recording, group_vars={'cw_psa_secret': LOOKUP}, playbook=AUDIT)
        assert audit.rc == 2 and len(sim.writes()) == writes, audit.output
        assert per_tenant(counts) == dict((tenant, 1) for tenant in TENANTS + (MISSING,)), counts

        # For contrast: the same lookup written into each key variable, templated at every reference.
        naive = "{{ (lookup('amazon.aws.secretsmanager_secret', cw_psa_secret_path) | from_json).%s }}"
        third, counts = run(tmp_path, 'run3', sim, endpoint, recording, group_vars=dict(
            (name, naive % name) for name in ('cw_psa_public_key', 'cw_psa_private_key')))
        naive_counts = per_tenant(counts)
    print('\nsecret store requests per tenant per run: cw_psa_secret %s; a lookup in each key variable %s'
          % (once, naive_counts))
    assert min(naive_counts[tenant] for tenant in TENANTS) > 1
