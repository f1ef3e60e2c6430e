"""The job of a batch: read (`gongkai.load.load_bytes`) and check (`gongkai.check.check`) each
file in turn, saving each file's result and the count done as it goes.

`start(batch_id)` hands the job to `runner`: by default one background thread per process
(`in_background`, jobs queue behind each other; the reader is CPU work, more threads would only
share the same core under the GIL); tests set `runner = run_batch` to run it at once.

A file the reader cannot read gets the reader's Chinese message as its result; a bug met on one
file is that file's result (R011), as in `gongkai batch`, and so is a result the database refuses
to store (the detail of both goes to the log, never to the page). Anything else that stops the
job (the database gone, …) marks the batch failed: the results so far are kept, the files not
reached are marked "未检查（任务中断）".

A running batch with no progress for `limits.STALE_AFTER_SECONDS` (the server stopped while it
ran) is marked failed the same way when it is next looked at (`expire_if_stale`). A queued batch
waits as long as the jobs ahead of it make progress; it is taken as lost (the server stopped
with it in its queue) only when it has waited that long and no running batch has made progress
in that time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, close_old_connections, router, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.check import check
from gongkai.diagnostics import ReadError
from gongkai.load import load_bytes
from gongkai.web.uploads import limits
from gongkai.web.uploads.models import Batch, BatchStatus, FileResult, FileState

log = logging.getLogger(__name__)

Runner = Callable[[int], None]

INTERNAL_ERROR = "读取或检查时程序内部出错（详情已记入服务器日志），请报告此错误"
NOT_SAVED = ("检查结果无法保存到数据库（文件中可能含有数据库不能保存的字符，详情已记入服务器"
             "日志），请检查文件内容后重新上传")
INTERRUPTED = ("检查过程中出错，任务已中断（详情已记入服务器日志）：已检查的文件结果保留，"
               "其余文件未检查，请稍后重新上传这些文件")


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
    """Read (`gongkai.load.load_bytes`: the file's name only chooses the format) and check
    one file."""
    from gongkai.web.reports.models import as_json

    try:  # PDFium's calls take its process-wide lock themselves (gongkai.read.pdfium)
        report = load_bytes(data, name, max_bytes=limits.MAX_FILE_BYTES)
        report.source = name
        result = check(report)
    except ReadError as error:
        return Outcome(FileState.unreadable, error_code=error.diagnostic.code,
                       error=error.diagnostic.message)
    except Exception:  # a bug must not stop the batch: record it, go on
        log.exception("reading %s failed", name)
        return Outcome(FileState.unreadable, error_code="R011", error=INTERNAL_ERROR)
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


def save_result(item: FileResult, outcome: Outcome) -> None:
    """Save one file's result; a result the database refuses (PostgreSQL stores no NUL
    character in text or JSON, …) is that file's result, as a file that cannot be read. An
    error saving that as well (the database gone) stops the batch."""
    try:
        save_outcome(item, outcome)
    except DatabaseError:
        log.exception("the result of %s (upload batch %s) could not be saved", item.name,
                      item.batch_id)
        save_outcome(item, Outcome(FileState.unreadable, error_code="R011", error=NOT_SAVED))


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
            save_result(item, examine(item.name, bytes(item.content or b"")))
    except Exception:
        log.exception("upload batch %s failed", batch_id)
        fail(batch_id, INTERRUPTED)
        return
    Batch.objects.filter(pk=batch_id, status=BatchStatus.running).update(
        status=BatchStatus.done, finished=timezone.now(), heartbeat=timezone.now())


def fail(batch_id: int, reason: str, *, seen: Batch | None = None) -> None:
    """Mark the batch failed with `reason`; the files not reached are marked skipped and their
    bytes dropped; the results so far stay as they are. With `seen`: only if the batch has not
    moved since (same status and heartbeat: the worker did not just claim it)."""
    now = timezone.now()
    with transaction.atomic(using=router.db_for_write(Batch)):
        batches = Batch.objects.filter(pk=batch_id)
        if seen is not None:
            batches = batches.filter(status=seen.status, heartbeat=seen.heartbeat)
        if batches.update(status=BatchStatus.failed, failure=reason, finished=now,
                          heartbeat=now):
            FileResult.objects.filter(batch_id=batch_id, state=FileState.pending).update(
                state=FileState.skipped, content=None)


def stale(batch: Batch) -> bool:
    """Whether the unfinished `batch` is taken as interrupted: running with no progress for
    `STALE_AFTER_SECONDS`; queued for that long while no running batch made progress in that
    time (the queue stood still: the server stopped with the batch in its queue)."""
    since = timezone.now() - timedelta(seconds=limits.STALE_AFTER_SECONDS)
    if not batch.active or batch.heartbeat >= since:
        return False
    if batch.status == BatchStatus.running:
        return True
    return not Batch.objects.filter(status=BatchStatus.running, heartbeat__gte=since).exists()


def expire_if_stale(batch: Batch) -> Batch:
    """`batch`, marked failed first when it is `stale`."""
    if stale(batch):
        minutes = limits.STALE_AFTER_SECONDS // 60
        fail(batch.pk, f"任务中断：超过 {minutes} 分钟没有进展（服务器可能在检查过程中重启），"
                       "已检查的文件结果保留，其余文件未检查，请重新上传这些文件", seen=batch)
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
