"""EndNote XML (File > Export > XML): <records><record> with titles, contributors, dates,
electronic-resource-num (the DOI), accession-num, abstract and keywords; text often
wrapped in <style> elements. Parsed with defusedxml, which refuses the entity tricks
(billion laughs, external entities) an XML file from elsewhere may carry."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, UnreadableFile, collect


def looks_like(head: str) -> bool:
    start = head.lstrip("\ufeff \r\n")[:2000]
    return (start.startswith("<?xml") and "<records>" in start) or start.startswith("<xml><records>")


def read(text: str, source: str) -> ReadResult:
    try:
        root = SafeTree.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except (SafeTree.ParseError, DefusedXmlException) as error:
        raise UnreadableFile(f"{source}: not readable EndNote XML ({error})") from None
    return collect("endnote-xml", _each_record(root, source), [])


def _each_record(root: Element, source: str) -> Iterator[Fields]:
    for number, record in enumerate(root.iter("record"), 1):
        keywords = [_text(k) for k in record.iterfind("keywords/keyword")]
        yield Fields(
            source=source,
            line=number,  # the n-th record of the file
            title=_text(record.find("titles/title")),
            authors=[_text(a) for a in record.iterfind("contributors/authors/author")],
            year=_text(record.find("dates/year")),
            journal=_text(record.find("titles/secondary-title")) or _text(record.find("periodical/full-title")),
            doi=_text(record.find("electronic-resource-num")),
            pmid=_text(record.find("accession-num")),
            abstract=_text(record.find("abstract")),
            keywords=[k for k in keywords if k],
            volume=_text(record.find("volume")),
            issue=_text(record.find("number")),
            pages=_text(record.find("pages")),
            issn=_text(record.find("isbn")),
            url=_text(record.find("urls/related-urls/url")) or _text(record.find("urls/web-urls/url")),
        )


def _text(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
