from django.db import models


class Agency(models.Model):
    """An agency that keeps a register and publishes an annual report."""

    name = models.CharField("名称", max_length=200, unique=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="agency_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name
