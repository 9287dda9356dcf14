"""Helpers (no tests) reading a Web Annotation export as linked data with pyld, against the W3C
context shipped in tests/data/w3c (the loader refuses any other document, so nothing is fetched)."""

from __future__ import annotations

import json
from pathlib import Path

from pyld import jsonld

CONTEXT_FILE = Path(__file__).parent / "data" / "w3c" / "anno.jsonld"
CONTEXT_URLS = ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld")
AS = "http://www.w3.org/ns/activitystreams#"
OA = "http://www.w3.org/ns/oa#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"


def _loader(url, options=None):
    if url.rstrip("/") not in CONTEXT_URLS:
        raise AssertionError(f"the test may not load {url}")
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": context}


def expand(data: dict) -> list:
    """JSON-LD expansion of ``data`` with the W3C Web Annotation context."""
    return jsonld.expand(data, {"documentLoader": _loader})


def nquads(data: dict) -> list[str]:
    """``data`` as RDF, one N-Quads line per triple (blank nodes are written ``_:b0``...)."""
    text = jsonld.to_rdf(data, {"documentLoader": _loader, "format": "application/n-quads"})
    return text.splitlines()
