"""Put characters outside the BMP (生僻字 such as 𠮷) back into a PDF's text layer.

Why: Qt's PDF writer draws such a character with the fallback font that has it and embeds that font, but
the ToUnicode map it writes for the font is built from the BMP only (Qt's font subsetter looks each glyph
up among U+0000–U+FFFF), so the glyph maps to nothing and ``pdftotext``, copy and paste and a search by
name lose the character although the page shows it. After Qt has written the file we add the missing
entries: each unmapped glyph of an embedded subset is matched, by its outline, to the glyph the installed
font draws for one of the document's own non-BMP characters, and that character is written into the
font's ToUnicode CMap (pypdf rewrites the file; nothing else in it changes).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QPainterPath, QRawFont

from villagedesk.ui.printing.fonts import installed_families

log = logging.getLogger(__name__)
_PIXELS = 256  # outlines compared at one size; rounding absorbs nothing but float noise
_Outline = tuple[tuple[int, int, int], ...]


def strings(value: object) -> Iterator[str]:
    """Every string inside a document (dataclasses, lists, tuples, dicts)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from strings(v)


def astral(texts: Iterable[str]) -> list[str]:
    """The characters outside the BMP in ``texts``, each once."""
    return sorted({ch for text in texts for ch in text if ord(ch) > 0xFFFF})


def _outline(path: QPainterPath) -> _Outline:
    elements = (path.elementAt(i) for i in range(path.elementCount()))
    return tuple((int(e.type.value), round(e.x * 8), round(e.y * 8)) for e in elements)


def _candidates(chars: list[str], families: Iterable[str]) -> dict[_Outline, str]:
    """Outline → character, as each installed font that has the character draws it."""
    found: dict[_Outline, str] = {}
    for family in dict.fromkeys(families):
        raw = QRawFont.fromFont(QFont(family))
        if not raw.isValid():
            continue
        raw.setPixelSize(_PIXELS)
        for ch in chars:
            if not raw.supportsCharacter(ord(ch)):
                continue
            glyphs = raw.glyphIndexesForString(ch)
            if glyphs and glyphs[0]:
                outline = _outline(raw.pathForGlyph(glyphs[0]))
                if outline:
                    found.setdefault(outline, ch)
    return found


_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _mapped(cmap: bytes) -> set[int]:
    """The CIDs a ToUnicode CMap maps to some text (Qt writes bfrange blocks; bfchar read too)."""
    mapped: set[int] = set()
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in _RANGE.findall(block):
            for cid in range(int(lo, 16), int(hi, 16) + 1):
                if dst.startswith(b"[") or dst not in (b"<0000>", b"<>"):
                    mapped.add(cid)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, dst in _CHAR.findall(block):
            if dst.strip(b"0"):
                mapped.add(int(cid, 16))
    return mapped


def _cids(widths: object) -> list[int]:
    """The CIDs a CIDFont's /W array gives widths for: the glyphs of the embedded subset."""
    out: list[int] = []
    items = list(widths or [])
    i = 0
    while i + 1 < len(items):
        first, nxt = int(items[i]), items[i + 1]
        if isinstance(nxt, list):
            out.extend(range(first, first + len(nxt)))
            i += 2
        else:
            out.extend(range(first, int(nxt) + 1))
            i += 3
    return out


def _glyph_count(sfnt: bytes) -> int:
    """numGlyphs of a TrueType file's maxp table (a subset without /W widths has no other count)."""
    tables = int.from_bytes(sfnt[4:6], "big")
    for i in range(tables):
        entry = sfnt[12 + 16 * i : 28 + 16 * i]
        if entry[:4] == b"maxp":
            offset = int.from_bytes(entry[8:12], "big")
            return int.from_bytes(sfnt[offset + 4 : offset + 6], "big")
    return 0


def _utf16(ch: str) -> str:
    return ch.encode("utf-16-be").hex().upper()


def restore(path: str | os.PathLike[str], texts: Iterable[str]) -> list[str]:
    """Add the document's non-BMP characters to the ToUnicode maps of the PDF at ``path`` (rewritten in
    place, atomically). Returns the characters restored; a PDF without such characters is left untouched."""
    chars = astral(texts)
    if not chars:
        return []
    import pypdf  # here: only a document with a non-BMP character pays for it

    target = Path(path)
    try:
        return _rewrite(target, chars, pypdf)
    except (pypdf.errors.PyPdfError, OSError, ValueError, KeyError, TypeError):
        # the page is right either way: a text layer we could not mend is no reason to lose the print
        log.warning("PDF text layer left as Qt wrote it (%s)", target.name, exc_info=True)
        return []


def _rewrite(target: Path, chars: list[str], pypdf) -> list[str]:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(target)))
    restored: list[str] = []
    seen: set[int] = set()
    for page in writer.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font or id(font) in seen:
                continue
            seen.add(id(font))
            added = _restore_font(font, chars)
            restored.extend(ch for ch in added if ch not in restored)
    if not restored:
        return []
    part = target.with_name(target.name + ".text")
    with open(part, "wb") as fh:
        writer.write(fh)
    part.replace(target)
    return restored


def _restore_font(font, chars: list[str]) -> list[str]:
    descendant = font["/DescendantFonts"][0].get_object()
    cmap_stream = font["/ToUnicode"].get_object()
    cmap = cmap_stream.get_data()
    file2 = (descendant.get("/FontDescriptor") or {}).get("/FontFile2")
    if file2 is None:
        return []
    sfnt = file2.get_object().get_data()
    cids = set(_cids(descendant.get("/W"))) | set(range(_glyph_count(sfnt)))
    mapped = _mapped(cmap)
    missing = sorted(cid for cid in cids if cid and cid not in mapped)
    if not missing:
        return []
    embedded = QRawFont(QByteArray(sfnt), _PIXELS)
    if not embedded.isValid():
        return []
    known = _candidates(chars, [embedded.familyName(), *installed_families()])
    entries: list[tuple[int, str]] = []
    for cid in missing:
        ch = known.get(_outline(embedded.pathForGlyph(cid)))
        if ch:
            entries.append((cid, ch))
    if not entries:
        return []
    block = f"{len(entries)} beginbfchar\n".encode()
    block += b"".join(f"<{cid:04X}> <{_utf16(ch)}>\n".encode() for cid, ch in entries)
    block += b"endbfchar\n"
    at = cmap.rfind(b"endcmap")
    cmap_stream.set_data(cmap[:at] + block + cmap[at:])
    return [ch for _cid, ch in entries]
