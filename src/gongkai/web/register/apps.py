from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "gongkai.web.register"
    label = "register"
    verbose_name = "政府信息公开台账"
