"""gongkai batch: a mixed, nested corpus into a Parquet + CSV dataset; resume; Dask."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from gongkai import interchange
from gongkai.cli import app
from gongkai.format import get_format
from gongkai.rollup import batch, dataset, schema, work
from gongkai.rollup.corpus import MANIFEST, generate, read_manifest
from gongkai.rollup.dataset import Dataset

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[1] / "docs" / "dataset.md"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    # seed 18 injects every kind of fault, among them files that are not reports
    generate(root, 30, kinds=["text", "html"], years=(2020, 2023), faults=0.2, seed=18)
    (root / "deep" / "er").mkdir(parents=True)
    (root / "deep" / "er" / "broken.html").write_bytes(b"")
    (root / "deep" / "notice.txt").write_text("关于春节值班的通知\n请各单位做好值班。\n",
                                              encoding="utf-8")
    rows = read_manifest(root / MANIFEST)
    first = next(r for r in rows if not r["fault"])
    report = interchange.loads(interchange.dumps(
        {"format": first["format"], "agency": "JSON局", "year": 2023,
         "cells": {"t3.new_received.total": 5}}))
    (root / "deep" / "data.json").write_text(interchange.dumps(report), encoding="utf-8")
    return root


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _snapshot(out: Path) -> dict[str, list]:
    ds = Dataset(out)
    snap = {}
    for table in ("metadata", "cells_long", "findings", "failures", "cells_wide"):
        rows = ds.read(table).to_pylist()
        snap[table] = sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items()))
    return snap


def test_batch_dataset_rows_in_parquet_and_csv(corpus: Path, tmp_path: Path):
    out = tmp_path / "ds"
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    manifest = read_manifest(corpus / MANIFEST)
    unreadable = {r["path"] for r in manifest if r["fault"] == "not-a-report"}
    assert unreadable
    ds = Dataset(out)
    meta = ds.read("metadata").to_pylist()
    failures = ds.read("failures").to_pylist()
    assert {f["source"] for f in failures} == unreadable | {"deep/er/broken.html",
                                                            "deep/notice.txt"}
    assert {f["code"] for f in failures} == {"R008", "R002"}
    assert all(f["reason"] for f in failures)
    assert len(meta) == len(manifest) - len(unreadable) + 1  # + the JSON
    by_source = {m["source"]: m for m in meta}
    for row in manifest:
        if row["path"] in unreadable:
            continue
        m = by_source[row["path"]]
        assert (m["agency"], m["year"], m["format"]) == (row["agency"], int(row["year"]),
                                                          row["format"])
        assert len(m["report_id"]) == 64
    # long form: one row per report × key; wide form: one row per report
    long = ds.read("cells_long")
    assert long.num_rows == sum(len(get_format(m["format"]).keys) for m in meta)
    wide = ds.read("cells_wide").to_pylist()
    assert len(wide) == len(meta)
    one = next(w for w in wide if w["agency"] == "JSON局")
    assert one["t3.new_received.total"] == 5 and one["t3.granted.total"] is None
    long_rows = [r for r in long.to_pylist() if r["report_id"] == one["report_id"]]
    values = {r["key"]: r["value"] for r in long_rows}
    assert values["t3.new_received.total"] == 5 and values["t3.granted.total"] is None
    # findings: each faulty report's expected code is there
    findings = ds.read("findings").to_pylist()
    codes_by_id: dict[str, set[str]] = {}
    for f in findings:
        codes_by_id.setdefault(f["report_id"], set()).add(f["code"])
    faulty = [row for row in manifest if row["fault"] and row["path"] not in unreadable]
    assert {row["expected_code"] for row in faulty} == {"T3-102", "T4-101", "P1-101"}
    for row in faulty:
        assert row["expected_code"] in codes_by_id[by_source[row["path"]]["report_id"]]
    for row in manifest:
        if row["path"] in unreadable:
            assert {f["code"] for f in failures if f["source"] == row["path"]} == {
                row["expected_code"]}
    # CSV holds the same rows as Parquet, with the schema's columns
    for table in schema.tables():
        csv_rows = _csv_rows(out / f"{table.name}.csv")
        assert csv_rows, table.name  # every table has rows in this corpus
        assert list(csv_rows[0]) == table.names
        assert len(csv_rows) == ds.read(table.name).num_rows
        for part in ds.parts(table.name):
            assert pq.read_schema(part).names == table.names
    csv_meta = {r["source"]: r for r in _csv_rows(out / "metadata.csv")}
    assert csv_meta["deep/data.json"]["agency"] == "JSON局"
    csv_long = [r for r in _csv_rows(out / "cells_long.csv") if r["report_id"] == one["report_id"]]
    assert {r["key"]: r["value"] for r in csv_long}["t3.granted.total"] == ""


def test_resume_skips_done_files(corpus: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "ds"
    first = batch.run_batch(corpus, out, workers=0, commit_reports=10, task_files=5)
    assert first.processed == first.files and first.skipped == 0 and first.chunks >= 3
    before = _snapshot(out)
    calls: list[str] = []
    real = work.process_one
    monkeypatch.setattr(work, "process_one", lambda item, rows: (calls.append(item.source),
                                                                  real(item, rows)))
    again = batch.run_batch(corpus, out, workers=0)
    assert calls == [] and again.skipped == again.files and again.processed == 0
    assert _snapshot(out) == before
    # a new file is the only one read; a renamed copy of a done file is skipped
    src = next(p for p in corpus.rglob("*.html") if p.stat().st_size > 0)
    extra = tmp_path / "extra"
    shutil.copytree(corpus, extra)
    shutil.copy(src, extra / "renamed-copy.html")
    (extra / "new.txt").write_text("不是年报\n", encoding="utf-8")
    calls.clear()
    third = batch.run_batch(extra, out, workers=0)
    assert calls == ["new.txt"] and third.processed == 1


def test_interrupted_commit_is_rolled_back(corpus: Path, tmp_path: Path):
    out = tmp_path / "ds"
    batch.run_batch(corpus, out, workers=0, commit_reports=10, task_files=5)
    before = _snapshot(out)
    chunks = Dataset(out).state["chunks"]
    # what a run killed in the middle of a commit leaves: a part file of the next chunk,
    # a half-written temporary file and CSV bytes past the recorded length
    (out / "metadata" / f"part-{chunks:06d}.parquet").write_bytes(b"partial")
    (out / "findings" / ".part-x.parquet.tmp").write_bytes(b"partial")
    with (out / "cells_long.csv").open("ab") as fh:
        fh.write(b"abc,t3.x,1\nhalf-a-li")
    assert _snapshot(out) == before
    assert not (out / "metadata" / f"part-{chunks:06d}.parquet").exists()
    again = batch.run_batch(corpus, out, workers=0)
    assert again.processed == 0
    assert len(_csv_rows(out / "cells_long.csv")) == Dataset(out).read("cells_long").num_rows


class _Killed(BaseException):
    pass


def test_run_killed_in_the_middle_of_a_task_resumes(corpus: Path, tmp_path: Path, monkeypatch):
    clean = tmp_path / "clean"
    batch.run_batch(corpus, clean, workers=0, task_files=5)
    out = tmp_path / "ds"
    real = pq.write_table

    def dying(table, where, **kwargs):
        # tasks 0 and 1 are committed (10 reports); task 2 is written, not yet committed;
        # task 3 is killed while writing its second table: half a temporary file is left
        if Path(where).parent.name == "cells_long" and ".part-000003." in Path(where).name:
            Path(where).write_bytes(b"PAR1half")
            raise _Killed
        real(table, where, **kwargs)

    monkeypatch.setattr(dataset.pq, "write_table", dying)
    with pytest.raises(_Killed):
        batch.run_batch(corpus, out, workers=0, task_files=5, commit_reports=10)
    monkeypatch.undo()
    assert (out / "metadata" / "part-000002.parquet").exists()  # written, not committed
    assert list((out / "cells_long").glob(".part-000003*"))
    ds = Dataset(out)
    assert ds.state["parts"] == [0, 1]
    for table in schema.tables():
        assert all(dataset._part_of(p) in (0, 1) for p in ds.parts(table.name))
        for path in (out / table.name).iterdir():
            assert path.name in {"part-000000.parquet", "part-000001.parquet"}
        csv_rows = _csv_rows(out / f"{table.name}.csv") if ds.csv(table.name).exists() else []
        assert len(csv_rows) == ds.read(table.name).num_rows
    assert ds.read("metadata").num_rows + ds.read("failures").num_rows == 10
    again = batch.run_batch(corpus, out, workers=0, task_files=5)
    assert again.skipped == 10 and again.processed == again.files - 10
    assert _snapshot(out) == _snapshot(clean)
    ds = Dataset(out)
    assert ds.state["parts"][:2] == [0, 1]  # uncommitted numbers are free again
    for table in schema.tables():
        assert len(_csv_rows(out / f"{table.name}.csv")) == ds.read(table.name).num_rows


def test_version_1_state_is_read(corpus: Path, tmp_path: Path):
    import json

    out = tmp_path / "ds"
    batch.run_batch(corpus, out, workers=0, task_files=5, commit_reports=1000)
    before = _snapshot(out)
    state = json.loads((out / "_state.json").read_text(encoding="utf-8"))
    parts = state.pop("parts")
    state.pop("next_part")
    assert parts == list(range(len(parts))) and state["chunks"] == len(parts)
    (out / "_state.json").write_text(json.dumps({**state, "version": 1}), encoding="utf-8")
    assert _snapshot(out) == before
    again = batch.run_batch(corpus, out, workers=0)
    assert again.processed == 0


def test_dask_local_cluster_gives_the_same_dataset(corpus: Path, tmp_path: Path):
    from distributed import LocalCluster

    local, remote = tmp_path / "local", tmp_path / "dask"
    batch.run_batch(corpus, local, workers=0)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address=None) as cluster:
        result = runner.invoke(app, ["batch", str(corpus), "-o", str(remote),
                                     "--dask", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert _snapshot(remote) == _snapshot(local)


def test_dataset_docs_match_the_schema():
    assert DOCS.read_text(encoding="utf-8") == schema.markdown()


def test_worker_reads_as_every_verb_and_records_internal_errors(tmp_path: Path, monkeypatch):
    """A worker reads a file with gongkai.load.load_report: the size limit holds (R003), JSON is
    told by its content, and a bug while reading or checking is R011, not a corrupt file."""
    report = tmp_path / "r.txt"
    report.write_text("不是年报，但很长。" * 20, encoding="utf-8")
    sniffed = tmp_path / "data.dat"  # interchange JSON under another suffix
    sniffed.write_text(interchange.dumps({"format": "2021", "agency": "JSON局", "year": 2023,
                                          "cells": {}}), encoding="utf-8")

    def run(path: Path) -> work.Rows:
        rows = work.empty_rows()
        work.process_one(work.Item(str(path), path.name, "0" * 64), rows)
        return rows

    monkeypatch.setattr("gongkai.read.MAX_BYTES", 16)
    assert run(report)["failures"]["code"] == ["R003"]
    monkeypatch.undo()
    rows = run(sniffed)
    assert rows["metadata"]["agency"] == ["JSON局"]
    assert rows["metadata"]["size_bytes"] == [sniffed.stat().st_size]

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(work, "check", broken)
    failures = run(sniffed)["failures"]
    assert failures["code"] == ["R011"] and "RuntimeError: bug" in failures["reason"][0]
