from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "gongkai.web.statistics"
    label = "statistics"
    verbose_name = "统计"
