"""VDBLOB2: an attachment sealed in records, written and read a record at a time.

Why: VDBLOB1 seals a scan whole, so sealing needs the whole scan (and its sealed copy) in memory, and a
download in progress cannot be sealed until it is complete: it used to rest in clear as ``….download``.
VDBLOB2 seals each record on its own, so a scan is sealed as it is read from disk or as it arrives from
the town server, and a killed download leaves only sealed records behind (it resumes from the last whole
one).

    b"VDBLOB2\\n" (8) | key id (8) | nonce prefix (8 random)
    then records: word (4, big-endian: top bit = last record, low 31 bits = plain length)
                  | AES-256-GCM(plain) with its 16-byte tag

Record ``i``'s nonce is the prefix followed by ``i`` (4 bytes); its associated data is the header, the
attachment's SHA-256 (the file's name), the word and ``i``. So a record moved, dropped, cut short,
re-ordered or taken from another file fails its tag check, and a file without its last record (a
truncated one) is not a whole attachment. VDBLOB1 files are still read (``sealed_blobs``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC2 = b"VDBLOB2\n"
KEY_ID_BYTES = 8
PREFIX_BYTES = 8
HEADER2_BYTES = len(MAGIC2) + KEY_ID_BYTES + PREFIX_BYTES
WORD_BYTES = 4
TAG_BYTES = 16
LAST = 0x8000_0000
RECORD_BYTES = 1024 * 1024  # what a writer seals at once: the memory a sealing needs
MAX_RECORD = 8 * 1024 * 1024  # what a reader accepts (a garbled length must not allocate gigabytes)


class StreamBroken(ValueError):
    """The records are not a whole attachment: a tag check failed, a record is cut short, the last is missing."""


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(4, "big")


def _aad(header: bytes, digest: str, word: int, index: int) -> bytes:
    return header + digest.encode("ascii") + word.to_bytes(4, "big") + index.to_bytes(4, "big")


def new_header(ident: bytes) -> bytes:
    return MAGIC2 + ident + secrets.token_bytes(PREFIX_BYTES)


class Writer:
    """Seals what is written into records on ``fh`` (positioned after ``header`` and ``index`` records).

    ``flush`` seals what is buffered as a record and fsyncs: what it returned from is on disk, sealed.
    ``finish`` writes the last record; the file is then a whole VDBLOB2 attachment."""

    def __init__(self, fh: BinaryIO, header: bytes, key: bytes, digest: str, index: int = 0) -> None:
        self._fh, self._header, self._aead, self._digest = fh, header, AESGCM(key), digest
        self.index = index
        self._buf = bytearray()

    def _record(self, plain: bytes, last: bool) -> None:
        word = len(plain) | (LAST if last else 0)
        aad = _aad(self._header, self._digest, word, self.index)
        sealed = self._aead.encrypt(_nonce(self._header[-PREFIX_BYTES:], self.index), plain, aad)
        self._fh.write(word.to_bytes(4, "big") + sealed)
        self.index += 1

    def write(self, data: bytes) -> None:
        self._buf += data
        while len(self._buf) >= RECORD_BYTES:
            self._record(bytes(self._buf[:RECORD_BYTES]), last=False)
            del self._buf[:RECORD_BYTES]

    def flush(self) -> None:
        if self._buf:
            self._record(bytes(self._buf), last=False)
            self._buf.clear()
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def finish(self) -> None:
        self.end()
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def end(self) -> None:
        """Write the last record, without an fsync (``fh`` may be a zip member, which has no file number)."""
        self._record(bytes(self._buf), last=True)
        self._buf.clear()


def records(
    fh: BinaryIO, header: bytes, key: bytes, digest: str, whole: bool = True
) -> Iterator[tuple[int, bytes, bool]]:
    """(end offset in the file, plain bytes, is the last) of each record after ``header``, checked. ``whole``: the
    records must end with the last one and nothing after it (``StreamBroken`` otherwise); without it the
    iteration stops quietly at the first record that is cut short or fails its check (a resumed download)."""
    aead, prefix = AESGCM(key), header[-PREFIX_BYTES:]
    index, pos, done = 0, len(header), False
    while True:
        word_raw = fh.read(WORD_BYTES)
        if not word_raw:
            break
        if done:
            raise StreamBroken("bytes after the last record")
        word = int.from_bytes(word_raw, "big") if len(word_raw) == WORD_BYTES else -1
        size = word & ~LAST if word >= 0 else -1
        body = fh.read(size + TAG_BYTES) if 0 <= size <= MAX_RECORD else b""
        try:
            if word < 0 or len(body) != size + TAG_BYTES:
                raise StreamBroken("a record is cut short")
            plain = aead.decrypt(_nonce(prefix, index), body, _aad(header, digest, word, index))
        except (InvalidTag, StreamBroken):
            if whole:
                raise StreamBroken("a record fails its check or is cut short") from None
            return
        pos += WORD_BYTES + len(body)
        index += 1
        done = bool(word & LAST)
        yield pos, plain, done
        if done and not whole:
            return
    if whole and not done:
        raise StreamBroken("the last record is missing")


def resume(path: Path, key: bytes, ident: bytes, digest: str) -> tuple[Writer, int, BinaryIO] | None:
    """Reopen a partial VDBLOB2 file to append: (writer, plain bytes it holds, its file). The records after
    the last good one (a kill mid-write) are cut off. None if the file is not one of ours under this key."""
    try:
        fh = Path(path).open("r+b")  # noqa: SIM115 - handed to the caller with the writer
    except OSError:
        return None
    header = fh.read(HEADER2_BYTES)
    if len(header) != HEADER2_BYTES or header[: len(MAGIC2)] != MAGIC2 or header[8:16] != ident:
        fh.close()
        return None
    good, plain_bytes, index = HEADER2_BYTES, 0, 0
    for end, plain, last in records(fh, header, key, digest, whole=False):
        if last:
            break  # a finished file not yet renamed: its last record is written again at the end
        good, plain_bytes, index = end, plain_bytes + len(plain), index + 1
    fh.seek(good)
    fh.truncate()
    return Writer(fh, header, key, digest, index), plain_bytes, fh
