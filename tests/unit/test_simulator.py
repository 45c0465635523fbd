"""Tests of the ConnectWise PSA simulator (tests/simulator) itself."""
import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest
import re

import requests
import yaml

import jsonschema

# Relative imports: work both as tests.unit.* (plain pytest) and under ansible_collections.*.
from ..simulator import Simulator
from ..simulator.conditions import ConditionError, evaluate, parse
from ..simulator.contract import Contract, schema_errors
from ..simulator.pytest_fixtures import Client

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE_ROWS = yaml.safe_load("""
- {module: Finance, function: Invoicing, add: None, edit: All, delete: All, inquire: All}
- {module: System, function: Member Maintenance, add: None, edit: None, delete: None, inquire: All}
- module: System
  function: Table Setup
  add: None
  edit: None
  delete: None
  inquire: All
  customize_allow:
    - General Ledger / GL Accounts
    - Invoicing / Billing Terms
""")
MEMBER = {"identifier": "AcctSync", "name": "Acct Sync API", "securityRole": {"id": 3},
          "structureLevel": {"id": 1}, "securityLocation": {"id": 1}, "defaultDepartment": {"id": 2}}


def assert_vendor_error(resp, status, code=None):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) <= {"code", "message", "errors"} and body["code"] and body["message"]
    if code:
        assert body["code"] == code
    return body


def make_member(sim, client, role_name, identifier="Worker"):
    """Create an API member with the given role and return a Client using its own new key."""
    role = [r for r in sim.roles("acme") if r["name"] == role_name][0]
    body = dict(MEMBER, identifier=identifier, securityRole={"id": role["id"]})
    assert client.post("/system/apiMembers", json=body).status_code == 201
    public, private = sim.operator("acme").create_api_key(identifier, "test key")
    return Client(sim, "acme", public, private)


# ---- routing ----------------------------------------------------------------------------------
def test_unknown_path_404(psa_client):
    assert_vendor_error(psa_client.get("/system/nothing"), 404, "NotFound")
    assert_vendor_error(psa_client.get("/system/securityroles/abc"), 404)
    assert_vendor_error(psa_client.get("/system/securityroles/1/nothing/"), 404)
    r = requests.get(psa_client.sim.base_url + "/elsewhere")
    assert_vendor_error(r, 404)


def test_405_with_allow_header(psa_client):
    r = psa_client.patch("/system/securityRoles/1/settings/5", json=[])
    assert_vendor_error(r, 405, "MethodNotAllowed")
    assert r.headers["Allow"] == "GET"
    r = psa_client.put("/system/securityroles/1", json={"name": "x"})
    assert_vendor_error(r, 405)
    assert r.headers["Allow"] == "DELETE, GET"
    assert_vendor_error(psa_client.delete("/system/apiMembers/100"), 405)


def test_paths_match_in_any_case_and_with_a_trailing_slash(psa_client):
    """As on the real server: generated clients spell securityroles/apimembers in lower case."""
    expected = psa_client.get("/system/securityRoles/1/settings", params={"pageSize": 5}).json()
    for spelling in ("/system/securityroles/1/settings", "/SYSTEM/SecurityRoles/1/Settings/",
                     "/system/securityRoles/1/settings/"):
        assert psa_client.get(spelling, params={"pageSize": 5}).json() == expected
    assert psa_client.get("/system/apimembers/").json() == psa_client.get("/system/apiMembers").json()
    assert psa_client.get("/system/SecurityRoles/count/").json() == {"count": 3}


def test_paging_links_put_page_last(psa_client):
    r = psa_client.get("/system/securityRoles/1/settings", params={"page": 2, "pageSize": 5, "orderBy": "id"})
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', r.headers["Link"]))
    assert set(links) == {"prev", "next", "first", "last"}
    for rel, url in links.items():
        assert re.search(r"[?&]page=\d+$", url), url
    assert links["next"].endswith("pageSize=5&orderBy=id&page=3")


