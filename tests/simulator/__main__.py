"""CLI: python -m tests.simulator serve|operator|log ...  (see README.md)."""
import argparse
import json
import os
import signal
import sys
import threading

from . import snapshot
from .control import ControlServer, send
from .server import DEFAULT_CLIENT_ID, Simulator


def _load_info(state_dir):
    with open(os.path.join(state_dir, "simulator.json"), encoding="utf-8") as fh:
        return json.load(fh)


def cmd_serve(ns):
    snapshots = {}
    for spec in ns.snapshot or []:
        name, _sep, path = spec.rpartition("=")
        snapshots[name or snapshot.tenant_name(path)] = snapshot.load(path)
    # With --snapshot and no --tenants, only the replayed tenants are served.
    default = "" if snapshots else "acme,globex,initech"
    tenants = [t.strip() for t in (ns.tenants if ns.tenants is not None else default).split(",") if t.strip()]
    state_dir = os.path.abspath(ns.state_dir) if ns.state_dir else None
    sim = Simulator(tenants=tenants, scheme="http" if ns.http else "https", port=ns.port, seed=ns.seed,
                    client_ids=ns.client_id or [DEFAULT_CLIENT_ID], latency=ns.latency_ms / 1000.0,
                    state_dir=state_dir, verbose=ns.verbose, inactive_key_status=ns.inactive_key_status,
                    snapshots=snapshots)
    sim.start()
    control = ControlServer(sim)
    info = dict(sim.describe(), control_url=control.url, control_token=control.token, state_dir=sim.state_dir)
    path = os.path.join(sim.state_dir, "simulator.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(info, fh, indent=2)
    os.chmod(path, 0o600)  # it holds the admin private keys
    print(json.dumps(info), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    stop.wait()
    control.stop()
    sim.stop()
    return 0


def _levels(ns):
    return {k: getattr(ns, k) for k in ("add", "edit", "delete", "inquire") if getattr(ns, k)}


def cmd_operator(ns):
    info = _load_info(ns.state_dir)
    url, token, tenant = info["control_url"], info["control_token"], ns.tenant

    def call(cmd, **args):
        return send(url, token, cmd, tenant, **args)

    if ns.action == "apply-table":
        import yaml
        with open(ns.table, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        rows = doc["permissions"] if isinstance(doc, dict) else doc
        role = ns.role or (doc.get("role_name_default") if isinstance(doc, dict) else None)
        result = call("apply_table", role_name=role, permissions=rows)
    elif ns.action == "set-levels":
        result = call("set_role_levels", role_name=ns.role, module=ns.module, function=ns.function, **_levels(ns))
    elif ns.action == "set-customize-items":
        result = call("set_customize_items", role_name=ns.role, items=ns.item,
                      customize_identifier=ns.customize_identifier)
    elif ns.action == "add-customize-item":
        result = call("add_customize_item", role_name=ns.role, item_identifier=ns.item,
                      customize_identifier=None if ns.no_customize_identifier else ns.customize_identifier)
    elif ns.action == "create-key":
        result = call("create_api_key", member_identifier=ns.member, description=ns.description)
    elif ns.action == "delete-key":
        result = call("delete_api_key", member_identifier=ns.member, public_key=ns.public_key)
    elif ns.action in ("deactivate-key", "activate-key"):
        result = call("set_api_key_inactive", member_identifier=ns.member, public_key=ns.public_key,
                      inactive=ns.action == "deactivate-key")
    elif ns.action == "keys":
        result = call("api_keys", member_identifier=ns.member)
    elif ns.action == "set-member-role":
        result = call("set_member_role", member_identifier=ns.member, role_name=ns.role)
    elif ns.action == "fault":
        opts = dict(kv.split("=", 1) for kv in ns.opt or [])
        for key in ("seconds",):
            if key in opts:
                opts[key] = float(opts[key])
        if "retry_after" in opts:
            opts["retry_after"] = int(opts["retry_after"])
        count = None if ns.count <= 0 else ns.count
        result = call("fault", kind=ns.kind, count=count, method=ns.method, path_regex=ns.path_regex, **opts)
    elif ns.action == "clear-faults":
        result = call("clear_faults")
    elif ns.action == "log":
        for entry in call("log"):
            print(json.dumps(entry))
        return 0
    print(json.dumps(result))
    return 0


def cmd_log(ns):
    info = _load_info(ns.state_dir)
    for entry in send(info["control_url"], info["control_token"], "log", ns.tenant):
        print(json.dumps(entry))
    return 0


def build_parser():
    p = argparse.ArgumentParser(prog="python -m tests.simulator", description="ConnectWise PSA test server")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the simulator until killed")
    s.add_argument("--tenants", help="comma-separated company ids (default acme,globex,initech; none with --snapshot)")
    s.add_argument("--snapshot", action="append", metavar="[TENANT=]FILE",
                   help="replay a tenant snapshot (export_tenant_snapshot) as TENANT (default: the file's "
                        "name before the first dot); repeatable")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--http", action="store_true")
    g.add_argument("--https", action="store_true", help="default")
    s.add_argument("--port", type=int, default=0, help="0 = ephemeral")
    s.add_argument("--state-dir", help="writes simulator.json, requests.jsonl and tls/ here")
    s.add_argument("--latency-ms", type=float, default=0.0, help="added to every request")
    s.add_argument("--seed", type=int, default=0, help="seed for the generated keys")
    s.add_argument("--client-id", action="append", help="registered clientId (repeatable)")
    s.add_argument("--inactive-key-status", type=int, choices=[401, 403], default=401,
                   help="what a key ticked Inactive gets (unpublished by the vendor)")
    s.add_argument("--verbose", action="store_true")
    s.set_defaults(func=cmd_serve)

    o = sub.add_parser("operator", help="what a person does in the web UI, or inject faults")
    o.add_argument("--state-dir", required=True)
    o.add_argument("tenant")
    acts = o.add_subparsers(dest="action", required=True)
    a = acts.add_parser("apply-table")
    a.add_argument("--role", help="default: the table's role_name_default")
    a.add_argument("--table", required=True, help="permission table YAML (permissions: [...])")
    a = acts.add_parser("set-levels")
    a.add_argument("--role", required=True)
    a.add_argument("--module", required=True)
    a.add_argument("--function", required=True)
    for lv in ("add", "edit", "delete", "inquire"):
        a.add_argument(f"--{lv}", choices=["None", "My", "All"])
    a = acts.add_parser("set-customize-items")
    a.add_argument("--role", required=True)
    a.add_argument("--item", action="append", default=[])
    a.add_argument("--customize-identifier", default="SystemTableSetup")
    a = acts.add_parser("add-customize-item", help="one item stored verbatim (a form nobody published)")
    a.add_argument("--role", required=True)
    a.add_argument("--item", required=True)
    g = a.add_mutually_exclusive_group()
    g.add_argument("--customize-identifier", default="SystemTableSetup")
    g.add_argument("--no-customize-identifier", action="store_true", help="customizeIdentifier null")
    a = acts.add_parser("create-key")
    a.add_argument("--member", required=True)
    a.add_argument("--description", required=True)
    a = acts.add_parser("delete-key")
    a.add_argument("--member", required=True)
    a.add_argument("--public-key", required=True)
    for action, text in (("deactivate-key", "tick Inactive on a key"), ("activate-key", "untick Inactive")):
        a = acts.add_parser(action, help=text)
        a.add_argument("--member", required=True)
        a.add_argument("--public-key", required=True)
    a = acts.add_parser("keys", help="a member's keys: public key, description, inactive")
    a.add_argument("--member", required=True)
    a = acts.add_parser("set-member-role")
    a.add_argument("--member", required=True)
    a.add_argument("--role", required=True)
    a = acts.add_parser("fault")
    a.add_argument("--kind", required=True, choices=["latency", "429", "500", "drop", "apply_then_drop",
                                                     "stale_codebase", "redirect", "not_json", "wrong_shape", "link"])
    a.add_argument("--count", type=int, default=1, help="requests affected; 0 = until cleared")
    a.add_argument("--method")
    a.add_argument("--path-regex")
    a.add_argument("--opt", action="append", help="KEY=VALUE: seconds=, retry_after=, codebase=")
    acts.add_parser("clear-faults")
    acts.add_parser("log")
    o.set_defaults(func=cmd_operator)

    lg = sub.add_parser("log", help="print the request log as JSON lines")
    lg.add_argument("--state-dir", required=True)
    lg.add_argument("--tenant")
    lg.set_defaults(func=cmd_log)
    return p


def main(argv=None):
    ns = build_parser().parse_args(argv)
    try:
        return ns.func(ns)
    except (RuntimeError, KeyError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
