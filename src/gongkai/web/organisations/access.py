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

What belongs to a user rather than to an agency (an upload to check, `uploads.Batch`): the user
who owns it and administrators (`for_owner`); anyone else gets 404.

Managing the workbench (regions, agencies, users and their roles; the `manage` pages):

- administrator: everything, including the administrator role itself;
- office reviewer: what it reviews — the regions strictly below its office's region (it adds
  child regions under its own region or any below), the agencies it may review (those of the
  regions below, and the other agencies of its own region, its own office excepted), clerk
  roles for those agencies and reviewer roles for the offices among them (all strictly below
  its own); never its own office, its own office's reviewers, or anything outside its subtree;
- clerk: nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from gongkai.web.organisations.models import Agency, Membership, Region, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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


def reviewable_agencies(user: Any, using: str | None = None) -> QuerySet[Agency]:
    """The agencies `can_review` allows, as one queryset (the reviewed regions read once, not
    per agency): every one for administrators; a reviewer's region and below, the offices of
    the regions strictly below only."""
    db = _db(user, using)
    agencies = Agency.objects.using(db)
    if not _active(user):
        return agencies.none()
    if is_admin(user, db):
        return agencies.all()
    own = _reviewed_regions(user, db)
    if not own:
        return agencies.none()
    below = _reviewed_regions(user, db, strict=True)
    return agencies.filter(Q(region__in=own, is_office=False)
                           | Q(region__in=below, is_office=True))


def for_user(queryset: QuerySet, user: Any, agency_field: str = "agency") -> QuerySet:
    """`queryset` narrowed to rows of agencies the user may see; `agency_field` is the lookup
    path from the model to its Agency ("agency", "application__agency", …)."""
    if is_admin(user, queryset.db):
        return queryset
    if not _active(user):
        return queryset.none()
    return queryset.filter(**{f"{agency_field}__in": visible_agencies(user, queryset.db)})


def for_owner(queryset: QuerySet, user: Any, owner_field: str = "owner") -> QuerySet:
    """`queryset` of rows owned by a user (`owner_field`: the lookup path to that user)
    narrowed to those `user` may see: their own; every one for an administrator; none for
    anonymous and inactive users."""
    if is_admin(user, queryset.db):
        return queryset
    if not _active(user):
        return queryset.none()
    return queryset.filter(**{owner_field: user.pk})


# ------------------------------------------------------------------ managing the workbench

def _db(user: Any, using: str | None) -> str:
    return using or getattr(getattr(user, "_state", None), "db", None) or "default"


def can_manage(user: Any, using: str | None = None) -> bool:
    """May the user open the management pages at all: administrators, and reviewers of an
    office placed in a region. Clerks and everyone else: no (403)."""
    db = _db(user, using)
    return is_admin(user, db) or bool(_reviewed_regions(user, db))


def visible_regions(user: Any, using: str | None = None) -> QuerySet[Region]:
    """The regions the user may see: every one for administrators; the regions of a reviewer's
    offices and below; the regions of a clerk's agencies. A region outside answers 404."""
    db = _db(user, using)
    regions = Region.objects.using(db)
    if not _active(user):
        return regions.none()
    if is_admin(user, db):
        return regions.all()
    clerk = Agency.objects.using(db).filter(pk__in=_clerk_agencies(user, db))
    return regions.filter(Q(pk__in=_reviewed_regions(user, db))
                          | Q(pk__in=clerk.values("region_id")))


def manageable_regions(user: Any, using: str | None = None) -> QuerySet[Region]:
    """The regions the user manages: every one for administrators; for an office reviewer the
    regions strictly below its office's region. The office's own region is not among them."""
    db = _db(user, using)
    regions = Region.objects.using(db)
    if is_admin(user, db):
        return regions.all()
    return regions.filter(pk__in=_reviewed_regions(user, db, strict=True))


def can_manage_region(user: Any, region: Region) -> bool:
    db = region._state.db
    return is_admin(user, db) or region.pk in _reviewed_regions(user, db, strict=True)


