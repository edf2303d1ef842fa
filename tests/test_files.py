"""The validated readers and atomic writers of crmarena.files."""

from __future__ import annotations

import pytest

from crmarena.errors import CrmarenaError


def test_read_text_names_binary_and_non_utf8_files(tmp_path):
    from crmarena.files import read_text

    (tmp_path / "ok.txt").write_text("héllo\n", encoding="utf-8")
    assert read_text(tmp_path / "ok.txt", "the file") == "héllo\n"
    (tmp_path / "bin").write_bytes(b"a\x00b")
    with pytest.raises(CrmarenaError, match=r"the file .*bin is a binary file"):
        read_text(tmp_path / "bin", "the file")
    (tmp_path / "latin").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CrmarenaError, match="not UTF-8 text .*offset 3"):
        read_text(tmp_path / "latin", "the file")
    with pytest.raises(CrmarenaError, match="is a folder"):
        read_text(tmp_path, "the file")


def test_read_json_object_wants_an_object(tmp_path):
    from crmarena.files import read_json_object

    (tmp_path / "a.json").write_text('{"k": 1}')
    assert read_json_object(tmp_path / "a.json", "manifest") == {"k": 1}
    (tmp_path / "b.json").write_text("[1]")
    with pytest.raises(CrmarenaError, match="must hold a JSON object, not a list"):
        read_json_object(tmp_path / "b.json", "manifest")
    (tmp_path / "c.json").write_text('{"k": ')
    with pytest.raises(CrmarenaError, match="is not valid JSON"):
        read_json_object(tmp_path / "c.json", "manifest")


def test_parquet_readers_check_footer_columns_and_pages(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crmarena.files import read_frame, read_parquet

    f = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": list(range(1000)), "b": [str(i) * 20 for i in range(1000)]}), f,
                   compression="none")
    assert read_parquet(f, ["a"]).column_names == ["a"]
    assert list(read_frame(f, ["b"]).columns) == ["b"]
    with pytest.raises(CrmarenaError, match="lacks the column c"):
        read_frame(f, ["a", "c"])
    with pytest.raises(CrmarenaError, match="is missing"):
        read_parquet(tmp_path / "none.parquet")
    data = f.read_bytes()
    (tmp_path / "trunc.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(CrmarenaError, match="trunc.parquet is not a readable Parquet file"):
        read_parquet(tmp_path / "trunc.parquet")
    col = pq.ParquetFile(f).metadata.row_group(0).column(1)       # a valid footer over a broken page header
    broken = bytearray(data)
    broken[col.data_page_offset:col.data_page_offset + 8] = b"\xff" * 8
    (tmp_path / "page.parquet").write_bytes(bytes(broken))
    with pytest.raises(CrmarenaError, match="page.parquet is a corrupted Parquet file"):
        read_frame(tmp_path / "page.parquet")


def test_atomic_write_leaves_nothing_when_it_cannot_write(tmp_path):
    from crmarena.files import check_out_file, write_text_atomic

    out = write_text_atomic(tmp_path / "x.jsonl", "a\n")
    assert out.read_text() == "a\n" and sorted(p.name for p in tmp_path.iterdir()) == ["x.jsonl"]
    (tmp_path / "file").write_text("")
    with pytest.raises(CrmarenaError, match="does not exist"):
        check_out_file(tmp_path / "file" / "x.jsonl")
    with pytest.raises(CrmarenaError, match="is a folder"):
        write_text_atomic(tmp_path, "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "x.jsonl"]


def test_the_suite_never_writes_the_users_state():
    """tests/conftest.py points XDG_DATA_HOME / XDG_CONFIG_HOME into a temporary folder for the session."""
    import os
    import tempfile

    from crmarena.store.org import _known_file, _state_file
    from tests.conftest import user_state_dirs

    tmp = os.path.realpath(tempfile.gettempdir())
    for name, before in user_state_dirs().items():
        now = os.path.realpath(os.environ[name])
        assert now.startswith(tmp) and now != (os.path.realpath(before) if before else None), name
    assert os.path.realpath(_state_file()).startswith(tmp) and os.path.realpath(_known_file()).startswith(tmp)
    assert "CRMARENA_ORG" not in os.environ
