from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "gongkai.web.publish"
    label = "publish"
    verbose_name = "主动公开"
