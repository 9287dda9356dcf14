"""The JSON Schema of an export applied a value at a time, as a streaming import reads it.

A record (an element of a record list) or an entry of a ``sync`` map is checked against its part
of the file version's schema with the compiled check of :mod:`curator.exchange.schema_check`;
only a value that fails is given to jsonschema, whose errors are reported with the value's JSON
path in the file (the same messages as the whole-file check: ``validate._schema_message``).
"""

from __future__ import annotations

from functools import lru_cache

from curator.core.bulk import KIND_BY_KEY
from curator.exchange.errors import Problem
from curator.exchange.schema_check import _Compiler
from curator.exchange.validate import MAX_PROBLEMS, _schema_message, _validator, schema


@lru_cache(maxsize=8)
def checks(version: int) -> dict:
    """The parts of the version's schema a streamed value is checked against: for each record
    list its item schema (and a compiled check), for the sync maps the key and value schemas."""
    root = schema(version)
    compiler = _Compiler(root)
    props = root["properties"]
    out = {"lists": {}, "maps": {}}
    for key, sub in props.items():
        if key in KIND_BY_KEY and sub.get("type") == "array" and "items" in sub:
            out["lists"][key] = (sub["items"], compiler.compile(sub["items"]))
    sync = props["sync"]
    maps = {"": sync} if "additionalProperties" in sync and "properties" not in sync else {
        name: sync["properties"][name] for name in ("held", "history") if name in sync.get("properties", {})}
    for name, sub in maps.items():
        out["maps"][name] = (sub, compiler.compile(sub.get("propertyNames", {})),
                             compiler.compile(sub.get("additionalProperties", {})))
    out["root"] = compiler.compile(root)
    return out


class SchemaProblems:
    def __init__(self, version: int):
        self.version = version
        self.problems: list[Problem] = []
        self.echoes: list[Problem] = []

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def report(self, sub_schema: dict, value, prefix: str) -> None:
        """jsonschema's errors for ``value`` (checked against ``sub_schema``, a part of the
        version's schema) with paths under ``prefix``."""
        validator = _validator(self.version).evolve(schema=sub_schema)
        for error in validator.iter_errors(value):
            path = prefix + error.json_path[1:]
            message = _schema_message(error, self.version)
            if message is None:
                self.echoes.append(Problem(path, error.message[:300]))
            else:
                self.problems.append(Problem(path, message))
            if self.full:
                return

    def result(self) -> list[Problem]:
        return sorted(self.problems or self.echoes, key=lambda p: p.path)