def test_literal_segments_beat_ids_and_trailing_slash(psa_client):
    assert psa_client.get("/system/securityroles/count").json() == {"count": 3}
    default = psa_client.get("/system/apiMembers/default").json()
    assert default["timeZone"]["name"] == "Eastern Standard Time"
    # The contract's required ApiMember fields are there (empty): clients parse it as an ApiMember.
    assert default["identifier"] == ""
    with_slash = psa_client.get("/system/mySecurity/customizeItems/")
    without = psa_client.get("/system/mySecurity/customizeItems")
    assert with_slash.status_code == without.status_code == 200
    assert with_slash.json() == without.json()


def test_contract_operation_not_modelled_is_404(psa_client):
    body = assert_vendor_error(psa_client.get("/system/members/types"), 404)
    assert "not modelled" in body["message"]
    assert_vendor_error(psa_client.post("/system/locations", json={"name": "x", "structureLevel": {"id": 1}}), 404)


def test_keys_are_deterministic_per_seed():
    a, b, c = Simulator(["acme"], seed=1), Simulator(["acme"], seed=1), Simulator(["acme"], seed=2)
    assert a.tenant("acme") == b.tenant("acme") != c.tenant("acme")
    assert len(a.tenant("acme").private_key) == 32


def test_companyinfo(psa_sim):
    r = requests.get(psa_sim.base_url + "/login/companyinfo/ACME")
    assert r.json() == {"CompanyName": "Acme (simulated)", "Codebase": "v4_6_release/", "VersionCode": "v2025.8",
                        "VersionNumber": "v2025.8", "CompanyID": "acme", "IsCloud": True, "SiteUrl": psa_sim.site}
    assert_vendor_error(requests.get(psa_sim.base_url + "/login/companyinfo/nobody"), 404)


# ---- auth and headers -------------------------------------------------------------------------
def test_401_variants(psa_sim, psa_client):
    url = psa_client.url("/system/securityroles")
    assert_vendor_error(requests.get(url, headers={"clientId": psa_sim.client_id}), 401, "Unauthorized")
    t = psa_sim.tenant("acme")
    wrong = Client(psa_sim, "acme", t.public_key, "x" * 32)
    assert_vendor_error(wrong.get("/system/securityroles"), 401)
    h = psa_sim.headers("acme")
    del h["clientId"]
    assert_vendor_error(requests.get(url, headers=h), 401)
    h = psa_sim.headers("acme", client_id="00000000-0000-0000-0000-000000000000")
    assert_vendor_error(requests.get(url, headers=h), 401)
    h = psa_sim.headers("acme")
    h["Authorization"] = "Basic !!!"
    assert_vendor_error(requests.get(url, headers=h), 401)


def test_tenant_isolation(psa_sim, psa_client):
    acme, globex = psa_sim.tenant("acme"), psa_sim.tenant("globex")
    assert acme.public_key != globex.public_key
    cross = Client(psa_sim, "globex", acme.public_key, acme.private_key)
    assert_vendor_error(cross.get("/system/securityroles"), 401)
    assert psa_client.post("/system/securityroles", json={"name": "Only Acme"}).status_code == 201
    g = Client(psa_sim, "globex")
    assert g.get("/system/securityroles/count", params={"conditions": 'name="Only Acme"'}).json() == {"count": 0}
    assert psa_client.get("/system/securityroles/count", params={"conditions": 'name="Only Acme"'}).json() == {"count": 1}


def test_accept_and_content_type(psa_client):
    assert_vendor_error(psa_client.get("/system/securityroles", headers={"Accept": "text/html"}), 406)
    assert psa_client.get("/system/securityroles", headers={"Accept": "*/*"}).status_code == 200
    r = psa_client.post("/system/securityroles", data="name=x", headers={"Content-Type": "text/plain"})
    assert_vendor_error(r, 415)
    r = psa_client.post("/system/securityroles", data="{not json")
    assert_vendor_error(r, 400, "BadRequest")


