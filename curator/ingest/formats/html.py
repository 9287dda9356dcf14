"""HTML pages: the article's text, not the menus, scripts and styles around it.

- Parsed by lxml's HTML parser with no network access; nothing is executed or fetched (scripts,
  styles, iframes, forms, templates and their text are dropped before anything else).
- The article: the page's ``<article>`` (or ``<main>``, ``role=main``) when it has one, else
  readability-lxml's choice of the main content, else the whole body less its navigation,
  header, footer and asides.
- Text: block elements (p, h1–h6, li, blockquote, pre, div with text...) are paragraphs,
  ``<br>`` a line break, table rows lines with cells separated by a tab; entities decoded;
  runs of white space collapsed except in ``<pre>``.
- Metadata: title (``og:title``, ``<meta name=title>``, ``<title>``), author (``author``,
  ``article:author``, ``dc.creator``), date (``article:published_time``, ``datePublished``,
  ``date``, ``dc.date``, a ``<time datetime>`` in the article, else a dateline at the top of the
  text), source URL (``og:url``, ``<link rel=canonical>``), language (``<html lang>``).
- Bytes become text by the page's declared charset (BOM, ``<meta charset>``), else by the one
  text reader (:mod:`curator.ingest.decoding`).
Qt-free.
"""

from __future__ import annotations

import re
from typing import Optional

from curator.core.errors import UnreadableDocument
from curator.ingest.decoding import decode_bytes
from curator.ingest.encodings import checked_label
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.formats.textbuild import TextBuilder, tidy_line

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WHITE = re.compile(r"\s+")  # white space in HTML text is one space; only <br> breaks a line
_DATELINE = re.compile(r"\A(.{4,80}?)\s+(?:—|–|--?)\s+\S")
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "form", "button",
         "select", "svg", "canvas")
_CHROME = ("nav", "header", "footer", "aside", "menu")
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "address",
           "figcaption", "caption", "div", "section", "article", "main", "ul", "ol", "dl", "table",
           "tr", "td", "th", "tbody", "thead", "tfoot", "header", "footer", "figure", "hr", "body",
           "center", "details", "summary", "fieldset", "legend"}
_TITLE_KEYS = (("property", "og:title"), ("name", "twitter:title"), ("name", "title"), ("name", "dc.title"))
_AUTHOR_KEYS = (("name", "author"), ("property", "article:author"), ("name", "dc.creator"),
                ("name", "byl"), ("name", "sailthru.author"), ("itemprop", "author"))
_DATE_KEYS = (("property", "article:published_time"), ("itemprop", "datePublished"),
              ("name", "date"), ("name", "dc.date"), ("name", "dcterms.created"), ("name", "pubdate"),
              ("name", "publish-date"), ("property", "og:published_time"), ("name", "sailthru.date"),
              ("property", "article:modified_time"), ("itemprop", "dateModified"))
_URL_KEYS = (("property", "og:url"),)


def extract_html(data: bytes, origin: Origin, encoding: Optional[str] = None) -> Extracted:
    text_in, used = decode_html(data, origin.filename, encoding)
    page = parse_html(text_in, origin.filename)
    metadata = _metadata(page)
    article = _article(page)
    builder = TextBuilder()
    for paragraph in paragraphs_of(article):
        builder.paragraph(paragraph)
    text = builder.text()
    if not text.strip():
        raise UnreadableDocument(origin.filename, "empty", f"{origin.filename} is an HTML page with no text")
    if metadata.date is None:
        metadata = _with_dateline(metadata, text)
    return Extracted(text=text, kind="html", origin=origin, metadata=metadata, encoding=used)


def decode_html(data: bytes, name: str, encoding: Optional[str] = None) -> tuple[str, str]:
    """The page's text and the encoding it was read in: the user's, a byte order mark, the page's
    own ``<meta charset>`` when it reads the bytes, else the one text reader's rule."""
    if not encoding and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                label = checked_label(m.group(1).decode("ascii"))
                return data.decode(label), label
            except Exception:  # an unknown or lying declaration: fall back to the rule
                pass
    decoded = decode_bytes(data, name, encoding)
    return decoded.text, decoded.encoding


