"""Behaviour of the modelled PSA endpoints. Handlers run under Simulator.lock and return
(status, body, headers) or raise SimError. Responses omit null properties, as the real
server's serializer does, so clients must not expect every key to be present."""
import copy
import math
from urllib.parse import urlencode

from . import conditions as cond
from .contract import schema_errors
from .state import MEMBER_REFS, MEMBER_UI_REQUIRED, SimError, now_iso

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 25

# Which security-role function (module, function) guards a path prefix; None = always allowed.
PERMISSIONS = (
    ("/system/securityroles", ("System", "Security")),
    ("/system/securityRoles/", ("System", "Security")),
    ("/system/apiMembers", ("System", "Member Maintenance")),
    ("/system/members", ("System", "Member Maintenance")),
    ("/system/locations", ("System", "Table Setup")),
    ("/system/departments", ("System", "Table Setup")),
    ("/system/myCompany/corporateStructureLevels", ("System", "Table Setup")),
    ("/system/timeZoneSetups", ("System", "Table Setup")),
    ("/system/mySecurity", None),
)
METHOD_LEVEL = {"GET": ("inquireLevel", "Inquire"), "POST": ("addLevel", "Add"),
                "PUT": ("editLevel", "Edit"), "PATCH": ("editLevel", "Edit"), "DELETE": ("deleteLevel", "Delete")}

REF_HREF = {"roles": "/system/securityroles/{}", "levels": "/system/myCompany/corporateStructureLevels/{}",
            "locations": "/system/locations/{}", "departments": "/system/departments/{}",
            "timezones": "/system/timeZoneSetups/{}", "boards": "/service/boards/{}"}


INFO_KEY = {"roles": "securityRole_href", "levels": "level_href", "locations": "location_href",
            "departments": "department_href", "timezones": "timeZoneSetup_href", "boards": "board_href"}


class Ctx:
    """One authenticated API request, as the handlers see it."""

    def __init__(self, sim, tenant, member, method, template, params, query, body, headers,
                 api_base, full_path):
        self.sim, self.tenant, self.member, self.method = sim, tenant, member, method
        self.template, self.params, self.query, self.body = template, params, query, body
        self.headers, self.api_base, self.full_path = headers, api_base, full_path

    def href(self, kind, i):
        return self.api_base + REF_HREF[kind].format(i)

    def pid(self, name="id"):
        return int(self.params[name])


def check_permission(tenant, member, template, method):
    for prefix, func in PERMISSIONS:
        if template.startswith(prefix):
            if func is None:
                return
            key, label = METHOD_LEVEL[method]
            role = tenant.roles.get(member.get("securityRole"))
            row = tenant.find_setting(role, *func) if role else None
            if row is None or row[key] in (None, "None"):
                raise SimError(403, "Forbidden",
                               f"You do not have access to this resource ({func[0]} / {func[1]}: {label}). "
                               f"Your security role does not grant {label} on {func[0]} / {func[1]}.")
            return


# ---- rendering ---------------------------------------------------------------------------
def strip_nulls(obj):
    if isinstance(obj, dict):
        return {k: strip_nulls(v) for k, v in obj.items() if v is not None and not k.startswith("_updated")}
    if isinstance(obj, list):
        return [strip_nulls(v) for v in obj]
    return obj


def ref(ctx, kind, i):
    if i is None:
        return None
    rec = getattr(ctx.tenant, kind).get(i)
    if rec is None:
        return {"id": i}
    out = {"id": i, "name": rec.get("name")}
    if kind == "departments":
        out["identifier"] = rec.get("identifier")
    out["_info"] = {INFO_KEY[kind]: ctx.href(kind, i)}
    return out


def render_role(ctx, role):
    out = {k: role.get(k) for k in ("id", "name", "roleType", "adminFlag", "inactiveFlag")}
    out["_info"] = {"lastUpdated": role["_updated"], "settings_href":
                    f"{ctx.api_base}/system/securityRoles/{role['id']}/settings"}
    return out


def render_setting(ctx, row, role_id):
    out = dict(row)
    out["_info"] = {"securityRole_href": ctx.href("roles", role_id)}
    return out


def render_member(ctx, m):
    out = {k: copy.deepcopy(v) for k, v in m.items() if not k.startswith("_")}
    for field, kind in MEMBER_REFS.items():
        out[field] = ref(ctx, kind, m.get(field))
    out["_info"] = {"lastUpdated": m["_updated"], "member_href": f"{ctx.api_base}/system/apiMembers/{m['id']}"}
    return out