def test_403_when_role_lacks_the_right(psa_sim, psa_client):
    tech = make_member(psa_sim, psa_client, "Technician")
    body = assert_vendor_error(tech.get("/system/securityroles"), 403, "Forbidden")
    assert "System / Security: Inquire" in body["message"]
    body = assert_vendor_error(tech.post("/system/securityroles", json={"name": "x"}), 403)
    assert "Add" in body["message"]
    assert tech.get("/system/mySecurity").status_code == 200  # always allowed
    assert_vendor_error(tech.get("/system/locations"), 403)
    psa_sim.operator("acme").set_role_levels("technician", "system", "table setup", inquire="All")
    assert tech.get("/system/locations").status_code == 200
    assert_vendor_error(tech.patch("/system/apiMembers/100", json=[]), 403)


# ---- validation -------------------------------------------------------------------------------
def test_schema_violations(psa_client):
    body = assert_vendor_error(psa_client.post("/system/securityroles", json={"name": "x" * 31}), 400, "InvalidObject")
    assert body["message"] == "SecurityRole object is invalid"
    assert body["errors"][0]["field"] == "name" and body["errors"][0]["code"] == "InvalidField"
    body = assert_vendor_error(psa_client.post("/system/securityroles", json={"name": "ok", "colour": "red"}), 400)
    assert body["errors"] == [{"code": "UnknownField", "message": "colour is not a field of SecurityRole.",
                               "resource": "SecurityRole", "field": "colour"}]
    body = assert_vendor_error(psa_client.post("/system/securityroles", json={"name": "ok", "adminFlag": "yes"}), 400)
    assert body["errors"][0]["field"] == "adminFlag"
    assert psa_client.post("/system/securityroles", json={"name": "ok", "adminFlag": None}).status_code == 201
    body = assert_vendor_error(psa_client.post("/system/apiMembers", json={"name": "No Identifier"}), 400)
    assert any(e["code"] == "Required" and e["field"] == "identifier" for e in body["errors"])
    body = assert_vendor_error(psa_client.post("/system/apiMembers", json=dict(MEMBER, identifier="x" * 16)), 400)
    assert body["errors"][0]["field"] == "identifier"
    body = assert_vendor_error(psa_client.post("/system/apiMembers", json=dict(MEMBER, securityRole={"id": 999})), 400)
    assert body["errors"][0]["field"] == "securityRole"
    body = assert_vendor_error(psa_client.post("/system/apiMembers", json={"identifier": "NoRefs"}), 400)
    assert {e["field"] for e in body["errors"]} == {"securityRole", "structureLevel", "securityLocation",
                                                    "defaultDepartment"}


def test_enum_and_nullable_conversion():
    contract = Contract()
    schema = contract.to_jsonschema(contract.resolve("MySecurityCustomizeItem"))
    validator = jsonschema.Draft7Validator(schema)
    assert schema_errors(validator, {"customizeIdentifier": "SystemTableSetup", "itemIdentifier": "a"}, "X") == []
    assert schema_errors(validator, {"customizeIdentifier": None}, "X") == []
    errors = schema_errors(validator, {"customizeIdentifier": "Bogus"}, "X")
    assert errors[0]["code"] == "InvalidField" and errors[0]["field"] == "customizeIdentifier"
    setting = contract.to_jsonschema(contract.resolve("SecurityRoleSetting"))
    assert setting["properties"]["addLevel"]["enum"] == ["None", "My", "All", None]
    assert setting["additionalProperties"] is False


def test_query_parameter_validation(psa_client):
    body = assert_vendor_error(psa_client.get("/system/securityroles", params={"colour": "x"}), 400, "BadRequest")
    assert "colour" in body["message"]
    body = assert_vendor_error(psa_client.get("/system/securityroles", params={"pageSize": 1001}), 400)
    assert "1000" in body["message"]
    assert psa_client.get("/system/securityroles", params={"pageSize": 1000}).status_code == 200
    assert_vendor_error(psa_client.get("/system/securityroles", params={"page": "two"}), 400)
    assert_vendor_error(psa_client.post("/system/securityroles", params={"page": 1}, json={"name": "q"}), 400)
    assert_vendor_error(psa_client.get("/system/securityroles", params={"pageId": 3}), 400)  # needs forward-only


