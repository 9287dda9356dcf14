"""How the headless commands read files: the one reader (:mod:`curator.ingest.reader`) with the
command line's options (``--encoding``, ``--fix-mojibake``), the refusal of an unsure detection
(the command line cannot ask), and what the ``add`` report says about each file's decoding."""

from __future__ import annotations

from pathlib import Path

from curator.ingest.decoding import BY_DETECTION, Decoded
from curator.ingest.mojibake import find_mojibake
from curator.ingest.reader import ReadDocument, document_from

EXAMPLES = 3


def text_for_add(path: str, decoded: Decoded, args) -> ReadDocument:
    """A plain-text file already decoded (by ``curator add``'s reading, ``--encoding`` winning)
    as ``curator add`` takes it: an unsure detection refused, mojibake reported and repaired
    with ``--fix-mojibake``."""
    decoded.require_sure(Path(path).name)
    return document_from(path, decoded, find_mojibake(decoded.text),
                         bool(getattr(args, "fix_mojibake", False)))


def decoding_report(doc: ReadDocument) -> dict:
    """The ``add`` report's fields about how a file was decoded: ``encoding`` (as stored on the
    document), ``decoded_by`` (``chosen``, ``byte order mark``, ``valid UTF-8``, ``detected``),
    for a detection the other ``candidates`` it weighed, and ``mojibake`` when some was found."""
    decoded = doc.decoded
    report: dict = {"encoding": doc.encoding, "decoded_by": decoded.how}
    if decoded.how == BY_DETECTION and decoded.detection is not None:
        report["candidates"] = [r.encoding for r in decoded.detection.readings[1:4]]
    if doc.mojibake is not None:
        report["mojibake"] = {
            "places": doc.mojibake.places, "repaired": doc.mojibake_repaired,
            "examples": doc.mojibake.examples(EXAMPLES),
            **({} if doc.mojibake_repaired else {
                "how_to_repair": "not repaired: add the file with --fix-mojibake to repair these places "
                                 "(a document's text is frozen once added; --dry-run shows the result first)"}),
        }
    return report
