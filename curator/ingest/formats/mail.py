"""E-mail: one message (.eml, RFC 5322) or a mailbox (mbox: one document per message), read by
the standard library (``email`` with the modern policy, ``mailbox``).

- Text: the message's text/plain body in its declared charset (an undeclared or wrong one is
  read by the one text reader, :mod:`curator.ingest.decoding`, and said in ``problems``); a
  message with only an HTML body has it converted as HTML pages are (the whole message, not an
  "article"). Newlines become ``\\n``; the text is NFC.
- Metadata: Subject (also the title), From (also the author), To, Cc, Date (ISO 8601, with its
  zone), Message-ID; the attachments are listed (name, type, size), never inlined.
Qt-free.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
import os
import re
import tempfile
import unicodedata
from typing import Optional

from curator.core.errors import InvalidInput, UnreadableDocument
from curator.ingest.decoding import decode_bytes
from curator.ingest.encodings import checked_label
from curator.ingest.extracted import Attachment, Extracted, Metadata, Origin

_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.M)


def extract_eml(data: bytes, origin: Origin) -> Extracted:
    message = email.message_from_bytes(data, policy=email.policy.default)
    return _extracted(message, origin, "eml", "")


def extract_mbox(data: bytes, origin: Origin) -> list[Extracted]:
    """Every message of the mailbox, in order. The standard library's ``mailbox.mbox`` splits
    it (it wants a file: the bytes are written to a temporary one)."""
    handle, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        box = mailbox.mbox(path, create=False)
        try:
            raws = [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()
    finally:
        os.unlink(path)
    if not raws:
        raise UnreadableDocument(origin.filename, "empty", f"{origin.filename} is a mailbox with no messages")
    out = []
    for index, raw in enumerate(raws, start=1):
        message = email.message_from_bytes(_unescaped(raw), policy=email.policy.default)
        out.append(_extracted(message, origin, "mbox", f"message {index} of {len(raws)}"))
    return out


def _unescaped(raw: bytes) -> bytes:
    """A message as it was before it went into the mailbox: a line that the mailbox escaped
    (">From ", ">>From "...) loses one ">" (the mboxrd rule; also right for the common mboxo
    files, where a body line really starting with ">From " is rare)."""
    return _ESCAPED_FROM.sub(rb"\1", raw)


def _extracted(message, origin: Origin, kind: str, part: str) -> Extracted:
    name = origin.filename + (f" ({part})" if part else "")
    problems: list[str] = [f"{name}: header {d}" for d in _defects(message)]
    body = message.get_body(preferencelist=("plain", "html"))
    text, encoding = "", ""
    if body is not None:
        text, encoding, problem = _body_text(body, name)
        if problem:
            problems.append(problem)
    metadata = _metadata(message)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    if not text.strip():
        if metadata.attachments:
            problems.append(f"{name} has no text body, only attachments")
        text = metadata.subject
    if not text.strip():
        raise UnreadableDocument(origin.filename, "empty", f"{name} is an e-mail with no text and no subject")
    return Extracted(text=text, kind=kind, origin=origin, metadata=metadata, encoding=encoding,
                     problems=tuple(problems), part=part)


def _defects(message) -> list[str]:
    return [type(d).__name__ for d in getattr(message, "defects", ())][:3]


def _body_text(part, name: str) -> tuple[str, str, str]:
    """(text, encoding, problem or "") of a text part."""
    raw = part.get_payload(decode=True) or b""
    declared = part.get_content_charset()
    problem = ""
    text: Optional[str] = None
    encoding = ""
    if declared:
        try:
            encoding = checked_label(declared)
            text = raw.decode(encoding)
        except (InvalidInput, LookupError, UnicodeDecodeError):
            problem = f"{name}: its body is not {declared} as declared; read by detection"
            text = None
    if text is None:
        try:
            decoded = decode_bytes(raw, name)
        except InvalidInput as exc:
            raise UnreadableDocument(name, "undecodable", str(exc)) from None
        text, encoding = decoded.text, decoded.encoding
        if not declared and decoded.encoding not in ("utf-8", "ascii"):
            problem = f"{name}: its body declares no charset; read as {decoded.encoding}"
    if part.get_content_type() == "text/html":
        from curator.ingest.formats.html import paragraphs_of, parse_html

        page = parse_html(text, name)
        body = page.find("body")
        text = "\n\n".join(paragraphs_of(body if body is not None else page))
    return text, encoding, problem


def _addresses(message, header: str) -> tuple[str, ...]:
    values = message.get_all(header) or []
    return tuple(_formataddr(pair) for pair in email.utils.getaddresses([str(v) for v in values]) if any(pair))


def _formataddr(pair: tuple[str, str]) -> str:
    name, address = pair
    return f"{name} <{address}>" if name else address


def _metadata(message) -> Metadata:
    subject = " ".join(str(message.get("subject", "")).split())
    senders = _addresses(message, "from")
    sender = senders[0] if senders else ""
    date, date_source = None, ""
    raw_date = message.get("date")
    if raw_date:
        try:
            parsed = email.utils.parsedate_to_datetime(str(raw_date))
            date, date_source = parsed.isoformat(), "Date header"
        except (TypeError, ValueError, IndexError):
            pass
    attachments = []
    for part in _attachments(message):
        payload = part.get_payload(decode=True)
        if payload is None and part.is_multipart():  # an attached message
            payload = part.as_bytes()
        attachments.append(Attachment(part.get_filename() or "", part.get_content_type(), len(payload or b"")))
    return Metadata(title=subject, title_source="Subject header" if subject else "",
                    author=sender, author_source="From header" if sender else "",
                    date=date, date_source=date_source, sender=sender, recipients=_addresses(message, "to"),
                    cc=_addresses(message, "cc"), subject=subject,
                    message_id=str(message.get("message-id", "")).strip(), attachments=tuple(attachments))


def _attachments(message):
    """The parts that are attachments: not the body, not the alternatives of the body."""
    if not message.is_multipart():
        return []
    try:
        return list(message.iter_attachments())
    except (KeyError, TypeError):
        return []
