# -*- coding: utf-8 -*-
"""TLS: certificates are verified by default; ca_path trusts a private CA; plain http only to loopback.

validate_certs: false also works against the simulator, but it is discouraged: it accepts any
certificate, so a man in the middle would receive the API keys. Use ca_path instead.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests.integration.harness import connection_vars, run_playbook

READ_ONLY = {'name': 'Technician', 'permissions': [], 'exclusive': False, 'on_drift': 'ignore'}


def test_validate_certs_default_ca_path_and_http(tmp_path, sim):
    with_ca = connection_vars(sim, 'acme')
    without_ca = dict((key, value) for key, value in with_ca.items() if key != 'ca_path')
    cases = [
        ('default verifies, no ca_path', without_ca),
        ('ca_path trusts the private CA', with_ca),
        ('validate_certs false (discouraged)', dict(without_ca, validate_certs=False)),
        ('http to a non-loopback host', dict(with_ca, site='http://api-na.myconnectwise.net')),
    ]
    play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': [
        {'name': name, 'msp.connectwise_psa.cw_security_role': dict(connection, **READ_ONLY), 'ignore_errors': True}
        for name, connection in cases]}]
    run = run_playbook(tmp_path, play)
    refused = run.task('default verifies, no ca_path')
    assert refused['status'] == 'failed'
    assert 'TLS verification failed' in refused['result']['msg'] and 'ca_path' in refused['result']['msg']
    for name in ('ca_path trusts the private CA', 'validate_certs false (discouraged)'):
        entry = run.task(name)
        assert entry['status'] == 'ok', entry['result']
        assert entry['result']['role']['name'] == 'Technician'
    plain = run.task('http to a non-loopback host')
    assert plain['status'] == 'failed'
    assert 'plain http://' in plain['result']['msg'] and 'use https://' in plain['result']['msg']
    assert sim.writes() == []
    # Only the two working tasks reached the API (the verified-TLS failure never completed a handshake).
    assert {entry['path'] for entry in sim.requests('acme') if entry['api']} >= {'/system/securityroles'}