def parse_html(text: str, name: str):
    """The page as an lxml tree, with no network access and its scripts, styles, forms and
    comments dropped."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  default_doctype=False)
    text = re.sub(r"\A\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocument(name, "empty", f"{name} is an HTML page with nothing in it ({exc})") from None
    for element in list(root.iter(*_DROP)):
        _remove(element)
    return root


def _remove(element) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _article(root):
    body = root.find("body")
    if body is None:
        body = root
    for path in ("//article", "//main", "//*[@role='main']"):
        found = [el for el in root.xpath(path) if _text_length(el) > 0]
        if found:
            best = max(found, key=_text_length)
            _strip_chrome(best)
            return best
    _strip_chrome(body)
    chosen = _readability(root)
    if chosen is not None and _text_length(chosen) >= 0.3 * _text_length(body):
        return chosen
    return body


def _readability(root):
    """readability-lxml's main content of the page (an element), or None."""
    import lxml.html

    try:
        from readability import Document

        summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
        return lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # readability gives up on odd pages: the caller falls back to the body
        return None


def _strip_chrome(element) -> None:
    for el in list(element.iter(*_CHROME)):
        if el is not element:
            _remove(el)
    for el in list(element.iter()):
        if el is not element and isinstance(el.tag, str) and el.get("role") in _CHROME_ROLES:
            _remove(el)


def _text_length(element) -> int:
    return len("".join(element.itertext()).strip())


def paragraphs_of(element) -> list[str]:
    """The element's text as paragraphs (see the module docstring)."""
    out: list[str] = []
    current: list[str] = []

    def flush():
        text = "".join(current)
        lines = [tidy_line(line) for line in text.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            out.append(joined)
        current.clear()

    def walk(el, in_pre: bool):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "pre":
            flush()
            out.append("".join(el.itertext()).strip("\n"))
            return
        if tag == "table":
            flush()
            rows = []
            for tr in el.iter("tr"):
                cells = [" ".join("".join(c.itertext()).split()) for c in tr if c.tag in ("td", "th")]
                if any(cells):
                    rows.append("\t".join(cells).rstrip("\t"))
            if rows:
                out.append("\n".join(rows))
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "br":
            current.append("\n")
        elif el.text:
            current.append(_WHITE.sub(" ", el.text))
        for child in el:
            walk(child, in_pre)
            if child.tail:
                current.append(_WHITE.sub(" ", child.tail))
        if block:
            flush()

    walk(element, False)
    flush()
    return out


def _meta(root, keys) -> tuple[str, str]:
    for attr, value in keys:
        for el in root.iter("meta"):
            if (el.get(attr) or "").strip().lower() == value.lower():
                content = (el.get("content") or "").strip()
                if content:
                    return content, f"<meta {attr}={value}>"
    return "", ""


def _metadata(root) -> Metadata:
    title, title_source = _meta(root, _TITLE_KEYS)
    if not title:
        element = root.find(".//title")
        if element is not None and (element.text or "").strip():
            title, title_source = " ".join(element.text.split()), "<title>"
    author, author_source = _meta(root, _AUTHOR_KEYS)
    date, date_source = _meta(root, _DATE_KEYS)
    if not date:
        for el in root.iter("time"):
            if el.get("datetime"):
                date, date_source = el.get("datetime").strip(), "<time datetime>"
                break
    url, url_source = _meta(root, _URL_KEYS)
    if not url:
        for el in root.iter("link"):
            if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
                url, url_source = el.get("href").strip(), "<link rel=canonical>"
                break
    return Metadata(title=title, title_source=title_source, author=author, author_source=author_source,
                    date=date or None, date_source=date_source, url=url, url_source=url_source,
                    language=(root.get("lang") or "").strip())


def _with_dateline(metadata: Metadata, text: str) -> Metadata:
    """The date of a dateline at the top of the article ("ALEPPO, 8 May 2014 —"), if it has one."""
    from dataclasses import replace

    from curator.temporal.document_date import DATELINE, infer_document_date

    first = text.split("\n", 1)[0]
    m = _DATELINE.match(first)
    head = m.group(1) if m else first  # "KYIV, 3 March 2015 — A convoy...": the dateline is before the dash
    found = infer_document_date(head + "\n\n" + text[len(first):len(first) + 2000])
    if found is None or found.kind != DATELINE:
        return metadata
    return replace(metadata, date=found.edtf, date_source=f"the dateline “{found.quote[:60]}”")
