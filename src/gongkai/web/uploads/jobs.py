"""The job of a batch: read (`gongkai.load.load_report`) and check (`gongkai.check.check`) each
file in turn, saving each file's result and the count done as it goes.

`start(batch_id)` hands the job to `runner`: by default one background thread per process
(`in_background`, jobs queue behind each other; the reader is CPU work, more threads would only
share the same core under the GIL); tests set `runner = run_batch` to run it at once.

A file the reader cannot read gets the reader's Chinese message as its result; a bug met on one
file is that file's result (R011), as in `gongkai batch`. Anything else that stops the job (the
database gone, …) marks the batch failed with the reason: the results so far are kept, the files
not reached are marked "未检查（任务中断）". A batch with no progress for
`limits.STALE_AFTER_SECONDS` (the server stopped while it ran) is marked failed the same way
when it is next looked at (`expire_if_stale`).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import close_old_connections, router, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.check import check
from gongkai.diagnostics import ReadError
from gongkai.load import REPORT_SUFFIXES, load_report
from gongkai.web.uploads import limits
from gongkai.web.uploads.models import Batch, BatchStatus, FileResult, FileState
from gongkai.web.uploads.safety import PDFIUM_LOCK

log = logging.getLogger(__name__)

Runner = Callable[[int], None]


@dataclass
class Outcome:
    """What reading and checking one file gave."""

    state: str
    agency: str = ""
    year: int | None = None
    format: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    error_code: str = ""
    error: str = ""


def examine(name: str, data: bytes) -> Outcome:
    """Read and check one file. The bytes go to a temporary folder under a generated name
    (only the suffix is the file's own, for the reader's choice of format)."""
    from gongkai.web.reports.models import as_json

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="gongkai-upload-") as folder:
        path = Path(folder) / f"report{suffix if suffix in REPORT_SUFFIXES else ''}"
        path.write_bytes(data)
        try:
            with PDFIUM_LOCK:
                report = load_report(path, max_bytes=limits.MAX_FILE_BYTES)
                report.source = name
                result = check(report)
        except ReadError as error:
            return Outcome(FileState.unreadable, error_code=error.diagnostic.code,
                           error=error.diagnostic.message)
        except Exception as exc:  # a bug must not stop the batch: record it, go on
            log.exception("reading %s failed", name)
            return Outcome(FileState.unreadable, error_code="R011",
                           error=f"读取或检查时程序内部出错：{type(exc).__name__}: {exc}")
    return Outcome(
        FileState.checked, agency=report.agency or "", year=report.year, format=report.format,
        counts=result.summary,
        findings=[{"code": f.code, "severity": f.severity, "message": f.message}
                  for f in result.findings],
        report=as_json(report),
    )


def save_outcome(item: FileResult, outcome: Outcome) -> None:
    """One file's result and the batch's count, together."""
    now = timezone.now()
    with transaction.atomic(using=router.db_for_write(FileResult)):
        FileResult.objects.filter(pk=item.pk).update(
            state=outcome.state, agency=outcome.agency[:300], year=outcome.year,
            format=outcome.format, errors=outcome.counts.get("error", 0),
            warnings=outcome.counts.get("warning", 0), notices=outcome.counts.get("notice", 0),
            findings=outcome.findings, report=outcome.report, error_code=outcome.error_code,
            error=outcome.error, content=None)
        Batch.objects.filter(pk=item.batch_id).update(done=F("done") + 1, heartbeat=now)


def run_batch(batch_id: int) -> None:
    """The whole job of a batch, here and now. A batch not queued (already run, or expired) is
    left alone."""
    now = timezone.now()
    claimed = Batch.objects.filter(pk=batch_id, status=BatchStatus.queued).update(
        status=BatchStatus.running, heartbeat=now)
    if not claimed:
        return
    try:
        pending = FileResult.objects.filter(batch_id=batch_id, state=FileState.pending)
        for pk in pending.order_by("position").values_list("pk", flat=True):
            item = FileResult.objects.get(pk=pk)
            save_outcome(item, examine(item.name, bytes(item.content or b"")))
    except Exception as exc:
        log.exception("upload batch %s failed", batch_id)
        fail(batch_id, f"检查过程中出错，任务已中断：{type(exc).__name__}: {exc}")
        return
    Batch.objects.filter(pk=batch_id, status=BatchStatus.running).update(
        status=BatchStatus.done, finished=timezone.now(), heartbeat=timezone.now())


def fail(batch_id: int, reason: str) -> None:
    """Mark the batch failed with `reason`; the files not reached are marked skipped and their
    bytes dropped; the results so far stay as they are."""
    now = timezone.now()
    with transaction.atomic(using=router.db_for_write(Batch)):
        FileResult.objects.filter(batch_id=batch_id, state=FileState.pending).update(
            state=FileState.skipped, content=None)
        Batch.objects.filter(pk=batch_id).update(
            status=BatchStatus.failed, failure=reason, finished=now, heartbeat=now)


def expire_if_stale(batch: Batch) -> Batch:
    """A batch unfinished with no progress for `STALE_AFTER_SECONDS`: marked failed."""
    limit = timedelta(seconds=limits.STALE_AFTER_SECONDS)
    if batch.active and timezone.now() - batch.heartbeat > limit:
        minutes = limits.STALE_AFTER_SECONDS // 60
        fail(batch.pk, f"任务中断：超过 {minutes} 分钟没有进展（服务器可能在检查过程中重启），"
                       "已检查的文件结果保留，其余文件未检查，请重新上传这些文件")
        batch.refresh_from_db()
    return batch


# --------------------------------------------------------------------------------- runners

_executor: ThreadPoolExecutor | None = None


def _in_thread(batch_id: int) -> None:
    close_old_connections()
    try:
        run_batch(batch_id)
    except Exception:  # run_batch marks failures itself; this is the database gone as well
        log.exception("upload batch %s could not be run", batch_id)
    finally:
        from django.db import connections

        connections.close_all()  # this thread's connections


def in_background(batch_id: int) -> None:
    """Queue the batch on this process's worker thread."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai-upload")
    _executor.submit(_in_thread, batch_id)


runner: Runner = in_background


def start(batch_id: int) -> None:
    """Run the batch's job with the current `runner`."""
    runner(batch_id)
