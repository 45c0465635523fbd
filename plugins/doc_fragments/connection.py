# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The environment names match the injectors of extensions/awx/credential_type.yml,
    # so an AWX credential fills every option without playbook variables.
    DOCUMENTATION = r'''
options:
  site:
    description:
      - The PSA API host, for example C(api-na.myconnectwise.net), or a URL with scheme
        and port, for example C(https://psa.example.com:8443).
      - A host without a scheme is reached over HTTPS. C(http://) is refused except on a
        loopback address (test servers), because the keys would travel in clear text; it is
        refused there too when a proxy from the environment applies (E(HTTP_PROXY), E(ALL_PROXY);
        add the host to E(NO_PROXY)).
      - The keys go only to this site's scheme, host and port. A next-page link (C(Link) header)
        that points elsewhere, or carries a user name, a backslash, percent-encoding, whitespace
        or control characters in its host part, fails the task naming the request.
      - Redirects are never followed; a redirect fails the task naming where it points
        (cloud sites answer the API on their C(api-) host).
      - If not set, the value of the E(CW_PSA_SITE) environment variable is used.
    type: str
  company_id:
    description:
      - The company ID the PSA tenant is logged into with (the first part of the API login).
      - If not set, the value of the E(CW_PSA_COMPANY_ID) environment variable is used.
    type: str
  public_key:
    description:
      - Public key of the admin API member whose rights run the task (give O(private_key) with it).
        Secret like the private key (the two are easily swapped), so never logged or returned.
      - M(msp.connectwise_psa.cw_api_key) ignores it and logs in with the key pair it verifies.
      - If not set, the value of the E(CW_PSA_PUBLIC_KEY) environment variable is used.
    type: str
  private_key:
    description:
      - Private key of the admin API member whose rights run the task (give O(public_key) with it).
        Never logged or returned.
      - M(msp.connectwise_psa.cw_api_key) ignores it and logs in with the key pair it verifies.
      - If not set, the value of the E(CW_PSA_PRIVATE_KEY) environment variable is used.
    type: str
  client_id:
    description:
      - The integration's C(clientId), a GUID registered with ConnectWise; sent on every request.
      - If not set, the value of the E(CW_PSA_CLIENT_ID) environment variable is used.
    type: str
  codebase:
    description:
      - The codebase path segment to try first, for example C(v4_6_release/) or C(v2025_1/).
        Another form (anything but C(v<digits>_<digits>_release/) or C(v<year>_<n>/)) fails before any request.
      - If not set, the value of the E(CW_PSA_CODEBASE) environment variable is used; if
        that is unset too, C(v4_6_release/).
      - After a 404 the codebase is looked up once with C(GET /login/companyinfo/{company_id})
        and the request repeated there, because cloud sites move codebases on upgrades.
        An answer that is not one of the vendor's forms fails the task, naming the answer.
        The module returns the codebase it used as C(codebase).
    type: str
  api_version:
    description:
      - The API version pinned in the C(Accept) header, as C(YYYY.N), for example C(2025.8).
        Another form fails before any request.
      - If not set, the value of the E(CW_PSA_API_VERSION) environment variable is used.
    type: str
    default: '2025.8'
  validate_certs:
    description:
      - Verify the site's TLS certificate. Switch off only for a test server; prefer O(ca_path).
      - When false, the task warns once per tenant naming the site (anyone on the network path
        could read the keys). O(ca_path) together with V(false) is an error.
      - If not set, the value of the E(CW_PSA_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authority that signed the site's certificate, for a
        site whose certificate is not signed by a CA the controller trusts.
      - A path that does not exist or cannot be read fails before any request, naming the tenant.
      - If not set, the value of the E(CW_PSA_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response.
      - If not set, the value of the E(CW_PSA_TIMEOUT) environment variable is used.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after HTTP 429 (waiting what C(Retry-After)
        asks, capped at 60 seconds), a 5xx answer or a connection error (exponential backoff
        with jitter). A C(POST) is retried only when the server cannot have applied it.
      - If not set, the value of the E(CW_PSA_RETRIES) environment variable is used.
    type: int
    default: 5
attributes:
  action_group:
    description: Use C(group/msp.connectwise_psa.connectwise_psa) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - msp.connectwise_psa.connectwise_psa
requirements:
  - requests >= 2.28
  - jsonschema >= 4.0
notes:
  - 'The module runs on the controller: use C(connection: local) or C(delegate_to: localhost).'
  - The connection options (O(site), O(company_id), O(public_key), O(private_key), O(client_id) and the
    others that fall back to a C(CW_PSA_*) environment variable) can be set once for the
    C(msp.connectwise_psa.connectwise_psa) action group with C(module_defaults).
'''
