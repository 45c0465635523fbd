# -*- coding: utf-8 -*-
"""Bad input is refused with a message naming the field and the fix, and writes nothing.

The module cases run as tasks of ONE playbook (ignore_errors, one task per case) against a
simulator of their own, and the role cases as hosts of ONE run of the setup playbook (every
host logs in to the same tenant with its own bad variable). Each case's zero-write proof is
the simulator's write log of that run, which must be empty: any write of any case lands there.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from tests.integration.harness import connection_vars, run_playbook, write_inventory
from tests.reliability.conftest import SETUP
from tests.simulator import Simulator

ROLE_MODULE = 'msp.connectwise_psa.cw_security_role'
MEMBER_MODULE = 'msp.connectwise_psa.cw_api_member'
KEY_MODULE = 'msp.connectwise_psa.cw_api_key'
ROW = {'module': 'Finance', 'function': 'Invoicing', 'inquire': 'All'}
MEMBER_REFS = {'security_role': 'Finance', 'level': 'Corporate', 'location': 'Head Office', 'business_unit': 'Administration'}


def member(**options):
    args = dict(identifier='AcctSyncAPI', **MEMBER_REFS)
    args.update(options)
    return args


# (case id, module, module options, connection overrides (None = unset), substrings of msg (field, fix))
MODULE_CASES = [
    ('role_name_31_chars', ROLE_MODULE, {'name': 'R' * 31}, {}, ('name', 'at most 30', 'shorten')),
    ('role_name_empty', ROLE_MODULE, {'name': '  '}, {}, ('name is empty', 'Role ID')),
    ('role_name_missing', ROLE_MODULE, {}, {}, ('name',)),
    ('role_name_double_quote', ROLE_MODULE, {'name': 'Acct "Sync"'}, {}, ('name', 'remove the quote')),
    ('role_name_not_a_string', ROLE_MODULE, {'name': {'a': 1}}, {}, ('name', 'str')),
    ('role_state_invalid', ROLE_MODULE, {'name': 'Acct Sync API', 'state': 'gone'}, {}, ('state', 'present, absent')),
    ('role_on_drift_invalid', ROLE_MODULE, {'name': 'Acct Sync API', 'on_drift': 'explode'}, {},
     ('on_drift', 'fail, warn, ignore')),
    ('role_exclusive_not_bool', ROLE_MODULE, {'name': 'Acct Sync API', 'exclusive': 'maybe'}, {}, ('exclusive', 'bool')),
    ('role_permissions_not_a_list', ROLE_MODULE, {'name': 'Acct Sync API', 'permissions': 'Finance'}, {},
     ('permissions', 'dict')),
    ('role_permission_row_no_function', ROLE_MODULE, {'name': 'Acct Sync API', 'permissions': [{'module': 'Finance'}]}, {},
     ('function', 'permissions')),
    ('role_permission_unknown_key', ROLE_MODULE,
     {'name': 'Acct Sync API', 'permissions': [dict(ROW, view='All')]}, {}, ('view', 'permissions')),
    ('role_unknown_level', ROLE_MODULE,
     {'name': 'Acct Sync API', 'permissions': [dict(ROW, add='Sometimes')]}, {}, ('add', 'Sometimes', 'All')),
    ('role_unknown_module', ROLE_MODULE,
     {'name': 'Acct Sync API', 'permissions': [dict(ROW, module='Fnance')]}, {}, ('Fnance', 'Finance')),
    ('role_unknown_function', ROLE_MODULE,
     {'name': 'Acct Sync API', 'permissions': [dict(ROW, function='Invocing')]}, {}, ('Invocing', 'Invoicing')),
    ('role_duplicate_rows', ROLE_MODULE,
     {'name': 'Acct Sync API', 'permissions': [ROW, dict(ROW, inquire='None')]}, {}, ('Invoicing', 'once')),
    ('role_customize_allow_not_a_list', ROLE_MODULE,
     {'name': 'Acct Sync API', 'permissions': [dict(ROW, customize_allow={'a': 'b'})]}, {}, ('customize_allow', 'list')),
    ('conn_site_missing', ROLE_MODULE, {'name': 'Acct Sync API'}, {'site': None}, ('site', 'CW_PSA_SITE')),
    ('conn_company_id_missing', ROLE_MODULE, {'name': 'Acct Sync API'}, {'company_id': None},
     ('company_id', 'CW_PSA_COMPANY_ID')),
    ('conn_public_key_missing', ROLE_MODULE, {'name': 'Acct Sync API'}, {'public_key': None},
     ('public_key', 'CW_PSA_PUBLIC_KEY')),
    ('conn_private_key_missing', ROLE_MODULE, {'name': 'Acct Sync API'}, {'private_key': None},
     ('private_key', 'CW_PSA_PRIVATE_KEY')),
    ('conn_client_id_missing', ROLE_MODULE, {'name': 'Acct Sync API'}, {'client_id': None},
     ('client_id', 'CW_PSA_CLIENT_ID')),
    ('conn_site_malformed', ROLE_MODULE, {'name': 'Acct Sync API'}, {'site': '://api-na.myconnectwise.net'},
     ('site', 'for example')),
    ('conn_site_scheme_only', ROLE_MODULE, {'name': 'Acct Sync API'}, {'site': 'https://'}, ('site', 'for example')),
    ('conn_site_ftp', ROLE_MODULE, {'name': 'Acct Sync API'}, {'site': 'ftp://api-na.myconnectwise.net'},
     ('site', 'http(s) URL')),
    ('conn_site_http_not_loopback', ROLE_MODULE, {'name': 'Acct Sync API'}, {'site': 'http://api-na.myconnectwise.net'},
     ('site', 'use https://')),
    ('conn_site_with_path', ROLE_MODULE, {'name': 'Acct Sync API'}, {'site': '@BASE@/v4_6_release'},
     ('site', 'without a path', 'codebase option')),
    ('conn_timeout_not_a_number', ROLE_MODULE, {'name': 'Acct Sync API'}, {'timeout': 'soon'}, ('timeout', 'float')),
    ('conn_retries_not_int', ROLE_MODULE, {'name': 'Acct Sync API'}, {'retries': 'many'}, ('retries', 'int')),
    ('conn_validate_certs_not_bool', ROLE_MODULE, {'name': 'Acct Sync API'}, {'validate_certs': 'perhaps'},
     ('validate_certs', 'bool')),
    ('conn_wrong_private_key', ROLE_MODULE, {'name': 'Acct Sync API'}, {'private_key': 'WrongPrivateKey000000'},
     ('401', 'private_key')),
    ('member_identifier_16_chars', MEMBER_MODULE, member(identifier='I' * 16), {}, ('identifier', 'at most 15', 'shorten')),
    ('member_identifier_empty', MEMBER_MODULE, member(identifier=''), {}, ('identifier is empty', 'Member ID')),
    ('member_name_31_chars', MEMBER_MODULE, member(name='N' * 31), {}, ('name', 'at most 30', 'shorten')),
    ('member_email_251_chars', MEMBER_MODULE, member(email='e' * 251), {}, ('email', 'at most 250')),
    ('member_identifier_double_quote', MEMBER_MODULE, member(identifier='Acct"Sync'), {}, ('identifier', 'remove the quote')),
    ('member_reference_double_quote', MEMBER_MODULE, member(security_role='Acct "Sync" API'), {},
     ('security_role', 'remove the quote')),
    ('member_reference_wrong_type', MEMBER_MODULE, member(security_role=['Finance']), {}, ('security_role', 'integer id')),
    ('member_state_invalid', MEMBER_MODULE, member(state='deleted'), {}, ('state', 'present, absent')),
    ('member_unknown_location', MEMBER_MODULE, member(location='Atlantis'), {}, ('default_location', 'Head Office')),
    ('member_unknown_role', MEMBER_MODULE, member(security_role='Acct Sync'), {}, ('security_role', 'Finance')),
    ('member_unknown_level_id', MEMBER_MODULE, member(level=999), {}, ('structure_level', 'Corporate')),
    ('member_ambiguous_location', MEMBER_MODULE, member(location='Tampa Office'), {}, ('default_location', 'give the id')),
    ('member_missing_business_unit', MEMBER_MODULE, dict(member(), business_unit=None), {},
     ('business_unit', 'requires')),
    ('key_only_public', KEY_MODULE, {'member': 'AutomationAdmin', 'key_public': 'PublicOnly0000'}, {}, ('key_private', 'give both')),
    ('key_only_private', KEY_MODULE, {'member': 'AutomationAdmin', 'key_private': 'PrivateOnly0000000'}, {}, ('key_public', 'give both')),
    ('key_member_empty', KEY_MODULE, {'member': ' ', 'key_public': 'SomePublic0000', 'key_private': 'SomePrivate000000'}, {}, ('member is empty', 'Member ID')),
    ('key_on_missing_invalid', KEY_MODULE, {'member': 'AutomationAdmin', 'on_missing': 'ignore'}, {}, ('on_missing', 'fail, warn')),
    ('key_on_drift_invalid', KEY_MODULE, {'member': 'AutomationAdmin', 'on_drift': 'maybe'}, {}, ('on_drift', 'fail, warn, ignore')),
    ('key_expected_permissions_not_a_list', KEY_MODULE,
     {'member': 'AutomationAdmin', 'key_public': 'SomePublic0000', 'key_private': 'SomePrivate000000',
      'expected_permissions': {'module': 'x'}}, {},
     ('expected_permissions', 'list')),
    ('key_wrong_private_key', KEY_MODULE, {'member': 'AutomationAdmin', 'key_public': '@ADMIN_PUBLIC@',
                                           'key_private': 'NotTheRightPrivateKey0'}, {}, ('private key', 'create a new key')),
    ('key_pair_of_another_tenant', KEY_MODULE, {'member': 'AutomationAdmin', 'key_public': '@GLOBEX_PUBLIC@',
                                                'key_private': '@GLOBEX_PRIVATE@'}, {}, ('refused (HTTP 401)', 'create a new key')),
    ('key_deleted_key', KEY_MODULE, {'member': 'AutomationAdmin', 'key_public': '@OLD_PUBLIC@',
                                     'key_private': '@OLD_PRIVATE@'}, {}, ('refused (HTTP 401)', 'create a new key')),
]

# Cases whose message missed the field were bugs, fixed; a new one gets a strict xfail here.
KNOWN_BUGS = {}
# Cases to run in check mode (none now: a dict as a name used to create a role named after its text).
CHECK_MODE = frozenset()

# A site without a scheme is fine (https is assumed): a control case that must succeed without writes.
CONTROL = ('conn_site_without_scheme', ROLE_MODULE, {'name': 'Technician', 'permissions': [], 'exclusive': False,
                                                     'on_drift': 'ignore'}, {'site': '@HOSTPORT@'}, ())


def _substitute(value, values):
    if isinstance(value, str):
        for marker, text in values.items():
            value = value.replace(marker, text)
        return value
    if isinstance(value, dict):
        return dict((key, _substitute(item, values)) for key, item in value.items())
    if isinstance(value, list):
        return [_substitute(item, values) for item in value]
    return value


@pytest.fixture(scope='module')
def module_run(tmp_path_factory):
    """All module cases in one playbook against a fresh simulator; returns (run, writes, sim)."""
    tmp_path = tmp_path_factory.mktemp('bad-modules')
    with Simulator(tenants=('acme', 'globex'), scheme='https') as sim:
        operator = sim.operator('acme')
        old_public, old_private = operator.create_api_key('AutomationAdmin', 'old')
        operator.delete_api_key('AutomationAdmin', old_public)
        sim.add_record('acme', 'locations', name='Tampa Office')      # now two "Tampa Office"
        values = {'@BASE@': sim.base_url, '@HOSTPORT@': sim.base_url.split('://', 1)[1],
                  '@ADMIN_PUBLIC@': sim.tenant('acme').public_key, '@GLOBEX_PUBLIC@': sim.tenant('globex').public_key,
                  '@GLOBEX_PRIVATE@': sim.tenant('globex').private_key, '@OLD_PUBLIC@': old_public,
                  '@OLD_PRIVATE@': old_private}
        tasks = []
        for name, module, options, overrides, _expected in MODULE_CASES + [CONTROL]:
            args = connection_vars(sim, 'acme')
            args.update(_substitute(copy.deepcopy(options), values))
            for option, value in _substitute(overrides, values).items():
                if value is None:
                    args.pop(option)
                else:
                    args[option] = value
            args = dict((key, value) for key, value in args.items() if value is not None)
            task = {'name': name, module: args, 'ignore_errors': True}
            if name in CHECK_MODE:
                task['check_mode'] = True
            tasks.append(task)
        sim.clear_log()
        run = run_playbook(tmp_path, [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
                                       'tasks': tasks}])
        yield run, sim.writes(), sim


def _case_params():
    params = []
    for case in MODULE_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case[0]])] if case[0] in KNOWN_BUGS else []
        params.append(pytest.param(case, id=case[0], marks=marks))
    return params


@pytest.mark.parametrize('case', _case_params())
def test_module_refuses_bad_input(module_run, case):
    run, writes, _sim = module_run
    name, _module, _options, _overrides, expected = case
    entry = run.task(name)
    assert entry['status'] == 'failed', (name, entry['result'])
    message = entry['result'].get('msg', '')
    for text in expected:
        assert text in message, (name, text, message)
    assert writes == [], writes


def test_site_without_scheme_is_fine(module_run):
    run, writes, sim = module_run
    entry = run.task(CONTROL[0])
    assert entry['status'] == 'ok', entry['result']
    assert entry['result']['changed'] is False and entry['result']['role']['name'] == 'Technician'
    assert writes == []
    assert any(request['path'] == '/system/securityroles' for request in sim.requests('acme'))


# Role cases: host -> (host variables, substrings of the failure text (field, fix)).
ROLE_CASES = {
    'role_name_31_chars': ({'acct_sync_role_name': 'R' * 31}, ('name', 'at most 30', 'shorten')),
    'member_identifier_16_chars': ({'acct_sync_role_name': 'Finance', 'acct_sync_member_identifier': 'I' * 16},
                                   ('identifier', 'at most 15')),
    'member_name_31_chars': ({'acct_sync_role_name': 'Finance', 'acct_sync_member_name': 'N' * 31}, ('name', 'at most 30')),
    'unknown_level': ({'acct_sync_permissions': [dict(ROW, add='Sometimes')]}, ('acct_sync_permissions', 'Sometimes')),
    'duplicate_rows': ({'acct_sync_permissions': [ROW, ROW]}, ('permissions[1]', 'list each function once')),
    'exclusive_not_bool': ({'acct_sync_exclusive': 'maybe'}, ('acct_sync_exclusive', 'bool')),
    'permissions_not_a_list': ({'acct_sync_permissions': 'Finance'}, ('acct_sync_permissions', 'dict')),
    'customize_allow_not_a_list': ({'acct_sync_permissions': [dict(ROW, customize_allow={'a': 'b'})]},
                                   ('customize_allow', 'list')),
    'site_ftp': ({'cw_psa_site': 'ftp://api-na.myconnectwise.net'}, ('site', 'http(s) URL')),
    'private_key_empty': ({'cw_psa_private_key': ''}, ('private_key', 'CW_PSA_PRIVATE_KEY')),
    'unknown_location': ({'acct_sync_role_name': 'Finance', 'acct_sync_member_location': 'Atlantis'},
                         ('default_location', 'Head Office')),
    'role_name_double_quote': ({'acct_sync_role_name': 'Acct "Sync"'}, ('name', 'remove the quote')),
}


@pytest.fixture(scope='module')
def role_run(tmp_path_factory):
    """One run of the setup playbook; each host is the acme tenant with one bad variable."""
    tmp_path = tmp_path_factory.mktemp('bad-role')
    with Simulator(tenants=('acme',), scheme='https') as sim:
        tenant = sim.tenant('acme')
        hosts = {}
        for name, (host_vars, _expected) in ROLE_CASES.items():
            entry = {'cw_psa_company_id': tenant.company_id, 'cw_psa_public_key': tenant.public_key,
                     'cw_psa_private_key': tenant.private_key, 'acct_sync_member_location': 'Head Office',
                     'acct_sync_member_business_unit': 'Administration'}
            entry.update(host_vars)
            hosts[name] = entry
        group_vars = {'cw_psa_site': sim.base_url, 'cw_psa_client_id': sim.client_id, 'cw_psa_ca_path': sim.ca_path}
        inventory = write_inventory(tmp_path / 'inventory.yml',
                                    {'all': {'children': {'psa_tenants': {'hosts': hosts, 'vars': group_vars}}}})
        run = run_playbook(tmp_path / 'run', SETUP, inventory=inventory, args=('--forks', '6'))
        yield run, sim.writes()


@pytest.mark.parametrize('case', sorted(ROLE_CASES))
def test_role_refuses_bad_input(role_run, case):
    run, writes = role_run
    _host_vars, expected = ROLE_CASES[case]
    failures = [entry['result'].get('msg', '') for entry in run.results
                if entry['host'] == case and entry['status'] == 'failed']
    assert failures, (case, run.output)
    text = '\n'.join(str(failure) for failure in failures)
    for substring in expected:
        assert substring in text, (case, substring, text)
    assert writes == [], writes
