# -*- coding: utf-8 -*-
"""A tenant that fails on its role arguments (before any status) does not cost the others their report.

Jinja's map(attribute=..., default=...) over hostvars fails on ansible-core 2.19+ for a host
that never set the variable; both roles hand the report its pairs with play_statuses.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

from tests.integration.harness import run_playbook, tenant_inventory, write_inventory
from tests.integration.integrations_harness import ROOT
from tests.simulator import Simulator


def test_the_seed_report_is_written_when_a_tenant_fails_on_its_arguments(tmp_path):
    with Simulator(tenants=('acme', 'globex'), scheme='http') as sim:
        inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(
            sim, host_vars={'globex': {'acct_sync_max_key_age_days': 'many'}}))
        run = run_playbook(tmp_path / 'run', os.path.join(ROOT, 'playbooks', 'setup_acct_sync.yml'), inventory=inventory,
                           extra_vars={'cw_psa_report_dir': str(tmp_path / 'report')})
        assert sim.requests('globex') == []
    assert run.rc == 2 and 'HostVarsVars' not in run.stdout, run.output
    with open(str(tmp_path / 'report' / 'acct_sync_report.json')) as stream:
        report = json.load(stream)
    by_tenant = dict((status['tenant'], status) for status in report['tenants'])
    assert by_tenant['globex']['error'] == 'failed before its status was recorded'
    assert by_tenant['acme']['error'] is None and by_tenant['acme']['role']['created'] is True
