"""Atomic writes: never replace what is not a regular file, keep what a replaced file was, all or nothing."""

import errno
import os
import stat

import pytest

from lrmonitor.core.files import atomic
from lrmonitor.core.files.atomic import atomic_writer, check_writable, together, write_text_atomic


def test_a_device_node_is_written_through_never_replaced(tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers: needs root
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert check_writable(node) == node
    write_text_atomic(node, "into the void\n")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temporary left beside it


def test_a_fifo_is_refused_never_replaced_and_never_opened(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for attempt in (check_writable, lambda p: write_text_atomic(p, "x")):
        with pytest.raises(ValueError, match="is a named pipe"):
            attempt(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_folder_and_a_trailing_slash_are_refused(tmp_path):
    with pytest.raises(ValueError, match="is a folder"):
        check_writable(tmp_path)
    with pytest.raises(ValueError, match="ends in '/' and so names a folder"):
        check_writable(f"{tmp_path}/newdir/")
    with pytest.raises(ValueError, match="file name is empty"):
        check_writable("")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_is_written_through_to_its_target(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_text_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"


def test_a_replaced_file_keeps_mode_owner_and_group(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n")
    os.chmod(path, 0o640)
    if os.geteuid() == 0:
        os.chown(path, 1234, 5678)
    before = os.stat(path)
    write_text_atomic(path, "new\n")
    after = os.stat(path)
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert path.read_text() == "new\n"


def test_together_renames_only_when_every_write_succeeded(tmp_path, monkeypatch):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("old a\n")
    second.write_text("old b\n")
    with pytest.raises(OSError) as err, together():
        write_text_atomic(first, "new a\n")
        assert first.read_text() == "old a\n"  # not yet: the group has not finished
        with atomic_writer(second) as handle:
            handle.write("half")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert err.value.filename == str(second)  # the message can name the file
    assert first.read_text() == "old a\n" and second.read_text() == "old b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]  # no temporary left

    with together():
        write_text_atomic(first, "new a\n")
        write_text_atomic(second, "new b\n")
    assert first.read_text() == "new a\n" and second.read_text() == "new b\n"


def test_a_full_disk_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as err:
        write_text_atomic(path, "x")
    assert err.value.filename == str(path) and err.value.strerror == "No space left on device"
    assert list(tmp_path.iterdir()) == []
