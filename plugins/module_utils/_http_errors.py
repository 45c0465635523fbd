# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""What went wrong with a PSA request, in words a person can act on.

The client raises only PSAError. This file builds them: from an error answer, from a
redirect, from an answer whose shape is not the contract's, and from a connection error
(keeping its whole root cause: name resolution, refused connection, certificate).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from urllib.parse import urlsplit

_PASSWORD = re.compile(r'(//[^/?#@]*?:)[^/?#@\\]*@')
_ODD_HOST = re.compile(r'[^A-Za-z0-9.:\[\]-]')
CLOUD_HINT = ('cloud sites answer the API on their api- host, for example https://api-na.myconnectwise.net '
              '(GET https://<site>/login/companyinfo/<company_id> names the SiteUrl)')


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
                'message': self.vendor_message, 'errors': self.errors, 'maybe_applied': self.maybe_applied}


def explain(status, vendor_message):
    prefix = {
        401: 'HTTP 401 unauthorised: check company_id, public_key, private_key and client_id',
        403: 'HTTP 403 forbidden: the credentials running this task lack the right',
        404: 'HTTP 404 not found',
        405: 'HTTP 405 method not allowed',
        429: 'HTTP 429 too many requests, retries exhausted',
    }.get(status, 'HTTP %d' % status)
    return '%s: %s' % (prefix, vendor_message) if vendor_message else prefix


def from_response(response, method, path, summary=None):
    """PSAError of an error answer, with the vendor's code, message and field errors."""
    try:
        body = response.json() or {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    status = response.status_code
    vendor_message = body.get('message') if isinstance(body.get('message'), str) else None
    errors = body.get('errors') if isinstance(body.get('errors'), list) else None
    return PSAError(summary or explain(status, vendor_message), method, path, status, body.get('code'),
                    vendor_message, errors)


def redirect(response, method, path, base_url):
    """A 3xx is never followed: requests would turn a POST into a GET and carry the keys elsewhere."""
    location = response.headers.get('Location') or '(no Location header)'
    target = urlsplit(location)
    fix = 'set site to the host the PSA answers the API on'
    if target.scheme == 'https' and target.hostname and target.username is None and not _ODD_HOST.search(target.netloc):
        fix = 'set site to %s if that is this PSA\'s API host' % target.netloc
    return PSAError('the site %s answered HTTP %d, redirecting to %s; redirects are not followed (a redirected '
                    'write would be lost and the credentials sent elsewhere): %s; %s'
                    % (base_url, response.status_code, url_shown(location), fix, CLOUD_HINT),
                    method, path, response.status_code)


def url_shown(url):
    """``url`` as a message may show it: escaped, without the query string or a password, bounded."""
    text = ascii(_PASSWORD.sub(r'\1***@', url.split('?', 1)[0]))[1:-1]
    return text if len(text) <= 200 else text[:200] + '...'


def expect_shape(value, kind, method, path):
    """``value`` when it is a ``list`` or a ``dict`` as the contract says, else a PSAError."""
    wanted = list if kind == 'list' else dict
    if value is None or isinstance(value, wanted):
        return value
    got = 'a list' if isinstance(value, list) else 'an object' if isinstance(value, dict) else 'a %s' % type(value).__name__
    raise PSAError('the answer is %s where the contract gives %s; the site may not be the PSA API '
                   '(a proxy or a login page answered?): check site; %s'
                   % (got, 'a list' if kind == 'list' else 'an object', CLOUD_HINT), method, path)


def not_json(response, method, path):
    kind = (response.headers.get('Content-Type') or 'no content type').split(';')[0]
    return PSAError('the answer is not JSON (HTTP %s, %s); the site may not be the PSA API: check site; %s'
                    % (response.status_code, kind, CLOUD_HINT), method, path, response.status_code)


def connection_cause(exc):
    """The root cause of a connection error, whole: type and text, without query strings or addresses."""
    root, seen = exc, 0
    while seen < 8:
        seen += 1
        inner = getattr(root, 'reason', None)
        if not isinstance(inner, BaseException):
            args = getattr(root, 'args', None) or ()
            inner = args[0] if args and isinstance(args[0], BaseException) else None
        if inner is None or inner is root:
            break
        root = inner
    text = str(root) if str(root) else ''
    text = re.sub(r'<[^<>]* object at 0x[0-9a-f]+>:?\s*', '', text)
    text = _without_query(text)
    cause = '%s: %s' % (type(root).__name__, text) if text else type(root).__name__
    return '%s%s' % (cause, _hint(type(root).__name__, text))


def _hint(kind, text):
    if kind == 'NameResolutionError' or 'Name or service not known' in text or 'getaddrinfo' in text:
        return '; the host name does not resolve: check site (on cloud sites the api- host, e.g. api-na.myconnectwise.net)'
    if 'Connection refused' in text:
        return '; nothing accepts connections there: check site and its port'
    if 'Timeout' in kind or 'timed out' in text:
        return '; raise timeout if the site is slow'
    return ''


def _without_query(text):
    # conditions may name objects, never keys; still, a URL's query string stays out of messages
    return re.sub(r'\?[^ )\'"]*', '', text)
