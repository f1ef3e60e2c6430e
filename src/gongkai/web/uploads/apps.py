from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "gongkai.web.uploads"
    label = "uploads"
    verbose_name = "上传检查"
