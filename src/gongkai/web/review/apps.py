from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gongkai.web.review"
    label = "review"
    verbose_name = "报送与审核"
