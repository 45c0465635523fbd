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

# The measurement lives with the tests (the unit test asserts the same figures; benchmarks/ is not
# in the built artifact, tests/ is).
from tests.posture_tenants import measure


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
