"""Per-tenant data, seed data, the operator API (what a person does in the web UI),
faults and the request log. All mutation happens under Simulator.lock."""
import json
import random
import re
import string
import threading
import time
from datetime import datetime, timezone

from .contract import CATALOG_PATH, load_json

LEVELS = ("None", "My", "All")
DEFAULT_CODEBASE = "v4_6_release/"
ALNUM = string.ascii_letters + string.digits

# Functions with a "Customize" allow-list -> the customizeIdentifier the API reports.
CUSTOMIZE_IDS = {
    ("system", "table setup"): "SystemTableSetup",
    ("companies", "configurations"): "CompanyConfigurations",
    ("finance", "agreements"): "FinanceAgreements",
    ("service desk", "resource scheduling"): "ServiceResourceScheduling",
    ("system", "manage hosted api"): "SystemManageHostedApi",
    ("system", "my account"): "SystemMyAccount",
    ("system", "custom menu entry"): "SystemCustomMenuEntry",
    ("system", "mass maintenance"): "SystemMassMaintenance",
    ("companies", "reports"): "CompanyReports",
    ("finance", "reports"): "FinanceReports",
    ("marketing", "reports"): "MarketingReports",
    ("procurement", "reports"): "ProcurementReports",
    ("project", "reports"): "ProjectReports",
    ("sales", "reports"): "SalesReports",
    ("service desk", "reports"): "ServiceReports",
    ("system", "reports"): "SystemReports",
    ("time and expense", "reports"): "TimeAndExpenseReports",
}

# Member reference fields -> the tenant collection they point into.
MEMBER_REFS = {
    "timeZone": "timezones", "securityRole": "roles", "structureLevel": "levels",
    "securityLocation": "locations", "defaultLocation": "locations",
    "defaultDepartment": "departments", "salesDefaultLocation": "locations",
    "serviceDefaultBoard": "boards",
}
# The contract requires only identifier; the web UI also requires these on an API member,
# so the simulator does too (the collection treats them as required on create).
MEMBER_UI_REQUIRED = ("securityRole", "structureLevel", "securityLocation", "defaultDepartment")


def norm_name(text):
    """Lenient UI-label matching: case, spacing, '&' vs 'and'."""
    text = (text or "").replace("&", " and ").casefold()
    return " ".join(text.split())


