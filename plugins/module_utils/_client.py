# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The one ConnectWise PSA REST client every module uses.

Authentication, codebase discovery, paging, retries and error shaping live here so
that module logic only speaks in paths and records. Nothing in this file depends on
AnsibleModule: the same client runs inside a module process or an action plugin.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import time
import warnings

from urllib.parse import urlsplit

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _http_errors as http_errors
from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_errors import PSAError
from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_headers import (
    next_link, retry_after_seconds, same_origin)
from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_target import (
    check_target, refuse_clear_text_proxy)

try:
    import requests
    from urllib3.exceptions import InsecureRequestWarning
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by missing_required_lib in the modules
    requests = None
    InsecureRequestWarning = Warning
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

DEFAULT_CODEBASE = 'v4_6_release/'
DEFAULT_API_VERSION = '2025.8'
MAX_PAGE_SIZE = 1000
MAX_PAGES = 1000              # a million rows: past that something is wrong, say so
RETRY_AFTER_CAP = 60.0        # never sleep longer than this on one Retry-After
BACKOFF_CAP = 30.0
IDEMPOTENT_METHODS = frozenset(('GET', 'PUT', 'PATCH', 'DELETE'))
USER_AGENT = 'msp.connectwise_psa/0.1.0'
API_VERSION = re.compile(r'^\d{4}\.\d{1,2}$')
# The codebase forms the vendor uses (v2025_1/, v2025_1_release/, v4_6_release/); ASCII digits only,
# matched whole (fullmatch: '$' alone would let a trailing newline through).
CODEBASE = re.compile(r'v[0-9]{4}_[0-9]+(_release)?/|v[0-9]+_[0-9]+_release/')


def parse_site(site):
    """``host`` or ``scheme://host[:port]`` -> base URL; plain HTTP only to loopback."""
    if not site or not site.strip():
        raise PSAError('site is empty: set the PSA API host, for example api-na.myconnectwise.net')
    site = site.strip()
    if '://' not in site:
        site = 'https://' + site
    site = site.rstrip('/')
    parts = urlsplit(site)
    try:
        parts.port   # raises on a port that is not a number, e.g. "https:psa.example.com"
    except ValueError:
        parts = urlsplit('invalid://')
    if parts.scheme not in ('https', 'http') or not parts.hostname:
        raise PSAError('site %r is not a host or an http(s) URL, for example api-na.myconnectwise.net' % site)
    if parts.path or parts.query or parts.username:
        raise PSAError('site %r must be a host or scheme://host[:port] without a path or user; '
                       'the codebase is set with the codebase option' % site)
    if parts.scheme == 'http' and not _is_loopback(parts.hostname):
        raise PSAError('site %r uses plain http://, which would send the API keys in clear text; '
                       'use https:// (http is accepted only for a loopback test server)' % site)
    return '%s://%s' % (parts.scheme, parts.netloc)


