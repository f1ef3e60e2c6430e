"""An upload to check (`Batch`) and what came of each of its files (`FileResult`).

The uploaded bytes wait in `FileResult.content` until the job has read the file, then are
dropped; the batch and its files are saved in one transaction or not at all. A batch is seen
only by the user who uploaded it and by administrators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BatchStatus(models.TextChoices):
    queued = "queued", "排队等待"
    running = "running", "正在检查"
    done = "done", "已完成"
    failed = "failed", "已中断"


class FileState(models.TextChoices):
    pending = "pending", "等待检查"
    checked = "checked", "已检查"
    unreadable = "unreadable", "无法读取"
    skipped = "skipped", "未检查（任务中断）"


class Batch(models.Model):
    """一次上传：一个或多个文件（或 ZIP 压缩包中的文件），逐份读取并检查."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                              related_name="upload_batches", verbose_name="上传人")
    created = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded = models.CharField("上传的文件", max_length=500)
    status = models.CharField("状态", max_length=20, choices=BatchStatus.choices,
                              default=BatchStatus.queued)
    total = models.PositiveIntegerField("文件数")
    done = models.PositiveIntegerField("已处理", default=0)
    heartbeat = models.DateTimeField("最近进展")
    finished = models.DateTimeField("结束时间", null=True, blank=True)
    failure = models.TextField("中断原因", blank=True)

    class Meta:
        verbose_name = "上传检查任务"
        verbose_name_plural = "上传检查任务"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["owner", "status"], name="uploads_batch_owner_status")]

    def __str__(self) -> str:
        return f"上传检查 {self.pk}（{self.uploaded}）"

    @property
    def active(self) -> bool:
        return self.status in (BatchStatus.queued, BatchStatus.running)


class FileResult(models.Model):
    """一份文件的读取与检查结果."""

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="files", verbose_name="任务")
    position = models.PositiveIntegerField("序号")
    name = models.CharField("文件", max_length=600)
    size = models.PositiveBigIntegerField("大小（字节）")
    content = models.BinaryField("待检查的文件内容", null=True)
    state = models.CharField("状态", max_length=20, choices=FileState.choices,
                             default=FileState.pending)
    agency = models.CharField("机关", max_length=300, blank=True)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    format = models.CharField("格式版本", max_length=10, blank=True)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    notices = models.PositiveIntegerField("提示", default=0)
    findings = models.JSONField("问题清单", default=list)  # [{code, severity, message}, …]
    report = models.JSONField("报告（交换格式）", null=True)
    error_code = models.CharField("读取错误代码", max_length=10, blank=True)
    error = models.TextField("读取错误", blank=True)

    class Meta:
        verbose_name = "文件检查结果"
        verbose_name_plural = "文件检查结果"
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"],
                                               name="uploads_file_position_unique")]

    def __str__(self) -> str:
        return self.name