def customize_item_id(table):
    """The simulator stores Table Setup names without spaces around '/', e.g.
    'General Ledger/GL Accounts': clients must compare leniently (format not published)."""
    return re.sub(r"\s*/\s*", "/", table.strip())


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SimError(Exception):
    """Raised by handlers; rendered as the vendor error body."""

    def __init__(self, status, code, message, errors=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.errors, self.headers = errors, headers or {}

    def body(self):
        out = {"code": self.code, "message": self.message}
        if self.errors:
            out["errors"] = self.errors
        return out


class Tenant:
    def __init__(self, company_id, rng, catalog):
        self.company_id = company_id
        self.name = f"{company_id.capitalize()} (simulated)"
        self.codebase = DEFAULT_CODEBASE
        self.old_codebases = []
        self.catalog = catalog
        self.rng = rng
        self._ids = {}
        self.roles, self.settings, self.customize = {}, {}, {}
        self.members, self.keys = {}, {}
        self.people = {}   # members who are people (web UI users): read only, through /system/members (and /count)
        self.locations, self.departments, self.levels = {}, {}, {}
        self.timezones, self.boards = {}, {}
        self.faults = []
        self._seed()

    def next_id(self, kind, start=1):
        self._ids[kind] = self._ids.get(kind, start - 1) + 1
        return self._ids[kind]

    def random_key(self, n):
        return "".join(self.rng.choice(ALNUM) for _position in range(n))

    # ---- seed ------------------------------------------------------------------------
    def _seed(self):
        for name in ("Corporate", "Region"):
            i = self.next_id("levels")
            self.levels[i] = {"id": i, "name": name}
        for name, offset, default in (("Eastern Standard Time", -5.0, True), ("GMT Standard Time", 0.0, False)):
            i = self.next_id("timezones")
            self.timezones[i] = {"id": i, "name": name, "timeZone": {"id": i, "name": name},
                                 "offset": offset, "defaultFlag": default, "daylightSavingsFlag": True}
        for name in ("Tampa Office", "Head Office", "Remote"):
            i = self.next_id("locations")
            self.locations[i] = {"id": i, "ownerLevelId": 1, "structureLevel": {"id": 1, "name": "Corporate"},
                                 "name": name, "timeZoneSetup": {"id": 1, "name": "Eastern Standard Time"},
                                 "locationFlag": True, "clientFlag": False, "workRoleIds": [],
                                 "departmentIds": [1, 2, 3]}
        for ident, name in (("Admin", "Administration"), ("Services", "Services"), ("Accounting", "Accounting")):
            i = self.next_id("departments")
            self.departments[i] = {"id": i, "identifier": ident, "name": name}
        admin = self.add_role("Admin", level="All", roleType="Internal", adminFlag=True)
        self.set_customize(admin, "SystemTableSetup",
                           [customize_item_id(t) for t in self.catalog["table_setup_tables"]])
        tech = self.add_role("Technician", roleType="Internal")
        for (mod, fn), lv in {("Service Desk", "Service Tickets"): ("All", "All", "My", "All"),
                              ("Service Desk", "Close Service Tickets"): ("None", "All", "None", "All"),
                              ("Time & Expense", "Time Entry"): ("My", "My", "My", "My"),
                              ("Companies", "Company Maintenance"): ("None", "None", "None", "All")}.items():
            self.set_levels(tech, mod, fn, *lv)
        fin = self.add_role("Finance", roleType="Internal")
        for (mod, fn), lv in {("Finance", "Invoicing"): ("All", "All", "All", "All"),
                              ("Finance", "Accounting Interface"): ("All", "All", "None", "All"),
                              ("Companies", "Company Maintenance"): ("None", "None", "None", "All"),
                              ("System", "Table Setup"): ("None", "None", "None", "All")}.items():
            self.set_levels(fin, mod, fn, *lv)
        self.set_customize(fin, "SystemTableSetup", [customize_item_id("Invoicing / Billing Terms")])
        m = self.add_member({"identifier": "AutomationAdmin", "name": "Automation Admin",
                             "securityRole": admin["id"], "structureLevel": 1, "securityLocation": 2,
                             "defaultLocation": 2, "defaultDepartment": 1, "timeZone": 1})
        self.admin_public = self.random_key(16)
        self.admin_private = self.random_key(32)
        self.keys[self.admin_public] = {"member_id": m["id"], "private": self.admin_private,
                                        "description": "seeded admin key"}

    def use_admin_key(self, public, private):
        """Give the seeded admin member this key pair instead of the derived one: a tenant
        whose admin keys an inventory already holds (the example's vault)."""
        entry = self.keys.pop(self.admin_public)
        self.admin_public, self.admin_private = public, private
        self.keys[public] = dict(entry, private=private)

    # ---- records -----------------------------------------------------------------------
    def add_role(self, name, level="None", **fields):
        i = self.next_id("roles")
        role = {"id": i, "name": name, "roleType": fields.get("roleType"),
                "adminFlag": fields.get("adminFlag", False), "inactiveFlag": fields.get("inactiveFlag", False),
                "_updated": now_iso()}
        self.roles[i] = role
        rows = []
        for entry in self.catalog["settings"]:
            rows.append(dict(entry, id=self.next_id("settings"), addLevel=level, editLevel=level,
                             deleteLevel=level, inquireLevel=level))
        self.settings[i] = rows
        self.customize[i] = []
        return role

    def add_member(self, fields):
        i = self.next_id("members", start=100)
        rec = {"id": i, "identifier": None, "name": None, "emailAddress": None, "inactiveFlag": False,
               "inactiveDate": None, "notes": None, "excludedServiceBoardIds": [], "blockPriceFlag": False,
               "blockCostFlag": False, **{k: None for k in MEMBER_REFS}}
        rec.update(fields)
        rec["id"] = i
        rec["_updated"] = now_iso()
        self.members[i] = rec
        return rec

    def find_role(self, name):
        for role in self.roles.values():
            if norm_name(role["name"]) == norm_name(name):
                return role
        raise KeyError(f"no security role named {name!r} in tenant {self.company_id}; "
                       f"have: {sorted(r['name'] for r in self.roles.values())}")

    def find_member(self, identifier):
        for m in self.members.values():
            if (m["identifier"] or "").casefold() == identifier.casefold():
                return m
        raise KeyError(f"no member {identifier!r} in tenant {self.company_id}")

    def find_setting(self, role, module, function):
        for row in self.settings[role["id"]]:
            if norm_name(row["moduleName"]) == norm_name(module) and \
                    norm_name(row["moduleFunctionName"]) == norm_name(function):
                return row
        raise KeyError(f"no function {module} / {function} in the catalogue")

    def set_levels(self, role, module, function, add=None, edit=None, delete=None, inquire=None):
        row = self.find_setting(role, module, function)
        for key, val in (("addLevel", add), ("editLevel", edit), ("deleteLevel", delete), ("inquireLevel", inquire)):
            if val is None:
                continue
            val = {"mine": "My"}.get(str(val).casefold(), str(val).capitalize())
            if val not in LEVELS:
                raise ValueError(f"level must be one of {LEVELS}, not {val!r}")
            row[key] = val
        return row

    def set_customize(self, role, customize_identifier, items):
        rows = [r for r in self.customize[role["id"]] if r["customizeIdentifier"] != customize_identifier]
        for item in items:
            rows.append({"id": self.next_id("customize"), "customizeIdentifier": customize_identifier,
                         "itemIdentifier": customize_item_id(item)})
        self.customize[role["id"]] = rows

    def add_person(self, identifier, role_id, license_class="F", inactive=False, **details):
        """``details``: a person's Member fields (firstName, lastName, defaultEmail, defaultPhone...),
        listed by GET /system/members; a snapshot must never carry them."""
        i = self.next_id("members", start=100)   # one id space: people and API members are all members
        self.people[i] = {"id": i, "identifier": identifier, "licenseClass": license_class,
                          "inactiveFlag": bool(inactive), "securityRole": role_id,
                          **{k: v for k, v in details.items() if v is not None}}
        return self.people[i]

    def role_in_use(self, role_id):
        return sum(1 for m in list(self.members.values()) + list(self.people.values())
                   if m.get("securityRole") == role_id)


class Fault:
    KINDS = ("latency", "429", "500", "drop", "apply_then_drop", "stale_codebase", "redirect", "not_json", "wrong_shape",
             "link")

    def __init__(self, kind, count=1, method=None, path_regex=None, **opts):
        kind = str(kind)
        if kind not in self.KINDS:
            raise ValueError(f"fault kind must be one of {self.KINDS}")
        self.kind, self.remaining, self.opts = kind, count, opts
        self.method = method.upper() if method else None
        self.path_regex = re.compile(path_regex) if path_regex else None

    def matches(self, method, path):
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method and self.method != method:
            return False
        return not (self.path_regex and not self.path_regex.search(path))

    def to_dict(self):
        return {"kind": self.kind, "remaining": self.remaining, "method": self.method,
                "path_regex": self.path_regex.pattern if self.path_regex else None, **self.opts}


class Operator:
    """What a person does in the PSA web UI for one tenant (no REST API exists for these)."""

    def __init__(self, sim, tenant):
        self._sim, self._t = sim, tenant

    def set_role_levels(self, role_name, module, function, add=None, edit=None, delete=None, inquire=None):
        with self._sim.lock:
            row = self._t.set_levels(self._t.find_role(role_name), module, function, add, edit, delete, inquire)
            return {k: row[k] for k in ("addLevel", "editLevel", "deleteLevel", "inquireLevel")}

    def apply_table(self, role_name, permissions):
        with self._sim.lock:
            role = self._t.find_role(role_name)
            for row in permissions:
                self._t.set_levels(role, row["module"], row["function"],
                                   *(row.get(k) or "None" for k in ("add", "edit", "delete", "inquire")))
                if "customize_allow" in row:
                    cid = CUSTOMIZE_IDS.get((norm_name(row["module"]), norm_name(row["function"])))
                    if cid is None:
                        raise KeyError(f"{row['module']} / {row['function']} has no Customize list")
                    self._t.set_customize(role, cid, row.get("customize_allow") or [])
            return len(permissions)

    def set_customize_items(self, role_name, items, customize_identifier="SystemTableSetup"):
        with self._sim.lock:
            self._t.set_customize(self._t.find_role(role_name), customize_identifier, items)

    def add_customize_item(self, role_name, item_identifier, customize_identifier="SystemTableSetup"):
        """Store one Customize item exactly as given, not in the simulator's usual form: the real
        itemIdentifier format is not published (a number, a code...), and the contract lets
        customizeIdentifier be null. The identifier must be null or one of the contract's enum."""
        schema = self._sim.contract.schemas["MySecurityCustomizeItem"]["properties"]
        if customize_identifier is not None and customize_identifier not in schema["customizeIdentifier"]["enum"]:
            raise ValueError(f"customizeIdentifier {customize_identifier!r} is not in the contract's enum")
        if not isinstance(item_identifier, str):
            raise ValueError("itemIdentifier is a string in the contract")
        with self._sim.lock:
            role = self._t.find_role(role_name)
            row = {"id": self._t.next_id("customize"), "customizeIdentifier": customize_identifier,
                   "itemIdentifier": item_identifier}
            self._t.customize[role["id"]].append(row)
            return dict(row)

    def add_person(self, identifier, role_name, license_class="F", inactive=False, first_name=None, last_name=None,
                   email=None, phone=None):
        """A member who is a person (a web UI user) on a role, as an admin adds one in System > Members."""
        with self._sim.lock:
            return dict(self._t.add_person(identifier, self._t.find_role(role_name)["id"], license_class, inactive,
                                           firstName=first_name, lastName=last_name, defaultEmail=email,
                                           defaultPhone=phone))

    def create_api_key(self, member_identifier, description):
        with self._sim.lock:
            member = self._t.find_member(member_identifier)
            public, private = self._t.random_key(16), self._t.random_key(32)
            self._t.keys[public] = {"member_id": member["id"], "private": private, "description": description}
            return public, private

    def _member_key(self, member_identifier, public_key):
        member = self._t.find_member(member_identifier)
        key = self._t.keys.get(public_key)
        if not key or key["member_id"] != member["id"]:
            raise KeyError(f"member {member_identifier!r} has no key {public_key!r}")
        return key

    def delete_api_key(self, member_identifier, public_key):
        with self._sim.lock:
            self._member_key(member_identifier, public_key)
            del self._t.keys[public_key]

    def set_api_key_inactive(self, member_identifier, public_key, inactive=True):
        """Tick (or untick) "Inactive" on one of a member's keys, as the API Keys tab allows:
        the key stays listed, and the PSA refuses it (Simulator(inactive_key_status=...))."""
        with self._sim.lock:
            self._member_key(member_identifier, public_key)["inactive"] = bool(inactive)

    def set_member_role(self, member_identifier, role_name):
        with self._sim.lock:
            self._t.find_member(member_identifier)["securityRole"] = self._t.find_role(role_name)["id"]

    def api_keys(self, member_identifier):
        """Public keys, descriptions and Inactive ticks of a member's keys (what the UI's API Keys tab shows);
        a member may have several keys (a rotation runs on two)."""
        with self._sim.lock:
            mid = self._t.find_member(member_identifier)["id"]
            return [{"publicKey": k, "description": v["description"], "inactive": bool(v.get("inactive"))}
                    for k, v in self._t.keys.items() if v["member_id"] == mid]


class RequestLog:
    def __init__(self, path=None):
        self._lock = threading.Lock()
        self._entries = []
        self._path = path

    def add(self, entry):
        entry.setdefault("ts", time.time())
        with self._lock:
            self._entries.append(entry)
            if self._path:
                with open(self._path, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry) + "\n")

    def entries(self, tenant=None):
        with self._lock:
            return [dict(e) for e in self._entries if tenant is None or e.get("tenant") == tenant]

    def clear(self):
        with self._lock:
            self._entries.clear()


def make_rng(seed, company_id):
    return random.Random(f"{seed}:{company_id}")


def load_catalog():
    return load_json(CATALOG_PATH)
