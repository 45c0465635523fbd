# -*- coding: utf-8 -*-
"""Two tenants, different credentials, one run with two forks: no request crosses tenants."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests.reliability.conftest import MEMBER, assert_untouched, run_setup, seeded

TWO = ('acme', 'globex')


def test_each_tenant_sees_only_its_own_keys(tmp_path, sim):
    before = seeded(sim, TWO)
    admins = dict((tenant, sim.tenant(tenant).public_key) for tenant in TWO)
    assert admins['acme'] != admins['globex']
    first = run_setup(tmp_path, sim, 'first', tenants=TWO, args=('--forks', '2'))
    assert first.rc == 0, first.output
    pairs = dict((tenant, sim.operator(tenant).create_api_key(MEMBER, 'Acct Sync API')) for tenant in TWO)
    host_vars = dict((tenant, {'acct_sync_key_public': pairs[tenant][0], 'acct_sync_key_private': pairs[tenant][1]})
                     for tenant in TWO)
    second = run_setup(tmp_path, sim, 'second', tenants=TWO, host_vars=host_vars, args=('--forks', '2'))
    assert second.rc == 0, second.output
    for tenant in TWO:
        other = [name for name in TWO if name != tenant][0]
        own = {admins[tenant], pairs[tenant][0]}
        foreign = {admins[other], pairs[other][0]}
        api = [entry for entry in sim.requests(tenant) if entry['api']]
        used = {entry['public_key'] for entry in api}
        assert used == own, (tenant, used, own)          # admin key and, for the key check, the member's own
        assert not used & foreign
        assert [entry for entry in api if entry['status'] == 401] == []
    assert [entry for entry in sim.requests() if entry['status'] == 401] == []
    assert_untouched(sim, before, TWO)
