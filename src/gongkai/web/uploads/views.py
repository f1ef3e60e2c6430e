"""The upload pages: upload files or a zip, follow the job's progress, see and download each
file's results.

Any signed-in user may upload; a batch is seen only by the user who uploaded it and by
administrators (`access.for_owner`): anyone else gets 404, as for an agency they may not see.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.db import router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.web.organisations import access
from gongkai.web.uploads import export, jobs, limits
from gongkai.web.uploads.models import Batch, BatchStatus, FileResult
from gongkai.web.uploads.safety import (
    ACCEPTED,
    Member,
    Rejected,
    too_many,
    unpack,
)

_JSON = {"ensure_ascii": False}


def visible_batches(request: HttpRequest) -> QuerySet[Batch]:
    """The batches the user may see (`access.for_owner`): their own; every batch for an
    administrator."""
    return access.for_owner(Batch.objects.select_related("owner"), request.user)


def _batch(request: HttpRequest, batch_id: int) -> Batch:
    return jobs.expire_if_stale(get_object_or_404(visible_batches(request), pk=batch_id))


def _files(batch: Batch) -> list[FileResult]:
    return list(FileResult.objects.filter(batch=batch).defer("content", "report")
                .order_by("position"))


def _index_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "uploads/index.html", {
        "batches": visible_batches(request)[:50],
        "is_admin": access.is_admin(request.user),
        "error": error,
        "accepted": ACCEPTED,
        "limits": limits,
        "max_request_mb": limits.MAX_REQUEST_BYTES // limits.MB,
        "max_file_mb": limits.MAX_FILE_BYTES // limits.MB,
        "max_unpacked_mb": limits.MAX_UNPACKED_BYTES // limits.MB,
    }, status=status)


@login_required
@csrf_exempt  # the body is bounded before it is parsed; the CSRF check follows (`_upload`)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _index_page(request)
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = -1
    if size < 0:
        return _index_page(request, "请求无效：请求头 Content-Length 不是有效的字节数",
                           status=400)
    if size > limits.MAX_REQUEST_BYTES:
        return _index_page(request, f"上传内容过大（{size / limits.MB:.1f} MB），一次上传的上限为 "
                                    f"{limits.MAX_REQUEST_BYTES // limits.MB} MB，请分批上传",
                           status=413)
    try:
        request.POST  # noqa: B018  (parses the body: the files, bounded above)
    except TooManyFilesSent:  # DATA_UPLOAD_MAX_NUMBER_FILES is limits.MAX_FILES (settings)
        return _index_page(request, f"上传未被接受：{too_many()}", status=400)
    except RequestDataTooBig:
        return _index_page(request, "上传的表单内容过大", status=413)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    try:
        members = unpack(request.FILES.getlist("files"))
    except Rejected as rejected:
        return _index_page(request, f"上传未被接受：{rejected}", status=400)
    db = router.db_for_write(Batch)
    for unfinished in _unfinished(request).filter(heartbeat__lt=timezone.now() - timedelta(
            seconds=limits.STALE_AFTER_SECONDS)):
        jobs.expire_if_stale(unfinished)
    try:
        with transaction.atomic(using=db):
            # Write first: on SQLite a transaction that reads before it writes cannot wait for
            # another writer's lock ("database is locked" at once); one that writes first can.
            batch = save_batch(request.user, members, _uploaded_label(request))
            # Then take the uploader's row: parallel uploads of one user count one after the
            # other (PostgreSQL's READ COMMITTED would let each miss the other's new batch).
            # FOR NO KEY UPDATE: the new batch's foreign key holds a KEY SHARE lock on the same
            # row, which FOR UPDATE would wait for (two uploads, a deadlock).
            get_user_model().objects.using(db).select_for_update(no_key=True).get(
                pk=request.user.pk)
            active = _unfinished(request).exclude(pk=batch.pk).count()
            if active >= limits.MAX_ACTIVE_BATCHES:
                raise _Busy(active)  # rolls the batch back
            transaction.on_commit(lambda: jobs.start(batch.pk), using=db)
    except _Busy as busy:
        return _index_page(request, f"您已有 {busy.active} 个上传检查任务尚未完成（上限 "
                                    f"{limits.MAX_ACTIVE_BATCHES} 个），请等其完成后再上传",
                           status=429)
    return redirect("uploads:batch", batch_id=batch.pk)


class _Busy(Exception):
    def __init__(self, active: int) -> None:
        super().__init__(active)
        self.active = active


def _unfinished(request: HttpRequest) -> QuerySet[Batch]:
    return Batch.objects.filter(owner_id=request.user.pk,
                                status__in=[BatchStatus.queued, BatchStatus.running])


def _uploaded_label(request: HttpRequest) -> str:
    names = [f.name or "" for f in request.FILES.getlist("files")]
    label = "、".join(names[:3]) + (f" 等 {len(names)} 个文件" if len(names) > 3 else "")
    return label[:500]


def save_batch(user, members: list[Member], uploaded: str) -> Batch:
    """The batch and one row per file, its bytes waiting to be read (call in a transaction)."""
    batch = Batch.objects.create(owner=user, uploaded=uploaded, total=len(members),
                                 heartbeat=timezone.now())
    FileResult.objects.bulk_create([
        FileResult(batch=batch, position=i, name=m.name, size=len(m.data), content=m.data)
        for i, m in enumerate(members, start=1)
    ])
    return batch


@require_GET
@login_required
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = _batch(request, batch_id)
    files = _files(found)
    return render(request, "uploads/batch.html", {
        "batch": found,
        "files": files,
        "percent": round(100 * found.done / found.total) if found.total else 100,
    })


@require_GET
def status(request: HttpRequest, batch_id: int) -> JsonResponse:
    """The job's progress as JSON, for the page's polling."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "未登录"}, status=401, json_dumps_params=_JSON)
    found = _batch(request, batch_id)
    return JsonResponse({
        "batch": found.pk,
        "status": found.status,
        "status_label": found.get_status_display(),
        "done": found.done,
        "total": found.total,
        "finished": not found.active,
        "failure": found.failure or None,
    }, json_dumps_params=_JSON)


@require_GET
@login_required
def results_json(request: HttpRequest, batch_id: int) -> JsonResponse:
    found = _batch(request, batch_id)
    files = list(FileResult.objects.filter(batch=found).defer("content").order_by("position"))
    response = JsonResponse(export.batch_json(found, files),
                            json_dumps_params={**_JSON, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="upload-{found.pk}.json"'
    return response


@require_GET
@login_required
def results_csv(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = _batch(request, batch_id)
    response = HttpResponse(export.batch_csv(_files(found)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="upload-{found.pk}.csv"'
    return response
