"""The vendor contract (OpenAPI 3.0 subset): routes, parameters, request-body schemas.

Everything the simulator accepts is derived from data/openapi-subset.json, so a request
the contract does not have is answered 404/405 exactly like the real server would.
"""
import copy
import json
import os
import re

import jsonschema

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
CONTRACT_PATH = os.path.join(DATA_DIR, "openapi-subset.json")
CATALOG_PATH = os.path.join(DATA_DIR, "settings-catalog.json")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAXLEN_RE = re.compile(r"Max length:\s*(\d+)\s*;")


def load_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


class Route:
    """One contract path template, e.g. /system/securityRoles/{parentId}/settings/{id}."""

    def __init__(self, template, item):
        self.template = template
        # The contract spells one path with a trailing slash; every path matches with and without.
        self.segments = [s for s in template.strip("/").split("/") if s]
        self.operations = {m.upper(): op for m, op in item.items() if m in HTTP_METHODS}
        # Literal segments beat {params}: rank by where the literals are (earlier = stronger).
        self.rank = tuple(0 if s.startswith("{") else 1 for s in self.segments)

    def match(self, parts):
        if len(parts) != len(self.segments):
            return None
        params = {}
        for seg, part in zip(self.segments, parts):
            if seg.startswith("{") and seg.endswith("}"):
                if not part:
                    return None
                params[seg[1:-1]] = part
            elif seg.lower() != part.lower():  # the real server matches paths case-insensitively
                return None
        return params

    @property
    def allowed(self):
        return sorted(self.operations)


class Contract:
    def __init__(self, path=CONTRACT_PATH):
        self.doc = load_json(path)
        self.schemas = self.doc["components"]["schemas"]
        self.routes = [Route(t, item) for t, item in self.doc["paths"].items()]
        self._body_cache = {}
        self._resolved_cache = {}

    # ---- routing -------------------------------------------------------------------
    def match(self, path):
        """Return (route, params) for a request path below apis/3.0, or (None, None).

        As on the real server, literal segments match in any case (generated clients send
        ``securityroles``, ``apimembers``) and one trailing slash is ignored.
        """
        parts = path.strip("/").split("/")
        best = None
        for route in self.routes:
            params = route.match(parts)
            if params is None:
                continue
            # Path parameters are int32 in every operation of the subset: non-integers
            # cannot match (the real server answers 404 for such URLs as well).
            if any(not re.fullmatch(r"-?\d+", v) for v in params.values()):
                continue
            if best is None or route.rank > best[0].rank:
                best = (route, params)
        return best if best else (None, None)

    @staticmethod
    def query_params(op):
        return {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "query"}

    # ---- schemas -------------------------------------------------------------------
    def resolve(self, name):
        """Component schema with $refs inlined, as plain OpenAPI (used for field checks)."""
        if name not in self._resolved_cache:
            self._resolved_cache[name] = self._inline(self.schemas[name], depth=0)
        return self._resolved_cache[name]

    def _inline(self, node, depth):
        if isinstance(node, dict):
            if "$ref" in node:
                if depth > 6:  # guard against reference cycles
                    return {"type": "object"}
                return self._inline(self.schemas[node["$ref"].rsplit("/", 1)[-1]], depth + 1)
            return {k: self._inline(v, depth) for k, v in node.items()}
        if isinstance(node, list):
            return [self._inline(v, depth) for v in node]
        return node

    def to_jsonschema(self, oas):
        """OpenAPI 3.0 schema (already inlined) -> strict JSON schema.

        nullable -> type [t, "null"]; "Max length: N;" -> maxLength; objects with declared
        properties reject unknown ones (deliberate: the collection must send contract
        fields only). PatchOperation.value is typed "object", which in the vendor's
        generated spec means "any value": left open here and checked per property later.
        """
        if isinstance(oas, list):
            return [self.to_jsonschema(v) for v in oas]
        if not isinstance(oas, dict):
            return oas
        if oas.get("type") == "object" and "properties" not in oas and "additionalProperties" not in oas:
            return {}  # the generator's spelling of "any value" (PatchOperation.value)
        out = {}
        for k, v in oas.items():
            if k in ("nullable", "description", "format", "x-subset-source", "example"):
                continue
            if k == "properties":
                out[k] = {pk: self.to_jsonschema(pv) for pk, pv in v.items()}
            elif k in ("items", "additionalProperties") and isinstance(v, dict):
                out[k] = self.to_jsonschema(v)
            else:
                out[k] = copy.deepcopy(v)
        m = _MAXLEN_RE.search(oas.get("description") or "")
        if m and oas.get("type") == "string":
            out["maxLength"] = int(m.group(1))
        if oas.get("format") == "int32" and oas.get("type") == "integer":
            out["minimum"], out["maximum"] = -(2 ** 31), 2 ** 31 - 1
        if oas.get("type") == "object" and "properties" in oas and "additionalProperties" not in oas:
            out["additionalProperties"] = False
        if oas.get("nullable"):
            if "type" in out:
                out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = list(out["enum"]) + [None]
        return out

    def body_validator(self, op):
        """jsonschema validator for the operation's requestBody (cached per operation)."""
        key = op.get("operationId")
        if key not in self._body_cache:
            schema = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                self._body_cache[key] = None
            else:
                js = self.to_jsonschema(self._inline(schema, 0))
                self._body_cache[key] = jsonschema.Draft7Validator(js)
        return self._body_cache[key]

    def property_validator(self, schema_name, prop):
        """Validator for one top-level property of a component (PATCH values)."""
        key = ("prop", schema_name, prop)
        if key not in self._body_cache:
            props = self.resolve(schema_name).get("properties", {})
            if prop not in props:
                self._body_cache[key] = None
            else:
                self._body_cache[key] = jsonschema.Draft7Validator(self.to_jsonschema(props[prop]))
        return self._body_cache[key]

    def field_schema(self, schema_name, path):
        """Schema of a nested field "a/b/c" of a component, or None when it does not exist."""
        node = self.resolve(schema_name)
        for part in path.split("/"):
            if node.get("type") == "array":
                node = node.get("items", {})
            props = node.get("properties")
            if not props or part not in props:
                return None
            node = props[part]
        return node


def schema_errors(validator, body, resource):
    """jsonschema errors -> vendor ValidationError list (code, message, resource, field)."""
    errors = []
    for err in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        field = "/".join(str(p) for p in err.absolute_path)
        if err.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", err.message)
            name = missing[0] if missing else ""
            f = f"{field}/{name}" if field else name
            errors.append({"code": "Required", "message": f"The {f} field is required.",
                           "resource": resource, "field": f})
        elif err.validator == "additionalProperties":
            extra = re.findall(r"'([^']+)'", err.message.split("(")[-1])
            for name in extra or [""]:
                f = f"{field}/{name}" if field else name
                errors.append({"code": "UnknownField", "message": f"{f} is not a field of {resource}.",
                               "resource": resource, "field": f})
        elif err.validator == "maxLength":
            errors.append({"code": "InvalidField",
                           "message": f"{field} must be at most {err.validator_value} characters.",
                           "resource": resource, "field": field})
        else:
            errors.append({"code": "InvalidField", "message": f"{field or resource}: {err.message}",
                           "resource": resource, "field": field})
    return errors
