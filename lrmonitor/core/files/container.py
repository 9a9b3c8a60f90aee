"""The version-2 container: a zip archive of ``manifest.json`` and numpy arrays (``.npy``, no pickle).

Writing: :class:`ArchiveWriter` adds the manifest (deflated) and arrays, each deflated only where
that pays (a sample compresses to under :data:`PAYS` of its size: the rate column, a staircase,
does; mini-batch losses, noise in every bit of the mantissa, do not, and are stored as they are,
so reading them costs a copy, not a decompression). Member times are fixed, so the same runs give
the same bytes.

Reading is strict and bounded: :class:`ArchiveReader` refuses a file that is not a complete zip
archive, has more than :data:`MAX_MEMBERS` members, a central directory larger than
:data:`MAX_DIRECTORY_BYTES`, duplicate names, encryption, compression other than stored or
deflate, or a member that declares more than :data:`MAX_MEMBER_BYTES` (the manifest:
:data:`MAX_MANIFEST_BYTES`) uncompressed or decompresses to anything but what it declares (so a
zip bomb costs at most what the limits allow). An array must have exactly the dtype and shape the
manifest declares, and a header that numpy parses without evaluating anything. Every problem is a
:class:`DamagedError` with one sentence; the caller names the file.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from typing import Any, BinaryIO

import numpy as np

from . import jsontext

MANIFEST = "manifest.json"
MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 16 << 20
MAX_MEMBER_BYTES = 1 << 30  # uncompressed, per member: 134 million float64 values
MAX_MANIFEST_BYTES = 64 << 20
MAX_TOTAL_BYTES = 3 << 30  # uncompressed, all members read from one file
MAX_HEADER_BYTES = 4096  # an .npy header of ours is 128 bytes
PAYS = 0.8  # deflate a member when a sample of it shrinks to less than this fraction
SAMPLE = 1 << 18
BLOCK = 1 << 20  # bytes of an array written at a time
DTYPES = {"float64": np.dtype("<f8"), "int64": np.dtype("<i8")}  # the only dtypes a file may hold
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_EOCD = b"PK\x05\x06"


class DamagedError(ValueError):
    """A problem inside a session file, in one sentence without the file's name."""


