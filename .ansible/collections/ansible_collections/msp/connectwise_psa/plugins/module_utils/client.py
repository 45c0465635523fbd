# -*- coding: utf-8 -*-
# Copyright: (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one ConnectWise PSA REST client every module uses.

Authentication, codebase discovery, paging, retries and error shaping live here so
that module logic only speaks in paths and records. Nothing in this file depends on
AnsibleModule: the same client runs inside a module process or an action plugin.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import ipaddress
import json
import random
import re
import time

from urllib.parse import urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by missing_required_lib in the modules
    requests = None
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
_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class PSAError(Exception):
    """A failed PSA request: method, path, HTTP status and the vendor's error body.

    ``maybe_applied`` is true when a write may have reached the server even though no
    answer came back, so the caller must look the object up before trying again.
    The text never contains headers, keys or request bodies.
    """

    def __init__(self, message, method=None, path=None, status=None, code=None,
                 vendor_message=None, errors=None, maybe_applied=False):
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.vendor_message = vendor_message
        self.errors = errors or []
        self.maybe_applied = maybe_applied
        self.summary = message
        super(PSAError, self).__init__(self._text())

    def _text(self):
        where = ' '.join(part for part in (self.method, self.path) if part)
        text = '%s: %s' % (where, self.summary) if where else self.summary
        details = []
        for error in self.errors:
            if isinstance(error, dict):
                field = error.get('field')
                details.append('%s%s' % ('%s: ' % field if field else '', error.get('message') or error.get('code')))
        if details:
            text += ' (%s)' % '; '.join(details)
        return text

    def has_error_code(self, code):
        return self.code == code or any(
            isinstance(error, dict) and error.get('code') == code for error in self.errors)

    def as_dict(self):
        """Facts for a module result; safe to return."""
        return {'method': self.method, 'path': self.path, 'status': self.status, 'code': self.code,
                'message': self.vendor_message, 'errors': self.errors}


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
        self.company_id = company_id
        # Start on the given (or default) codebase; companyinfo is asked only after a 404,
        # which saves a request per task on every tenant that answers on it.
        self.codebase = _normalise_codebase(codebase or DEFAULT_CODEBASE)
        self._rediscovered = False
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self._warn = warn or (lambda message: None)
        self._sleep = sleep
        self._backoff_base = backoff_base
        self.request_count = 0
        self.session = requests.Session()
        # Passed on every request: requests lets REQUESTS_CA_BUNDLE override Session.verify.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
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
        records, response = self._request('GET', path, params=query)
        records = list(records or [])
        pages = 1
        next_url = _next_link(response)
        while next_url:
            if pages >= max_pages:
                raise PSAError('stopped after %d pages of %d records: the list did not end; '
                               'narrow the search' % (pages, MAX_PAGE_SIZE), 'GET', path)
            page, response = self._request('GET', path, url=self._same_origin(next_url, path))
            records.extend(page or [])
            pages += 1
            next_url = _next_link(response)
        return records

    def first(self, path, conditions, fields=None):
        """The one record matching ``conditions`` or None; more than one is an error."""
        query = {'conditions': conditions, 'pageSize': 2}
        if fields:
            query['fields'] = _fields(fields)
        records = self.request('GET', path, params=query) or []
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
                existing = find_again()
                if existing:
                    return existing
            raise

    def put(self, path, body):
        return self.request('PUT', path, json_body=body)

    def patch(self, path, operations):
        return self.request('PATCH', path, json_body=operations)

    def delete(self, path):
        return self.request('DELETE', path)

    def request(self, method, path, params=None, json_body=None):
        return self._request(method, path, params=params, json_body=json_body)[0]

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
                codebase = (response.json() or {}).get('Codebase')
            except ValueError:
                codebase = None
            if codebase:
                return _normalise_codebase(codebase)
            return DEFAULT_CODEBASE
        if response.status_code == 404:
            raise self._error(response, 'GET', path, 'company %r is not known on this site: check '
                              'company_id and site' % self.company_id)
        return DEFAULT_CODEBASE

    def _request(self, method, path, params=None, json_body=None, url=None):
        response = self._send(method, url or self.api_url(path), path, params=params, json_body=json_body)
        if response.status_code == 404 and not self._rediscovered:
            # Cloud upgrades move codebases; a 404 on the old one is the only sign.
            self._rediscovered = True
            old = self.codebase
            self.codebase = self.discover_codebase()
            if self.codebase != old:
                self._warn('company %s answers on codebase %s, not %s; continuing there (set codebase or '
                           'CW_PSA_CODEBASE to %s to save a request per task)' % (self.company_id, self.codebase, old, self.codebase))
                if url:
                    url = url.replace('/%sapis/' % old, '/%sapis/' % self.codebase, 1)
                response = self._send(method, url or self.api_url(path), path, params=params, json_body=json_body)
        if response.status_code >= 400:
            raise self._error(response, method, path)
        if response.status_code == 204 or not response.content:
            return None, response
        try:
            return response.json(), response
        except ValueError:
            raise PSAError('the answer was not JSON (HTTP %s)' % response.status_code, method, path,
                           response.status_code)

    def _send(self, method, url, path, params=None, json_body=None, headers=None):
        """One request with retries; returns the final response or raises PSAError."""
        data = None
        request_headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body)
            request_headers['Content-Type'] = 'application/json'
        attempt = 0
        while True:
            attempt += 1
            try:
                self.request_count += 1
                response = self.session.request(method, url, params=params, data=data, headers=request_headers,
                                                timeout=self.timeout, verify=self.verify)
            except requests.exceptions.SSLError as exc:
                raise PSAError('TLS verification failed for %s (%s): if the site uses a private CA, '
                               'set ca_path to its PEM file' % (self.base_url, _reason(exc)), method, path)
            except requests.exceptions.RequestException as exc:
                # A connect timeout or refused connection never reached the server.
                unsent = isinstance(exc, (requests.exceptions.ConnectTimeout,)) or _refused(exc)
                if (method in IDEMPOTENT_METHODS or unsent) and attempt <= self.retries:
                    self._wait(method, path, attempt, _reason(exc), None)
                    continue
                raise PSAError('no answer from %s (%s)' % (self.base_url, _reason(exc)), method, path,
                               maybe_applied=(method not in IDEMPOTENT_METHODS and not unsent))
            status = response.status_code
            retryable = status == 429 or (status >= 500 and method in IDEMPOTENT_METHODS)
            if retryable and attempt <= self.retries:
                self._wait(method, path, attempt, 'HTTP %d' % status, response.headers.get('Retry-After'))
                continue
            return response

    def _wait(self, method, path, attempt, reason, retry_after):
        delay = _retry_after_seconds(retry_after)
        if delay is None:
            delay = min(BACKOFF_CAP, self._backoff_base * (2 ** (attempt - 1)))
            delay = delay / 2 + random.uniform(0, delay / 2)   # jitter: forks must not retry in step
        self._warn('%s %s: %s, retrying in %.1f s (retry %d of %d)'
                   % (method, path, reason, delay, attempt, self.retries))
        self._sleep(delay)

    def _same_origin(self, next_url, path):
        # The Authorization header must never follow a Link to another host.
        if urlsplit(next_url).netloc.lower() != urlsplit(self.base_url).netloc.lower():
            raise PSAError('the next-page link points to another host (%s); refusing to send '
                           'credentials there' % urlsplit(next_url).netloc, 'GET', path)
        return next_url

    def _error(self, response, method, path, summary=None):
        body = {}
        try:
            body = response.json() or {}
        except ValueError:
            pass
        if not isinstance(body, dict):
            body = {}
        status = response.status_code
        vendor_message = body.get('message')
        return PSAError(summary or _explain(status, vendor_message), method, path, status,
                        body.get('code'), vendor_message, body.get('errors') if isinstance(body.get('errors'), list) else None)