def parent_regions(user: Any, using: str | None = None) -> QuerySet[Region]:
    """The regions under which the user may add a child region, and in which they may place an
    agency that is not an office: administrators everywhere; a reviewer in its office's region
    and below (the new region, or agency, is then in its scope)."""
    db = _db(user, using)
    regions = Region.objects.using(db)
    if is_admin(user, db):
        return regions.all()
    return regions.filter(pk__in=_reviewed_regions(user, db))


def can_add_region(user: Any, parent: Region | None, using: str | None = None) -> bool:
    """May the user add a region under `parent` (None: a top-level region, administrators
    only)."""
    db = parent._state.db if parent is not None else _db(user, using)
    if is_admin(user, db):
        return True
    return parent is not None and parent.pk in _reviewed_regions(user, db)


def manageable_agencies(user: Any, using: str | None = None) -> QuerySet[Agency]:
    """The agencies the user may edit (name, region, office) and give clerk roles for: every
    one for administrators; for a reviewer exactly the agencies it may review (see
    `can_review`): those of the regions below its office's, and the other agencies of its
    office's region. One rule with `reviewable_agencies`."""
    return reviewable_agencies(user, using)


def can_manage_agency(user: Any, agency: Agency) -> bool:
    """May the user edit `agency` and give roles for it: exactly when it may review it
    (`can_review`; administrators every agency)."""
    return can_review(user, agency)


def can_place_agency(user: Any, region: Region | None, is_office: bool,
                     using: str | None = None) -> bool:
    """May the user put an agency (a new one, or one they manage) in `region`, as an office or
    not: administrators anywhere (an agency without a region too); a reviewer puts agencies in
    its office's region or below, offices strictly below only (one office per region: its
    own region has its own office)."""
    db = region._state.db if region is not None else _db(user, using)
    if is_admin(user, db):
        return True
    if region is None:
        return False
    return region.pk in _reviewed_regions(user, db, strict=is_office)


def can_grant(user: Any, role: str, agency: Agency | None, using: str | None = None) -> bool:
    """May the user give (or take away) `role` for `agency`: the administrator role only an
    administrator; a clerk role for an agency the user manages; a reviewer role for an office
    the user manages (for a reviewer: an office strictly below its own)."""
    db = agency._state.db if agency is not None else _db(user, using)
    if role == Role.admin:
        return agency is None and is_admin(user, db)
    if agency is None or role not in (Role.clerk, Role.reviewer):
        return False
    if role == Role.reviewer and not agency.is_office:
        return False
    return can_manage_agency(user, agency)


def can_manage_membership(user: Any, membership: Membership) -> bool:
    db = membership._state.db
    return can_grant(user, membership.role, membership.agency, using=db)


def manageable_users(user: Any, using: str | None = None) -> QuerySet[User]:
    """The users the user manages (lists, gives roles to): every user for administrators; for a
    reviewer the users holding a role it may grant (a clerk of an agency it manages, a reviewer
    of an office below). The user themself is never among a reviewer's."""
    from django.contrib.auth import get_user_model

    db = _db(user, using)
    users = get_user_model().objects.using(db)
    if not _active(user):
        return users.none()
    if is_admin(user, db):
        return users.all()
    agencies = manageable_agencies(user, db)
    held = Membership.objects.using(db).filter(
        Q(role=Role.clerk, agency__in=agencies)
        | Q(role=Role.reviewer, agency__in=agencies.filter(is_office=True)))
    return users.filter(pk__in=held.values("user_id")).exclude(pk=user.pk)


def can_deactivate(user: Any, other: Any) -> bool:
    """May the user deactivate (or reactivate) `other`: an administrator anyone but themself;
    a reviewer a user every one of whose roles it may take away (not an administrator, and
    not someone who also works elsewhere)."""
    db = _db(other, None)
    if not _active(user) or other.pk == user.pk:
        return False
    if is_admin(user, db):
        return True
    if other.is_superuser:
        return False
    roles = list(Membership.objects.using(db).filter(user_id=other.pk).select_related("agency"))
    return bool(roles) and all(can_manage_membership(user, m) for m in roles)
