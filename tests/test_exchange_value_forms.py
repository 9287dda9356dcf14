"""The written forms of uids, days, timestamps and EDTF values (curator.exchange.value_forms):
the schema files carry exactly these patterns, the patterns mean the same in ECMA-262 (checked
with node's RegExp when node is installed) as in Python's re, everything Curator writes passes,
and each refusal is explained in words."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.database import utc_now
from curator.exchange.validate import READABLE_VERSIONS, schema_path
from curator.exchange.value_forms import END, PATTERNS, is_valid, reason
from curator.temporal.finder import find_dates

SEEDS = Path(__file__).parent.parent / "seeds"


def _schema(version: int) -> dict:
    return json.loads(schema_path(version).read_text(encoding="utf-8"))


def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if "pattern" in node else []
        return own + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


@pytest.mark.parametrize("version", READABLE_VERSIONS)
def test_schema_files_carry_the_value_form_patterns(version):
    data = _schema(version)
    defs = data["$defs"]
    assert defs["uid"]["pattern"] == PATTERNS["uid"]
    assert defs["timestamp"]["pattern"] == PATTERNS["timestamp"]
    assert data["properties"]["exported_at"]["pattern"] == PATTERNS["timestamp"]
    assert defs["isodate"]["pattern"] == PATTERNS["day"]
    assert defs["event"]["properties"]["edtf"]["pattern"] == PATTERNS["edtf"]
    assert defs["rejected_suggestion"]["properties"]["edtf"]["pattern"] == PATTERNS["edtf"]
    if "merged_into" in defs["actor"]["properties"]:
        assert defs["actor"]["properties"]["merged_into"]["pattern"] == PATTERNS["optional uid"]
    for pattern in _patterns(data):  # every pattern: ASCII digits, a true end of the value
        assert pattern.startswith("^") and pattern.endswith(END), pattern
        assert "\\d" not in pattern and not pattern.endswith("$"), pattern


SAMPLES = [
    "", "0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e\n",
    "0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5bd9cb469fa16570867728950e",
    " 0f8fad5b-d9cb-469f-a165-70867728950e",
    "2014-05-03", "2014-05-03\n", "٢٠١٤-٠٥-٠٣", "２０１４-05-03", "-0044-03-15", "2014-05-03 ",
    "2024-05-01T12:00:00.000000Z", "2024-05-01T12:00:00.000000Z\n", "2024-05-01T12:00:00+02:00",
    "2024-05-01T12:00:00.000000Z\r\n", "2014", "2014-21~", "../1899-12-31", "[2014-05-01,2014-05-03]",
    "2014\n", "20 14", "#e6194b", "#e6194b\n", "3", "3\n", "12", "a tag", "a\ntag", "a tag\n",
    "0" * 32, "0" * 32 + "\n", "0" * 64, "0" * 64 + "\u2028", "2014-05-03\u00a0",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node (an ECMA-262 engine) is not installed")
def test_patterns_mean_the_same_in_ecma_262_as_in_python():
    """JSON Schema specifies ECMA-262 regular expressions; jsonschema and the fast check run
    Python's. Every pattern of every schema file, on samples around each rule's edges, must
    give the same answer in V8 (with and without the u flag) as in Python."""
    patterns = sorted({p for v in READABLE_VERSIONS for p in _patterns(_schema(v))})
    script = ("const [ps, ss] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(ps.map(p => ss.map(s => "
              "[new RegExp(p, 'u').test(s), new RegExp(p).test(s)]))));")
    run = subprocess.run(["node", "-e", script], input=json.dumps([patterns, SAMPLES]),
                         capture_output=True, text=True, check=True, timeout=60)
    ecma = json.loads(run.stdout)
    for pattern, answers in zip(patterns, ecma):
        for sample, (unicode_mode, plain) in zip(SAMPLES, answers):
            python = re.search(pattern, sample) is not None
            assert python == unicode_mode == plain, (pattern, sample)


# ------------------------------------------------------------------ what Curator writes passes
@settings(max_examples=200)
@given(st.uuids())
def test_every_uuid_as_python_writes_it_is_a_valid_uid(value):
    assert is_valid(str(value), "uid") and is_valid(str(value), "optional uid")


def test_timestamps_days_and_uids_curator_makes_pass():
    assert is_valid(utc_now(), "timestamp")
    assert is_valid(str(uuid.uuid4()), "uid")
    assert is_valid("", "optional uid") and is_valid("", "edtf")
    assert is_valid("2014-05-03", "day") and is_valid("-0044-03-15", "day")


def test_every_edtf_value_the_engine_finds_in_the_seeds_passes():
    values = set()
    for path in sorted(SEEDS.glob("*.txt")):
        values |= {m.edtf for m in find_dates(path.read_text(encoding="utf-8"))}
    assert len(values) > 20
    assert [v for v in values if not is_valid(v, "edtf")] == []


# ------------------------------------------------------------------ reasons in words
@pytest.mark.parametrize("value, rule, words", [
    ("2014-05-03\n", "day", "has a line break at the end"),
    ("٢٠١٤-05-03", "day", "U+0662 ARABIC-INDIC DIGIT TWO at the start"),
    ("2014-０5-03", "day", "U+FF10 FULLWIDTH DIGIT ZERO at position 5"),
    ("2014-05-03\u00a0", "day", "a no-break space at the end"),
    ("2014-5-3", "day", "is not an ISO day (YYYY-MM-DD)"),
    ("2024-05-01 12:00:00Z", "timestamp", "a space at position 10"),
    ("2024-05-01", "timestamp", "is not an ISO 8601 timestamp"),
    ("0F8FAD5B-D9CB-469F-A165-70867728950E", "uid", "it is written 0f8fad5b-d9cb-469f-a165-70867728950e"),
    ("0f8fad5bd9cb469fa16570867728950e", "optional uid",
     "it is written 0f8fad5b-d9cb-469f-a165-70867728950e"),
    ("event-1", "uid", "is not a UUID"),
    ("2014\u200b", "edtf", "U+200B ZERO WIDTH SPACE at the end"),
    ("2014–05", "edtf", "U+2013 EN DASH at position 4; only ASCII"),
])
def test_reasons_name_what_is_wrong_and_where(value, rule, words):
    assert not is_valid(value, rule)
    assert words in reason(value, rule)
