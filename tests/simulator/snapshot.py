"""Replay a tenant snapshot (written by msp.connectwise_psa.cw_tenant_snapshot_info, playbook
export_tenant_snapshot) as a simulator tenant: the same roles with their settings verbatim,
the same API members, people (as placeholders), references and Customize items, under the
same ids, so a snapshot attached to a bug report becomes a test case.

    Simulator(tenants=(), snapshots={"bug123": load("bug123.snapshot.json")})
    python -m tests.simulator serve --snapshot bug123=bug123.snapshot.json

The replayed tenant answers exactly those records. Its admin key is new (a snapshot holds
no key) and belongs to the member that took the snapshot (``admin.my_security[].member``),
which may be a person; with a member section, that member gets a new key too
(``tenant.replay_member_key``). mySecurity is answered from the caller's role settings,
which the snapshot holds verbatim; Customize items are answered verbatim, each key's items
on its member's role.
"""
import json
import os
import re

from .state import DEFAULT_CODEBASE, MEMBER_REFS, Tenant, now_iso

KIND = "msp.connectwise_psa tenant snapshot"
FORMAT = 1


class SnapshotError(ValueError):
    pass


def load(path):
    with open(path, encoding="utf-8") as fh:
        snapshot = json.load(fh)
    check(snapshot, path)
    return snapshot


def check(snapshot, where="snapshot"):
    if not isinstance(snapshot, dict) or snapshot.get("snapshot") != KIND:
        raise SnapshotError(f"{where} is not a tenant snapshot (no \"snapshot\": \"{KIND}\")")
    if snapshot.get("format") != FORMAT:
        raise SnapshotError(f"{where} has format {snapshot.get('format')!r}; this simulator replays format {FORMAT}")
    return snapshot


def tenant_name(path):
    """``bug123.snapshot.json`` -> ``bug123``: a company id the simulator accepts."""
    stem = os.path.basename(path).split(".")[0]
    return re.sub(r"[^A-Za-z0-9_-]", "", stem) or "snapshot"


def _id_of(ref):
    return ref.get("id") if isinstance(ref, dict) else None


def _caller_id(section):
    for row in (section or {}).get("my_security") or []:
        if isinstance(row.get("member"), dict) and row["member"].get("id") is not None:
            return row["member"]["id"]
    return None


def tenant_from_snapshot(company_id, snapshot, rng, catalog):
    check(snapshot)
    t = Tenant(company_id, rng, catalog)     # seeded, then emptied: only the snapshot's records remain
    for name in ("roles", "settings", "customize", "members", "keys", "people", "locations", "departments",
                 "levels", "timezones", "boards"):
        getattr(t, name).clear()
    t.codebase = (snapshot.get("companyinfo") or {}).get("Codebase") or DEFAULT_CODEBASE
    t.codebase = t.codebase.strip("/") + "/"
    refs = snapshot.get("references") or {}
    for rec in refs.get("structure_levels") or []:
        t.levels[rec["id"]] = dict(rec)
    for rec in refs.get("locations") or []:
        t.locations[rec["id"]] = dict(rec)
    for rec in refs.get("departments") or []:
        t.departments[rec["id"]] = dict(rec)
    for rec in refs.get("time_zones") or []:
        t.timezones[rec["id"]] = dict(rec, timeZone={"id": rec["id"], "name": rec.get("name")})
    for role in snapshot.get("security_roles") or []:
        t.roles[role["id"]] = {"id": role["id"], "name": role.get("name"), "roleType": role.get("roleType"),
                               "adminFlag": bool(role.get("adminFlag")), "inactiveFlag": bool(role.get("inactiveFlag")),
                               "_updated": now_iso()}
        t.settings[role["id"]] = [dict(row) for row in role.get("settings") or []]
        t.customize[role["id"]] = []
    for member in snapshot.get("api_members") or []:
        rec = {"id": member["id"], "identifier": member.get("identifier"), "name": member.get("name"),
               "emailAddress": None, "inactiveFlag": bool(member.get("inactiveFlag")),
               "inactiveDate": member.get("inactiveDate"), "notes": None, "excludedServiceBoardIds": [],
               "blockPriceFlag": False, "blockCostFlag": False, "_updated": now_iso()}
        rec.update((field, _id_of(member.get(field))) for field in MEMBER_REFS)
        t.members[rec["id"]] = rec
        _known_from_reference(t, member)
    for person in snapshot.get("people") or []:
        t.people[person["id"]] = {"id": person["id"], "identifier": person.get("identifier"),
                                  "licenseClass": person.get("licenseClass") or "F",
                                  "inactiveFlag": bool(person.get("inactiveFlag")),
                                  "securityRole": _id_of(person.get("securityRole")), "_updated": now_iso()}
    _keys(t, snapshot)
    _next_ids(t)
    return t


def _known_from_reference(t, member):
    """A reference list the admin key could not read (references_unreadable) still has the records
    the members point at, as the members name them."""
    for field, kind in MEMBER_REFS.items():
        ref = member.get(field)
        if kind != "roles" and isinstance(ref, dict) and ref.get("id") is not None and ref.get("name"):
            records = getattr(t, kind)
            if ref["id"] not in records:
                records[ref["id"]] = {"id": ref["id"], "name": ref["name"]}
                if kind == "timezones":
                    records[ref["id"]]["timeZone"] = dict(records[ref["id"]])


def _member_record(t, member_id):
    return t.members.get(member_id) or t.people.get(member_id)


def _keys(t, snapshot):
    """New keys for the members whose answers the snapshot holds; their Customize items verbatim."""
    admin_id = _caller_id(snapshot.get("admin"))
    admin = _member_record(t, admin_id)
    if admin is None:
        raise SnapshotError("the snapshot's admin.my_security names no member of the snapshot: it cannot be replayed")
    t.admin_public, t.admin_private = t.random_key(16), t.random_key(32)
    t.keys[t.admin_public] = {"member_id": admin_id, "private": t.admin_private, "description": "replayed admin key"}
    t.admin_member = admin.get("identifier")
    t.replay_member_key = None
    sections = [(admin, snapshot.get("admin"))]
    member_id = _caller_id(snapshot.get("member"))
    member = _member_record(t, member_id) if member_id is not None else None
    if member is not None:
        public, private = t.random_key(16), t.random_key(32)
        t.keys[public] = {"member_id": member_id, "private": private, "description": "replayed member key"}
        t.replay_member_key = {"identifier": member.get("identifier"), "public_key": public, "private_key": private}
        sections.append((member, snapshot.get("member")))
    for owner, section in sections:
        items = t.customize.get(owner.get("securityRole"))
        if items is not None and not items:
            items.extend(dict(item) for item in section.get("customize_items") or [])


def _next_ids(t):
    """New records (a test's setup run) get ids after the snapshot's, as on the real server."""
    for kind, records in (("roles", t.roles), ("levels", t.levels), ("locations", t.locations),
                          ("departments", t.departments), ("timezones", t.timezones)):
        t._ids[kind] = max(records, default=0)
    t._ids["members"] = max(list(t.members) + list(t.people) + [99])
    t._ids["settings"] = max((row.get("id") or 0 for rows in t.settings.values() for row in rows), default=0)
    t._ids["customize"] = max((row.get("id") or 0 for rows in t.customize.values() for row in rows), default=0)
