from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "gongkai.web.organisations"
    label = "organisations"
    verbose_name = "机关"
