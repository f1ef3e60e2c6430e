"""Who may see, edit and review which agency: the one place these rules live. Every view and
API endpoint asks here (`visible_agencies`, `for_user`, `can_*`); none filters by hand.

Roles (see `Membership`):

- administrator (a superuser, or a membership with role admin): every agency;
- agency clerk: their own agency only — view and edit;
- office reviewer: the agencies of the office's region and of every region below it — view
  and review; not edit, and not review the office itself (no one reviews their own office;
  the office above, or an administrator, does).

Anonymous and inactive users see nothing. Agencies without a region are seen only by their
clerks and administrators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.web.organisations.models import Agency, Membership, Region, Role


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _memberships(user: Any, using: str | None) -> list[Membership]:
    """Read afresh each time (no cache on the user object, so a change applies at once)."""
    if not _active(user):
        return []
    db = using or user._state.db or "default"
    return list(Membership.objects.using(db).filter(user_id=user.pk)
                .select_related("agency__region"))


def is_admin(user: Any, using: str | None = None) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or any(m.role == Role.admin for m in _memberships(user, using))


def _reviewed_regions(user: Any, using: str | None, strict: bool = False) -> set[int]:
    """The regions whose agencies the user reviews: each of the user's offices' region and its
    subtree (`strict`: the regions below only)."""
    regions: set[int] = set()
    for m in _memberships(user, using):
        if m.role == Role.reviewer and m.agency.is_office and m.agency.region is not None:
            region: Region = m.agency.region
            regions |= region.descendant_ids(include_self=not strict)
    return regions


def _clerk_agencies(user: Any, using: str | None) -> set[int]:
    return {m.agency_id for m in _memberships(user, using) if m.role == Role.clerk}


def visible_agencies(user: Any, using: str | None = None) -> QuerySet[Agency]:
    """The agencies the user may see, as a queryset (on `using`, else the user's database)."""
    db = using or getattr(getattr(user, "_state", None), "db", None) or "default"
    agencies = Agency.objects.using(db)
    if not _active(user):
        return agencies.none()
    if is_admin(user, db):
        return agencies.all()
    clerk, regions = _clerk_agencies(user, db), _reviewed_regions(user, db)
    if not clerk and not regions:
        return agencies.none()
    return agencies.filter(Q(pk__in=clerk) | Q(region__in=regions))


def can_view(user: Any, agency: Agency) -> bool:
    db = agency._state.db
    if is_admin(user, db) or agency.pk in _clerk_agencies(user, db):
        return True
    return agency.region_id is not None and agency.region_id in _reviewed_regions(user, db)


def can_edit(user: Any, agency: Agency) -> bool:
    """Change the agency's register, publications and report: its clerks and administrators."""
    db = agency._state.db
    return is_admin(user, db) or agency.pk in _clerk_agencies(user, db)


def can_review(user: Any, agency: Agency) -> bool:
    """Review, return and accept the agency's report: reviewers of an office above it (or of
    the same region, the office itself excepted) and administrators."""
    db = agency._state.db
    if is_admin(user, db):
        return True
    # One office per region: an office is reviewed from the regions above it only.
    return (agency.region_id is not None
            and agency.region_id in _reviewed_regions(user, db, strict=agency.is_office))


def for_user(queryset: QuerySet, user: Any, agency_field: str = "agency") -> QuerySet:
    """`queryset` narrowed to rows of agencies the user may see; `agency_field` is the lookup
    path from the model to its Agency ("agency", "application__agency", …)."""
    if is_admin(user, queryset.db):
        return queryset
    if not _active(user):
        return queryset.none()
    return queryset.filter(**{f"{agency_field}__in": visible_agencies(user, queryset.db)})
