# -*- coding: utf-8 -*-
"""The PSA client against the simulator: paging, retries, codebase, errors, secrets."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
from email.utils import formatdate

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _client as client_module
from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAClient, PSAError, parse_site
from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_headers import retry_after_seconds, same_origin
from tests.simulator import Simulator


@pytest.fixture
def sim():
    with Simulator(tenants=('acme', 'globex'), scheme='http') as simulator:
        yield simulator


class Recorder(object):
    def __init__(self):
        self.sleeps = []
        self.warnings = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def warn(self, message):
        self.warnings.append(message)


def make_client(sim, company='acme', recorder=None, **overrides):
    tenant = sim.tenant(company)
    recorder = recorder or Recorder()
    options = dict(site=sim.base_url, company_id=tenant.company_id, public_key=tenant.public_key,
                   private_key=tenant.private_key, client_id=sim.client_id, sleep=recorder.sleep,
                   warn=recorder.warn, ca_path=getattr(sim, 'ca_path', None))
    options.update(overrides)
    return PSAClient(**options)


def add_locations(sim, company, count):
    tenant = sim._t(company)
    for number in range(count):
        ident = tenant.next_id('locations')
        tenant.locations[ident] = {'id': ident, 'name': 'Bulk %05d' % number,
                                   'structureLevel': {'id': 1, 'name': 'Corporate'}}


def api_gets(sim, path):
    return [entry for entry in sim.requests('acme') if entry['method'] == 'GET' and entry['path'] == path]


# ------------------------------------------------------------------------- paging
def test_list_follows_link_over_three_pages_with_page_size_1000(sim):
    add_locations(sim, 'acme', 2500)
    client = make_client(sim)
    records = client.list('/system/locations', fields='id,name')
    assert len(records) == 2503
    assert len(set(record['id'] for record in records)) == 2503
    gets = api_gets(sim, '/system/locations')
    assert len(gets) == 3
    assert all(str(entry['query'].get('pageSize')) == '1000' for entry in gets)
    assert all(set(record) == {'id', 'name'} for record in records)


def test_list_safety_cap_fails_loudly(sim):
    add_locations(sim, 'acme', 2100)
    client = make_client(sim)
    with pytest.raises(PSAError, match='stopped after 2 pages'):
        client.list('/system/locations', max_pages=2)


@pytest.mark.parametrize('link', [
    'https://evil.example/v4_6_release/apis/3.0/system/locations?page=2',    # another host
    'http://psa.example.com/v4_6_release/apis/3.0/system/locations?page=2',  # clear text from an https site
    'https://psa.example.com:8443/v4_6_release/apis/3.0/system/locations',   # another port
])
def test_next_link_elsewhere_is_refused(link):
    with pytest.raises(PSAError, match='refusing to send credentials there'):
        same_origin(link, 'https://psa.example.com', '/system/locations')


def test_next_link_on_the_same_origin_is_followed():
    link = 'https://PSA.example.com:443/v4_6_release/apis/3.0/system/locations?page=2'
    assert same_origin(link, 'https://psa.example.com', '/system/locations') == link


def test_retry_after_in_both_http_forms():
    now = 1700000000.0
    assert retry_after_seconds('3', 60, now) == 3.0
    assert retry_after_seconds(formatdate(now + 7, usegmt=True), 60, now) == 7.0
    assert retry_after_seconds(formatdate(now - 30, usegmt=True), 60, now) == 0.0     # already past
    assert retry_after_seconds(formatdate(now + 3600, usegmt=True), 60, now) == 60.0  # capped as seconds are
    assert retry_after_seconds('soon', 60, now) is None


def test_429_with_an_http_date_waits_until_then(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder)
    sim.fault('acme', '429', count=1, retry_after=5, retry_after_form='date')
    assert client.get('/system/securityroles/count')
    assert len(recorder.sleeps) == 1 and 3.5 <= recorder.sleeps[0] <= 5.0, recorder.sleeps


@pytest.mark.parametrize('method', ['GET', 'POST'])
def test_redirect_is_never_followed(sim, method):
    client = make_client(sim)
    sim.fault('acme', 'redirect', count=1, method=method, location='https://na.myconnectwise.net/v4_6_release/apis/3.0/x?y=1')
    with pytest.raises(PSAError) as caught:
        if method == 'GET':
            client.list('/system/securityroles')
        else:
            client.post('/system/securityroles', {'name': 'Redirected'})
    text = str(caught.value)
    assert text.startswith('%s /system/securityroles: ' % method) and 'HTTP 302' in text
    assert 'https://na.myconnectwise.net/v4_6_release/apis/3.0/x' in text and 'y=1' not in text
    assert 'api-na.myconnectwise.net' in text
    assert len([e for e in sim.requests('acme') if e['api']]) == 1      # nothing followed
    assert 'Redirected' not in [role['name'] for role in sim.roles('acme')]


@pytest.mark.parametrize('kind, options, message', [
    ('not_json', {}, 'the answer is not JSON (HTTP 200, text/html)'),
    ('wrong_shape', {}, 'the answer is an object where the contract gives a list'),
])
def test_answer_of_the_wrong_shape_names_the_request(sim, kind, options, message):
    client = make_client(sim)
    sim.fault('acme', kind, count=1, **options)
    with pytest.raises(PSAError) as caught:
        client.list('/system/securityroles')
    assert str(caught.value).startswith('GET /system/securityroles: ' + message), str(caught.value)


def test_object_answer_of_the_wrong_shape(sim):
    client = make_client(sim)
    sim.fault('acme', 'wrong_shape', count=1, as_list=1)
    with pytest.raises(PSAError, match='a list where the contract gives an object'):
        client.get('/system/apiMembers/default')


@pytest.mark.parametrize('version', ['2025', 'v2025.8', '2025.8.1', '25.8', 'latest'])
def test_api_version_is_checked_before_any_request(sim, version):
    with pytest.raises(PSAError, match='api_version .* YYYY.N'):
        make_client(sim, api_version=version)
    assert sim.requests() == []


def test_404_on_the_confirmed_codebase_is_a_refused_path(sim):
    client = make_client(sim)
    with pytest.raises(PSAError) as caught:
        client.get('/system/securityroles/99999')
    text = str(caught.value)
    assert caught.value.status == 404 and 'confirms codebase v4_6_release/' in text and 'refused' in text, text
    assert 'not known' not in text


def test_name_resolution_failure_keeps_its_whole_cause():
    client = PSAClient(site='nonexistent.invalid', company_id='acme', public_key='pub', private_key='priv',
                       client_id='cid', retries=0, timeout=5)
    with pytest.raises(PSAError) as caught:
        client.get('/system/securityroles')
    text = str(caught.value)
    assert "NameResolutionError: HTTPSConnection(host='nonexistent.invalid', port=443): " \
           "Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known); " \
           "the host name does not resolve: check site" in text, text


def test_first_refuses_more_than_one_match(sim):
    client = make_client(sim)
    with pytest.raises(PSAError, match='more than one'):
        client.first('/system/locations', 'name contains "o"')


# ------------------------------------------------------------------------- retries
def test_429_honours_retry_after_and_warns_once_per_retry(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder)
    sim.fault('acme', '429', count=2, retry_after=3)
    assert client.list('/system/securityroles', fields='id,name')
    assert recorder.sleeps == [3.0, 3.0]
    assert len(recorder.warnings) == 2 and 'HTTP 429' in recorder.warnings[0]


def test_retry_after_is_capped(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder)
    sim.fault('acme', '429', count=1, retry_after=3600)
    client.get('/system/securityroles/count')
    assert recorder.sleeps == [client_module.RETRY_AFTER_CAP]


def test_5xx_backs_off_exponentially_with_jitter(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder)
    sim.fault('acme', '500', count=3)
    assert client.get('/system/securityroles/count')['count'] >= 3
    assert len(recorder.sleeps) == 3
    for attempt, delay in enumerate(recorder.sleeps):
        full = 2 ** attempt
        assert full / 2 <= delay <= full


def test_5xx_retries_exhausted_raise_with_status(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder, retries=2)
    sim.fault('acme', '500', count=10)
    with pytest.raises(PSAError) as caught:
        client.get('/system/securityroles/count')
    assert caught.value.status == 500 and caught.value.code == 'InternalServerError'
    assert len(api_gets(sim, '/system/securityroles/count')) == 3


def test_dropped_get_is_retried(sim):
    client = make_client(sim)
    sim.fault('acme', 'drop', count=1, method='GET')
    assert client.get('/system/securityroles/count')['count'] >= 3


def test_post_is_never_retried_after_a_500(sim):
    client = make_client(sim)
    sim.fault('acme', '500', count=1, method='POST')
    with pytest.raises(PSAError) as caught:
        client.post('/system/securityroles', {'name': 'Retry Me'})
    assert caught.value.status == 500
    assert len([e for e in sim.writes('acme') if e['method'] == 'POST']) == 1


def test_post_applied_then_dropped_is_flagged_maybe_applied(sim):
    client = make_client(sim)
    sim.fault('acme', 'apply_then_drop', count=1, method='POST')
    with pytest.raises(PSAError) as caught:
        client.post('/system/securityroles', {'name': 'Half Done'})
    assert caught.value.maybe_applied
    assert len([e for e in sim.writes('acme') if e['method'] == 'POST']) == 1
    assert any(role['name'] == 'Half Done' for role in sim.roles('acme'))


def test_post_is_retried_after_429_because_nothing_was_applied(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder)
    sim.fault('acme', '429', count=1, method='POST', retry_after=1)
    assert client.post('/system/securityroles', {'name': 'Rate Limited'})['name'] == 'Rate Limited'
    assert [role['name'] for role in sim.roles('acme')].count('Rate Limited') == 1


# ------------------------------------------------------------------------- codebase
def test_codebase_is_looked_up_only_after_a_404(sim):
    recorder = Recorder()
    client = make_client(sim, recorder=recorder)
    client.get('/system/securityroles/count')
    assert client.codebase == 'v4_6_release/'
    assert not [e for e in sim.requests('acme') if 'companyinfo' in e['path']]
    sim.fault('acme', 'stale_codebase', codebase='v2026_1/')
    assert client.get('/system/securityroles/count')['count'] >= 3
    assert client.codebase == 'v2026_1/'
    assert any('answers on codebase v2026_1/' in warning for warning in recorder.warnings)
    assert len([e for e in sim.requests('acme') if 'companyinfo' in e['path']]) == 1


def test_given_codebase_is_tried_first_and_corrected_once(sim):
    sim.fault('acme', 'stale_codebase', codebase='v2026_1/')
    client = make_client(sim, codebase='v2026_1')
    client.get('/system/securityroles/count')
    assert not [e for e in sim.requests('acme') if 'companyinfo' in e['path']]
    stale = make_client(sim, codebase='v4_6_release/')
    stale.get('/system/securityroles/count')
    assert stale.codebase == 'v2026_1/'
    with pytest.raises(PSAError) as caught:     # a real 404 after the one lookup stays a 404
        stale.get('/system/securityroles/99999')
    assert caught.value.status == 404
    assert len([e for e in sim.requests('acme') if 'companyinfo' in e['path']]) == 1


def test_unknown_company_is_named(sim):
    client = make_client(sim, company_id='nosuchco')
    with pytest.raises(PSAError, match='check company_id'):
        client.get('/system/securityroles/count')
    with pytest.raises(PSAError, match="company 'nosuchco' is not known"):
        client.discover_codebase()


# ------------------------------------------------------------------------- errors and secrets
def test_error_carries_vendor_fields_and_no_secret(sim):
    tenant = sim.tenant('acme')
    client = make_client(sim, private_key='WrongPrivateKey123456')
    with pytest.raises(PSAError) as caught:
        client.get('/system/securityroles')
    error = caught.value
    assert error.status == 401 and error.method == 'GET' and error.path == '/system/securityroles'
    text = str(error) + repr(error.as_dict())
    basic = base64.b64encode(('%s+%s:%s' % (tenant.company_id, tenant.public_key, 'WrongPrivateKey123456')).encode()).decode()
    for secret in ('WrongPrivateKey123456', basic, tenant.private_key):
        assert secret not in text


def test_validation_error_lists_vendor_errors(sim):
    client = make_client(sim)
    with pytest.raises(PSAError) as caught:
        client.post('/system/securityroles', {'name': 'x' * 31})
    assert caught.value.status == 400 and caught.value.code == 'InvalidObject'
    assert 'name' in str(caught.value)


def test_connection_error_text_has_no_secret():
    client = PSAClient(site='http://127.0.0.1:9', company_id='acme', public_key='pub',
                       private_key='VerySecretPrivate', client_id='cid', retries=0, timeout=2)
    with pytest.raises(PSAError) as caught:
        client.get('/system/securityroles')
    assert 'VerySecretPrivate' not in str(caught.value)
    assert 'no answer' in str(caught.value)


def test_missing_options_name_environment_variables():
    with pytest.raises(PSAError) as caught:
        PSAClient(site='api-na.myconnectwise.net', company_id=None, public_key='p', private_key=None, client_id='c')
    assert 'company_id' in str(caught.value) and 'CW_PSA_PRIVATE_KEY' in str(caught.value)


def test_headers_exactly_as_api_facts(sim):
    client = make_client(sim)
    headers = client.session.headers
    assert headers['Accept'] == 'application/vnd.connectwise.com+json; version=2025.8'
    assert headers['clientId'] == sim.client_id
    assert headers['Authorization'].startswith('Basic ')


def test_one_keep_alive_session_for_many_requests(sim):
    client = make_client(sim)
    session = client.session
    for _request in range(3):
        client.get('/system/securityroles/count')
    assert client.session is session and client.request_count == 3


@pytest.mark.parametrize('site, expected', [
    ('api-na.myconnectwise.net', 'https://api-na.myconnectwise.net'),
    ('https://psa.example.com:8443/', 'https://psa.example.com:8443'),
    ('http://127.0.0.1:8080', 'http://127.0.0.1:8080'),
    ('http://localhost:1', 'http://localhost:1'),
])
def test_parse_site_accepts(site, expected):
    assert parse_site(site) == expected


@pytest.mark.parametrize('site, message', [
    ('http://psa.example.com', 'clear text'),
    ('ftp://psa.example.com', 'not a host'),
    ('https:psa.example.com', 'not a host'),
    ('psa.example.com:port', 'not a host'),
    ('https://psa.example.com/v4_6_release', 'without a path'),
    ('', 'empty'),
])
def test_parse_site_refuses(site, message):
    with pytest.raises(PSAError, match=message):
        parse_site(site)


# ------------------------------------------------------------------------- TLS
def test_https_needs_the_ca_and_works_with_it():
    with Simulator(tenants=('acme',), scheme='https') as simulator:
        without = make_client(simulator, ca_path=None, retries=0)
        with pytest.raises(PSAError, match='ca_path'):
            without.get('/system/securityroles/count')
        assert make_client(simulator).get('/system/securityroles/count')['count'] >= 3
