#!/usr/bin/python3
"""docs/openapi.yaml tooling (Debian's python3 + python3-yaml; no other modules).

  openapi.py to-json SPEC OUT          YAML -> compact JSON (what nginx serves at /api/v1/openapi.json)
  openapi.py lint SPEC                 structural checks the JSON schema of OpenAPI cannot express
  openapi.py compare SPEC ROUTES       SPEC against `regal-fcgi --routes` output, both ways
  openapi.py routes SPEC               the route table the spec describes, in --routes format
  openapi.py operations SPEC           "METHOD PATH" of every operation, one per line

Called by scripts/lib/docs.sh (to-json) and tests/infra/openapi_routes_test.sh (the rest).
Problems go to stderr, one per line; the exit status is 1 when there is any.
"""

import json
import os
import re
import sys

import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Responder routes that are not part of the API and must never be documented.
IGNORED_ROUTE_PREFIXES = ("/api/v1/_test/",)
# Permissions that need no token (App::authorize); every other one needs bearerAuth.
TOKENLESS_PERMISSIONS = ("public", "internal")
PATH_PARAM = re.compile(r"\{([^{}/]+)\}")


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps every scalar JSON-compatible: no dates, no non-string keys."""


# YAML 1.1 would turn 2024-01-01 into a date, which JSON cannot hold; keep it a string.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _no_duplicate_keys(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def load(path):
    with open(path, encoding="utf-8") as f:
        spec = yaml.load(f, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(spec, dict):
        raise SystemExit(f"{path}: not a YAML mapping")
    return spec


def operations(spec):
    """Yields (METHOD, path, operation) for every operation of the spec."""
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def served_by_responder(operation):
    # Operations that nginx answers itself (the spec document) carry x-served-by: nginx.
    return operation.get("x-served-by", "responder") == "responder"


# ------------------------------------------------------------------------------- to-json


def to_json(spec_path, out_path):
    spec = load(spec_path)
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    os.replace(tmp, out_path)
    return []


# ---------------------------------------------------------------------------------- lint


def _resolve(spec, ref):
    if not ref.startswith("#/"):
        return False
    node = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _refs(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out.append(value)
            else:
                _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)
    return out


def _parameters(spec, item, operation):
    """Resolved parameters of an operation (path-level ones first, then the operation's)."""
    params = []
    for p in list(item.get("parameters", [])) + list(operation.get("parameters", [])):
        if "$ref" in p and _resolve(spec, p["$ref"]):
            node = spec
            for part in p["$ref"][2:].split("/"):
                node = node[part]
            p = node
        params.append(p)
    return params


def lint(spec_path):
    spec = load(spec_path)
    problems = []
    if not str(spec.get("openapi", "")).startswith("3.1."):
        problems.append("openapi must be 3.1.x")

    refs = _refs(spec, [])
    for ref in sorted(set(refs)):
        if not _resolve(spec, ref):
            problems.append(f"unresolved $ref {ref}")
    # Every shared component is used somewhere, so components/ never rots.
    for kind, entries in (spec.get("components") or {}).items():
        if kind == "securitySchemes":
            continue
        for name in entries or {}:
            if f"#/components/{kind}/{name}" not in refs:
                problems.append(f"components/{kind}/{name} is never referenced")

    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    default_security = spec.get("security")
    operation_ids = {}
    tags = {t["name"] for t in spec.get("tags", [])}
    for method, path, op in operations(spec):
        where = f"{method} {path}"
        item = spec["paths"][path]
        op_id = op.get("operationId")
        if not op_id:
            problems.append(f"{where}: no operationId")
        elif op_id in operation_ids:
            problems.append(f"{where}: operationId {op_id} also used by {operation_ids[op_id]}")
        else:
            operation_ids[op_id] = where
        if not op.get("summary"):
            problems.append(f"{where}: no summary")
        for tag in op.get("tags", []):
            if tag not in tags:
                problems.append(f"{where}: tag {tag!r} is not declared under tags")
        if not op.get("tags"):
            problems.append(f"{where}: no tag")
        if not op.get("responses"):
            problems.append(f"{where}: no responses")
        elif not any(str(code).startswith("2") for code in op["responses"]):
            problems.append(f"{where}: no 2xx response")

        permission = op.get("x-permission")
        if not isinstance(permission, str) or not permission:
            problems.append(f"{where}: no x-permission")
        security = op.get("security", default_security)
        for requirement in security or []:
            for name in requirement:
                if name not in schemes:
                    problems.append(f"{where}: unknown security scheme {name}")
        if permission in TOKENLESS_PERMISSIONS:
            if security:
                problems.append(f"{where}: x-permission {permission} needs `security: []`")
        elif permission and not security:
            problems.append(f"{where}: x-permission {permission} needs bearerAuth security")

        declared = {p.get("name") for p in _parameters(spec, item, op) if p.get("in") == "path"}
        in_path = set(PATH_PARAM.findall(path))
        for name in sorted(in_path - declared):
            problems.append(f"{where}: path parameter {{{name}}} is not declared")
        for name in sorted(declared - in_path):
            problems.append(f"{where}: declares path parameter {name} absent from the path")
        if method in ("GET", "DELETE", "HEAD") and "requestBody" in op:
            problems.append(f"{where}: {method} must not take a request body")
    return problems


# ------------------------------------------------------------------------------- compare


def spec_routes(spec):
    """{(METHOD, path): permission} of the operations the responder must register."""
    return {(m, p): op.get("x-permission") for m, p, op in operations(spec) if served_by_responder(op)}


def load_routes(path):
    with open(path, encoding="utf-8") as f:
        routes = json.load(f)
    table = {}
    problems = []
    for r in routes:
        key = (r["method"], r["pattern"])
        if r["pattern"].startswith(IGNORED_ROUTE_PREFIXES):
            continue
        if key in table:
            problems.append(f"route table lists {key[0]} {key[1]} twice")
        table[key] = r["permission"]
    return table, problems


def compare(spec_path, routes_path):
    spec = load(spec_path)
    documented = spec_routes(spec)
    registered, problems = load_routes(routes_path)
    if not registered:
        problems.append(f"{routes_path}: the route table is empty")
    for key in sorted(registered.keys() - documented.keys()):
        problems.append(f"route {key[0]} {key[1]} ({registered[key]}) is missing from the spec")
    for key in sorted(documented.keys() - registered.keys()):
        problems.append(f"spec operation {key[0]} {key[1]} has no route in the responder")
    for key in sorted(documented.keys() & registered.keys()):
        if documented[key] != registered[key]:
            problems.append(
                f"{key[0]} {key[1]}: spec says x-permission {documented[key]}, "
                f"the route table says {registered[key]}")
    nginx_only = {(m, p) for m, p, op in operations(spec) if not served_by_responder(op)}
    for key in sorted(nginx_only & registered.keys()):
        problems.append(f"{key[0]} {key[1]} is marked x-served-by nginx but is a responder route")
    return problems


def print_routes(spec_path):
    spec = load(spec_path)
    rows = [{"method": m, "pattern": p, "permission": perm}
            for (m, p), perm in spec_routes(spec).items()]
    print(json.dumps(rows, indent=0))
    return []


def print_operations(spec_path):
    for method, path, _ in operations(load(spec_path)):
        print(method, path)
    return []


def main(argv):
    commands = {
        "to-json": (to_json, 2),
        "lint": (lint, 1),
        "compare": (compare, 2),
        "routes": (print_routes, 1),
        "operations": (print_operations, 1),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    function, _ = commands[argv[1]]
    try:
        problems = function(*argv[2:])
    except (OSError, yaml.YAMLError, json.JSONDecodeError, KeyError, TypeError) as e:
        problems = [f"{type(e).__name__}: {e}"]
    for p in problems:
        print(f"openapi: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