def render_plain(ctx, rec, kind):
    out = copy.deepcopy(rec)
    if kind != "levels":  # CorporateStructureLevel has no _info in the contract
        out["_info"] = {"self_href": ctx.href(kind, rec["id"])}
    return out


# ---- lists -------------------------------------------------------------------------------
def _field_type(ctx, schema):
    def check(path):
        node = ctx.sim.contract.field_schema(schema, path)
        if node is None:
            raise cond.ConditionError(f"Unknown field {path!r} for {schema}")
        typ = node.get("type")
        if typ in ("object", "array") or "properties" in node:
            raise cond.ConditionError(f"{path} is an object: compare one of its fields, e.g. {path}/id")
        return typ
    return check


def _int_param(ctx, name, default):
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SimError(400, "BadRequest", f"The value '{raw}' is not valid for {name}: an integer is expected.")


def filter_records(ctx, records, schema):
    for name in ("childConditions", "customFieldConditions"):
        if ctx.query.get(name):
            raise SimError(400, "BadRequest", f"{name} is not modelled by the simulator for {schema}.")
    text = ctx.query.get("conditions")
    if not text:
        return records
    try:
        node = cond.parse(text, _field_type(ctx, schema))
    except cond.ConditionError as exc:
        raise SimError(400, "BadRequest", f"Invalid conditions: {exc}")
    return [r for r in records if cond.evaluate(node, r)]


def order_records(ctx, records, schema):
    text = ctx.query.get("orderBy")
    if not text:
        return sorted(records, key=lambda r: r.get("id") or 0)
    keys = []
    for part in text.split(","):
        bits = part.split()
        if not bits or len(bits) > 2 or (len(bits) == 2 and bits[1].lower() not in ("asc", "desc")):
            raise SimError(400, "BadRequest", f"Invalid orderBy: {part.strip()!r} (use 'field asc|desc').")
        try:
            _field_type(ctx, schema)(bits[0])
        except cond.ConditionError as exc:
            raise SimError(400, "BadRequest", f"Invalid orderBy: {exc}")
        keys.append((bits[0], len(bits) == 2 and bits[1].lower() == "desc"))
    out = sorted(records, key=lambda r: r.get("id") or 0)
    for field, desc in reversed(keys):  # stable multi-key sort, nulls last
        present = [r for r in out if cond.get_path(r, field) is not None]
        missing = [r for r in out if cond.get_path(r, field) is None]
        present.sort(key=lambda r: cond._norm(cond.get_path(r, field)), reverse=desc)
        out = present + missing
    return out


def project(ctx, rec, schema):
    text = ctx.query.get("fields")
    if not text:
        return rec
    out = {}
    for path in [p.strip() for p in text.split(",") if p.strip()]:
        if ctx.sim.contract.field_schema(schema, path) is None:
            raise SimError(400, "BadRequest", f"Unknown field {path!r} in fields for {schema}.")
        parts = path.split("/")
        src, dst = rec, out
        for i, part in enumerate(parts):
            if not isinstance(src, dict) or part not in src:
                break
            if i == len(parts) - 1:
                dst[part] = copy.deepcopy(src[part])
            else:
                src = src[part]
                dst = dst.setdefault(part, {})
    return out


def _link(ctx, **changes):
    # The real server puts the paging parameter last; clients such as pyconnectwise read the
    # page number from 'page=N>; rel="next"'.
    q = {k: v for k, v in ctx.query.items() if k not in changes}
    q.update({k: str(v) for k, v in changes.items()})
    return f"<{ctx.sim.base_url}{ctx.full_path}?{urlencode(q)}>"


def list_response(ctx, records, schema):
    page_size = _int_param(ctx, "pageSize", DEFAULT_PAGE_SIZE)
    if page_size > MAX_PAGE_SIZE:
        raise SimError(400, "BadRequest", f"pageSize {page_size} is too large: the maximum is {MAX_PAGE_SIZE}.")
    if page_size < 1:
        raise SimError(400, "BadRequest", "pageSize must be at least 1.")
    forward = ctx.headers.get("pagination-type", "").lower() == "forward-only"
    records = filter_records(ctx, records, schema)
    headers = {}
    if forward:
        if ctx.query.get("orderBy") or ctx.query.get("page"):
            raise SimError(400, "BadRequest", "forward-only pagination pages on pageId: orderBy and page are not allowed.")
        after = _int_param(ctx, "pageId", 0)
        rest = sorted((r for r in records if r["id"] > after), key=lambda r: r["id"])
        chunk = rest[:page_size]
        if len(rest) > page_size:
            headers["Link"] = f'{_link(ctx, pageId=chunk[-1]["id"])}; rel="next"'
    else:
        if ctx.query.get("pageId"):
            raise SimError(400, "BadRequest", "pageId needs the request header 'pagination-type: forward-only'.")
        page = _int_param(ctx, "page", 1)
        if page < 1:
            raise SimError(400, "BadRequest", "page must be at least 1.")
        records = order_records(ctx, records, schema)
        last = max(1, math.ceil(len(records) / page_size))
        chunk = records[(page - 1) * page_size: page * page_size]
        links = []
        if page > 1:
            links.append(f'{_link(ctx, page=page - 1)}; rel="prev"')
        if page < last:
            links.append(f'{_link(ctx, page=page + 1)}; rel="next"')
        if page > 1:
            links.append(f'{_link(ctx, page=1)}; rel="first"')
        if page < last:
            links.append(f'{_link(ctx, page=last)}; rel="last"')
        if links:
            headers["Link"] = ", ".join(links)
    return 200, [project(ctx, strip_nulls(r), schema) for r in chunk], headers


