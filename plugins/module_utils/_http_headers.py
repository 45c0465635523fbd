# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The response headers the client acts on: Retry-After and Link (next page)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ansible_collections.msp.connectwise_psa.plugins.module_utils._http_errors import PSAError

_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_DEFAULT_PORTS = {'https': 443, 'http': 80}


def retry_after_seconds(value, cap, now=None):
    """Seconds to wait for a Retry-After header, in either form HTTP allows (delta-seconds or an
    HTTP-date), between 0 and ``cap``; None when absent or unreadable (the caller backs off)."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, min(cap, seconds))


def next_link(response):
    match = _LINK_NEXT.search(response.headers.get('Link', '') or '')
    return match.group(1) if match else None


def origin(url):
    parts = urlsplit(url)
    scheme = (parts.scheme or '').lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or '').lower(), port


def same_origin(next_url, base_url, path):
    """``next_url`` if it has the site's scheme, host and port: the keys never travel elsewhere or in clear."""
    if origin(next_url) != origin(base_url):
        scheme, host, port = origin(next_url)
        raise PSAError('the next-page link points to %s://%s:%s, not to the site %s; refusing to send '
                       'credentials there (a list cannot be read past its first page this way)'
                       % (scheme, host, port, base_url), 'GET', path)
    return next_url