def test_patch_and_put_members(psa_client):
    mid = psa_client.post("/system/apiMembers", json=MEMBER).json()["id"]
    path = f"/system/apiMembers/{mid}"
    r = psa_client.patch(path, json=[{"op": "replace", "path": "securityRole", "value": {"id": 2}},
                                     {"op": "replace", "path": "inactiveFlag", "value": True}])
    assert r.status_code == 200, r.text
    assert r.json()["securityRole"]["name"] == "Technician" and r.json()["inactiveDate"]
    for ops, field in (([{"op": "replace", "path": "/name", "value": "x"}], "[0]/path"),
                       ([{"op": "move", "path": "name", "value": "x"}], "[0]/op"),
                       ([{"op": "replace", "path": "name", "value": 5}], "name"),
                       ([{"op": "replace", "path": "name", "value": "y" * 31}], "name"),
                       ([{"op": "remove", "path": "name"}], "name"),
                       ([{"op": "replace", "path": "defaultDepartment", "value": {"id": 77}}], "defaultDepartment"),
                       ([{"op": "replace", "path": "name", "value": "x", "extra": 1}], "0/extra")):
        body = assert_vendor_error(psa_client.patch(path, json=ops), 400, "InvalidObject")
        assert body["errors"][0]["field"] == field, (ops, body)
    body = assert_vendor_error(psa_client.put(path, json={k: v for k, v in MEMBER.items() if k != "name"}), 400)
    assert any(e["field"] == "name" and e["code"] == "Required" for e in body["errors"])
    r = psa_client.put(path, json=dict(MEMBER, name="Renamed", notes="n"))
    assert r.status_code == 200 and r.json()["name"] == "Renamed" and r.json()["inactiveFlag"] is False
    assert psa_client.get(path).json()["notes"] == "n"


# ---- lists --------------------------------------------------------------------------------------
def test_paging_follows_link_over_pages(psa_client):
    url, seen, pages = "/system/securityRoles/1/settings", [], 0
    params = {"pageSize": 25, "orderBy": "sortOrder desc"}
    while url:
        r = psa_client.get(url, params=params)
        params = None  # the Link URL carries every query parameter
        assert r.status_code == 200
        seen += [s["sortOrder"] for s in r.json()]
        pages += 1
        url = r.links.get("next", {}).get("url")
        if pages == 1:
            assert r.links["last"]["url"].endswith("page=4") and "orderBy=sortOrder+desc" in r.links["last"]["url"]
    assert pages == 4 and len(seen) == 89 and seen == sorted(seen, reverse=True)


def test_forward_only_paging(psa_client):
    url, ids, pages = "/system/securityRoles/1/settings", [], 0
    params = {"pageSize": 30}
    while url:
        r = psa_client.get(url, params=params, headers={"pagination-type": "forward-only"})
        params = None
        ids += [s["id"] for s in r.json()]
        pages += 1
        nxt = r.links.get("next", {}).get("url")
        assert nxt is None or f"pageId={ids[-1]}" in nxt
        assert "last" not in r.links
        url = nxt
    assert pages == 3 and ids == sorted(set(ids)) and len(ids) == 89


def test_fields_projection(psa_client):
    r = psa_client.get("/system/securityroles", params={"fields": "id,name"})
    assert r.json()[0] == {"id": 1, "name": "Admin"}
    r = psa_client.get("/system/mySecurity", params={"fields": "id,member/identifier", "pageSize": 1})
    assert r.json() == [{"id": 1, "member": {"identifier": "AutomationAdmin"}}]
    assert_vendor_error(psa_client.get("/system/securityroles", params={"fields": "nope"}), 400)
    r = psa_client.get("/system/apiMembers/100", params={"fields": "identifier,securityRole/name"})
    assert r.json() == {"identifier": "AutomationAdmin", "securityRole": {"name": "Admin"}}