class ArchiveWriter:
    """Writes members into an open binary file (use inside ``atomic_writer(path, binary=True)``)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._zip = zipfile.ZipFile(handle, "w", allowZip64=False)
        self._names: set[str] = set()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc) -> None:
        self._zip.close()

    def add_json(self, name: str, data: Any) -> None:
        text = json.dumps(data, allow_nan=False, separators=(",", ":"), ensure_ascii=False)
        self._add(name, text.encode("utf-8"), compress=True)

    def add_array(self, name: str, array: np.ndarray) -> dict[str, Any]:
        """Add ``array`` as ``name`` (.npy, little-endian, its memory order kept for 2-D arrays);
        returns its declaration for the manifest: member, dtype and shape.

        The values are streamed into the archive in blocks, never copied whole: an autosave of
        a run of 10^7 steps must not double the window's memory while it writes.
        """
        kind = dtype_name(array.dtype)
        data = np.asarray(array).astype(DTYPES[kind], copy=False)
        described = np.lib.format.header_data_from_array_1_0(data)
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, described)
        in_order = data.T if described["fortran_order"] else data  # numpy's own layout of the values
        raw = memoryview(np.ascontiguousarray(in_order)).cast("B")
        size = len(header.getvalue()) + raw.nbytes
        self._check(name, size)
        self._names.add(name)
        info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED if _pays(raw) else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        info.file_size = size  # known in advance: the member is written without a data descriptor
        with self._zip.open(info, "w") as member:
            member.write(header.getvalue())
            for start in range(0, raw.nbytes, BLOCK):
                member.write(raw[start : start + BLOCK])
        return {"member": name, "dtype": kind, "shape": list(data.shape)}

    def _check(self, name: str, size: int) -> None:
        if name in self._names:
            raise ValueError(f"member {name!r} was added twice")
        if size > (MAX_MANIFEST_BYTES if name == MANIFEST else MAX_MEMBER_BYTES):
            raise ValueError(
                f"{name} would be {size:,} bytes: more than a session file may hold "
                f"({MAX_MEMBER_BYTES:,} per member, {MAX_MANIFEST_BYTES:,} for the manifest)"
            )

    def _add(self, name: str, raw: bytes, compress: bool) -> None:
        self._check(name, len(raw))
        self._names.add(name)
        info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, raw, compresslevel=6 if compress else None)


def dtype_name(dtype: np.dtype) -> str:
    for name, allowed in DTYPES.items():
        if np.dtype(dtype) == allowed:
            return name
    raise ValueError(f"arrays of dtype {np.dtype(dtype)} cannot be stored: allowed are {', '.join(DTYPES)}")


def _pays(raw: bytes | memoryview) -> bool:
    """Whether deflating pays: judged on samples from the start, middle and end (fast on 10^6 steps)."""
    if len(raw) <= SAMPLE:
        sample = bytes(raw)
    else:
        third = SAMPLE // 3
        middle = len(raw) // 2
        sample = bytes(raw[:third]) + bytes(raw[middle : middle + third]) + bytes(raw[-third:])
    return len(zlib.compress(sample, 6)) < PAYS * len(sample)


class ArchiveReader:
    """Reads the members of a version-2 file, within the limits above."""

    def __init__(self, handle: BinaryIO, size: int) -> None:
        _check_directory(handle, size)
        try:
            self._zip = zipfile.ZipFile(handle)
        except zipfile.BadZipFile as err:
            raise DamagedError(f"it is not a complete zip archive (truncated or damaged?): {err}") from None
        except NotImplementedError as err:
            raise DamagedError(f"it is a zip archive lrmonitor does not read: {err}") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DamagedError(f"it has {len(infos):,} members: allowed are at most {MAX_MEMBERS:,}")
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.filename in self._infos:
                raise DamagedError(f"it holds the member '{info.filename}' twice")
            self._infos[info.filename] = info
        self._read = 0

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def manifest(self) -> dict[str, Any]:
        raw = self._member(MANIFEST, "the manifest", MAX_MANIFEST_BYTES)
        try:
            data = jsontext.parse(raw)
        except jsontext.JsonError as err:
            if str(err).startswith("it is not UTF-8"):
                raise DamagedError(f"{MANIFEST} is not UTF-8 text") from None
            raise DamagedError(f"{MANIFEST} is {'not valid JSON' if err.syntax else 'out of bounds'}: {err}") from None
        if not isinstance(data, dict):
            raise DamagedError(f"{MANIFEST} is not a JSON object")
        return data

    def array(self, declaration: Any, what: str, dtype: str, shape: tuple[int, ...] | None = None,
              ndim: int = 1) -> np.ndarray:
        """The array a manifest ``declaration`` ({member, dtype, shape}) names, checked against the
        expected ``dtype`` and ``shape`` (or only ``ndim`` if the shape is not known in advance)
        and against its own .npy header. ``what`` names it in messages. Read-only, 1-D or ``shape``."""
        if not isinstance(declaration, dict):
            raise DamagedError(f"{what} is not declared as an object with member, dtype and shape")
        member, declared_dtype, declared_shape = (declaration.get(k) for k in ("member", "dtype", "shape"))
        if not isinstance(member, str) or not member or len(member) > 300:
            raise DamagedError(f"{what} names no member (got {_short(member)})")
        if declared_dtype != dtype:
            raise DamagedError(f"{what} is declared as {_short(declared_dtype)}: expected {dtype}")
        if (not isinstance(declared_shape, list) or len(declared_shape) != ndim
                or not all(_is_int(n) and 0 <= n <= MAX_MEMBER_BYTES for n in declared_shape)):
            raise DamagedError(f"{what} has the declared shape {_short(declared_shape)}: expected {ndim} sizes >= 0")
        declared = tuple(declared_shape)
        if shape is not None and declared != shape:
            raise DamagedError(f"{what} is declared with shape {_shape(declared)}: expected {_shape(shape)}")
        expected = DTYPES[dtype]
        nbytes = int(np.prod(declared, dtype=np.int64)) * expected.itemsize
        if nbytes > MAX_MEMBER_BYTES:
            raise DamagedError(f"{what} would be {nbytes:,} bytes: allowed are at most {MAX_MEMBER_BYTES:,}")
        raw = self._member(member, what, MAX_MEMBER_BYTES)
        stream = io.BytesIO(raw)
        try:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                header = np.lib.format.read_array_header_1_0(stream, max_header_size=MAX_HEADER_BYTES)
            elif version == (2, 0):
                header = np.lib.format.read_array_header_2_0(stream, max_header_size=MAX_HEADER_BYTES)
            else:
                raise ValueError(f"npy format version {version} is not known")
        except (ValueError, TypeError, SyntaxError, EOFError) as err:
            raise DamagedError(f"{what} ('{member}') is not a valid .npy array: {' '.join(str(err).split())}") from None
        found_shape, fortran, found_dtype = header
        if found_dtype != expected or found_dtype.hasobject:
            raise DamagedError(f"{what} ('{member}') holds {found_dtype} values: expected {dtype} ({expected.str})")
        if tuple(found_shape) != declared:
            raise DamagedError(f"{what} ('{member}') has shape {_shape(found_shape)}: declared {_shape(declared)}")
        offset = stream.tell()
        if len(raw) - offset != nbytes:
            raise DamagedError(f"{what} ('{member}') has {len(raw) - offset:,} bytes of data: expected {nbytes:,}")
        flat = np.frombuffer(raw, dtype=expected, count=nbytes // expected.itemsize, offset=offset)
        return flat.reshape(declared, order="F" if fortran else "C")

    def _member(self, name: str, what: str, limit: int) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise DamagedError(f"{what} ('{name}') is missing from the archive")
        if info.flag_bits & 0x1:
            raise DamagedError(f"the member '{name}' is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DamagedError(f"the member '{name}' uses compression method {info.compress_type}: "
                               "allowed are stored (0) and deflate (8)")
        if info.file_size > limit:
            raise DamagedError(f"the member '{name}' declares {info.file_size:,} bytes uncompressed: "
                               f"allowed are at most {limit:,}")
        if self._read + info.file_size > MAX_TOTAL_BYTES:
            raise DamagedError(f"its members declare more than {MAX_TOTAL_BYTES:,} bytes uncompressed in all")
        self._read += info.file_size
        try:
            with self._zip.open(info) as stream:
                data = stream.read(info.file_size)  # never more than declared: a bomb stops here
        except (zipfile.BadZipFile, NotImplementedError) as err:
            raise DamagedError(f"the member '{name}' is damaged: {err}") from None
        except (zlib.error, EOFError) as err:
            raise DamagedError(f"the member '{name}' does not decompress (truncated or damaged?): {err}") from None
        if len(data) != info.file_size:
            raise DamagedError(f"the member '{name}' is truncated: {len(data):,} of {info.file_size:,} bytes")
        return data


def _check_directory(handle: BinaryIO, size: int) -> None:
    """Before zipfile parses the central directory: it must be found, small and not zip64."""
    tail = min(size, 22 + 0xFFFF)
    handle.seek(size - tail)
    data = handle.read(tail)
    at = data.rfind(_EOCD)
    if at < 0 or len(data) - at < 22:
        raise DamagedError("it is not a complete zip archive (truncated or damaged?): no end of central directory")
    _, _, _, _, entries, directory, start, _ = struct.unpack("<4s4H2LH", data[at : at + 22])
    if entries == 0xFFFF or directory == 0xFFFFFFFF or start == 0xFFFFFFFF:
        raise DamagedError("it is a zip64 archive: allowed are plain zip archives (as lrmonitor writes)")
    if entries > MAX_MEMBERS:
        raise DamagedError(f"it has {entries:,} members: allowed are at most {MAX_MEMBERS:,}")
    if directory > MAX_DIRECTORY_BYTES:
        raise DamagedError(f"its central directory is {directory:,} bytes: allowed are at most {MAX_DIRECTORY_BYTES:,}")
    handle.seek(0)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shape(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
