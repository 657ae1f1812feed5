"""A built knowledge base kept on disk, so an unchanged base starts in a fraction of a build.

A snapshot is a pickle, written only by the bot: it is signed with a key the bot makes in the
snapshot folder (HMAC-SHA256), and a file whose signature does not check is never unpickled. It is
keyed by a fingerprint of everything a build depends on: the bytes of every file the build reads
under each path (found exactly as the build finds them), the bot package's own files, and the
versions of Python and the libraries that shape what is read. Any change rebuilds; anything
damaged, foreign or stale is ignored with a log line, and the caller builds instead.

File layout: MAGIC, the fingerprint (32 bytes), the signature (32 bytes), the pickle.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import logging
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from bot.kb.sources import list_files

log = logging.getLogger(__name__)

FOLDER = ".kb-snapshot"  # inside DATA_DIR; hidden, so `--kb data` never reads it as knowledge
KEY_FILE = "signing.key"
SUFFIX = ".snapshot"
MAGIC = b"returning-officer knowledge snapshot v1\n"
DIGEST = 32
KEEP = 4  # snapshots of different path lists kept side by side; the oldest go first
# Libraries whose version can change what a build reads or how a base unpickles.
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "openpyxl", "rapidfuzz")


def folder_in(data_dir: Path) -> Path:
    """Where snapshots live: a hidden folder in the bot's data folder (DATA_DIR)."""
    return Path(data_dir) / FOLDER


@functools.cache
def code_version() -> bytes:
    """A digest of this bot's code (every file of the package) and the versions that shape a build."""
    return package_digest(Path(__file__).resolve().parents[1])


def package_digest(package: Path) -> bytes:
    """A digest of every file in the package folder, Python's version and the libraries'."""
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(f"{file.relative_to(package).as_posix()}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    digest.update(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\0".encode())
    return digest.digest()


def fingerprint(paths: list[Path]) -> bytes | None:
    """What a build of `paths` depends on, as one digest; None when a path cannot be read
    (the build then reports it, and no snapshot is used)."""
    digest = hashlib.sha256(code_version())
    try:
        for path in map(Path, paths):
            if not path.exists():
                return None
            digest.update(b"path\0" + os.fsencode(str(path)) + b"\0")
            for file in list_files(path):
                data = file.read_bytes()
                digest.update(os.fsencode(str(file)) + b"\0" + f"{len(data)}\0".encode())
                digest.update(hashlib.sha256(data).digest())
    except OSError:
        return None
    return digest.digest()


def slot(folder: Path, paths: list[Path]) -> Path:
    """The one snapshot file for this list of paths (rewritten when they change)."""
    where = "\0".join(str(Path(p).resolve()) for p in paths)
    return folder / (
        hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:20] + SUFFIX
    )


def _signature(secret: bytes, key: bytes, payload) -> bytes:
    mac = hmac.new(secret, MAGIC + key, hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def _secret(folder: Path, create: bool) -> bytes | None:
    """The bot's signing key: made once, readable by the bot's user only. None when it is
    missing (and not to be made), damaged, or where someone else could have replaced it."""
    path = folder / KEY_FILE
    if not path.exists():
        if not create:
            return None
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".key-", delete=False) as temp:
            temp.write(os.urandom(DIGEST))  # the file is created readable by its owner only
        try:
            os.link(temp.name, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(temp.name)
    if not (_private(folder, 0o022) and _private(path, 0o077)):
        return None
    secret = path.read_bytes()
    return secret if len(secret) == DIGEST else None


def _private(path: Path, forbidden: int) -> bool:
    """Owned by this user, and without the `forbidden` permission bits (others writing to the
    folder could swap the key; others reading the key could sign)."""
    if not hasattr(os, "geteuid"):  # not POSIX: no owners to check
        return True
    status = path.stat()
    if status.st_uid == os.geteuid() and not status.st_mode & forbidden:
        return True
    log.warning("knowledge snapshots not used: %s is open to other users", path.name)
    return False


def _readable_secret(folder: Path) -> bytes | None:
    try:
        return _secret(folder, create=False)
    except OSError:  # unreadable: no snapshot can be checked, so none is trusted
        return None


def load(folder: Path, paths: list[Path], key: bytes) -> object | None:
    """The object saved for exactly this fingerprint, or None (and why, in the log)."""
    path = slot(folder, paths)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        log.info("no knowledge snapshot for these paths yet: building")
        return None
    except OSError as error:
        log.warning("knowledge snapshot %s unreadable (%s): building", path.name, error.strerror)
        return None
    head = len(MAGIC) + 2 * DIGEST
    if len(data) <= head or not data.startswith(MAGIC):
        log.warning("knowledge snapshot %s is damaged: ignored, building", path.name)
        return None
    stored_key = data[len(MAGIC) : len(MAGIC) + DIGEST]
    if stored_key != key:
        log.info(
            "knowledge snapshot %s is out of date (files or code changed): building", path.name
        )
        return None
    secret = _readable_secret(folder)
    payload = memoryview(data)[head:]
    signature = data[len(MAGIC) + DIGEST : head]
    if secret is None or not hmac.compare_digest(_signature(secret, key, payload), signature):
        log.warning(
            "knowledge snapshot %s is damaged or was not written by this bot: ignored, building",
            path.name,
        )
        return None
    try:
        with collector_paused():  # millions of objects that all live: no collections meanwhile
            return pickle.loads(payload)
    except Exception as error:  # signed by us, yet unreadable (a library changed under it)
        log.warning(
            "knowledge snapshot %s could not be read (%s): ignored, building",
            path.name,
            type(error).__name__,
        )
        return None


def save(folder: Path, paths: list[Path], key: bytes, value: object) -> Path | None:
    """Write the snapshot atomically (a temporary file renamed over the old one); None if the
    value cannot be pickled or written (logged: the bot runs on without a snapshot)."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        log.warning("knowledge snapshot not written: the base does not pickle (%s)", error)
        return None
    path = slot(folder, paths)
    temp = None
    try:
        secret = _secret(folder, create=True)
        if secret is None:
            log.warning("knowledge snapshot not written: no usable %s", KEY_FILE)
            return None
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-", delete=False) as out:
            temp = Path(out.name)
            out.write(MAGIC + key + _signature(secret, key, payload))
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as error:
        log.warning("knowledge snapshot not written (%s)", error.strerror or error)
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
        return None
    _prune(folder, keep=path)
    return path


def _prune(folder: Path, keep: Path) -> None:
    """Keep the newest few snapshots (one per list of paths): others are stale."""
    with contextlib.suppress(OSError):  # another process pruning at the same time
        found = sorted(
            folder.glob("*" + SUFFIX), key=lambda path: path.stat().st_mtime, reverse=True
        )
        for old in [p for p in found if p != keep][KEEP - 1 :]:
            old.unlink()


@contextlib.contextmanager
def collector_paused():
    """No garbage collection while a base is made: it is millions of objects that all live, and
    a collection over them blocks every thread (the event loop's too) for hundreds of ms. On
    success they are frozen (left out of every later collection), as a built base is."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