def test_conditions(psa_client):
    def count(path, text):
        r = psa_client.get(path, params={"conditions": text})
        assert r.status_code == 200, r.text
        return r.json()["count"]

    members = "/system/apiMembers/count"
    assert psa_client.post("/system/apiMembers", json=MEMBER).status_code == 201
    assert count(members, "securityRole/id=1") == 1
    assert count(members, 'securityRole/name="finance"') == 1  # case-insensitive
    assert count(members, 'identifier="acctsync" or identifier="AutomationAdmin"') == 2
    assert count(members, 'inactiveFlag=false and (identifier like "Acct*" or securityRole/id=99)') == 1
    settings = "/system/securityRoles/3/settings/count"
    assert count(settings, 'moduleName="Finance" and inquireLevel="All"') == 2
    assert count(settings, '(moduleName="Finance" or moduleName="System") and inquireLevel!="None"') == 3
    assert count(settings, 'moduleFunctionName contains "ticket"') == 7
    assert count(settings, "sortOrder >= 80 and sortOrder < 82") == 2
    assert count(settings, 'moduleName in ("Sales", "Marketing")') == 11
    rows = psa_client.get("/system/securityroles", params={"conditions": 'name != "admin"'}).json()
    assert [r["name"] for r in rows] == ["Technician", "Finance"]
    for bad in ('name="a\\"b"', 'name="unterminated', 'name="a"b"', "name=", "nosuchfield=1", "name=5",
                "securityRole=1", 'name="x" and', '(name="x"', 'name ~ "x"', 'name="x" xor id=1'):
        body = assert_vendor_error(psa_client.get("/system/apiMembers", params={"conditions": bad}), 400)
        assert "conditions" in body["message"], bad
    assert_vendor_error(psa_client.get("/system/apiMembers", params={"childConditions": "a=1"}), 400)


def test_conditions_unit():
    rec = {"name": "Acct Sync API", "id": 7, "flag": True, "ref": {"id": 3}, "none": None}
    assert evaluate(parse('name="ACCT SYNC API" and id=7 and flag=true and ref/id=3 and none=null'), rec)
    assert evaluate(parse('name like "%sync%" and not_there=null'), rec)
    assert evaluate(parse('name not contains "zzz" and id not in (1, 2)'), rec)
    assert not evaluate(parse("id>7 or (flag=false)"), rec)
    with pytest.raises(ConditionError):
        parse('name="a\\"')


# ---- behaviour --------------------------------------------------------------------------------
def test_duplicates_are_object_exists(psa_client):
    assert psa_client.post("/system/securityroles", json={"name": "Acct Sync API"}).status_code == 201
    body = assert_vendor_error(psa_client.post("/system/securityroles", json={"name": "ACCT sync api"}), 400,
                               "InvalidObject")
    assert body["errors"][0]["code"] == "ObjectExists" and body["errors"][0]["field"] == "name"
    assert psa_client.post("/system/apiMembers", json=MEMBER).status_code == 201
    body = assert_vendor_error(psa_client.post("/system/apiMembers", json=dict(MEMBER, identifier="acctsync")), 400)
    assert body["errors"][0]["code"] == "ObjectExists" and body["errors"][0]["field"] == "identifier"


def test_delete_role_in_use_and_unused(psa_client):
    body = assert_vendor_error(psa_client.delete("/system/securityroles/1"), 400, "InvalidObject")
    assert body["errors"][0]["code"] == "InUse" and "1 member" in body["errors"][0]["message"]
    rid = psa_client.post("/system/securityroles", json={"name": "Temp"}).json()["id"]
    r = psa_client.delete(f"/system/securityroles/{rid}")
    assert r.status_code == 204 and r.content == b""
    assert_vendor_error(psa_client.get(f"/system/securityroles/{rid}"), 404)
    assert_vendor_error(psa_client.get(f"/system/securityRoles/{rid}/settings"), 404)


