"""The management pages (/manage/): the region tree, one region, one agency, the users and one
user. A supervising office runs its part of the workbench here without a shell.

Every lookup and every action asks `access`: clerks (and anyone else who manages nothing) get
403 on every page; a region or agency the user may not see answers 404, one seen but not
managed 403; a user outside the manager's scope 404. Each change is one transaction. Users are
never deleted (their history stays): they are deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.web.organisations import access
from gongkai.web.organisations.forms import AgencyForm, NewUserForm, RegionForm, RoleForm
from gongkai.web.organisations.models import Agency, Membership, Region, Role

_SAVE_FAILED = "保存失败：名称或角色与已有记录重复（可能刚被他人修改），请刷新页面后重试"


def _db(model: Any) -> str:
    return router.db_for_write(model)


def _require_manager(request: HttpRequest) -> str:
    """The database alias; 403 unless the user manages something."""
    if not access.can_manage(request.user):
        raise PermissionDenied("只有系统管理员和主管部门的审核人员可以管理机构与用户")
    return _db(Region)


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for ms in exc.message_dict.values() for m in ms)
    return "；".join(exc.messages)


# ------------------------------------------------------------------------ regions

@dataclass
class TreeRow:
    """One region of the tree as shown: its depth and the agencies the user sees in it."""

    region: Region
    depth: int
    agencies: list[tuple[Agency, bool]] = field(default_factory=list)  # (agency, manageable)


def _tree(user: Any, db: str, top: Region | None = None) -> list[TreeRow]:
    """The regions the user may add to (all for administrators; an office's region and below
    for its reviewers), depth first; `top`: that region's subtree only."""
    regions = list(access.parent_regions(user, db).order_by("level", "name"))
    if top is not None:
        subtree = top.descendant_ids()
        regions = [r for r in regions if r.pk in subtree]
    ids = {r.pk for r in regions}
    children: dict[int | None, list[Region]] = {}
    for region in regions:
        children.setdefault(region.parent_id if region.parent_id in ids else None,
                            []).append(region)
    agencies: dict[int, list[tuple[Agency, bool]]] = {}
    visible = access.visible_agencies(user, db).filter(region__in=ids).order_by("name")
    managed = set(access.manageable_agencies(user, db).values_list("pk", flat=True))
    for agency in visible:
        agencies.setdefault(agency.region_id, []).append((agency, agency.pk in managed))
    rows: list[TreeRow] = []

    def walk(region: Region, depth: int) -> None:
        rows.append(TreeRow(region, depth, agencies.get(region.pk, [])))
        for child in children.get(region.pk, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return rows


def _regions_page(request: HttpRequest, db: str, region_form: RegionForm | None = None,
                  agency_form: AgencyForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    admin = access.is_admin(user, db)
    return render(request, "organisations/manage_regions.html", {
        "rows": _tree(user, db),
        "is_admin": admin,
        "unplaced": Agency.objects.using(db).filter(region=None) if admin else [],
        "region_form": region_form or RegionForm(user=user, using=db),
        "agency_form": agency_form or AgencyForm(user=user, using=db),
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def regions(request: HttpRequest) -> HttpResponse:
    """The region tree with the forms adding a region or an agency (POST `form`=region or
    agency); a refused form shows the tree again with its errors (400)."""
    db = _require_manager(request)
    if request.method == "GET":
        return _regions_page(request, db)
    if request.POST.get("form") == "agency":
        agency_form = AgencyForm(request.POST, user=request.user, using=db)
        if agency_form.is_valid():
            try:
                with transaction.atomic(using=db):
                    agency = agency_form.save()
            except IntegrityError:
                agency_form.add_error(None, _SAVE_FAILED)
            else:
                return redirect("manage-agency", agency.pk)
        return _regions_page(request, db, agency_form=agency_form, status=400)
    region_form = RegionForm(request.POST, user=request.user, using=db)
    if region_form.is_valid():
        try:
            with transaction.atomic(using=db):
                region = region_form.region()
                region.save(using=db)
        except (IntegrityError, ValidationError):
            region_form.add_error(None, _SAVE_FAILED)
        else:
            return redirect("manage-region", region.pk)
    return _regions_page(request, db, region_form=region_form, status=400)


@require_GET
@login_required
def region(request: HttpRequest, region_id: int) -> HttpResponse:
    """One region: its subtree and agencies, and the two forms with it as the parent."""
    found = get_object_or_404(access.visible_regions(request.user), pk=region_id)
    db = _require_manager(request)
    if not access.can_add_region(request.user, found):
        raise PermissionDenied("您不能管理这个地区")
    user = request.user
    return render(request, "organisations/manage_region.html", {
        "region": found,
        "rows": _tree(user, db, top=found),
        "managed": access.can_manage_region(user, found),
        "region_form": RegionForm(user=user, using=db, initial={"parent": found.pk}),
        "agency_form": AgencyForm(user=user, using=db, initial={"region": found.pk}),
    })


# ------------------------------------------------------------------------ one agency

@require_http_methods(["GET", "POST"])
@login_required
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    """An agency's name, region and office mark; the roles held for it."""
    found = get_object_or_404(access.visible_agencies(request.user).select_related("region"),
                              pk=agency_id)
    db = _require_manager(request)
    if not access.can_manage_agency(request.user, found):
        raise PermissionDenied("您不能修改这个机关")
    status, saved = 200, False
    if request.method == "POST":
        form = AgencyForm(request.POST, user=request.user, using=db, instance=found)
        if form.is_valid():
            try:
                with transaction.atomic(using=db):
                    form.save()
            except IntegrityError:
                form.add_error(None, _SAVE_FAILED)
            else:
                return redirect(f"{request.path}?saved=1")
        status = 400
        found.refresh_from_db(using=db)
    else:
        form = AgencyForm(user=request.user, using=db, instance=found)
        saved = request.GET.get("saved") == "1"
    roles = [m for m in found.memberships.select_related("user").order_by("role", "user__username")
             if access.can_manage_membership(request.user, m)]
    return render(request, "organisations/manage_agency.html", {
        "agency": found, "form": form, "roles": roles, "saved": saved,
    }, status=status)


# ------------------------------------------------------------------------ users

def _shown_roles(request: HttpRequest, member: Any) -> list[Membership]:
    """The member's roles the manager may take away (an administrator: all of them)."""
    return [m for m in member.memberships.select_related("agency__region").order_by(
        "role", "agency__name") if access.can_manage_membership(request.user, m)]


def _users_page(request: HttpRequest, db: str, form: NewUserForm | None = None,
                status: int = 200) -> HttpResponse:
    users = access.manageable_users(request.user, db).order_by("username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.using(db)
                 .select_related("agency").order_by("role", "agency__name")))
    rows = [(u, [m for m in u.memberships.all() if access.can_manage_membership(request.user, m)])
            for u in users]
    return render(request, "organisations/manage_users.html", {
        "rows": rows,
        "form": form or NewUserForm(user=request.user, using=db),
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def users(request: HttpRequest) -> HttpResponse:
    """The users the manager manages, and the form creating a user with a first role."""
    db = _require_manager(request)
    if request.method == "GET":
        return _users_page(request, db)
    form = NewUserForm(request.POST, user=request.user, using=db)
    if form.is_valid():
        try:
            with transaction.atomic(using=db):
                member = form.new_user()
                member.save(using=db)
                form.membership(member).save(using=db)
        except (IntegrityError, ValidationError):
            form.add_error(None, _SAVE_FAILED)
        else:
            # The password is shown on this answer only: it is stored nowhere but as a hash.
            return _user_page(request, db, member, status=201, new_password=(
                form.cleaned_data["password"] if form.cleaned_data["generated"] else None),
                created=True)
    return _users_page(request, db, form=form, status=400)


def _member(request: HttpRequest, user_id: int) -> tuple[str, Any]:
    db = _require_manager(request)
    return db, get_object_or_404(access.manageable_users(request.user, db), pk=user_id)


def _user_page(request: HttpRequest, db: str, member: Any, form: RoleForm | None = None,
               status: int = 200, error: str = "", **extra: Any) -> HttpResponse:
    return render(request, "organisations/manage_user.html", {
        "member": member,
        "roles": _shown_roles(request, member),
        "form": form or RoleForm(user=request.user, using=db, member=member),
        "can_deactivate": access.can_deactivate(request.user, member),
        "error": error,
        **extra,
    }, status=status)


@require_GET
@login_required
def member_page(request: HttpRequest, user_id: int) -> HttpResponse:
    db, member = _member(request, user_id)
    return _user_page(request, db, member)


@require_POST
@login_required
def add_role(request: HttpRequest, user_id: int) -> HttpResponse:
    db, member = _member(request, user_id)
    form = RoleForm(request.POST, user=request.user, using=db, member=member)
    if form.is_valid():
        try:
            with transaction.atomic(using=db):
                form.membership(member).save(using=db)
        except (IntegrityError, ValidationError):
            form.add_error(None, _SAVE_FAILED)
        else:
            return redirect("manage-user", member.pk)
    return _user_page(request, db, member, form=form, status=400)


@require_POST
@login_required
def remove_role(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    db, member = _member(request, user_id)
    role = get_object_or_404(Membership.objects.using(db).select_related("agency"),
                             pk=membership_id, user=member)
    if not access.can_manage_membership(request.user, role):
        raise PermissionDenied("您不能取消这个角色")
    if member.pk == request.user.pk and role.role == Role.admin:
        return _user_page(request, db, member, status=400,
                          error="不能取消自己的系统管理员角色，请由其他管理员操作")
    with transaction.atomic(using=db):
        role.delete()
    if access.manageable_users(request.user, db).filter(pk=member.pk).exists():
        return redirect("manage-user", member.pk)
    return redirect("manage-users")  # no role left in the manager's scope


@require_POST
@login_required
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate (`active`=0) or reactivate (`active`=1) a user: never deleted, so their
    history stays; a deactivated user can no longer sign in."""
    db, member = _member(request, user_id)
    if not access.can_deactivate(request.user, member):
        raise PermissionDenied("您不能停用这个用户：他还在您管理范围以外的机关任职，或者是您自己")
    active = request.POST.get("active")
    if active not in ("0", "1"):
        return _user_page(request, db, member, status=400, error="请选择停用或恢复")
    with transaction.atomic(using=db):
        get_user_model().objects.using(db).filter(pk=member.pk).update(is_active=active == "1")
    return redirect("manage-user", member.pk)
