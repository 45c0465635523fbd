# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Where a request carrying the API keys may go: the tenant's own site, never a proxy in clear.

A URL is judged on the form the HTTP library really sends (requests' prepared URL, read by
urllib3's ``parse_url`` and by ``urlsplit``, which requests also uses to pick the connection),
because parsers disagree on odd URLs: ``http://a:1\\@b:2/`` is ``b:2`` to ``urlsplit`` but
``a:1`` to urllib3. Anything such a disagreement could hide in is refused outright: userinfo,
a backslash, percent-encoding, whitespace or control characters in the authority.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import unicodedata

from urllib.parse import urlsplit

from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_errors import PSAError, url_shown

try:
    from requests.utils import select_proxy
    from urllib3.util import parse_url
    from urllib3.exceptions import LocationParseError
except ImportError:  # pragma: no cover - _client.py reports the missing library
    select_proxy = parse_url = None
    LocationParseError = ValueError

_DEFAULT_PORTS = {'https': 443, 'http': 80}
# A host name, an IPv4 address or a bracketed IPv6 address, and a port: nothing else.
_AUTHORITY = re.compile(r'^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$')
_SCHEME_AND_AUTHORITY = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)')


def _origin(scheme, host, port):
    scheme = (scheme or '').lower()
    return scheme, (host or '').lower().strip('[]'), port or _DEFAULT_PORTS.get(scheme)


def _authority_problem(url):
    """What is wrong with the host part of ``url`` (as far as any parser may read it), or None."""
    # urlsplit ends the authority at the first '/', '?' or '#', urllib3 also at '\\': take the longer.
    authority = _SCHEME_AND_AUTHORITY.match(url)
    if not authority:
        return 'it is not an absolute http(s) URL'
    text = authority.group(1)
    if _AUTHORITY.match(text):
        return None
    if '\\' in text:
        return 'its host part contains a backslash, which URL parsers read differently'
    odd = [char for char in text if char.isspace() or unicodedata.category(char) in ('Cc', 'Cf')]
    if odd:
        return 'its host part contains %s, which URL parsers read differently' % ascii(odd[0])
    if '@' in text:
        return 'it carries a user name (userinfo before "@")'
    if '%' in text:
        return 'its host part is percent-encoded, which URL parsers read differently'
    return 'its host part %s is not a plain host and port' % ascii(text)


def _why_not(raw_url, sent_url, base_url):
    """Why credentials must not go to ``sent_url`` (prepared from ``raw_url``); None if they may."""
    for text in (raw_url, sent_url):
        problem = _authority_problem(text)
        if problem:
            return problem
    wanted = urlsplit(base_url)
    wanted = _origin(wanted.scheme, wanted.hostname, wanted.port)
    try:
        split = urlsplit(sent_url)
        views = [_origin(split.scheme, split.hostname, split.port)]
        parsed = parse_url(sent_url)
        views.append(_origin(parsed.scheme, parsed.host, parsed.port))
    except (ValueError, LocationParseError):
        return 'its host or port cannot be read'
    if split.username is not None or parsed.auth is not None:
        return 'it carries a user name (userinfo before "@")'
    for scheme, host, port in views:
        if (scheme, host, port) != wanted:
            return 'it points to %s://%s:%s, not to the site' % (scheme, host, port)
    return None


def check_target(raw_url, sent_url, base_url, method, path, what='the request URL'):
    """Raise unless ``sent_url`` (requests' prepared URL of ``raw_url``) goes to ``base_url``'s origin."""
    reason = _why_not(raw_url, sent_url, base_url)
    if reason:
        raise PSAError('%s %s is refused: %s; the credentials are sent only to the site %s (if the PSA '
                       'answered this, report it to the site\'s administrator)'
                       % (what, url_shown(raw_url), reason, base_url), method, path)


def proxy_for(session, url):
    """The proxy requests would use for ``url`` from the environment (NO_PROXY honoured), or None."""
    settings = session.merge_environment_settings(url, {}, None, None, None)
    return select_proxy(url, settings.get('proxies') or {})


def refuse_clear_text_proxy(session, url, base_url, method=None, path=None):
    """Plain http:// is for a loopback test server reached directly: through a proxy the keys travel in clear."""
    if not url.lower().startswith('http://'):
        return
    proxy = proxy_for(session, url)
    if proxy:
        try:
            where = parse_url(proxy).host or 'a proxy'
        except (ValueError, LocationParseError):
            where = 'a proxy'
        raise PSAError('site %s uses plain http:// and the environment sends it through the proxy %s '
                       '(HTTP_PROXY / http_proxy or ALL_PROXY), which would receive the API keys in clear '
                       'text: add the host to NO_PROXY, unset the proxy variable for this task, or use an '
                       'https:// site' % (base_url, ascii(where)[1:-1]), method, path)