def _explain(status, vendor_message):
    prefix = {
        401: 'HTTP 401 unauthorised: check company_id, public_key, private_key and client_id',
        403: 'HTTP 403 forbidden: the credentials running this task lack the right',
        404: 'HTTP 404 not found',
        405: 'HTTP 405 method not allowed',
        429: 'HTTP 429 too many requests, retries exhausted',
    }.get(status, 'HTTP %d' % status)
    return '%s: %s' % (prefix, vendor_message) if vendor_message else prefix


def _next_link(response):
    match = _LINK_NEXT.search(response.headers.get('Link', '') or '')
    return match.group(1) if match else None


def _fields(fields):
    return fields if isinstance(fields, str) else ','.join(fields)


def _normalise_codebase(codebase):
    return codebase.strip('/') + '/'


def _retry_after_seconds(value):
    if value is None:
        return None
    try:
        return max(0.0, min(RETRY_AFTER_CAP, float(value)))
    except ValueError:
        return None   # an HTTP date: fall back to backoff rather than parse calendars


def _refused(exc):
    return 'Connection refused' in str(exc) or 'NewConnectionError' in str(exc)


def _reason(exc):
    """A short cause without URLs' query strings (conditions may name objects, never keys)."""
    text = str(exc.__class__.__name__)
    inner = getattr(exc, 'args', None)
    if inner:
        detail = str(inner[0])
        detail = re.sub(r'\?[^ )\'"]*', '', detail)
        text = '%s: %s' % (text, detail[:200])
    return text
