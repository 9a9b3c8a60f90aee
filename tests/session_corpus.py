"""A corpus of damaged session files, made deterministically from two good ones.

``make_corpus(folder)`` writes the good files (version 1 ``base.json``: a 2-epoch run with a decay;
version 2 ``base.lrmon``: that run and a fork) and, beside them, several hundred damaged ones of
both versions: truncations, flipped bytes, wrong types and out-of-range values at every level of
the JSON, huge numbers, deep nesting, huge texts, broken archives (missing, duplicated, encrypted,
oversized members), and special files (FIFOs, devices behind symlinks, folders, sockets, symlink
loops, sparse files beyond the size limits). It returns ``[(name, path), ...]``; the tests
(``tests/test_corpus_cli.py``, ``tests/qt/test_corpus_window.py``) check that each is refused
cleanly or opened correctly, by the command line and by the window alike.

The tests load it by its path (they run with ``--import-mode=importlib`` and are not a package).
"""

from __future__ import annotations

import copy
import io
import json
import os
import socket
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20261125
DEEP = 150  # deeper than a session file may nest (100)

# Values put where the file has something else: wrong types, out of range, huge, nested.
BAD_VALUES: list[tuple[str, Any]] = [
    ("null", None),
    ("true", True),
    ("text", "x"),
    ("list", []),
    ("object", {}),
    ("minus-one", -1),
    ("half", 1.5),
    ("huge", 10**30),
    ("deep", json.loads("[" * DEEP + "]" * DEEP)),
]
HUGE_TEXT = "9" * 200_000

V1_PATHS = [
    ("format",), ("version",), ("config",), ("config", "problem"), ("config", "optimizer"), ("config", "lr"),
    ("config", "batch_size"), ("config", "epochs"), ("config", "seed"), ("config", "noise"),
    ("config", "train_size"), ("events",), ("events", 0), ("events", 0, "step"), ("events", 0, "kind"),
    ("events", 0, "factor"), ("summary",), ("summary", "steps"),
]
V2_PATHS = [
    ("version",), ("written_by",), ("runs",), ("runs", 0), ("runs", 0, "id"), ("runs", 0, "name"),
    ("runs", 0, "config"), ("runs", 0, "config", "batch_size"), ("runs", 0, "summary", "steps"),
    ("runs", 0, "summary", "status"), ("runs", 0, "events"), ("runs", 0, "applied"), ("runs", 1, "parent"),
    ("runs", 1, "fork_step"), ("runs", 1, "action"), ("runs", 1, "events", 0, "step"), ("runs", 0, "state"),
    ("runs", 0, "checkpoints", "spacing"), ("runs", 0, "arrays", "loss", "shape"),
    ("runs", 0, "arrays", "loss", "member"), ("checkpoints", 0, "step"), ("checkpoints", 0, "rng_state"),
    ("checkpoints", 0, "params", 0, "at"), ("blobs",),
]



