"""A fast yes/no check of a document against the export's JSON Schema.

jsonschema (the reference validator, used for every error report) spends about a millisecond
per record, which would make checking a 100,000-event export take minutes. This module compiles
the same schema file into plain Python closures that answer only "valid or not", at a small
fraction of that cost. It understands exactly the keywords the export schema uses, with
jsonschema's meaning for each (an integer may be written 1.0; ``pattern`` searches; a boolean is
not a number), and refuses to compile a schema with any other keyword, so it can never pass
something by ignoring a constraint. When it says "not valid", jsonschema is run to say why, with
paths. ``tests/test_exchange_schema.py`` checks the two agree on many mutated documents.
"""

from __future__ import annotations

import re
from typing import Any, Callable

Check = Callable[[Any], bool]

_IGNORED = {"$schema", "$id", "title", "description", "$defs", "$comment"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this checker does not implement."""


def _equal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema sees it (1 == 1.0, but True != 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


class _Compiler:
    def __init__(self, root: dict):
        self.root = root
        self.refs: dict[str, Check] = {}

    def resolve(self, ref: str) -> dict:
        if not ref.startswith("#/"):
            raise UnsupportedSchema(f"only local $ref are supported, not {ref}")
        node = self.root
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def ref(self, ref: str) -> Check:
        if ref not in self.refs:
            self.refs[ref] = None  # type: ignore[assignment]  # marks "being compiled"
            self.refs[ref] = self.compile(self.resolve(ref))
        if self.refs[ref] is None:
            raise UnsupportedSchema(f"recursive $ref {ref} is not supported")
        return self.refs[ref]

    def evaluated_names(self, schema: dict) -> set[str]:
        """Property names evaluated by ``properties`` here and in allOf/$ref subschemas."""
        names = set(schema.get("properties", {}))
        for sub in schema.get("allOf", []):
            names |= self.evaluated_names(sub)
        if "$ref" in schema:
            names |= self.evaluated_names(self.resolve(schema["$ref"]))
        return names

    def compile(self, schema: dict) -> Check:  # noqa: C901 - one branch per keyword
        generated = _Generator(self).record(schema)
        if generated is not None:
            return generated
        checks: list[Check] = []
        unknown = set(schema) - _IGNORED - {
            "$ref", "type", "const", "enum", "pattern", "minimum", "minLength", "required", "properties",
            "additionalProperties", "unevaluatedProperties", "items", "allOf", "anyOf",
            "propertyNames"}
        if unknown:
            raise UnsupportedSchema(f"keywords not supported: {', '.join(sorted(unknown))}")
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        kinds = schema.get("type")
        kinds = kinds if isinstance(kinds, list) or kinds is None else [kinds]
        if kinds == ["string"] and "pattern" in schema:  # the commonest case, in one step
            search = re.compile(schema["pattern"]).search
            checks.append(lambda v: isinstance(v, str) and search(v) is not None)
        else:
            if kinds == ["string"]:
                checks.append(lambda v: isinstance(v, str))
            elif kinds is not None:
                tests = [_TYPES[k] for k in kinds]
                checks.append(tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests)))
            if "pattern" in schema:
                search = re.compile(schema["pattern"]).search
                checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        if "const" in schema:
            const = schema["const"]
            checks.append(lambda v: _equal(v, const))
        if "enum" in schema:
            options = tuple(schema["enum"])
            checks.append(lambda v: any(_equal(v, option) for option in options))
        if "minimum" in schema:
            low = schema["minimum"]
            checks.append(lambda v: not _TYPES["number"](v) or v >= low)
        if "minLength" in schema:
            n = schema["minLength"]
            checks.append(lambda v: not isinstance(v, str) or len(v) >= n)
        if "required" in schema:
            required = tuple(schema["required"])
            needed = frozenset(required)
            checks.append(lambda v: not isinstance(v, dict) or needed <= v.keys())
        props = {k: self.compile(s) for k, s in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        unevaluated = schema.get("unevaluatedProperties", True)
        if unevaluated is not True and unevaluated is not False:
            raise UnsupportedSchema("unevaluatedProperties must be true or false here")
        if "anyOf" in schema and unevaluated is False:
            raise UnsupportedSchema("anyOf with unevaluatedProperties is not supported")
        # the names an object may have at all (None: any); extra_check: a schema for the others
        allowed = frozenset(self.evaluated_names(schema)) if unevaluated is False else None
        extra_check = None
        if extra is False:
            allowed = frozenset(props) if allowed is None else allowed & frozenset(props)
        elif extra is not True:
            extra_check = self.compile(extra)
        if props or extra_check or allowed is not None:
            items = tuple(props.items())

            def check_object(v, items=items, props=props, extra_check=extra_check, allowed=allowed) -> bool:
                if not isinstance(v, dict):
                    return True
                for key, sub in items:
                    if key in v and not sub(v[key]):
                        return False
                if allowed is not None and not v.keys() <= allowed:
                    return False
                if extra_check is not None:
                    for key, value in v.items():
                        if key not in props and not extra_check(value):
                            return False
                return True
            checks.append(check_object)
        if "propertyNames" in schema:
            names = self.compile(schema["propertyNames"])
            checks.append(lambda v: not isinstance(v, dict) or all(names(k) for k in v))
        if "items" in schema:
            item = self.compile(schema["items"])
            def check_items(v, item=item) -> bool:
                if not isinstance(v, list):
                    return True
                for x in v:
                    if not item(x):
                        return False
                return True
            checks.append(check_items)
        for sub in schema.get("allOf", []):
            checks.append(self.compile(sub))
        if "anyOf" in schema:
            options = [self.compile(s) for s in schema["anyOf"]]
            checks.append(lambda v: any(o(v) for o in options))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda v: first(v) and second(v)

        def check_all(v, checks=tuple(checks)) -> bool:
            for c in checks:
                if not c(v):
                    return False
            return True
        return check_all


_SIMPLE_TYPES = {
    "string": "isinstance({x}, str)", "null": "{x} is None", "boolean": "isinstance({x}, bool)",
    "array": "isinstance({x}, list)", "object": "isinstance({x}, dict)",
    "integer": "((isinstance({x}, int) and not isinstance({x}, bool)) or "
               "(isinstance({x}, float) and {x}.is_integer()))",
    "number": "(isinstance({x}, (int, float)) and not isinstance({x}, bool))",
}
_SIMPLE_KEYS = {"type", "pattern", "minimum", "minLength", "$ref", "anyOf", "items", "enum"} | _IGNORED
_RECORD_KEYS = {"type", "required", "properties", "allOf", "unevaluatedProperties"} | _IGNORED


class _Generator:
    """Writes one Python function per record-like object schema (its properties, and those of
    the objects it includes through allOf, flattened), each property test an inline expression.
    Only schemas made of the keywords above qualify; anything else returns None."""

    def __init__(self, compiler: _Compiler):
        self.c = compiler
        self.env: dict[str, Any] = {}

    def name(self, value: Any) -> str:
        key = f"_k{len(self.env)}"
        self.env[key] = value
        return key

    def expr(self, schema: dict, x: str, depth: int = 0) -> str | None:
        if set(schema) - _SIMPLE_KEYS or depth > 8:
            return None
        parts = []
        if "$ref" in schema:
            sub = self.expr(self.c.resolve(schema["$ref"]), x, depth + 1)
            if sub is None:
                return None
            parts.append(sub)
        if "type" in schema:
            kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            parts.append("(" + " or ".join(_SIMPLE_TYPES[k].format(x=x) for k in kinds) + ")")
        if "pattern" in schema:
            search = self.name(re.compile(schema["pattern"]).search)
            parts.append(f"(not isinstance({x}, str) or {search}({x}) is not None)")
        if "minimum" in schema:
            parts.append(f"(not {_SIMPLE_TYPES['number'].format(x=x)} or {x} >= {self.name(schema['minimum'])})")
        if "minLength" in schema:
            parts.append(f"(not isinstance({x}, str) or len({x}) >= {int(schema['minLength'])})")
        if "enum" in schema:
            if not all(isinstance(option, str) for option in schema["enum"]):
                return None  # (1 == True in Python: left to the general path)
            parts.append(f"(isinstance({x}, str) and {x} in {self.name(frozenset(schema['enum']))})")
        if "anyOf" in schema:
            options = [self.expr(o, x, depth + 1) for o in schema["anyOf"]]
            if None in options:
                return None
            parts.append("(" + " or ".join(options) + ")")
        if "items" in schema:
            y = f"_y{depth}"
            item = self.expr(schema["items"], y, depth + 1)
            if item is None:
                return None
            parts.append(f"(not isinstance({x}, list) or all({item} for {y} in {x}))")
        return "(" + " and ".join(parts) + ")" if parts else "True"

    def flatten(self, schema: dict, depth: int = 0) -> tuple[dict, set, bool] | None:
        """(properties, required names, object type demanded) of an object schema and its allOf."""
        if "$ref" in schema and len(set(schema) - _IGNORED) == 1:
            return self.flatten(self.c.resolve(schema["$ref"]), depth + 1)
        if set(schema) - _RECORD_KEYS or depth > 8:
            return None
        if schema.get("type", "object") != "object":
            return None
        props = dict(schema.get("properties", {}))
        required = set(schema.get("required", ()))
        typed = "type" in schema
        for sub in schema.get("allOf", ()):
            flat = self.flatten(sub, depth + 1)
            if flat is None:
                return None
            for key, value in flat[0].items():
                if key in props and props[key] != value:
                    return None  # two schemas for one property: leave it to the general path
                props[key] = value
            required |= flat[1]
            typed = typed or flat[2]
        return props, required, typed

    def record(self, schema: dict) -> Check | None:
        if schema.get("unevaluatedProperties", True) is not False:
            return None
        flat = self.flatten(schema)
        if flat is None:
            return None
        props, required, typed = flat
        lines = ["def check(v):"]
        lines.append("    if not isinstance(v, dict):")
        lines.append(f"        return {not typed}")
        lines.append("    keys = v.keys()")
        lines.append(f"    if not {self.name(frozenset(required))} <= keys or not keys <= {self.name(frozenset(props))}:")
        lines.append("        return False")
        for key, sub in props.items():
            expr = self.expr(sub, "x")
            if expr is None:
                return None
            lines.append(f"    x = v.get({key!r}, _MISSING)")
            lines.append(f"    if x is not _MISSING and not {expr}:")
            lines.append("        return False")
        lines.append("    return True")
        env = dict(self.env, _MISSING=object())
        exec("\n".join(lines), env)  # noqa: S102 - source built above from the schema's keywords
        return env["check"]


def evaluated_names(root: dict, schema: dict) -> set[str]:
    """The property names ``schema`` (a part of ``root``) evaluates: its ``properties`` and
    those of its allOf and $ref subschemas, as ``unevaluatedProperties`` counts them."""
    return _Compiler(root).evaluated_names(schema)


def compile_schema(schema: dict) -> Check:
    """A function telling whether a decoded JSON value is valid against ``schema``."""
    return _Compiler(schema).compile(schema)