def count_response(ctx, records, schema):
    return 200, {"count": len(filter_records(ctx, records, schema))}, {}


def one_response(ctx, rec, schema, what):
    if rec is None:
        raise SimError(404, "NotFound", f"{what} recordId {ctx.params.get('id')} not found.")
    return 200, project(ctx, strip_nulls(rec), schema), {}


# ---- security roles ----------------------------------------------------------------------
def _roles(ctx):
    return [render_role(ctx, r) for r in ctx.tenant.roles.values()]


def _role_or_404(ctx, name="id"):
    role = ctx.tenant.roles.get(ctx.pid(name))
    if role is None:
        raise SimError(404, "NotFound", f"SecurityRole recordId {ctx.params[name]} not found.")
    return role


def role_create(ctx):
    body = ctx.body
    name = (body.get("name") or "").strip()
    if not name:
        raise invalid("SecurityRole", [{"code": "Required", "message": "The name field is required.",
                                        "resource": "SecurityRole", "field": "name"}])
    if any(r["name"].casefold() == name.casefold() for r in ctx.tenant.roles.values()):
        raise invalid("SecurityRole", [{"code": "ObjectExists", "message": f"A security role named '{name}' already exists.",
                                        "resource": "SecurityRole", "field": "name"}])
    role = ctx.tenant.add_role(name, roleType=body.get("roleType"), adminFlag=bool(body.get("adminFlag")),
                               inactiveFlag=bool(body.get("inactiveFlag")))
    return 201, strip_nulls(render_role(ctx, role)), {}


def role_delete(ctx):
    role = _role_or_404(ctx)
    used = ctx.tenant.role_in_use(role["id"])
    if used:
        raise invalid("SecurityRole", [{"code": "InUse", "field": "id", "resource": "SecurityRole",
                                        "message": f"Security role '{role['name']}' is assigned to {used} member(s) "
                                                   f"and cannot be deleted."}])
    del ctx.tenant.roles[role["id"]]
    ctx.tenant.settings.pop(role["id"], None)
    ctx.tenant.customize.pop(role["id"], None)
    return 204, None, {}


def _settings(ctx):
    role = _role_or_404(ctx, "parentId")
    return [render_setting(ctx, r, role["id"]) for r in ctx.tenant.settings[role["id"]]]


def setting_one(ctx):
    rows = [r for r in _settings(ctx) if r["id"] == ctx.pid()]
    return one_response(ctx, rows[0] if rows else None, "SecurityRoleSetting", "SecurityRoleSetting")


# ---- api members -------------------------------------------------------------------------
def invalid(resource, errors):
    return SimError(400, "InvalidObject", f"{resource} object is invalid", errors)


def _err(code, field, message):
    return {"code": code, "message": message, "resource": "ApiMember", "field": field}


def _apply_member_fields(ctx, rec, body):
    """Copy body fields into the stored record; references become ids after an existence check."""
    errors = []
    for key, val in body.items():
        if key in ("id", "_info"):
            continue
        if key in MEMBER_REFS:
            if val is None:
                rec[key] = None
                continue
            if val.get("id") is None:
                errors.append(_err("InvalidField", key, f"{key} needs an id."))
                continue
            if val["id"] not in getattr(ctx.tenant, MEMBER_REFS[key]):
                errors.append(_err("InvalidField", key, f"{key} id {val['id']} was not found."))
                continue
            rec[key] = val["id"]
        else:
            rec[key] = copy.deepcopy(val)
    return errors


