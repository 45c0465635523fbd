# -*- coding: utf-8 -*-
"""Where the client sends the API keys: next-page links, the codebase, proxies, TLS options (issue 20).

Each odd URL form below is read one way by urllib.parse.urlsplit and another by urllib3 (which
requests connects with); a second listener on 127.0.0.1 must receive no connection at all.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils._client import PSAClient, PSAError
from tests.reliability.listener import Listener
from tests.simulator import Simulator

ROLES = '/system/securityroles'


@pytest.fixture(params=['http', 'https'])
def sim(request):
    with Simulator(tenants=('acme',), scheme=request.param) as simulator:
        yield simulator


@pytest.fixture
def http_sim():
    with Simulator(tenants=('acme',), scheme='http') as simulator:
        yield simulator


@pytest.fixture
def listener():
    with Listener() as other:
        yield other


def make_client(sim, warnings=None, **overrides):
    tenant = sim.tenant('acme')
    options = dict(site=sim.base_url, company_id=tenant.company_id, public_key=tenant.public_key,
                   private_key=tenant.private_key, client_id=sim.client_id, ca_path=sim.ca_path, retries=0,
                   sleep=lambda seconds: None, warn=(warnings.append if warnings is not None else None))
    options.update(overrides)
    return PSAClient(**options)


def link_forms(scheme, site_port, other_port):
    rest = '/v4_6_release/apis/3.0/system/securityroles?pageSize=1000&page=2'
    return {
        'backslash before @ (the issue)': '%s://localhost:%d\\@127.0.0.1:%d%s' % (scheme, other_port, site_port, rest),
        'backslash, the other way round': '%s://127.0.0.1:%d\\@localhost:%d%s' % (scheme, site_port, other_port, rest),
        'encoded @': '%s://localhost:%d%%40127.0.0.1:%d%s' % (scheme, other_port, site_port, rest),
        'encoded @ before a real one': '%s://localhost:%d%%40@127.0.0.1:%d%s' % (scheme, other_port, site_port, rest),
        'encoded backslash': '%s://localhost:%d%%5C@127.0.0.1:%d%s' % (scheme, other_port, site_port, rest),
        'tab before @': '%s://localhost:%d\t@127.0.0.1:%d%s' % (scheme, other_port, site_port, rest),
        'space before @': '%s://127.0.0.1:%d @localhost:%d%s' % (scheme, site_port, other_port, rest),
        'userinfo': '%s://acme+pub:secret@127.0.0.1:%d%s' % (scheme, site_port, rest),
        'encoded colon in the host': '%s://127.0.0.1%%3A%d%s' % (scheme, other_port, rest),
    }


def test_no_crafted_next_page_link_reaches_another_listener(sim, listener):
    site_port = int(sim.base_url.rsplit(':', 1)[1])
    forms = link_forms(sim.scheme, site_port, listener.port)
    private = sim.tenant('acme').private_key
    for label, link in forms.items():
        sim.fault('acme', 'link', count=1, method='GET', path_regex='^/system/securityroles$', url=link)
        with pytest.raises(PSAError) as caught:
            make_client(sim).list(ROLES)
        text = str(caught.value)
        assert text.startswith('GET %s: the next-page link' % ROLES), (label, text)
        assert 'refus' in text and private not in text and 'secret' not in text, (label, text)
    assert listener.received == [], 'the other listener got %d connection(s)' % len(listener.received)
    # Each form was answered on page one and never followed, not even to the site itself.
    assert len([entry for entry in sim.requests('acme') if entry['api']]) == len(forms)


def test_a_next_page_link_on_the_site_is_still_followed(http_sim):
    for number in range(1200):
        http_sim.add_record('acme', 'locations', name='Bulk %04d' % number)
    assert len(make_client(http_sim).list('/system/locations', fields='id,name')) == 1203


def test_odd_characters_after_the_host_part_do_not_stop_paging(http_sim):
    # Past the host part every parser agrees and requests percent-encodes: a query echoing a name
    # with a space or an umlaut is no reason to stop reading the list.
    link = http_sim.api_url('acme', ROLES) + '?pageSize=1000&page=2&orderBy=name asc&conditions=name!="Z\u00fcrich"'
    http_sim.fault('acme', 'link', count=1, method='GET', path_regex='^/system/securityroles$', url=link)
    assert make_client(http_sim).list(ROLES) is not None
    assert len([entry for entry in http_sim.requests('acme') if entry['api']]) == 2


# ------------------------------------------------------------------------- codebase (item 10)
@pytest.mark.parametrize('answer', ['v2#', 'v1?x=', '../../other', 'v4_6_release/\r\nX-Injected: 1',
                                    'v2025_1_release/\n', 'v\u0663\u0663\u0663\u0663_1'])
def test_codebase_answered_by_companyinfo_is_checked(http_sim, answer):
    http_sim.fault('acme', 'stale_codebase', codebase=answer)   # companyinfo now names it
    with pytest.raises(PSAError) as caught:
        make_client(http_sim).get('/system/securityroles/count')
    text = str(caught.value)
    assert text.startswith('GET /login/companyinfo/acme: the site answered the codebase '), text
    assert ascii(http_sim.codebase('acme')) in text and '\r' not in text and '\n' not in text
    api_paths = [entry['path'] for entry in http_sim.requests('acme') if entry['api']]
    assert api_paths == ['/system/securityroles/count']     # the first try only, never on that codebase


@pytest.mark.parametrize('answer', ['v2026_1/', 'v2025_12_release/', 'v4_6_release/', 'v10_2_release/'])
def test_the_vendors_codebase_forms_are_used(http_sim, answer):
    http_sim.fault('acme', 'stale_codebase', codebase=answer)
    client = make_client(http_sim)
    assert client.get('/system/securityroles/count')['count'] >= 3
    assert client.codebase == answer


@pytest.mark.parametrize('given', ['v2#', '../v4_6_release', 'v4_6_release/?x=1', 'apis/3.0', 'v4\n_6_release/'])
def test_a_given_codebase_is_checked_before_any_request(http_sim, given):
    with pytest.raises(PSAError, match='^codebase .* is not a PSA codebase: .*option codebase or CW_PSA_CODEBASE'):
        make_client(http_sim, codebase=given)
    assert http_sim.requests() == []


def test_a_given_codebase_in_the_vendors_form_is_accepted(http_sim):
    assert make_client(http_sim, codebase='/v4_6_release').codebase == 'v4_6_release/'


# ------------------------------------------------------------------------- proxies (item 12)
def test_plain_http_through_a_proxy_is_refused(http_sim, listener, monkeypatch):
    for name in ('NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('HTTP_PROXY', 'http://user:proxysecret@127.0.0.1:%d' % listener.port)
    with pytest.raises(PSAError) as caught:
        make_client(http_sim)
    text = str(caught.value)
    assert 'plain http://' in text and 'HTTP_PROXY' in text and 'NO_PROXY' in text and 'https://' in text
    assert 'proxysecret' not in text and 'user' not in text
    monkeypatch.delenv('HTTP_PROXY')
    monkeypatch.setenv('ALL_PROXY', 'http://127.0.0.1:%d' % listener.port)
    with pytest.raises(PSAError, match='plain http://'):
        make_client(http_sim)
    assert listener.received == [] and http_sim.requests() == []


def test_no_proxy_lets_plain_http_to_loopback_through(http_sim, listener, monkeypatch):
    monkeypatch.setenv('HTTP_PROXY', 'http://127.0.0.1:%d' % listener.port)
    monkeypatch.setenv('NO_PROXY', '127.0.0.1,localhost')
    assert make_client(http_sim).get('/system/securityroles/count')['count'] >= 3
    assert listener.received == []


def test_https_goes_through_a_proxy_as_before(monkeypatch):
    # The keys travel inside the TLS tunnel (CONNECT): a proxy for https is not refused.
    with Simulator(tenants=('acme',), scheme='https') as sim:
        monkeypatch.setenv('HTTPS_PROXY', 'http://127.0.0.1:9')
        monkeypatch.delenv('NO_PROXY', raising=False)
        monkeypatch.delenv('no_proxy', raising=False)
        make_client(sim)   # built without error; the request itself would go through the proxy


# ------------------------------------------------------------------------- TLS options (item 9)
def test_validate_certs_false_warns_once_naming_the_site(recwarn):
    with Simulator(tenants=('acme',), scheme='https') as sim:
        warnings = []
        client = make_client(sim, warnings=warnings, validate_certs=False, ca_path=None)
        client.get('/system/securityroles/count')
        client.get('/system/securityroles/count')
        site = sim.base_url
    assert len(warnings) == 1 and 'validate_certs is false' in warnings[0] and site in warnings[0]
    assert 'ca_path' in warnings[0]
    assert not [w for w in recwarn if 'InsecureRequestWarning' in type(w.message).__name__], list(recwarn)


def test_ca_path_with_validate_certs_false_fails_before_any_request():
    with Simulator(tenants=('acme',), scheme='https') as sim:
        with pytest.raises(PSAError, match='^ca_path is set but validate_certs is false'):
            make_client(sim, validate_certs=False)
        assert sim.requests() == []


@pytest.mark.parametrize('where', ['/nonexistent/ca.pem', '/etc/hostname/ca.pem'])
def test_a_ca_path_that_cannot_be_read_fails_before_any_request(where):
    with Simulator(tenants=('acme',), scheme='https') as sim:
        with pytest.raises(PSAError) as caught:
            make_client(sim, ca_path=where)
        assert sim.requests() == []
    text = str(caught.value)
    assert text.startswith("ca_path '%s' cannot be read (" % where) and 'CW_PSA_CA_PATH' in text, text


def test_a_redirect_with_a_password_in_its_location_does_not_print_it(http_sim):
    http_sim.fault('acme', 'redirect', count=1, location='https://user:pw123@evil.example/v4_6_release/apis/3.0/x')
    with pytest.raises(PSAError) as caught:
        make_client(http_sim).get('/system/securityroles/count')
    text = str(caught.value)
    assert 'redirecting to https://user:***@evil.example/' in text and 'pw123' not in text, text
    assert 'set site to the host the PSA answers the API on' in text     # not 'set site to user:...'
