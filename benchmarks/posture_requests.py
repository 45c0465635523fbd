# -*- coding: utf-8 -*-
"""Requests the API-member posture audit sends to one tenant, by number of API members and
distinct roles; prints a table (nothing fails on it).

    .venv/bin/python -m benchmarks.posture_requests            # 30 API members on 1, 10 and 30 roles
    .venv/bin/python -m benchmarks.posture_requests --members 1200 --roles 10

The figure is 3 + the distinct roles the members use (API members, roles, people on those roles,
then one settings list per role), plus one request per further 1000 API members (paging).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import sys

from tests.collection_path import collections_path

sys.path.insert(0, collections_path())   # the checkout as ansible_collections.msp.connectwise_psa

from tests import posture_tenants  # noqa: E402
from tests.simulator import Simulator  # noqa: E402

from ansible_collections.msp.connectwise_psa.plugins.module_utils import posture  # noqa: E402
from ansible_collections.msp.connectwise_psa.plugins.module_utils.connection import client_from_params  # noqa: E402


def measure(members, roles):
    """``(requests, distinct roles, paths)`` of one audit of a tenant with ``members`` API members."""
    with Simulator(tenants=('bench',), scheme='http') as sim:
        posture_tenants.many_members(sim, 'bench', count=members, roles=roles)
        tenant = sim.tenant('bench')
        client = client_from_params({'site': sim.base_url, 'company_id': tenant.company_id,
                                     'public_key': tenant.public_key, 'private_key': tenant.private_key,
                                     'client_id': sim.client_id, 'api_version': '2025.8', 'validate_certs': True,
                                     'timeout': 30, 'retries': 0})
        try:
            result = posture.audit(client, None)
        finally:
            client.close()
        distinct = len(set(member['role']['id'] for member in result['members']))
        paths = [entry['path'] for entry in sim.requests('bench') if entry['api']]
        return client.request_count, distinct, paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--members', type=int, default=30)
    parser.add_argument('--roles', type=int, action='append', help='distinct integration roles (repeatable)')
    args = parser.parse_args(argv)
    print('| API members | distinct roles | requests |')
    print('|---|---|---|')
    for roles in args.roles or (1, 10, 29):
        requests, distinct, _paths = measure(args.members, roles)
        print('| %d | %d | %d |' % (args.members, distinct, requests))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