def _check_member(ctx, rec, update):
    errors = []
    if not (rec.get("identifier") or "").strip():
        errors.append(_err("Required", "identifier", "The identifier field is required."))
    if update and not (rec.get("name") or "").strip():
        errors.append(_err("Required", "name", "The name field is required on updates."))
    for key in MEMBER_UI_REQUIRED:
        if rec.get(key) is None:
            errors.append(_err("Required", key, f"The {key} field is required."))
    ident = (rec.get("identifier") or "").casefold()
    for other in ctx.tenant.members.values():
        if other["id"] != rec.get("id") and (other["identifier"] or "").casefold() == ident:
            errors.append(_err("ObjectExists", "identifier", f"A member with identifier '{rec['identifier']}' already exists."))
    if rec.get("inactiveFlag") and not rec.get("inactiveDate"):
        rec["inactiveDate"] = now_iso()
    if rec.get("inactiveFlag") is False:
        rec["inactiveDate"] = None
    return errors


def _member_or_404(ctx):
    m = ctx.tenant.members.get(ctx.pid())
    if m is None:
        raise SimError(404, "NotFound", f"ApiMember recordId {ctx.params['id']} not found.")
    return m


def member_create(ctx):
    rec = {}
    errors = _apply_member_fields(ctx, rec, ctx.body) or _check_member(ctx, rec, update=False)
    if errors:
        raise invalid("ApiMember", errors)
    m = ctx.tenant.add_member(rec)
    return 201, strip_nulls(render_member(ctx, m)), {}


def _commit_member(ctx, old, rec):
    errors = _check_member(ctx, rec, update=True)
    if errors:
        raise invalid("ApiMember", errors)
    rec["_updated"] = now_iso()
    ctx.tenant.members[old["id"]] = rec
    return 200, strip_nulls(render_member(ctx, rec)), {}


def member_put(ctx):
    old = _member_or_404(ctx)
    fresh = {"id": old["id"], "inactiveFlag": False, "excludedServiceBoardIds": [], "blockPriceFlag": False,
             "blockCostFlag": False, "identifier": None, "name": None, "emailAddress": None, "notes": None,
             "inactiveDate": None, **{k: None for k in MEMBER_REFS}}
    errors = _apply_member_fields(ctx, fresh, ctx.body)
    if errors:
        raise invalid("ApiMember", errors)
    return _commit_member(ctx, old, fresh)


def member_patch(ctx):
    old = _member_or_404(ctx)
    rec = copy.deepcopy(old)
    props = ctx.sim.contract.resolve("ApiMember")["properties"]
    errors = []
    for i, op in enumerate(ctx.body):
        kind, path = op.get("op"), op.get("path")
        if kind not in ("replace", "add", "remove"):
            errors.append(_err("InvalidField", f"[{i}]/op", f"op must be replace, add or remove, not {kind!r}."))
            continue
        if path not in props or path in ("id", "_info"):
            message = f"{path!r} is not a patchable field of ApiMember (use the bare field name, e.g. 'name')."
            errors.append(_err("InvalidField", f"[{i}]/path", message))
            continue
        if kind == "remove":
            rec[path] = [] if path == "excludedServiceBoardIds" else None
            continue
        if "value" not in op:
            errors.append(_err("Required", f"[{i}]/value", "value is required for replace/add."))
            continue
        validator = ctx.sim.contract.property_validator("ApiMember", path)
        errs = schema_errors(validator, op["value"], "ApiMember")
        if errs:
            for e in errs:
                e["field"] = path + ("/" + e["field"] if e["field"] else "")
                e["message"] = f"{e['field']}: " + e["message"].split(": ", 1)[-1]
            errors.extend(errs)
            continue
        errors.extend(_apply_member_fields(ctx, rec, {path: op["value"]}))
    if errors:
        raise invalid("ApiMember", errors)
    return _commit_member(ctx, old, rec)


def member_default(ctx):
    tz = next((t for t in ctx.tenant.timezones.values() if t.get("defaultFlag")), None)
    # identifier is the contract's one required ApiMember field: present, empty, as a template.
    rec = {"identifier": "", "inactiveFlag": False, "blockPriceFlag": False, "blockCostFlag": False,
           "excludedServiceBoardIds": [],
           "timeZone": ref(ctx, "timezones", tz["id"]) if tz else None}
    return 200, project(ctx, strip_nulls(rec), "ApiMember"), {}


# ---- my security -------------------------------------------------------------------------
def my_security(ctx):
    m = ctx.member
    who = {"id": m["id"], "identifier": m["identifier"], "name": m.get("name"),
           "_info": {"member_href": f"{ctx.api_base}/system/members/{m['id']}"}}
    rows = []
    for row in ctx.tenant.settings.get(m.get("securityRole"), []):
        r = dict(row)
        r["member"] = who
        rows.append(r)
    return rows