def test_new_role_settings_all_none(psa_sim, psa_client):
    role = psa_client.post("/system/securityroles", json={"name": "Acct Sync API", "roleType": "Internal"}).json()
    assert role["name"] == "Acct Sync API" and role["id"] > 3
    rows = psa_client.get(f"/system/securityRoles/{role['id']}/settings", params={"pageSize": 1000}).json()
    assert len(rows) == 89
    levels = {r[k] for r in rows for k in ("addLevel", "editLevel", "deleteLevel", "inquireLevel")}
    assert levels == {"None"}
    keys = {"id", "moduleName", "moduleIdentifier", "moduleFunctionName", "moduleFunctionIdentifier", "customFlag",
            "myAllFlag", "reportFlag", "sortOrder", "_info"}
    assert keys <= set(rows[0])
    one = psa_client.get(f"/system/securityRoles/{role['id']}/settings/{rows[5]['id']}").json()
    assert one["id"] == rows[5]["id"]
    assert_vendor_error(psa_client.get(f"/system/securityRoles/{role['id']}/settings/1"), 404)  # Admin's row
    assert psa_sim.customize_items("acme", "Acct Sync API") == []


def test_operator_table_key_and_my_security(psa_sim, psa_client):
    op = psa_sim.operator("acme")
    rid = psa_client.post("/system/securityroles", json={"name": "Acct Sync API"}).json()["id"]
    op.apply_table("acct sync api", TABLE_ROWS)
    member = dict(MEMBER, securityRole={"id": rid})
    assert psa_client.post("/system/apiMembers", json=member).status_code == 201
    public, private = op.create_api_key("AcctSync", "Acct Sync API")
    own = Client(psa_sim, "acme", public, private)
    rows = own.get("/system/mySecurity", params={"conditions": 'inquireLevel="All"', "pageSize": 100}).json()
    assert {(r["moduleName"], r["moduleFunctionName"]) for r in rows} == {
        ("Finance", "Invoicing"), ("System", "Member Maintenance"), ("System", "Table Setup")}
    assert all(r["member"]["identifier"] == "AcctSync" and r["member"]["name"] == "Acct Sync API" for r in rows)
    items = own.get("/system/mySecurity/customizeItems/").json()
    assert [(i["customizeIdentifier"], i["itemIdentifier"]) for i in items] == [
        ("SystemTableSetup", "General Ledger/GL Accounts"), ("SystemTableSetup", "Invoicing/Billing Terms")]
    assert own.get("/system/apiMembers/count").json() == {"count": 2}  # Member Maintenance inquire
    assert_vendor_error(own.get("/system/securityroles"), 403)
    assert op.api_keys("AcctSync") == [{"publicKey": public, "description": "Acct Sync API", "inactive": False}]
    op.delete_api_key("AcctSync", public)
    assert_vendor_error(own.get("/system/mySecurity"), 401)
    op.set_member_role("AcctSync", "Finance")
    assert psa_sim.members("acme")[-1]["securityRole"] == 3
    with pytest.raises(KeyError):
        op.set_role_levels("No Such Role", "System", "Security", add="All")


def test_customize_items_beyond_the_table_and_verbatim(psa_sim, psa_client):
    op = psa_sim.operator("acme")
    op.set_customize_items("Admin", ["General Ledger / GL Accounts", "Products / UOM"])
    assert op.add_customize_item("Admin", "4711")["itemIdentifier"] == "4711"
    op.add_customize_item("Admin", " gl accounts ", customize_identifier=None)
    items = psa_client.get("/system/mySecurity/customizeItems/").json()
    assert [(i.get("customizeIdentifier"), i["itemIdentifier"]) for i in items] == [
        ("SystemTableSetup", "General Ledger/GL Accounts"), ("SystemTableSetup", "Products/UOM"),
        ("SystemTableSetup", "4711"), (None, " gl accounts ")]
    assert "customizeIdentifier" not in items[-1]          # null is omitted, as the real serializer does
    with pytest.raises(ValueError):
        op.add_customize_item("Admin", "x", customize_identifier="NotInTheContract")
    op.set_customize_items("Admin", [])                     # every SystemTableSetup item gone; the null one stays
    assert [i["itemIdentifier"] for i in psa_client.get("/system/mySecurity/customizeItems/").json()] == [" gl accounts "]


