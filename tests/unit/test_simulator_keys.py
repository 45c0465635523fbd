"""Simulator: a member with several API keys; the operator ticks a key Inactive or deletes it."""
import json
import os
import subprocess
import sys

import pytest
import requests

from ..simulator import Simulator
from ..simulator.pytest_fixtures import Client

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _my_security(sim, pair):
    return Client(sim, "acme", *pair).get("/system/mySecurity", params={"pageSize": 1})


@pytest.mark.parametrize("status", [401, 403])
def test_several_keys_and_an_inactive_one(status):
    with Simulator(tenants=("acme",), scheme="http", inactive_key_status=status) as sim:
        op = sim.operator("acme")
        old = op.create_api_key("AutomationAdmin", "Acct Sync API 2026-01")
        new = op.create_api_key("AutomationAdmin", "Acct Sync API 2026-12")
        assert _my_security(sim, old).ok and _my_security(sim, new).ok     # both keys work during a rotation
        op.set_api_key_inactive("AutomationAdmin", old[0])
        refused = _my_security(sim, old)
        assert refused.status_code == status and refused.json()["code"] in ("Unauthorized", "Forbidden")
        assert _my_security(sim, new).ok
        listed = dict((key["publicKey"], key) for key in op.api_keys("AutomationAdmin"))
        assert listed[old[0]]["inactive"] is True and listed[new[0]]["inactive"] is False
        assert listed[old[0]]["description"] == "Acct Sync API 2026-01"
        op.set_api_key_inactive("AutomationAdmin", old[0], inactive=False)
        assert _my_security(sim, old).ok
        op.delete_api_key("AutomationAdmin", old[0])
        assert _my_security(sim, old).status_code == 401      # a deleted key is unknown: 401 either way
        with pytest.raises(KeyError):
            op.set_api_key_inactive("AutomationAdmin", old[0])


def test_inactive_key_status_is_401_or_403():
    with pytest.raises(ValueError):
        Simulator(inactive_key_status=400)


def test_cli_deactivate_activate_and_list_keys(tmp_path):
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulator", "serve", "--http", "--tenants", "acme",
                             "--state-dir", str(tmp_path), "--inactive-key-status", "403"],
                            stdout=subprocess.PIPE, env=env, cwd=REPO, text=True)
    try:
        info = json.loads(proc.stdout.readline())

        def operator(*args):
            out = subprocess.run([sys.executable, "-m", "tests.simulator", "operator", "--state-dir", str(tmp_path),
                                  "acme"] + list(args), env=env, cwd=REPO, capture_output=True, text=True, check=True)
            return json.loads(out.stdout)

        pair = operator("create-key", "--member", "AutomationAdmin", "--description", "cli key")
        session = requests.Session()
        session.trust_env = False
        url = info["base_url"] + "/v4_6_release/apis/3.0/system/mySecurity"

        def status():
            return session.get(url, auth=("acme+" + pair["public_key"], pair["private_key"]),
                               headers={"clientId": info["client_id"]}).status_code
        assert status() == 200
        operator("deactivate-key", "--member", "AutomationAdmin", "--public-key", pair["public_key"])
        assert status() == 403
        keys = operator("keys", "--member", "AutomationAdmin")
        assert {"publicKey": pair["public_key"], "description": "cli key", "inactive": True} in keys
        operator("activate-key", "--member", "AutomationAdmin", "--public-key", pair["public_key"])
        assert status() == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
