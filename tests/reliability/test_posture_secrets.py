# -*- coding: utf-8 -*-
"""Secret hygiene of the posture audit and the tenant snapshot at -vvvv: no private key and no
Basic auth value in any output, recorded result, report or snapshot file, also when the
member's key is refused."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests import posture_tenants
from tests.integration.harness import run_playbook, tenant_inventory, write_inventory
from tests.reliability.test_secrets import WRONG_MEMBER_PRIVATE, _scan, _secrets


def test_audit_and_snapshot_at_vvvv_leak_nothing(tmp_path, sim):
    posture_tenants.every_finding(sim, 'acme')
    public, private = sim.operator('acme').create_api_key('Escalator', 'RMM')
    inventory = write_inventory(tmp_path / 'inventory.yml', tenant_inventory(sim, tenants=['acme', 'globex'], host_vars={
        'acme': {'cw_psa_snapshot_member_public_key': public, 'cw_psa_snapshot_member_private_key': private,
                 'cw_psa_integrations': posture_tenants.DECLARED},
        'globex': {'cw_psa_snapshot_member_public_key': public,
                   'cw_psa_snapshot_member_private_key': WRONG_MEMBER_PRIVATE}}))
    audit = run_playbook(tmp_path / 'audit', 'msp.connectwise_psa.audit_api_members', inventory=inventory,
                         extra_vars={'cw_psa_report_dir': str(tmp_path / 'audit')}, verbosity=4)
    assert audit.rc == 0, audit.output
    export = run_playbook(tmp_path / 'export', 'msp.connectwise_psa.export_tenant_snapshot', inventory=inventory,
                          extra_vars={'cw_psa_snapshot_dir': str(tmp_path / 'snapshots')}, verbosity=4)
    assert export.rc != 0          # globex: the member key pair is not globex's
    assert 'HTTP 401' in export.stdout + export.stderr
    assert (tmp_path / 'snapshots' / 'acme.snapshot.json').exists()
    assert not (tmp_path / 'snapshots' / 'globex.snapshot.json').exists()
    secrets = _secrets(sim, (public, private))
    secrets['member public key'] = public      # both halves are secret
    found, scanned, where = _scan(tmp_path / 'audit', [audit], secrets)
    assert scanned >= 2 and found == dict((label, 0) for label in found), (found, where)
    found, scanned, where = _scan(tmp_path / 'export', [export], secrets)
    assert scanned >= 1 and found == dict((label, 0) for label in found), (found, where)
    found, scanned, where = _scan(tmp_path / 'snapshots', [], secrets)
    assert scanned == 1 and found == dict((label, 0) for label in found), (found, where)