def _is_loopback(host):
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PSAClient(object):
    """One authenticated keep-alive session against one PSA tenant."""

    def __init__(self, site, company_id, public_key, private_key, client_id, codebase=None,
                 api_version=DEFAULT_API_VERSION, validate_certs=True, ca_path=None, timeout=30,
                 retries=5, warn=None, sleep=time.sleep, backoff_base=1.0):
        missing = [name for name, value in (('site', site), ('company_id', company_id),
                                            ('public_key', public_key), ('private_key', private_key),
                                            ('client_id', client_id)) if not value]
        if missing:
            raise PSAError('missing connection option%s %s: set %s or the environment variable%s %s'
                           % ('s' if len(missing) > 1 else '', ', '.join(missing),
                              ' / '.join(missing), 's' if len(missing) > 1 else '',
                              ', '.join('CW_PSA_' + name.upper() for name in missing)))
        if not HAS_REQUESTS:
            raise PSAError('the Python library requests is required on the controller: pip install requests')
        self.base_url = parse_site(site)
        api_version = str(api_version if api_version is not None else DEFAULT_API_VERSION).strip()
        if not API_VERSION.match(api_version):
            raise PSAError('api_version %r is not a PSA API version: use YYYY.N as in the vendor\'s documents, '
                           'for example %s (option api_version or CW_PSA_API_VERSION)' % (api_version, DEFAULT_API_VERSION))
        self.company_id = company_id
        # Which tenant, under which admin key, this client reads (a digest: the key half stays secret).
        # What one task read is only handed to a task whose client has the same identity (_tenant_reads).
        self.identity = 'sha256:' + hashlib.sha256('\0'.join(
            (self.base_url.lower(), str(company_id).strip().lower(), str(public_key))).encode('utf-8')).hexdigest()[:16]
        # Start on the given (or default) codebase; companyinfo is asked only after a 404,
        # which saves a request per task on every tenant that answers on it.
        self.codebase = _given_codebase(codebase)
        self._rediscovered = False
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self._warn = warn or (lambda message: None)
        self._sleep = sleep
        self._backoff_base = backoff_base
        self.request_count = 0
        self.applied_writes = []   # writes the server confirmed: a later failure must still report them
        self.session = requests.Session()
        # Passed on every request: requests lets REQUESTS_CA_BUNDLE override Session.verify.
        self.verify = _verify(validate_certs, ca_path)
        if self.verify is False and self.base_url.startswith('https://'):
            self._warn('validate_certs is false: the TLS certificate of %s is not verified, so anyone on the '
                       'network path could read the API keys; set ca_path to the PEM file of the CA that '
                       'signed it instead' % self.base_url)
        refuse_clear_text_proxy(self.session, self.base_url + '/', self.base_url)
        token = base64.b64encode(('%s+%s:%s' % (company_id, public_key, private_key)).encode('utf-8'))
        self.session.headers.update({
            'Authorization': 'Basic ' + token.decode('ascii'),
            'clientId': client_id,
            'Accept': 'application/vnd.connectwise.com+json; version=%s' % api_version,
            'User-Agent': USER_AGENT,
        })

    # ----------------------------------------------------------------- public API
    def get(self, path, fields=None, params=None):
        query = dict(params or {})
        if fields:
            query['fields'] = _fields(fields)
        return self.request('GET', path, params=query)

    def list(self, path, conditions=None, fields=None, order_by=None, max_pages=MAX_PAGES):
        """Every record of a list endpoint, following ``Link: rel="next"`` to the end."""
        query = {'pageSize': MAX_PAGE_SIZE}
        if conditions:
            query['conditions'] = conditions
        if fields:
            query['fields'] = _fields(fields)
        if order_by:
            query['orderBy'] = order_by
        records, response = self._request('GET', path, params=query, shape='list')
        records = list(records or [])
        pages = 1
        next_url = next_link(response)
        while next_url:
            if pages >= max_pages:
                raise PSAError('stopped after %d pages of %d records: the list did not end; '
                               'narrow the search' % (pages, MAX_PAGE_SIZE), 'GET', path)
            page, response = self._request('GET', path, url=same_origin(next_url, self.base_url, path), shape='list')
            records.extend(page or [])
            pages += 1
            next_url = next_link(response)
        return records

    def first(self, path, conditions, fields=None):
        """The one record matching ``conditions`` or None; more than one is an error."""
        query = {'conditions': conditions, 'pageSize': 2}
        if fields:
            query['fields'] = _fields(fields)
        records = self.request('GET', path, params=query, shape='list') or []
        if len(records) > 1:
            raise PSAError('more than one record matches %s' % conditions, 'GET', path)
        return records[0] if records else None

    def post(self, path, body):
        return self.request('POST', path, json_body=body)

    def create(self, path, body, find_again):
        """POST once. If the answer was lost or the record already exists (a concurrent run),
        return what ``find_again()`` finds: a POST is never repeated blindly."""
        try:
            return self.post(path, body)
        except PSAError as exc:
            if exc.maybe_applied or exc.has_error_code('ObjectExists'):
                try:
                    existing = find_again()
                except PSAError as lookup:   # keep maybe_applied: the record may exist now
                    raise PSAError('%s; looking it up again failed too (%s): run again, a run looks the record '
                                   'up before creating it' % (exc.summary, lookup), exc.method, exc.path,
                                   exc.status, maybe_applied=exc.maybe_applied)
                if existing:
                    return existing
            raise

    def put(self, path, body):
        return self.request('PUT', path, json_body=body)

    def patch(self, path, operations):
        return self.request('PATCH', path, json_body=operations)

    def delete(self, path):
        return self.request('DELETE', path)

    def request(self, method, path, params=None, json_body=None, shape='object'):
        """The decoded answer; ``shape`` is what the contract gives (``list`` or ``object``)."""
        return self._request(method, path, params=params, json_body=json_body, shape=shape)[0]

    def close(self):
        self.session.close()

    # ----------------------------------------------------------------- internals
    def api_url(self, path):
        return '%s/%sapis/3.0/%s' % (self.base_url, self.codebase, path.lstrip('/'))

    def discover_codebase(self):
        """``GET /login/companyinfo/{company_id}`` (no auth); the default when it says nothing."""
        url = '%s/login/companyinfo/%s' % (self.base_url, self.company_id)
        path = '/login/companyinfo/%s' % self.company_id
        response = self._send('GET', url, path, headers={'Authorization': None, 'clientId': None})
        if response.status_code == 200:
            try:
                info = response.json()
            except ValueError:
                raise http_errors.not_json(response, 'GET', path)
            codebase = http_errors.expect_shape(info, 'object', 'GET', path) and info.get('Codebase')
            if codebase in (None, ''):
                return DEFAULT_CODEBASE
            if not (isinstance(codebase, str) and CODEBASE.fullmatch(codebase)):
                # No authentication protects this answer: it must not steer request paths or messages.
                raise PSAError('the site answered the codebase %s, which is not a PSA codebase (v4_6_release/ '
                               'or v2025_1/, as the vendor names them); refusing to use it: check site, or set '
                               'codebase (CW_PSA_CODEBASE) to the tenant\'s codebase' % _escaped(codebase), 'GET', path)
            return codebase
        if response.status_code == 404:
            raise http_errors.from_response(response, 'GET', path, 'company %r is not known on this site: check '
                                            'company_id and site' % self.company_id)
        return DEFAULT_CODEBASE

    def _request(self, method, path, params=None, json_body=None, url=None, shape='object'):
        what = 'the next-page link' if url else 'the request URL'
        response = self._send(method, url or self.api_url(path), path, params=params, json_body=json_body, what=what)
        confirmed = None
        if response.status_code == 404 and not self._rediscovered:
            # Cloud upgrades move codebases; a 404 on the old one is the only sign.
            self._rediscovered = True
            old = self.codebase
            self.codebase = self.discover_codebase()
            if self.codebase != old:
                self._warn('answers on codebase %s, not %s; continuing there (set codebase or '
                           'CW_PSA_CODEBASE to %s to save a request per task)' % (self.codebase, old, self.codebase))
                if url:
                    url = url.replace('/%sapis/' % old, '/%sapis/' % self.codebase, 1)
                response = self._send(method, url or self.api_url(path), path, params=params, json_body=json_body,
                                      what=what)
            else:
                confirmed = old
        if response.status_code >= 400:
            raise self._error(response, method, path, confirmed)
        if method != 'GET':
            self.applied_writes.append({'method': method, 'path': path, 'status': response.status_code})
        if response.status_code == 204 or not response.content:
            return None, response
        try:
            body = response.json()
        except ValueError:
            raise http_errors.not_json(response, method, path)
        return http_errors.expect_shape(body, shape, method, path), response

    def _prepared(self, method, url, path, params, data, headers, what):
        """The request exactly as it will be sent, and its send settings, once the URL is known safe."""
        try:
            prepared = self.session.prepare_request(requests.Request(method, url, params=params or {},
                                                                     data=data or {}, headers=headers))
        except requests.exceptions.RequestException:   # InvalidURL and kin: nothing was sent
            raise PSAError('%s %s is refused: it cannot be read as a URL; the credentials are sent only to the '
                           'site %s' % (what, http_errors.url_shown(url), self.base_url), method, path)
        check_target(url, prepared.url, self.base_url, method, path, what)
        refuse_clear_text_proxy(self.session, prepared.url, self.base_url, method, path)
        # What Session.request adds (proxies, REQUESTS_CA_BUNDLE, ...), computed the same way.
        settings = self.session.merge_environment_settings(prepared.url, {}, None, self.verify, None)
        return prepared, settings

    def _send(self, method, url, path, params=None, json_body=None, headers=None, what='the request URL'):
        """One request with retries; returns the final response or raises PSAError."""
        data = None
        request_headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body)
            request_headers['Content-Type'] = 'application/json'
        prepared, settings = self._prepared(method, url, path, params, data, request_headers, what)
        attempt = 0
        while True:
            attempt += 1
            try:
                self.request_count += 1
                # Never follow a redirect: requests turns a redirected POST into a GET (the write is lost)
                # and would carry the Authorization header to wherever the Location points.
                with warnings.catch_warnings():
                    # Our own warning (once, naming the tenant) replaces urllib3's on every request.
                    warnings.simplefilter('ignore', InsecureRequestWarning)
                    response = self.session.send(prepared.copy(), timeout=self.timeout, allow_redirects=False,
                                                 **settings)
            except requests.exceptions.SSLError as exc:
                raise PSAError('TLS verification failed for %s: %s; if the site uses a private CA, '
                               'set ca_path to its PEM file' % (self.base_url, http_errors.connection_cause(exc)),
                               method, path)
            except requests.exceptions.RequestException as exc:
                # A connect timeout or refused connection never reached the server.
                unsent = isinstance(exc, (requests.exceptions.ConnectTimeout,)) or _refused(exc)
                if (method in IDEMPOTENT_METHODS or unsent) and attempt <= self.retries:
                    self._wait(method, path, attempt, http_errors.connection_cause(exc), None)
                    continue
                raise PSAError('no answer from %s: %s' % (self.base_url, http_errors.connection_cause(exc)), method, path,
                               maybe_applied=(method not in IDEMPOTENT_METHODS and not unsent))
            status = response.status_code
            if 300 <= status < 400:
                raise http_errors.redirect(response, method, path, self.base_url)
            retryable = status == 429 or (status >= 500 and method in IDEMPOTENT_METHODS)
            if retryable and attempt <= self.retries:
                self._wait(method, path, attempt, 'HTTP %d' % status, response.headers.get('Retry-After'))
                continue
            return response

    def _wait(self, method, path, attempt, reason, retry_after):
        delay = retry_after_seconds(retry_after, RETRY_AFTER_CAP)
        if delay is None:
            delay = min(BACKOFF_CAP, self._backoff_base * (2 ** (attempt - 1)))
            delay = delay / 2 + random.uniform(0, delay / 2)   # jitter: forks must not retry in step
        self._warn('%s %s: %s, retrying in %.1f s (retry %d of %d)'
                   % (method, path, reason, delay, attempt, self.retries))
        self._sleep(delay)

    def _error(self, response, method, path, codebase_confirmed=None):
        error = http_errors.from_response(response, method, path)
        if response.status_code == 404 and codebase_confirmed:
            # Not a stale codebase: companyinfo names the one in use, so the site refused this path.
            error = http_errors.from_response(response, method, path, (
                '%s; /login/companyinfo confirms codebase %s for company %s, so the site refused this path '
                '(on cloud sites a 404 can also mean refused credentials: check public_key, private_key '
                'and client_id)' % (error.summary, codebase_confirmed, self.company_id)))
        return error


