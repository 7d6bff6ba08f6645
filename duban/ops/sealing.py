"""Backups sealed with a passphrase: scrypt-derived key, AES-256-GCM in 1 MB chunks, streamed both ways.

Layout: MAGIC, a 16-byte salt, then chunks of [4-byte length][ciphertext + tag]. A chunk's nonce is its
number and whether it is the last, so chunks cannot be reordered, dropped or cut off unnoticed.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"DUBAN-SEALED-1\n"
CHUNK = 1024 * 1024
WRONG_OR_DAMAGED = "口令不正确，或加密备份已损坏"


class SealError(Exception):
    """A sealed archive that cannot be opened with this passphrase (or is damaged)."""


def is_sealed(path: Path) -> bool:
    """Whether `path` is a sealed backup (it starts with MAGIC)."""
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def seal(source: Path, target: BinaryIO, passphrase: str) -> None:
    """Write `source` to `target` encrypted under `passphrase`."""
    import os

    salt = os.urandom(16)
    cipher = AESGCM(_key(passphrase, salt))
    target.write(MAGIC + salt)
    with source.open("rb") as handle:
        number, chunk = 0, handle.read(CHUNK)
        while True:
            following = handle.read(CHUNK)
            sealed = cipher.encrypt(_nonce(number, last=not following), chunk, MAGIC + salt)
            target.write(struct.pack(">I", len(sealed)) + sealed)
            if not following:
                return
            number, chunk = number + 1, following


def unseal(source: Path, target: BinaryIO, passphrase: str) -> None:
    """Write the plain archive of sealed `source` to `target`; SealError when it cannot be opened."""
    with source.open("rb") as handle:
        header = handle.read(len(MAGIC) + 16)
        if len(header) != len(MAGIC) + 16 or not header.startswith(MAGIC):
            raise SealError(WRONG_OR_DAMAGED)
        cipher = AESGCM(_key(passphrase, header[len(MAGIC) :]))
        number, last = 0, False
        while not last:
            size = handle.read(4)
            if len(size) != 4:
                raise SealError(WRONG_OR_DAMAGED)  # cut off before the last chunk
            sealed = handle.read(struct.unpack(">I", size)[0])
            for last in (False, True):
                try:
                    target.write(cipher.decrypt(_nonce(number, last=last), sealed, header))
                    break
                except InvalidTag:
                    continue
            else:
                raise SealError(WRONG_OR_DAMAGED)
            number += 1
        if handle.read(1):
            raise SealError(WRONG_OR_DAMAGED)  # bytes after the last chunk


def _key(passphrase: str, salt: bytes) -> bytes:
    # n=2**15, r=8: about 32 MB and a tenth of a second per derivation.
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _nonce(number: int, *, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
