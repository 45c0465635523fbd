"""Threaded HTTP/HTTPS server answering the PSA URL space for many tenants, and the
Simulator object tests drive (start/stop, credentials, operator, faults, request log)."""
import base64
import collections
import hmac
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import traceback
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from . import api, tls
from .contract import Contract, schema_errors
from .snapshot import tenant_from_snapshot
from .state import (DEFAULT_CODEBASE, Fault, Operator, RequestLog, SimError, Tenant, load_catalog,
                    make_rng)

DEFAULT_CLIENT_ID = "4b2b7e4c-5a3e-4d0b-9a55-0f6c3f1f2f10"
VERSION_CODE = "v2025.8"
API_RE = re.compile(r"^/([^/]+/)apis/3\.0(/.*)?$")
ACCEPT_OK = ("application/vnd.connectwise.com+json", "application/json", "*/*")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

TenantInfo = collections.namedtuple("TenantInfo", "company_id public_key private_key codebase")


class _Drop(Exception):
    """Close the connection without any response."""


class _Raw(Exception):
    """Answer with this status, content type and body as they are (a proxy or login page answering)."""

    def __init__(self, status, content_type, body):
        super().__init__(status)
        self.status, self.content_type, self.body = status, content_type, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length
    server_version = "PSASimulator/1.0"
    timeout = 60  # idle keep-alive connections are closed, so stopped simulators leave no threads
    sys_version = ""

    def setup(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # TLS handshake here, in the connection's own thread, not in the accept loop.
        if self.server.ssl_context is not None:
            self.request.settimeout(10)
            try:
                self.request = self.server.ssl_context.wrap_socket(self.request, server_side=True)
            except (OSError, ValueError):
                self.request.close()
                raise
            self.request.settimeout(None)
        super().setup()

    def log_message(self, fmt, *args):  # quiet by default
        if self.server.sim.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    # ---- request cycle --------------------------------------------------------------------
    def _dispatch(self):
        sim = self.server.sim
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        entry = {"tenant": None, "method": self.command, "path": url.path, "query": query, "status": None,
                 "public_key": None, "fault": None, "accept": self.headers.get("Accept"), "api": False}
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raw = b""
            err = SimError(411, "BadRequest", "Send a Content-Length; chunked bodies are not supported.")
        else:
            err = None
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if sim.latency:
            time.sleep(sim.latency)
        drop_after = False
        try:
            if err:
                raise err
            status, body, headers, drop_after = self._handle(sim, url.path, query, raw, entry)
        except _Drop:
            entry["status"] = None
            sim.log.add(entry)
            self.close_connection = True
            return
        except _Raw as raw_answer:
            entry["status"] = raw_answer.status
            sim.log.add(entry)
            self.send_response(raw_answer.status)
            self.send_header("Content-Type", raw_answer.content_type)
            self.send_header("Content-Length", str(len(raw_answer.body)))
            self.end_headers()
            self.wfile.write(raw_answer.body)
            return
        except SimError as exc:
            status, body, headers = exc.status, exc.body(), exc.headers
        except Exception as exc:  # a simulator bug must still look like a vendor 500
            if sim.verbose:
                traceback.print_exc()
            status, body, headers = 500, {"code": "InternalServerError", "message": f"simulator error: {exc!r}"}, {}
        entry["status"] = status
        sim.log.add(entry)
        if drop_after:  # the request was applied; the client never hears about it
            self.close_connection = True
            return
        self._send(status, body, headers)

    def _send(self, status, body, headers):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, str(v))
        if status != 204:
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
        # Headers and body in one write: separate small writes meet Nagle + delayed ACK
        # and cost ~40 ms per response on loopback.
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD" and status != 204:
            self._headers_buffer.append(data)
        self.flush_headers()

    def _handle(self, sim, path, query, raw, entry):
        if path.startswith("/login/companyinfo/"):
            return (*self._company_info(sim, path, entry), False)
        m = API_RE.match(path)
        if not m:
            raise SimError(404, "NotFound", "The requested resource was not found.")
        codebase, api_path = m.group(1), m.group(2) or "/"
        entry.update(path=api_path, api=True)
        tenant, member, public = self._authenticate(sim, codebase, entry)
        drop_after, next_link = self._faults(sim, tenant, api_path, entry)
        route, params = sim.contract.match(api_path)
        if route is None:
            raise SimError(404, "NotFound", f"The resource {api_path} was not found.")
        op = route.operations.get(self.command)
        if op is None:
            raise SimError(405, "MethodNotAllowed",
                           f"The requested resource does not support http method '{self.command}'.",
                           headers={"Allow": ", ".join(route.allowed)})
        accept = self.headers.get("Accept") or "*/*"
        if not any(accept.strip().startswith(a) for a in ACCEPT_OK):
            raise SimError(406, "NotAcceptable", f"Accept must be application/vnd.connectwise.com+json, not {accept!r}.")
        self._check_query(sim, op, query)
        handler = api.HANDLERS.get((route.template, self.command))
        if handler is None:
            raise SimError(404, "NotFound", f"{self.command} {route.template} is in the contract but not modelled "
                                            "by the simulator.")
        with sim.lock:
            api.check_permission(tenant, member, route.template, self.command)
        body = self._body(sim, route, op, raw)
        ctx = api.Ctx(sim, tenant, member, self.command, route.template, params, query, body,
                      {k.lower(): v for k, v in self.headers.items()},
                      f"{sim.base_url}/{codebase}apis/3.0", f"/{codebase}apis/3.0{api_path}")
        with sim.lock:
            status, out, headers = handler(ctx)
        if next_link is not None:   # a crafted next-page link, as a hostile or broken site might send
            headers = dict(headers, Link=f'<{next_link}>; rel="next"')
        return status, out, headers, drop_after

    def _company_info(self, sim, path, entry):
        company = path[len("/login/companyinfo/"):].strip("/")
        tenant = sim._find_tenant(company)
        entry["tenant"] = tenant.company_id if tenant else company
        if self.command != "GET":
            raise SimError(405, "MethodNotAllowed", "Only GET is supported.", headers={"Allow": "GET"})
        if tenant is None:
            raise SimError(404, "NotFound", f"Company {company!r} was not found.")
        return 200, {"CompanyName": tenant.name, "Codebase": tenant.codebase, "VersionCode": VERSION_CODE,
                     "VersionNumber": VERSION_CODE, "CompanyID": tenant.company_id, "IsCloud": True,
                     "SiteUrl": sim.site}, {}

    def _authenticate(self, sim, codebase, entry):
        auth = self.headers.get("Authorization") or ""
        company = public = private = None
        if auth[:6].lower() == "basic ":
            try:
                decoded = base64.b64decode(auth[6:].strip(), validate=True).decode()
                user, private = decoded.split(":", 1)
                company, public = user.split("+", 1)
            except (ValueError, UnicodeDecodeError):
                company = public = private = None
        entry["public_key"] = public
        tenant = sim._find_tenant(company) if company else None
        if tenant is not None:
            entry["tenant"] = tenant.company_id
            if codebase != tenant.codebase:
                # What a cloud site does after an upgrade moved the company to a new codebase.
                if codebase in tenant.old_codebases:
                    entry["fault"] = "stale_codebase"
                raise SimError(404, "NotFound", "The requested resource was not found.")
        elif all(codebase != t.codebase for t in sim._tenants.values()):
            raise SimError(404, "NotFound", "The requested resource was not found.")
        unauthorized = SimError(401, "Unauthorized", "Authentication failed: invalid company, public or private key.")
        if tenant is None:
            raise unauthorized
        with sim.lock:
            key = tenant.keys.get(public)
            # A key belongs to an API member or, in a replayed snapshot, possibly to a person.
            member = (tenant.members.get(key["member_id"]) or tenant.people.get(key["member_id"])) if key else None
        if not key or not hmac.compare_digest(key["private"], private or "") or member is None:
            raise unauthorized
        if member.get("inactiveFlag"):
            raise SimError(401, "Unauthorized", "Authentication failed: the member is inactive.")
        if key.get("inactive"):
            # The vendor does not publish what an inactive key gets: the refusal is a parameter.
            if sim.inactive_key_status == 403:
                raise SimError(403, "Forbidden", "The API key is inactive.")
            raise unauthorized
        client_id = self.headers.get("clientId")
        if not client_id or client_id not in sim.client_ids:
            raise SimError(401, "Unauthorized", "A registered clientId header is required "
                                                "(see developer.connectwise.com ClientID).")
        return tenant, member, public

    def _faults(self, sim, tenant, api_path, entry):
        chosen = []
        with sim.lock:
            for f in tenant.faults:
                if f.matches(self.command, api_path):
                    if int(f.opts.get("skip", 0)) > 0:   # let the first `skip` matching requests through
                        f.opts["skip"] = int(f.opts["skip"]) - 1
                        continue
                    if f.remaining is not None:
                        f.remaining -= 1
                    chosen.append(f)
            tenant.faults = [f for f in tenant.faults if f.remaining is None or f.remaining > 0]
        drop_after, next_link = False, None
        for f in chosen:
            entry["fault"] = f.kind if entry["fault"] is None else entry["fault"] + "," + f.kind
            if f.kind == "link":
                next_link = f.opts["url"]
            if f.kind == "latency":
                time.sleep(float(f.opts.get("seconds", 1.0)))
        for f in chosen:
            if f.kind == "429":
                secs = int(f.opts.get("retry_after", 1))
                # retry_after_form=date: the other form HTTP allows, an IMF-fixdate secs from now
                value = (formatdate(time.time() + secs, usegmt=True) if f.opts.get("retry_after_form") == "date"
                         else secs)
                raise SimError(429, "TooManyRequests", f"Too many requests: retry after {secs} seconds.",
                               headers={"Retry-After": value})
            if f.kind == "redirect":
                # What a site does when the client used the wrong host (e.g. na. instead of api-na.):
                # a 302 to `location` (default: the same URL, which a following client would GET).
                location = f.opts.get("location") or self.path
                raise SimError(int(f.opts.get("status", 302)), "Found", "The resource has moved.",
                               headers={"Location": location})
            if f.kind == "not_json":
                raise _Raw(200, "text/html; charset=utf-8", b"<html><body>Sign in</body></html>")
            if f.kind == "wrong_shape":
                raise _Raw(200, "application/json; charset=utf-8", b'{"unexpected": "object"}'
                           if self.command == "GET" and not f.opts.get("as_list") else b'[{"id": 1}]')
            if f.kind == "500":
                raise SimError(500, "InternalServerError", "An error occurred on the server (injected fault).")
            if f.kind == "drop":
                raise _Drop()
            if f.kind == "apply_then_drop":
                drop_after = True
        return drop_after, next_link

    def _check_query(self, sim, op, query):
        declared = sim.contract.query_params(op)
        for name, value in query.items():
            if name not in declared:
                raise SimError(400, "BadRequest", f"Unknown query parameter {name!r}; this operation accepts: "
                                                  f"{', '.join(sorted(declared)) or 'none'}.")
            if declared[name].get("schema", {}).get("type") == "integer" and value != "":
                if not re.fullmatch(r"-?\d+", value):
                    raise SimError(400, "BadRequest", f"The value '{value}' is not valid for {name}: "
                                                      "an integer is expected.")
        page_size = query.get("pageSize")
        if page_size and int(page_size) > api.MAX_PAGE_SIZE:
            raise SimError(400, "BadRequest", f"pageSize {page_size} is too large: the maximum is {api.MAX_PAGE_SIZE}.")

    def _body(self, sim, route, op, raw):
        if not op.get("requestBody"):
            if raw.strip():
                raise SimError(400, "BadRequest", f"{self.command} {route.template} takes no request body.")
            return None
        ctype = self.headers.get("Content-Type") or ""
        if not ctype.split(";")[0].strip().lower() == "application/json":
            raise SimError(415, "UnsupportedMediaType", f"Content-Type must be application/json, not {ctype!r}.")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise SimError(400, "BadRequest", f"The request body is not valid JSON: {exc}")
        resource = _resource_name(route, op)
        errors = schema_errors(sim.contract.body_validator(op), body, resource)
        if errors:
            raise SimError(400, "InvalidObject", f"{resource} object is invalid", errors)
        return body