def _fields(fields):
    return fields if isinstance(fields, str) else ','.join(fields)


def _given_codebase(codebase):
    """The codebase option, checked: it becomes part of every request path."""
    if codebase is None or not str(codebase).strip():
        return DEFAULT_CODEBASE
    normalised = str(codebase).strip().strip('/') + '/'
    if not CODEBASE.fullmatch(normalised):
        raise PSAError('codebase %s is not a PSA codebase: use the form /login/companyinfo names, for example '
                       '%s or v2025_1/ (option codebase or CW_PSA_CODEBASE), or leave it unset'
                       % (_escaped(codebase), DEFAULT_CODEBASE))
    return normalised


def _escaped(value):
    text = ascii(value)
    return text if len(text) <= 80 else text[:80] + '...'


def _verify(validate_certs, ca_path):
    """``verify`` for requests; a ca_path that would be ignored or cannot be read fails before any request."""
    if not ca_path:
        return bool(validate_certs)
    if not validate_certs:
        raise PSAError('ca_path is set but validate_certs is false, so the certificate would not be checked '
                       'at all: set validate_certs to true (recommended) or remove ca_path (CW_PSA_CA_PATH)')
    try:
        if os.path.isdir(ca_path):
            os.listdir(ca_path)
        else:
            with open(ca_path, 'rb'):
                pass
    except OSError as exc:
        # The user's own path, shown whole (escaped): a shortened path is no help in finding the file.
        raise PSAError('ca_path %s cannot be read (%s): set ca_path (or CW_PSA_CA_PATH) to the PEM file of the '
                       'CA that signed the site\'s certificate' % (ascii(ca_path), exc.strerror or type(exc).__name__))
    return ca_path


def _refused(exc):
    return 'Connection refused' in str(exc) or 'NewConnectionError' in str(exc)
