"""Control endpoint on its own loopback port: operator and fault commands as JSON POSTs.

Kept off the PSA port so the PSA URL space still answers 404 for anything unknown.
POST /command {"cmd": ..., "tenant": ..., "args": {...}} with header X-Simulator-Token.
"""
import json
import secrets
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OPERATOR_CMDS = ("set_role_levels", "apply_table", "set_customize_items", "add_customize_item", "create_api_key",
                 "delete_api_key", "set_api_key_inactive", "set_member_role", "api_keys")


def run_command(sim, cmd, tenant=None, args=None):
    args = args or {}
    if cmd in OPERATOR_CMDS:
        result = getattr(sim.operator(tenant), cmd)(**args)
        if cmd == "create_api_key":
            result = {"public_key": result[0], "private_key": result[1]}
        return result
    if cmd == "fault":
        return sim.fault(tenant, **args)
    if cmd == "clear_faults":
        sim.clear_faults(tenant)
        return None
    if cmd == "log":
        return sim.requests(tenant)
    if cmd == "clear_log":
        sim.clear_log()
        return None
    if cmd == "describe":
        return sim.describe()
    raise ValueError(f"unknown command {cmd!r}")


class _ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not secrets.compare_digest(self.headers.get("X-Simulator-Token", ""), self.server.token):
            return self._reply(403, {"error": "bad or missing X-Simulator-Token"})
        try:
            req = json.loads(raw or b"{}")
            result = run_command(self.server.sim, req.get("cmd"), req.get("tenant"), req.get("args"))
        except (KeyError, ValueError, TypeError) as exc:
            return self._reply(400, {"error": str(exc)})
        return self._reply(200, {"result": result})


class ControlServer:
    def __init__(self, sim):
        self.token = secrets.token_hex(16)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ControlHandler)
        self._httpd.daemon_threads = True
        self._httpd.sim, self._httpd.token = sim, self.token
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True, name="psa-sim-control").start()

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()


def send(control_url, token, cmd, tenant=None, **args):
    """Client side: run one command on a running simulator; returns the result."""
    data = json.dumps({"cmd": cmd, "tenant": tenant, "args": args}).encode()
    req = urllib.request.Request(control_url + "/command", data=data, method="POST",
                                 headers={"Content-Type": "application/json", "X-Simulator-Token": token})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
    try:
        with opener.open(req, timeout=30) as resp:
            return json.loads(resp.read())["result"]
    except urllib.error.HTTPError as exc:
        raise RuntimeError(json.loads(exc.read()).get("error", str(exc))) from None
