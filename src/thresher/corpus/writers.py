"""Shard writers: JSONL (plain, gzip, zstd) or Parquet, written aside and renamed when whole."""

from __future__ import annotations

import gzip
import json
import os
import types
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import IO, Any

from ..article import Article

FORMATS = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "jsonl.zst": ".jsonl.zst",
           "parquet": ".parquet"}
#: Provenance columns, in order, after the Article fields.
PROVENANCE = ("id", "source_file", "record_id", "record_offset", "target_uri", "fetch_date",
              "http_status", "content_type", "thresher_version")
DEDUP = ("dup_of", "cluster", "dup_kind")


def dumps(row: dict[str, Any]) -> str:
    """One JSONL line (UTF-8, compact, keys in the given order)."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


class ShardWriter:
    """Writes rows to `<path>.tmp`; `commit` renames it into place atomically."""

    def __init__(self, path: Path, fmt: str, *, dedup: bool = False,
                 row_group_size: int = 2000) -> None:
        self.path, self.fmt = path, fmt
        self.tmp = path.with_name(path.name + ".tmp")
        self.rows = 0
        self.row_group_size = row_group_size
        self._batch: list[dict[str, Any]] = []
        self._parquet: Any = None
        self._schema = parquet_schema(dedup) if fmt == "parquet" else None
        self._fh: IO[str] | None = None if fmt == "parquet" else _open_text(self.tmp, fmt)

    def write(self, row: dict[str, Any]) -> None:
        self.rows += 1
        if self._fh is not None:
            self._fh.write(dumps(row))
            return
        self._batch.append(row)
        if len(self._batch) >= self.row_group_size:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.tmp, self._schema, compression="zstd")
        table = pa.Table.from_pylist(self._batch, schema=self._schema)
        self._parquet.write_table(table, row_group_size=self.row_group_size)
        self._batch = []

    def commit(self) -> None:
        """Close the shard and move it into place (fsynced first)."""
        if self._fh is not None:
            self._fh.close()
        else:
            if self._batch or self._parquet is None:
                self._flush()
            self._parquet.close()
        _fsync(self.tmp)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            if self._fh is not None:
                self._fh.close()
            elif self._parquet is not None:
                self._parquet.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def _open_text(path: Path, fmt: str) -> IO[str]:
    if fmt == "jsonl.gz":
        raw = open(path, "wb")  # noqa: SIM115 - closed with the GzipFile wrapper
        gz = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="", compresslevel=6)
        gz.myfileobj = raw  # type: ignore[attr-defined]  # closed with it
        return _TextOver(gz)
    if fmt == "jsonl.zst":
        import zstandard

        stream = zstandard.ZstdCompressor(level=6).stream_writer(open(path, "wb"),  # noqa: SIM115
                                                                 closefd=True)
        return _TextOver(stream)
    return open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115


class _TextOver:
    """A minimal text writer over a binary stream (write and close)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(text.encode("utf-8"))

    def close(self) -> None:
        self.raw.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to `path` through a temporary file and a rename."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, path)


def parquet_schema(dedup: bool = False) -> Any:
    """The Arrow schema of a row: the Article fields, provenance, and the dedup marks."""
    import pyarrow as pa

    cols = [pa.field(f.name, _arrow_type(hint)) for f, hint in _hints(Article)]
    cols += [pa.field(name, pa.int64() if name in ("record_offset", "http_status")
                      else pa.string()) for name in PROVENANCE]
    if dedup:
        cols += [pa.field(name, pa.string()) for name in DEDUP]
    return pa.schema(cols)


def _hints(cls: type) -> list[tuple[Any, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in fields(cls)]


def _arrow_type(hint: Any) -> Any:
    import pyarrow as pa

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(args[0]) if len(args) == 1 else pa.string()
    if origin in (list, tuple):
        return pa.list_(_arrow_type(typing.get_args(hint)[0]))
    if origin is dict:
        return pa.map_(pa.string(), _arrow_type(typing.get_args(hint)[1]))
    if is_dataclass(hint):
        return pa.struct([pa.field(f.name, _arrow_type(h)) for f, h in _hints(hint)])
    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()
            }.get(hint, pa.string())