def make_corpus(folder: Path) -> list[tuple[str, Path]]:
    from lrmonitor.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    v1, v2 = folder / "base.json", folder / "base.lrmon"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--at", "1:decay=0.5",
                 "--session", str(v1)]) == 0
    assert main(["compare", "--problem", "linear", "--epochs", "2", "--quiet", "--fork", "1:decay=0.5",
                 "--session", str(v2)]) == 0
    made: list[tuple[str, Path]] = [("v1-good", v1), ("v2-good", v2)]

    def add(name: str, data: bytes, suffix: str) -> None:
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        made.append((name, path))

    rng = np.random.default_rng(SEED)
    good_v1, good_v2 = v1.read_bytes(), v2.read_bytes()
    for version, good, suffix, cuts, flips in (("v1", good_v1, ".json", 20, 12), ("v2", good_v2, ".lrmon", 30, 20)):
        for cut in sorted(set(np.linspace(0, len(good) - 1, cuts).astype(int).tolist())):
            add(f"{version}-truncated-at-{cut}", good[:cut], suffix)
        for i, at in enumerate(sorted(rng.choice(len(good), flips, replace=False).tolist())):
            flipped = bytearray(good)
            flipped[at] ^= 1 << int(rng.integers(8))
            add(f"{version}-flipped-{i}-at-{at}", bytes(flipped), suffix)

    data_v1 = json.loads(good_v1)
    for where in V1_PATHS:
        for label, value in [*BAD_VALUES, *([("huge-text", HUGE_TEXT)] if where[-1] in ("problem", "steps") else [])]:
            add(f"v1-{'.'.join(map(str, where))}-{label}", json.dumps(_set(data_v1, where, value)).encode(), ".json")
    for where, label, value in [
        (("summary", "steps"), "2^31", 2**31), (("summary", "steps"), "2^63", 2**63),
        (("summary", "steps"), "10^12", 10**12), (("summary", "steps"), "one-more", 65),
        (("config", "epochs"), "10^9", 10**9), (("config", "batch_size"), "0", 0),
        (("config", "train_size"), "10^12", 10**12), (("config", "lr"), "1e400", float("inf")),
        (("events", 0, "step"), "10^6", 10**6), (("events", 0, "step"), "64", 64),
    ]:
        text = json.dumps(_set(data_v1, where, value)).replace("Infinity", "1e400")
        add(f"v1-{'.'.join(map(str, where))}-{label}", text.encode(), ".json")
    until = _set(data_v1, ("config", "epochs"), None)
    add("v1-until-stopped-10^12-steps", json.dumps(_set(until, ("summary", "steps"), 10**12)).encode(), ".json")
    del until["summary"]["steps"]
    add("v1-until-stopped-without-steps", json.dumps(until).encode(), ".json")
    many = [{"step": step, "kind": "decay", "factor": 0.99} for step in range(40)]  # valid: a long default name
    add("v1-events-40", json.dumps(_set(data_v1, ("events",), many)).encode(), ".json")
    add("v1-events-100k", json.dumps(_set(data_v1, ("events",), [data_v1["events"][0]] * 100_001)).encode(), ".json")
    add("v1-long-number", good_v1.replace(b'"seed": 0', b'"seed": ' + b"1" * 5000), ".json")
    add("v1-nan", good_v1.replace(b'"noise": 0.5', b'"noise": NaN'), ".json")
    add("v1-bom", b"\xef\xbb\xbf" + good_v1, ".json")
    add("v1-utf16", good_v1.decode().encode("utf-16"), ".json")
    add("v1-nested-arrays-100k", b"[" * 100_000 + b"]" * 100_000, ".json")
    add("v1-nested-objects-10k", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, ".json")
    add("v1-unclosed-nesting", b"[" * 100_000, ".json")
    add("v1-empty", b"", ".json")
    add("v1-blank", b" \n\t ", ".json")
    add("v1-nul-bytes", b"\0" * 100, ".json")
    add("v1-png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), ".json")
    add("v1-not-ours", b'{"name": "something else"}', ".json")
    add("v1-list", b"[1, 2, 3]", ".json")
    add("v1-newer-version", good_v1.replace(b'"version": 1', b'"version": 9'), ".json")
    add("v1-says-version-2", good_v1.replace(b'"version": 1', b'"version": 2'), ".json")

    manifest = json.loads(_members(good_v2)["manifest.json"])
    for where in V2_PATHS:
        for label, value in BAD_VALUES:
            add(f"v2-{'.'.join(map(str, where))}-{label}", _with_manifest(good_v2, _set(manifest, where, value)),
                ".lrmon")
    for where, label, value in [
        (("runs", 0, "summary", "steps"), "2^31", 2**31), (("runs", 0, "id"), "10^12", 10**12),
        (("runs", 0, "colour"), "10^9", 10**9), (("runs", 0, "arrays", "loss", "shape"), "2^40", [2**40]),
        (("runs", 0, "name"), "huge-text", HUGE_TEXT), (("runs", 1, "action"), "huge-text", HUGE_TEXT),
        (("runs", 1, "parent"), "itself", 2), (("runs", 0, "parent"), "cycle", 2),
        (("runs", 1, "id"), "duplicate", 1), (("runs",), "1001-runs", [manifest["runs"][0]] * 1001),
    ]:
        add(f"v2-{'.'.join(map(str, where))}-{label}", _with_manifest(good_v2, _set(manifest, where, value)), ".lrmon")
    members = _members(good_v2)
    add("v2-no-manifest", _zip({k: v for k, v in members.items() if k != "manifest.json"}), ".lrmon")
    add("v2-no-loss-array", _zip({k: v for k, v in members.items() if k != "runs/1/loss.npy"}), ".lrmon")
    add("v2-manifest-nested", _zip({**members, "manifest.json": b"[" * 100_000 + b"]" * 100_000}), ".lrmon")
    add("v2-manifest-not-json", _zip({**members, "manifest.json": b"{ not json"}), ".lrmon")
    add("v2-manifest-nan", _zip({**members, "manifest.json": members["manifest.json"].replace(b"0.05", b"NaN", 1)}),
        ".lrmon")
    add("v2-manifest-big-int", _zip({**members, "manifest.json": members["manifest.json"].replace(
        b'"version":2', b'"version":' + b"2" * 5000)}), ".lrmon")
    add("v2-manifest-70MB", _zip({**members, "manifest.json": b" " * (70 << 20)}), ".lrmon")
    add("v2-array-float32", _zip({**members, "runs/1/loss.npy": _npy(np.zeros(64, np.float32))}), ".lrmon")
    add("v2-array-object", _zip({**members, "runs/1/loss.npy": _npy(np.array([None] * 64, dtype=object))}), ".lrmon")
    add("v2-array-short", _zip({**members, "runs/1/loss.npy": _npy(np.zeros(63))}), ".lrmon")
    add("v2-array-garbage", _zip({**members, "runs/1/loss.npy": b"\x93NUMPY" + bytes(200)}), ".lrmon")
    add("v2-extra-member", _zip({**members, "extra/../../evil.txt": b"x"}), ".lrmon")
    add("v2-duplicate-member", _zip(members, duplicate="manifest.json"), ".lrmon")
    add("v2-encrypted-flag", _encrypted(good_v2), ".lrmon")
    add("v2-empty-zip", _zip({}), ".lrmon")
    add("v2-zip-magic-only", b"PK\x03\x04", ".lrmon")
    add("v2-zip-magic-then-zeros", b"PK\x03\x04" + bytes(4096), ".lrmon")
    add("v2-as-json-name", good_v2, ".json")
    add("v1-as-lrmon-name", good_v1, ".lrmon")
    add("v2-newer-version", _with_manifest(good_v2, _set(manifest, ("version",), 9)), ".lrmon")
    add("v2-other-format", _with_manifest(good_v2, _set(manifest, ("format",), "something-else")), ".lrmon")

    made.extend(_special_files(folder))
    return made


def _special_files(folder: Path) -> list[tuple[str, Path]]:
    made = []

    def link(name: str, target: str) -> None:
        path = folder / name
        path.symlink_to(target)
        made.append((name, path))

    for suffix in (".json", ".lrmon"):
        fifo = folder / f"fifo{suffix}"
        os.mkfifo(fifo)
        made.append((fifo.name, fifo))
        for device in ("zero", "urandom", "null"):
            link(f"dev-{device}{suffix}", f"/dev/{device}")
        folder_named = folder / f"a-folder{suffix}"
        folder_named.mkdir()
        made.append((folder_named.name, folder_named))
        link(f"dangling{suffix}", str(folder / "nowhere"))
        made.append((f"missing{suffix}", folder / f"missing{suffix}"))
    link("loop-a.json", str(folder / "loop-b.json"))
    link("loop-b.json", str(folder / "loop-a.json"))
    link("link-to-good.json", str(folder / "base.json"))
    link("link-to-fifo.lrmon", str(folder / "fifo.lrmon"))
    sparse_v1 = folder / "sparse-65MB.json"
    with open(sparse_v1, "wb") as handle:
        handle.write(b'{"format": "lrmonitor-session", ')
        handle.truncate(65 << 20)
    made.append((sparse_v1.name, sparse_v1))
    sparse_v2 = folder / "sparse-2100MB.lrmon"
    with open(sparse_v2, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(2100 << 20)
    made.append((sparse_v2.name, sparse_v2))
    sock_path = folder / "socket.json"
    if len(str(sock_path)) < 100:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(sock_path))
        made.append((sock_path.name, sock_path))
    return made


def _set(data: Any, where: tuple, value: Any) -> Any:
    changed = copy.deepcopy(data)
    node = changed
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    return changed


def _members(archive_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes], duplicate: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
            if duplicate is not None:
                archive.writestr(duplicate, members[duplicate])
    return buffer.getvalue()


def _with_manifest(archive_bytes: bytes, manifest: Any) -> bytes:
    members = _members(archive_bytes)
    members["manifest.json"] = json.dumps(manifest).encode()
    return _zip(members)


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _encrypted(archive_bytes: bytes) -> bytes:
    """The archive with the 'encrypted' flag set on every member (local and central headers)."""
    data = bytearray(archive_bytes)
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(magic)
        while at >= 0:
            data[at + offset] |= 1
            at = data.find(magic, at + 4)
    return bytes(data)
