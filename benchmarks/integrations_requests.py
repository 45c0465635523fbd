# -*- coding: utf-8 -*-
"""Requests per tenant of setup_integrations for 1 and 5 integrations (first run and steady state),
beside the seed's setup_acct_sync; prints a table (nothing fails on it).

    .venv/bin/python -m benchmarks.integrations_requests
    .venv/bin/python -m benchmarks.integrations_requests --presets hudu,rewst,ncentral

What does not depend on the integration is read once per tenant (codebase, the admin key's
mySecurity, references, the new-member template) and every integration's role and member are
looked up together (cw_security_role / cw_api_member option tenant_reads), so each further
integration costs only its own requests: create its role, read its settings, count its
holders, create its member (5) on a first run, and read its role's settings (1) after that.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import os
import pathlib
import sys
import tempfile

from tests.integration.harness import run_playbook
from tests.integration.integrations_harness import ROOT, SETUP, integrations_inventory
from tests.simulator import Simulator

FIVE = ('hudu', 'ncentral', 'rewst', 'cisco_umbrella', 'gozynta_mobius')
SEED = os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml')
QUIET = {'integrations_report': False, 'integrations_fail_when_incomplete': False,
         'acct_sync_report': False, 'acct_sync_fail_when_incomplete': False}


def measure(presets, work, seed=False):
    """``(first, steady)``: requests the one tenant received in a first run and in the next."""
    with Simulator(tenants=('acme',), scheme='http') as sim:
        inventory = integrations_inventory(sim, work / 'inventory.yml', [{'preset': name} for name in presets],
                                           group_vars=QUIET)
        counts = []
        for label in ('first', 'steady'):
            sim.clear_log()
            result = run_playbook(work / label, SEED if seed else SETUP, inventory=inventory)
            if result.rc != 0:
                sys.stderr.write(result.output)
                raise SystemExit('the %s run failed (rc %d)' % (label, result.rc))
            counts.append(len(sim.requests('acme')))
        return tuple(counts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--presets', default=','.join(FIVE), help='the integrations of the "many" row (comma-separated)')
    args = parser.parse_args(argv)
    many = tuple(args.presets.split(','))
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        rows = [('setup_acct_sync (seed)', 1, measure(('acct_sync',), work / 'seed', seed=True)),
                ('setup_integrations', 1, measure(many[:1], work / 'one')),
                ('setup_integrations', len(many), measure(many, work / 'many'))]
    one = rows[1][2]
    print('| playbook | integrations | first run | steady | first / one | steady / one |')
    print('|---|---|---|---|---|---|')
    for playbook, count, (first, steady) in rows:
        ratios = (first / float(one[0]), steady / float(one[1]))
        print('| %s | %d | %d | %d | %.1fx | %.1fx |' % ((playbook, count, first, steady) + ratios))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