def _resource_name(route, op):
    """Schema name of the body; for PATCH (an array of operations), the resource's own schema."""
    for candidate in (op, route.operations.get("PUT"), route.operations.get("POST")):
        schema = ((candidate or {}).get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            return schema["$ref"].rsplit("/", 1)[-1]
    return "PatchOperation"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if self.sim.verbose:
            super().handle_error(request, client_address)


class Simulator:
    """ConnectWise PSA test server. Use as a context manager or call start()/stop()."""

    def __init__(self, tenants=("acme",), scheme="https", port=0, seed=0, client_ids=(DEFAULT_CLIENT_ID,),
                 latency=0.0, state_dir=None, verbose=False, admin_keys=None, inactive_key_status=401,
                 snapshots=None):
        if scheme not in ("http", "https"):
            raise ValueError("scheme must be http or https")
        if inactive_key_status not in (401, 403):
            raise ValueError("inactive_key_status must be 401 or 403 (the vendor has not published which)")
        # What a key ticked "Inactive" on the member's API Keys tab gets (unpublished: 401 or 403).
        self.inactive_key_status = inactive_key_status
        self.scheme, self._port, self.seed, self.latency, self.verbose = scheme, port, seed, latency, verbose
        self.client_ids = list(client_ids)
        self.contract = Contract()
        self.lock = threading.RLock()
        self._own_dir = state_dir is None  # a temp dir is made by start() and removed by stop()
        self.state_dir = state_dir
        if state_dir:
            os.makedirs(state_dir, exist_ok=True)
        self.log = RequestLog(os.path.join(self.state_dir, "requests.jsonl") if state_dir else None)
        catalog = load_catalog()
        self._tenants = {}
        for cid in tenants:
            self._tenants[cid.lower()] = Tenant(cid, make_rng(seed, cid), catalog)
        # admin_keys: {tenant: (public, private)} replaces the seeded admin key pair.
        for cid, (public, private) in (admin_keys or {}).items():
            self._tenants[cid.lower()].use_admin_key(public, private)
        # snapshots: {tenant: snapshot document} replays tenants recorded by cw_tenant_snapshot_info.
        for cid, document in (snapshots or {}).items():
            self._tenants[cid.lower()] = tenant_from_snapshot(cid, document, make_rng(seed, cid), catalog)
        self._httpd = self._thread = None
        self.ca_path = None
        self._tls_paths = None

    # ---- lifecycle ------------------------------------------------------------------------
    def start(self):
        if self.state_dir is None:
            self.state_dir = tempfile.mkdtemp(prefix="psa-sim-")
        self._httpd = _Server(("127.0.0.1", self._port), Handler)
        self._httpd.sim = self
        self._httpd.ssl_context = None
        if self.scheme == "https":
            self._tls_paths = tls.generate(os.path.join(self.state_dir, "tls"))
            self._httpd.ssl_context = tls.server_context(self._tls_paths)
            self.ca_path = self._tls_paths["ca.pem"]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="psa-simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._own_dir and self.state_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)
            self.state_dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self):
        return self._httpd.server_address[1]

    @property
    def site(self):
        return f"127.0.0.1:{self.port}"

    @property
    def base_url(self):
        return f"{self.scheme}://{self.site}"

    @property
    def client_id(self):
        return self.client_ids[0]

    # ---- tenants and helpers for tests -----------------------------------------------------
    def _find_tenant(self, company_id):
        return self._tenants.get((company_id or "").lower())

    def _t(self, company_id):
        t = self._find_tenant(company_id)
        if t is None:
            raise KeyError(f"unknown tenant {company_id!r}")
        return t

    @property
    def tenant_ids(self):
        return [t.company_id for t in self._tenants.values()]

    def tenant(self, company_id):
        t = self._t(company_id)
        return TenantInfo(t.company_id, t.admin_public, t.admin_private, t.codebase)

    def operator(self, company_id):
        return Operator(self, self._t(company_id))

    def api_url(self, company_id, path):
        """Absolute URL of an API path for the tenant's current codebase."""
        return f"{self.base_url}/{self._t(company_id).codebase}apis/3.0{path}"

    def headers(self, company_id, public_key=None, private_key=None, client_id=None):
        """Request headers as the collection would send them (admin key by default)."""
        t = self._t(company_id)
        user = f"{t.company_id}+{public_key or t.admin_public}:{private_key or t.admin_private}"
        return {"Authorization": "Basic " + base64.b64encode(user.encode()).decode(),
                "clientId": client_id or self.client_id,
                "Accept": f"application/vnd.connectwise.com+json; version={VERSION_CODE[1:]}",
                "Content-Type": "application/json"}

    def roles(self, company_id):
        with self.lock:
            return [dict(r) for r in self._t(company_id).roles.values()]

    def members(self, company_id):
        with self.lock:
            return [dict(m) for m in self._t(company_id).members.values()]

    def role_settings(self, company_id, role_name):
        with self.lock:
            t = self._t(company_id)
            return [dict(r) for r in t.settings[t.find_role(role_name)["id"]]]

    def customize_items(self, company_id, role_name):
        with self.lock:
            t = self._t(company_id)
            return [dict(r) for r in t.customize[t.find_role(role_name)["id"]]]

    def add_record(self, company_id, kind, **fields):
        """Seed an extra reference record as an admin would in the UI; returns its id.
        kind: locations, departments, levels or timezones (e.g. to test paging over many)."""
        t = self._t(company_id)
        defaults = {"locations": {"ownerLevelId": 1, "structureLevel": {"id": 1, "name": "Corporate"},
                                  "locationFlag": True, "clientFlag": False, "workRoleIds": [], "departmentIds": []},
                    "departments": {}, "levels": {},
                    "timezones": {"offset": 0.0, "defaultFlag": False, "daylightSavingsFlag": False}}
        if kind not in defaults:
            raise ValueError(f"kind must be one of {sorted(defaults)}")
        with self.lock:
            i = t.next_id(kind)
            rec = dict(defaults[kind], id=i, **fields)
            if kind == "timezones":
                rec.setdefault("timeZone", {"id": i, "name": rec.get("name")})
            getattr(t, kind)[i] = rec
            return i

    def codebase(self, company_id):
        return self._t(company_id).codebase

    # ---- faults -----------------------------------------------------------------------------
    def fault(self, company_id, kind, count=1, method=None, path_regex=None, **opts):
        """Inject a fault for the next `count` matching API requests of a tenant (None = forever).
        stale_codebase acts at once: the tenant moves to opts['codebase'] (default v2026_1/)."""
        t = self._t(company_id)
        f = Fault(kind, count, method, path_regex, **opts)
        with self.lock:
            if f.kind == "stale_codebase":
                new = opts.get("codebase", "v2026_1/")
                new = new if new.endswith("/") else new + "/"
                if new != t.codebase:
                    t.old_codebases.append(t.codebase)
                    t.codebase = new
                return {"kind": "stale_codebase", "codebase": new}
            t.faults.append(f)
            return f.to_dict()

    def clear_faults(self, company_id=None):
        with self.lock:
            for t in self._tenants.values():
                if company_id is None or t is self._find_tenant(company_id):
                    t.faults = []

    # ---- request log ------------------------------------------------------------------------
    def requests(self, tenant=None):
        return self.log.entries(tenant)

    def writes(self, tenant=None):
        return [e for e in self.log.entries(tenant) if e["api"] and e["method"] in WRITE_METHODS]

    def clear_log(self):
        self.log.clear()

    def describe(self):
        """What the CLI prints: everything a client needs to connect."""
        return {"base_url": self.base_url, "site": self.site, "ca_path": self.ca_path,
                "client_id": self.client_id, "codebase": DEFAULT_CODEBASE,
                "tenants": {t.company_id: {"company_id": t.company_id, "public_key": t.admin_public,
                                           "private_key": t.admin_private, "codebase": t.codebase,
                                           "admin_member": getattr(t, "admin_member", "AutomationAdmin"),
                                           **({"member_key": t.replay_member_key}
                                              if getattr(t, "replay_member_key", None) else {})}
                            for t in self._tenants.values()}}