def test_inactive_member_key_is_refused(psa_sim, psa_client):
    worker = make_member(psa_sim, psa_client, "Finance")
    assert worker.get("/system/mySecurity").status_code == 200
    mid = psa_sim.members("acme")[-1]["id"]
    psa_client.patch(f"/system/apiMembers/{mid}", json=[{"op": "replace", "path": "inactiveFlag", "value": True}])
    assert_vendor_error(worker.get("/system/mySecurity"), 401)


# ---- faults -----------------------------------------------------------------------------------
def test_fault_429_and_500(psa_sim, psa_client):
    psa_sim.fault("acme", "429", count=2, method="GET", retry_after=7)
    for _round in range(2):
        r = psa_client.get("/system/securityroles")
        assert_vendor_error(r, 429, "TooManyRequests")
        assert r.headers["Retry-After"] == "7"
    assert psa_client.get("/system/securityroles").status_code == 200
    psa_sim.fault("acme", "500", path_regex=r"^/system/locations")
    assert psa_client.get("/system/departments").status_code == 200
    assert_vendor_error(psa_client.get("/system/locations"), 500, "InternalServerError")
    assert psa_client.get("/system/locations").status_code == 200
    assert [e["fault"] for e in psa_sim.requests("acme") if e["fault"]] == ["429", "429", "500"]


def test_fault_drop_and_apply_then_drop(psa_sim, psa_client):
    psa_sim.fault("acme", "drop", method="POST")
    with pytest.raises(requests.ConnectionError):
        psa_client.post("/system/securityroles", json={"name": "Dropped"})
    assert not [r for r in psa_sim.roles("acme") if r["name"] == "Dropped"]
    psa_sim.fault("acme", "apply_then_drop", method="POST", path_regex="securityroles")
    with pytest.raises(requests.ConnectionError):
        psa_client.post("/system/securityroles", json={"name": "Applied"})
    assert [r for r in psa_sim.roles("acme") if r["name"] == "Applied"]
    r = psa_client.post("/system/securityroles", json={"name": "Applied"})  # the naive retry
    assert r.json()["errors"][0]["code"] == "ObjectExists"
    writes = psa_sim.writes("acme")
    assert [(w["fault"], w["status"]) for w in writes] == [("drop", None), ("apply_then_drop", 201), (None, 400)]


def test_fault_latency_and_global_latency(psa_sim, psa_client):
    psa_sim.fault("acme", "latency", count=1, seconds=0.3)
    t0 = time.monotonic()
    psa_client.get("/system/securityroles")
    assert time.monotonic() - t0 >= 0.3
    t0 = time.monotonic()
    psa_client.get("/system/securityroles")
    assert time.monotonic() - t0 < 0.3
    with Simulator(tenants=["acme"], scheme="http", latency=0.1) as slow:
        t0 = time.monotonic()
        Client(slow, "acme").get("/system/securityroles")
        assert time.monotonic() - t0 >= 0.1


def test_fault_stale_codebase(psa_sim, psa_client):
    old_url = psa_client.url("/system/securityroles")
    psa_sim.fault("acme", "stale_codebase", codebase="v2026_1")
    r = psa_client.get(old_url)
    assert_vendor_error(r, 404)
    assert psa_sim.requests("acme")[-1]["fault"] == "stale_codebase"
    info = requests.get(psa_sim.base_url + "/login/companyinfo/acme").json()
    assert info["Codebase"] == "v2026_1/"
    assert psa_client.get(psa_sim.api_url("acme", "/system/securityroles")).status_code == 200
    assert "v2026_1/" in psa_sim.api_url("acme", "/x")
    assert Client(psa_sim, "globex").get("/system/securityroles").status_code == 200  # other tenant unaffected


# ---- transport --------------------------------------------------------------------------------
def test_https_verifies_with_ca_and_fails_without(psa_sim_https):
    client = Client(psa_sim_https, "acme")
    assert psa_sim_https.base_url.startswith("https://127.0.0.1:")
    assert client.get("/system/securityroles").status_code == 200
    with pytest.raises(requests.exceptions.SSLError):
        client.get("/system/securityroles", verify=True)
    r = requests.get(f"https://localhost:{psa_sim_https.port}/login/companyinfo/acme", verify=psa_sim_https.ca_path)
    assert r.status_code == 200


