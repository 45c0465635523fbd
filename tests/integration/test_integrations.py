# -*- coding: utf-8 -*-
"""Many integrations per tenant in one run (issue 25): 3 tenants x 4 presets through the real playbooks.

The presets: acct_sync (the seed's table), hudu, gozynta_mobius (Customize items on two
functions) and ncentral (My levels). A never-touched tenant is audited with zero writes; the
first setup creates 4 roles and 4 members per tenant; the second changes nothing; the
operator completes two integrations of one tenant, and exactly those are complete.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

import json
import os

import jsonschema

from tests.collection_path import ROOT
from tests.integration.harness import recap_changed
from tests.integration.integrations_harness import (
    AUDIT, cell_state, complete_integration, integrations_inventory, preset, run, statuses)
from tests.simulator import Simulator

TENANTS = ('acme', 'globex', 'initech')
PRESETS = ('acct_sync', 'hudu', 'gozynta_mobius', 'ncentral')
ITEMS = [{'preset': name} for name in PRESETS]
COMPLETED = ('gozynta_mobius', 'ncentral')     # in acme: Customize on two functions, and My levels


def recap_failed(stdout):
    return dict((line.split(':', 1)[0].strip(), int(line.split('failed=')[1].split()[0]))
                for line in stdout.splitlines() if ' : ok=' in line and 'failed=' in line)


class Runs(object):
    pass


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """audit (fresh tenants) -> setup -> setup -> audit -> operator completes two in acme -> setup."""
    tmp = tmp_path_factory.mktemp('integrations')
    done = Runs()
    with Simulator(tenants=TENANTS, scheme='http') as sim:
        inventory = integrations_inventory(sim, tmp / 'inventory.yml', ITEMS, group_vars={})
        done.fresh_audit = run(tmp / 'audit0', inventory, tmp / 'report0', playbook=AUDIT)
        done.fresh_audit_writes = sim.writes()
        done.first = run(tmp / 'setup1', inventory, tmp / 'report1')
        done.roles = dict((tenant, [role['name'] for role in sim.roles(tenant)]) for tenant in TENANTS)
        done.members = dict((tenant, [member['identifier'] for member in sim.members(tenant)]) for tenant in TENANTS)
        done.second = run(tmp / 'setup2', inventory, tmp / 'report2')
        sim.clear_log()
        done.audit = run(tmp / 'audit', inventory, tmp / 'report_audit', playbook=AUDIT)
        done.audit_writes = sim.writes()
        overrides = {}
        for name in COMPLETED:
            data = preset(name)
            overrides.update(complete_integration(sim, 'acme', name, data['role_name'], data['permissions'],
                                                  data['member']['identifier'], data['key_description']))
        inventory = integrations_inventory(sim, tmp / 'inventory.yml', ITEMS, group_vars={},
                                           host_vars={'acme': {'cw_psa_integration_overrides': overrides}})
        done.keyed = run(tmp / 'setup3', inventory, tmp / 'report3')
        done.keyed_writes = sim.writes()
        done.tmp = tmp
        yield done


def test_a_never_touched_tenant_is_audited_with_zero_writes(runs):
    assert runs.fresh_audit_writes == [], runs.fresh_audit.output
    for tenant in TENANTS:
        found = statuses(runs.fresh_audit, tenant)
        assert sorted(found) == sorted(PRESETS)
        for name in PRESETS:
            steps = found[name]['pending_steps']
            assert found[name]['error'] is None, found[name]['error']
            assert steps[0] == 'Run the setup to create security role "%s"' % preset(name)['role_name'], steps


def test_first_run_creates_four_roles_and_four_members_per_tenant(runs):
    assert runs.first.rc == 2, runs.first.output     # every tenant has steps left
    assert recap_failed(runs.first.stdout) == dict((tenant, 1) for tenant in TENANTS), runs.first.output
    for tenant in TENANTS:
        for name in PRESETS:
            assert preset(name)['role_name'] in runs.roles[tenant]
            assert preset(name)['member']['identifier'] in runs.members[tenant]
        found = statuses(runs.first, tenant)
        for name in PRESETS:
            status = found[name]
            assert status['preset'] == name and status['error'] is None and not status['complete']
            assert status['role']['created'] is True and status['member']['changed'] is True
            assert status['key']['status'] == 'missing'


def test_each_integration_has_its_own_steps_naming_its_role(runs):
    found = statuses(runs.first, 'globex')
    assert any('"Mobius API" > System > Custom Menu Entry' in step for step in found['gozynta_mobius']['pending_steps'])
    assert any('"N-central API" > Service Desk > Service Tickets: Add My, Edit My, Delete My, Inquire My' in step
               for step in found['ncentral']['pending_steps']), found['ncentral']['pending_steps']
    assert not any('"Hudu API"' in step for step in found['ncentral']['pending_steps'])


def test_second_run_changes_nothing(runs):
    assert recap_changed(runs.second.stdout) == dict((tenant, 0) for tenant in TENANTS), runs.second.output
    for tenant in TENANTS:
        assert all(status['error'] is None for status in statuses(runs.second, tenant).values())


def test_audit_writes_nothing_and_reports_the_same_steps(runs):
    assert runs.audit_writes == [], runs.audit.output
    for tenant in TENANTS:
        audited, after = statuses(runs.audit, tenant), statuses(runs.second, tenant)
        for name in PRESETS:
            assert audited[name]['pending_steps'] == after[name]['pending_steps'], name


def test_the_operator_completes_two_integrations_and_exactly_those_are_complete(runs):
    assert runs.keyed_writes == [], runs.keyed.output     # nothing left to write
    acme = statuses(runs.keyed, 'acme')
    assert sorted(name for name, status in acme.items() if status['complete']) == sorted(COMPLETED), [
        (name, status['pending_steps'], status['error']) for name, status in acme.items()]
    for name in COMPLETED:
        assert acme[name]['key']['status'] == 'verified' and acme[name]['role']['compliant'] is True
        assert acme[name]['pending_steps'] == []
    for tenant in ('globex', 'initech'):
        assert not any(status['complete'] for status in statuses(runs.keyed, tenant).values())
    # acme still fails: two of its integrations have steps left; its verdict names them.
    assert recap_failed(runs.keyed.stdout)['acme'] == 1
    verdict = runs.keyed.result('msp.connectwise_psa.integrations : Fail this tenant while an integration has manual '
                                'steps left or failed', 'acme')['msg']
    assert 'acct_sync has' in verdict and 'hudu has' in verdict and 'ncentral' not in verdict


def read_report(folder, name='integrations_report'):
    with open(str(folder / (name + '.json'))) as stream:
        report = json.load(stream)
    with open(os.path.join(ROOT, 'docs', 'report.schema.json')) as stream:
        jsonschema.validate(report, json.load(stream), cls=jsonschema.Draft202012Validator)
    return report


def grid(report):
    """{tenant: {integration: state}}."""
    return dict((entry['tenant'], dict((cell['integration'], cell_state(cell)) for cell in entry['integrations']))
                for entry in report['tenants'])


def test_the_report_is_one_grid_tenant_by_integration(runs):
    report = read_report(runs.tmp / 'report1')
    assert report['layout'] == 'integrations' and report['check_mode'] is False
    assert [column['name'] for column in report['integrations']] == list(PRESETS)
    assert grid(report) == dict((tenant, dict((name, 'pending') for name in PRESETS)) for tenant in TENANTS)
    for entry in report['tenants']:
        assert [cell.get('preset') for cell in entry['integrations']] == list(PRESETS)
    markdown = (runs.tmp / 'report1' / 'integrations_report.md').read_text()
    html = (runs.tmp / 'report1' / 'integrations_report.html').read_text()
    assert markdown.count('\n### ') == len(TENANTS) * len(PRESETS)
    assert html.count('<section class="integration"') == len(TENANTS) * len(PRESETS)


def test_the_audit_report_says_check_mode_and_predicts_the_creates(runs):
    report = read_report(runs.tmp / 'report0', 'integrations_audit')
    assert report['check_mode'] is True and report['layout'] == 'integrations'
    for entry in report['tenants']:
        for cell in entry['integrations']:
            assert cell['pending_steps'][0] == 'Run the setup to create security role "%s"' % preset(
                cell['integration'])['role_name']


def test_the_report_shows_exactly_the_two_completed_integrations_complete(runs):
    report = read_report(runs.tmp / 'report3')
    expected = dict((tenant, dict((name, 'pending') for name in PRESETS)) for tenant in TENANTS)
    expected['acme'].update((name, 'complete') for name in COMPLETED)
    assert grid(report) == expected
    acme = next(entry for entry in report['tenants'] if entry['tenant'] == 'acme')
    assert acme['state'] == 'pending'