def my_customize(ctx):
    return [dict(r) for r in ctx.tenant.customize.get(ctx.member.get("securityRole"), [])]


# ---- dispatch table ----------------------------------------------------------------------
def _coll(kind):
    return lambda ctx: [render_plain(ctx, r, kind) for r in getattr(ctx.tenant, kind).values()]


def _one(kind, schema):
    def handler(ctx):
        rec = getattr(ctx.tenant, kind).get(ctx.pid())
        return one_response(ctx, render_plain(ctx, rec, kind) if rec else None, schema, schema)
    return handler


def _list(source, schema):
    return lambda ctx: list_response(ctx, source(ctx), schema)


def _count(source, schema):
    return lambda ctx: count_response(ctx, source(ctx), schema)


def _members(ctx):
    return [render_member(ctx, m) for m in ctx.tenant.members.values()]


def _all_members(ctx):
    """Every member as /system/members has it: the people (with the Member fields a person has, such as
    firstName or defaultEmail, when set) and the API members (the contract's licenseClass A = API Member),
    so a client that wants people leaves licenseClass A out."""
    people = [{"id": p["id"], "identifier": p["identifier"], "licenseClass": p["licenseClass"],
               "inactiveFlag": p["inactiveFlag"], "securityRole": ref(ctx, "roles", p["securityRole"]),
               **{k: copy.deepcopy(v) for k, v in p.items() if k not in ("id", "securityRole") and not k.startswith("_")},
               "_info": {"member_href": f"{ctx.api_base}/system/members/{p['id']}"}}
              for p in ctx.tenant.people.values()]
    api = [{"id": m["id"], "identifier": m["identifier"], "licenseClass": "A", "inactiveFlag": m["inactiveFlag"],
            "securityRole": ref(ctx, "roles", m.get("securityRole"))} for m in ctx.tenant.members.values()]
    return sorted(people + api, key=lambda r: r["id"])


HANDLERS = {
    ("/system/securityroles", "GET"): _list(_roles, "SecurityRole"),
    ("/system/securityroles", "POST"): role_create,
    ("/system/securityroles/count", "GET"): _count(_roles, "SecurityRole"),
    ("/system/securityroles/{id}", "GET"): lambda ctx: one_response(
        ctx, render_role(ctx, _role_or_404(ctx)), "SecurityRole", "SecurityRole"),
    ("/system/securityroles/{id}", "DELETE"): role_delete,
    ("/system/securityRoles/{parentId}/settings", "GET"): _list(_settings, "SecurityRoleSetting"),
    ("/system/securityRoles/{parentId}/settings/count", "GET"): _count(_settings, "SecurityRoleSetting"),
    ("/system/securityRoles/{parentId}/settings/{id}", "GET"): setting_one,
    ("/system/apiMembers", "GET"): _list(_members, "ApiMember"),
    ("/system/apiMembers", "POST"): member_create,
    ("/system/apiMembers/count", "GET"): _count(_members, "ApiMember"),
    ("/system/apiMembers/default", "GET"): member_default,
    ("/system/apiMembers/{id}", "GET"): lambda ctx: one_response(
        ctx, render_member(ctx, _member_or_404(ctx)), "ApiMember", "ApiMember"),
    ("/system/apiMembers/{id}", "PUT"): member_put,
    ("/system/apiMembers/{id}", "PATCH"): member_patch,
    ("/system/members", "GET"): _list(_all_members, "Member"),
    ("/system/members/count", "GET"): _count(_all_members, "Member"),
    ("/system/mySecurity", "GET"): _list(my_security, "MySecurity"),
    ("/system/mySecurity/customizeItems/", "GET"): _list(my_customize, "MySecurityCustomizeItem"),
    ("/system/locations", "GET"): _list(_coll("locations"), "Location"),
    ("/system/locations/count", "GET"): _count(_coll("locations"), "Location"),
    ("/system/locations/{id}", "GET"): _one("locations", "Location"),
    ("/system/departments", "GET"): _list(_coll("departments"), "Department"),
    ("/system/departments/count", "GET"): _count(_coll("departments"), "Department"),
    ("/system/departments/{id}", "GET"): _one("departments", "Department"),
    ("/system/myCompany/corporateStructureLevels", "GET"): _list(_coll("levels"), "CorporateStructureLevel"),
    ("/system/myCompany/corporateStructureLevels/{id}", "GET"): _one("levels", "CorporateStructureLevel"),
    ("/system/timeZoneSetups", "GET"): _list(_coll("timezones"), "TimeZoneSetup"),
}