def test_keep_alive_and_50_concurrent_clients(psa_sim):
    errors, statuses = [], []

    def worker():
        c = Client(psa_sim, "acme")
        try:
            for _request in range(5):
                statuses.append(c.get("/system/securityroles").status_code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            c.close()

    threads = [threading.Thread(target=worker) for _client in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and statuses == [200] * 250


def test_request_log_and_writes(psa_sim, psa_client):
    psa_sim.clear_log()
    psa_client.get("/system/securityroles", params={"pageSize": 5})
    psa_client.post("/system/securityroles", json={"name": "x" * 31})
    psa_client.post("/system/securityroles", json={"name": "Logged"})
    log = psa_sim.requests()
    t = psa_sim.tenant("acme")
    assert log[0]["path"] == "/system/securityroles" and log[0]["query"] == {"pageSize": "5"}
    assert {e["public_key"] for e in log} == {t.public_key}
    assert t.private_key not in json.dumps(log)
    assert [(w["method"], w["status"]) for w in psa_sim.writes("acme")] == [("POST", 400), ("POST", 201)]
    assert psa_sim.writes("globex") == []
    psa_sim.clear_log()
    assert psa_sim.requests() == []


def test_cli_serve_operator_and_log(tmp_path):
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulator", "serve", "--http", "--tenants", "acme",
                             "--state-dir", str(tmp_path)], stdout=subprocess.PIPE, env=env, cwd=REPO, text=True)
    try:
        info = json.loads(proc.stdout.readline())
        assert json.loads((tmp_path / "simulator.json").read_text())["control_url"] == info["control_url"]
        sim_cli = [sys.executable, "-m", "tests.simulator"]

        def run(*args):
            out = subprocess.run(sim_cli + list(args), env=env, cwd=REPO, capture_output=True, text=True, check=True)
            return out.stdout

        table = tmp_path / "t.yml"
        table.write_text(yaml.safe_dump({"permissions": TABLE_ROWS}))
        assert run("operator", "--state-dir", str(tmp_path), "acme", "apply-table", "--role", "Finance",
                   "--table", str(table)).strip() == "3"
        pair = json.loads(run("operator", "--state-dir", str(tmp_path), "acme", "create-key",
                              "--member", "AutomationAdmin", "--description", "cli"))
        assert json.loads(run("operator", "--state-dir", str(tmp_path), "acme", "add-customize-item", "--role", "Finance",
                              "--item", "4711", "--no-customize-identifier"))["customizeIdentifier"] is None
        run("operator", "--state-dir", str(tmp_path), "acme", "fault", "--kind", "429", "--opt", "retry_after=2")
        admin = info["tenants"]["acme"]
        session = requests.Session()
        session.trust_env = False
        auth = ("acme+" + pair["public_key"], pair["private_key"])
        url = info["base_url"] + "/v4_6_release/apis/3.0/system/securityroles"
        hdr = {"clientId": info["client_id"]}
        assert session.get(url, auth=auth, headers=hdr).status_code == 429
        assert session.get(url, auth=("acme+" + admin["public_key"], admin["private_key"]), headers=hdr).ok
        lines = [json.loads(x) for x in run("log", "--state-dir", str(tmp_path)).splitlines()]
        assert [e["status"] for e in lines] == [429, 200]
        assert len((tmp_path / "requests.jsonl").read_text().splitlines()) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_add_record_seeds_reference_data(psa_sim, psa_client):
    for n in range(30):
        psa_sim.add_record("acme", "locations", name=f"Bulk {n:02d}")
    assert psa_client.get("/system/locations/count").json() == {"count": 33}
    r = psa_client.get("/system/locations", params={"conditions": 'name like "Bulk*"', "pageSize": 20})
    assert len(r.json()) == 20 and "next" in r.links
    with pytest.raises(ValueError):
        psa_sim.add_record("acme", "roles", name="x")
