"""Regions, agencies and who may do what for them.

The region tree has four levels (省/市/县区/乡镇街道). A child's level is below its parent's but
may skip one: the districts of a municipality (北京市, a province-level city) sit directly under
it. An agency belongs to a region (agencies the command line creates by name have none until
someone places them); an agency marked `is_office` is its region's supervising office
(政务公开办/政府办公室). The permission rules themselves live in `access.py`, nowhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Level(models.IntegerChoices):
    province = 1, "省级"
    city = 2, "市级"
    county = 3, "县区级"
    township = 4, "乡镇街道"


class Region(models.Model):
    """One administrative region of the tree."""

    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name="上级地区")

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="region_name_not_blank"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4),
                                   name="region_level_known"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")),
                                   name="region_not_its_own_parent"),
            models.UniqueConstraint(fields=["parent", "name"], name="region_name_unique_in_parent"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent__isnull=True),
                                    name="region_top_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent is not None and self.parent.level >= self.level:
            raise ValidationError({"level": "下级地区的层级须低于上级地区"})

    def save(self, *args, **kwargs) -> None:
        self.clean()  # the level rule spans two rows, so no database constraint can hold it
        super().save(*args, **kwargs)

    def descendant_ids(self, include_self: bool = True) -> set[int]:
        """The ids of this region's subtree: one query per level (at most four)."""
        manager = type(self).objects.db_manager(self._state.db)
        found = {self.pk} if include_self else set()
        frontier = {self.pk}
        while frontier:
            frontier = set(manager.filter(parent__in=frontier).values_list("pk", flat=True))
            frontier -= found
            found |= frontier
        return found

    def ancestors(self) -> list[Region]:
        """From the parent up to the top."""
        chain, region = [], self.parent
        while region is not None:
            chain.append(region)
            region = region.parent
        return chain


class Agency(models.Model):
    """An agency that keeps a register and publishes an annual report."""

    name = models.CharField("名称", max_length=200, unique=True)
    region = models.ForeignKey(Region, models.PROTECT, null=True, blank=True,
                               related_name="agencies", verbose_name="地区")
    is_office = models.BooleanField("主管部门（政务公开办/政府办公室）", default=False)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="agency_name_not_blank"),
            models.CheckConstraint(condition=Q(is_office=False) | Q(region__isnull=False),
                                   name="agency_office_has_region"),
            models.UniqueConstraint(fields=["region"], condition=Q(is_office=True),
                                    name="agency_one_office_per_region"),
        ]

    def __str__(self) -> str:
        return self.name

    def supervising_office(self) -> Agency | None:
        """The office of the agency's region, else of the nearest region above that has one. An
        office's own supervisor is the office above it."""
        if self.region is None:
            return None
        regions = ([] if self.is_office else [self.region]) + self.region.ancestors()
        offices = {a.region_id: a for a in type(self).objects.db_manager(self._state.db)
                   .filter(is_office=True, region__in=regions)}
        return next((offices[r.pk] for r in regions if r.pk in offices), None)


class Role(models.TextChoices):
    clerk = "clerk", "机关工作人员"
    reviewer = "reviewer", "主管部门审核人员"
    admin = "admin", "系统管理员"


class Membership(models.Model):
    """A user's role: clerk of an agency, reviewer for an office, or administrator (no agency).
    Superusers are administrators without a membership."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="memberships", verbose_name="用户")
    agency = models.ForeignKey(Agency, models.CASCADE, null=True, blank=True,
                               related_name="memberships", verbose_name="机关")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(condition=(Q(role="admin", agency__isnull=True)
                                              | (~Q(role="admin") & Q(agency__isnull=False))),
                                   name="membership_agency_unless_admin"),
            models.UniqueConstraint(fields=["user", "agency", "role"],
                                    name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}" + (f" · {self.agency}"
                                                             if self.agency else "")

    def clean(self) -> None:
        if self.role == Role.reviewer and self.agency is not None and not self.agency.is_office:
            raise ValidationError({"agency": "审核人员须属于主管部门（政务公开办/政府办公室）"})

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)
