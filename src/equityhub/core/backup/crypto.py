"""Encrypting backup archives with keys from the environment (Fernet, from `cryptography`).

A backup holds every person's details, so it is never written in clear. Fernet (AES-128-CBC
with an HMAC-SHA256 tag) authenticates what it encrypts, but works on whole messages; an archive
is encrypted in chunks of CHUNK bytes, each one a Fernet token carrying its index and whether it
is the last, so chunks cannot be reordered, dropped or cut off without the restore noticing.

Keys: a variable holds one key or several separated by commas. The first encrypts; any of them
decrypts, so a key is rotated by putting the new one first and keeping the old one until the last
backup made with it has expired (see docs/operations/backup.md).

File layout: MAGIC, then per chunk a 4-byte big-endian length and the token.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

MAGIC = b"EQUITYHUB-BACKUP-FERNET-1\n"
CHUNK = 4 * 1024 * 1024
_HEADER = struct.Struct(">?Q")  # is last chunk, chunk index
_LENGTH = struct.Struct(">I")


class BackupKeyError(Exception):
    """A key is missing, malformed, or does not open the archive (the message says which)."""


def load_keys(value: str, variable: str) -> MultiFernet:
    """The keys in an environment variable's value (comma-separated, newest first)."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise BackupKeyError(
            f"{variable} is not set. Make a key with `equityhub backup --new-key` and keep it "
            "in your secrets store, apart from the backups"
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise BackupKeyError(
            f"{variable} holds a value that is not a key (32 url-safe base64 bytes)"
        ) from error


def new_key() -> str:
    return Fernet.generate_key().decode()


def private_file(path: Path) -> BinaryIO:
    """Open `path` for writing, readable and writable by its owner only (0600), whatever umask."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its old mode through os.open
    return os.fdopen(descriptor, "wb")


def encrypt_file(source: Path, destination: Path, keys: MultiFernet) -> None:
    with source.open("rb") as plain, private_file(destination) as out:
        out.write(MAGIC)
        index, chunk = 0, plain.read(CHUNK)
        while True:
            following = plain.read(CHUNK)
            token = keys.encrypt(_HEADER.pack(not following, index) + chunk)
            out.write(_LENGTH.pack(len(token)) + token)
            if not following:
                return
            index, chunk = index + 1, following


def _tokens(encrypted: BinaryIO) -> Iterator[bytes]:
    while length := encrypted.read(_LENGTH.size):
        if len(length) < _LENGTH.size:
            raise BackupKeyError("The backup is cut off (a chunk is incomplete)")
        (size,) = _LENGTH.unpack(length)
        token = encrypted.read(size)
        if len(token) < size:
            raise BackupKeyError("The backup is cut off (a chunk is incomplete)")
        yield token


def decrypt_file(source: Path, destination: Path, keys: MultiFernet) -> None:
    with source.open("rb") as encrypted, private_file(destination) as out:
        if encrypted.read(len(MAGIC)) != MAGIC:
            raise BackupKeyError(f"{source} is not an encrypted Equity Hub backup")
        last = False
        for expected, token in enumerate(_tokens(encrypted)):
            if last:
                raise BackupKeyError("The backup has data after its last chunk")
            try:
                plain = keys.decrypt(token)
            except InvalidToken:
                raise BackupKeyError(
                    "None of the keys opens this backup (or it was altered)"
                ) from None
            last, index = _HEADER.unpack(plain[: _HEADER.size])
            if index != expected:
                raise BackupKeyError("The backup's chunks are out of order")
            out.write(plain[_HEADER.size :])
        if not last:
            raise BackupKeyError("The backup is cut off (its last chunk is missing)")


def encrypt_bytes(data: bytes, keys: MultiFernet) -> bytes:
    return keys.encrypt(data)


def decrypt_bytes(token: bytes, keys: MultiFernet, what: str) -> bytes:
    try:
        return keys.decrypt(token)
    except InvalidToken:
        raise BackupKeyError(f"None of the keys opens the {what}") from None
