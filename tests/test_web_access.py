"""The workbench's access rules (`gongkai.web.organisations.access`) and the first pages.

The rules are checked on SQLite and on the throwaway PostgreSQL database (the `store` and
`using` fixtures of tests/conftest.py); the pages through Django's test Client on SQLite (the
"default" database the views use). The data: a province with two cities, counties under them, a
township under one county, offices and agencies at each level, and a register of applications
(open, answered, withdrawn) in two agencies. Names carry a random tag so that the data of
other tests in the same database does not interfere."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

PAGES = ["/", "/agencies/{a}/"]


@dataclass
class World:
    tag: str
    regions: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    def ids(self, *names: str) -> set[int]:
        return {self.agencies[n].pk for n in names}

    def all_ids(self) -> set[int]:
        return {a.pk for a in self.agencies.values()}


def build_world(using: str) -> World:
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role
    from gongkai.web.register.models import Application, ApplicationEvent

    w = World(uuid.uuid4().hex[:6])

    def region(key: str, name: str, level: Level, parent: str | None = None) -> None:
        w.regions[key] = Region.objects.using(using).create(
            name=f"{name}{w.tag}", level=level,
            parent=w.regions[parent] if parent else None)

    region("P", "某省", Level.province)
    region("X", "甲市", Level.city, "P")
    region("Y", "乙市", Level.city, "P")
    region("X1", "甲一县", Level.county, "X")
    region("X2", "甲二区", Level.county, "X")
    region("Y1", "乙一县", Level.county, "Y")
    region("X1a", "甲一县某镇", Level.township, "X1")

    def agency(key: str, name: str, region_key: str | None, office: bool = False) -> None:
        w.agencies[key] = Agency.objects.using(using).create(
            name=f"{name}{w.tag}", is_office=office,
            region=w.regions[region_key] if region_key else None)

    agency("P-office", "某省人民政府办公厅", "P", office=True)
    agency("X-office", "甲市人民政府办公室", "X", office=True)
    agency("X-education", "甲市教育局", "X")
    agency("X-health", "甲市卫生健康委员会", "X")
    agency("X1-office", "甲一县人民政府办公室", "X1", office=True)
    agency("X1-police", "甲一县公安局", "X1")
    agency("X2-civil", "甲二区民政局", "X2")
    agency("X1a-town", "甲一县某镇人民政府", "X1a")
    agency("Y-office", "乙市人民政府办公室", "Y", office=True)
    agency("Y-finance", "乙市财政局", "Y")
    agency("Y1-land", "乙一县自然资源局", "Y1")
    agency("nowhere", "未分配地区的机关", None)

    def user(key: str, *roles: tuple[str, str | None], **extra: Any) -> None:
        u = User.objects.db_manager(using).create_user(f"{key}-{w.tag}", **extra)
        for role, agency_key in roles:
            Membership.objects.using(using).create(
                user=u, role=role, agency=w.agencies[agency_key] if agency_key else None)
        w.users[key] = u

    user("clerk-a", (Role.clerk, "X-education"))
    user("clerk-two", (Role.clerk, "X2-civil"), (Role.clerk, "Y1-land"))
    user("clerk-nowhere", (Role.clerk, "nowhere"))
    user("reviewer-x", (Role.reviewer, "X-office"))
    user("reviewer-x1", (Role.reviewer, "X1-office"))
    user("reviewer-y", (Role.reviewer, "Y-office"))
    user("reviewer-p", (Role.reviewer, "P-office"))
    user("admin", (Role.admin, None))
    user("superuser", is_superuser=True, is_staff=True)
    user("nobody")
    user("inactive", (Role.clerk, "X-education"), is_active=False)

    def applications(agency_key: str, prefix: str, open_: int, answered: int,
                     withdrawn: int) -> None:
        for i in range(open_ + answered + withdrawn):
            app = Application.objects.using(using).create(
                agency=w.agencies[agency_key], number=f"{prefix}-{i + 1:03d}",
                channel="online", submitted=date(2025, 3, 1 + i),
                applicant=f"申请人{i}", applicant_type="natural_person",
                content=f"关于第{i + 1}号事项的信息")
            if i >= open_:
                kind = "answered" if i < open_ + answered else "withdrawn"
                ApplicationEvent.objects.using(using).create(
                    application=app, position=1, kind=kind, on=date(2025, 4, 1 + i),
                    outcome="granted" if kind == "answered" else None)

    applications("X-education", "甲教申", open_=3, answered=2, withdrawn=1)
    applications("Y-finance", "乙财申", open_=2, answered=1, withdrawn=0)
    applications("X1-police", "甲一公申", open_=1, answered=0, withdrawn=0)
    return w


@pytest.fixture(scope="session")
def worlds(store) -> dict[str, World]:
    return {}


@pytest.fixture
def world(worlds: dict[str, World], using: str) -> World:
    if using not in worlds:
        worlds[using] = build_world(using)
    return worlds[using]


@pytest.fixture
def site(worlds: dict[str, World]):
    """The SQLite world, with the settings Django's test runner would set for the Client."""
    from django.test.utils import override_settings

    if "default" not in worlds:
        worlds["default"] = build_world("default")
    with override_settings(ALLOWED_HOSTS=["testserver"],
                           PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield worlds["default"]


def client_for(user=None, **kwargs):
    from django.test import Client

    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


# ------------------------------------------------------------------- the rules, both backends

def visible(world: World, key: str) -> set[int]:
    from gongkai.web.organisations.access import visible_agencies

    return {pk for pk in visible_agencies(world.users[key]).values_list("pk", flat=True)
            if pk in world.all_ids()}


def test_the_region_tree_and_supervising_offices(world, using):
    from django.core.exceptions import ValidationError

    from gongkai.web.organisations.models import Level, Region

    r = world.regions
    assert r["X"].descendant_ids() == {r[k].pk for k in ("X", "X1", "X2", "X1a")}
    assert r["X"].descendant_ids(include_self=False) == {r[k].pk for k in ("X1", "X2", "X1a")}
    assert [a.pk for a in r["X1a"].ancestors()] == [r["X1"].pk, r["X"].pk, r["P"].pk]
    with pytest.raises(ValidationError):
        Region.objects.using(using).create(name=f"错层{world.tag}", level=Level.city,
                                           parent=r["X1"])
    a = world.agencies
    assert a["X1-police"].supervising_office() == a["X1-office"]
    assert a["X1a-town"].supervising_office() == a["X1-office"]  # no office in the township
    assert a["X1-office"].supervising_office() == a["X-office"]
    assert a["X-office"].supervising_office() == a["P-office"]
    assert a["P-office"].supervising_office() is None
    assert a["nowhere"].supervising_office() is None


def test_a_clerk_sees_only_their_own_agencies(world):
    from gongkai.web.organisations.access import can_edit, can_review, can_view

    assert visible(world, "clerk-a") == world.ids("X-education")
    assert visible(world, "clerk-two") == world.ids("X2-civil", "Y1-land")
    assert visible(world, "clerk-nowhere") == world.ids("nowhere")
    clerk, a = world.users["clerk-a"], world.agencies
    assert can_view(clerk, a["X-education"]) and can_edit(clerk, a["X-education"])
    assert not can_review(clerk, a["X-education"])
    for other in ("X-health", "X-office", "Y-finance", "nowhere"):
        assert not can_view(clerk, a[other]) and not can_edit(clerk, a[other])


def test_an_office_reviewer_sees_its_region_and_all_below(world):
    from gongkai.web.organisations.access import can_edit, can_review, can_view

    city_x = world.ids("X-office", "X-education", "X-health", "X1-office", "X1-police",
                       "X2-civil", "X1a-town")
    assert visible(world, "reviewer-x") == city_x
    assert visible(world, "reviewer-y") == world.ids("Y-office", "Y-finance", "Y1-land")
    assert visible(world, "reviewer-x1") == world.ids("X1-office", "X1-police", "X1a-town")
    assert visible(world, "reviewer-p") == world.all_ids() - world.ids("nowhere")
    reviewer, a = world.users["reviewer-x"], world.agencies
    assert can_review(reviewer, a["X1a-town"]) and can_review(reviewer, a["X1-office"])
    assert not can_edit(reviewer, a["X-education"])
    assert can_view(reviewer, a["X-office"]) and not can_review(reviewer, a["X-office"])
    assert can_review(world.users["reviewer-p"], a["X-office"])  # the office above does
    for other in ("Y-office", "Y-finance", "Y1-land", "P-office", "nowhere"):
        assert not can_view(reviewer, a[other]) and not can_review(reviewer, a[other])


def test_administrators_see_everything_and_others_nothing(world, using):
    from django.contrib.auth.models import AnonymousUser

    from gongkai.web.organisations.access import (
        can_edit,
        can_review,
        can_view,
        for_user,
        visible_agencies,
    )
    from gongkai.web.organisations.models import Agency
    from gongkai.web.register.models import Application, ApplicationEvent

    everything = set(Agency.objects.using(using).values_list("pk", flat=True))
    for key in ("admin", "superuser"):
        assert set(visible_agencies(world.users[key]).values_list("pk", flat=True)) == everything
        for agency in world.agencies.values():
            user = world.users[key]
            assert can_view(user, agency) and can_edit(user, agency) and can_review(user, agency)
    for key in ("nobody", "inactive"):
        assert visible(world, key) == set()
        assert not can_view(world.users[key], world.agencies["X-education"])
    anonymous = AnonymousUser()
    assert not can_view(anonymous, world.agencies["X-education"])
    apps = Application.objects.using(using).filter(agency__in=world.all_ids())
    assert for_user(apps, anonymous).count() == 0
    assert for_user(apps, world.users["superuser"]).count() == 10
    mine = for_user(apps, world.users["clerk-a"])
    assert mine.count() == 6 and {x.agency_id for x in mine} == world.ids("X-education")
    assert for_user(apps, world.users["reviewer-x"]).count() == 7
    events = for_user(ApplicationEvent.objects.using(using), world.users["reviewer-y"],
                      agency_field="application__agency")
    assert {e.application.agency_id for e in events} == world.ids("Y-finance")


def test_roles_are_checked_when_saved(world, using):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from gongkai.web.organisations.models import Agency, Membership, Role

    with pytest.raises(ValidationError, match="主管部门"):
        Membership.objects.using(using).create(user=world.users["nobody"], role=Role.reviewer,
                                               agency=world.agencies["X-health"])
    with pytest.raises(IntegrityError), transaction.atomic(using=using):
        Membership.objects.using(using).create(user=world.users["nobody"], role=Role.admin,
                                               agency=world.agencies["X-health"])
    with pytest.raises(IntegrityError), transaction.atomic(using=using):
        Agency.objects.using(using).create(name=f"第二个办公室{world.tag}", is_office=True,
                                           region=world.regions["X"])
    with pytest.raises(IntegrityError), transaction.atomic(using=using):
        Agency.objects.using(using).create(name=f"无地区的办公室{world.tag}", is_office=True)


# ------------------------------------------------------------------ the pages, SQLite

def test_anonymous_users_are_sent_to_the_login_page(site):
    client = client_for()
    for page in PAGES:
        url = page.format(a=site.agencies["X-education"].pk)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")
    response = client.get("/api/agencies/")
    assert response.status_code == 401 and response.json() == {"error": "未登录"}
    login = client.get("/login/")
    assert login.status_code == 200 and "登录" in login.content.decode()


def test_a_clerk_gets_404_for_another_agencys_page(site):
    client = client_for(site.users["clerk-a"])
    own = client.get(f"/agencies/{site.agencies['X-education'].pk}/")
    assert own.status_code == 200
    html = own.content.decode()
    assert "办理中的申请（3 件）" in html
    assert {f"甲教申-00{i}" for i in (1, 2, 3)} <= set(re.findall(r"甲教申-\d+", html))
    assert "甲教申-004" not in html and "甲教申-006" not in html  # answered, withdrawn
    assert "主管部门：" + site.agencies["X-office"].name in html
    for other in ("Y-finance", "X-health", "X-office", "nowhere"):
        response = client.get(f"/agencies/{site.agencies[other].pk}/")
        assert response.status_code == 404
        assert "乙财申" not in response.content.decode()
    assert client.get("/agencies/999999999/").status_code == 404  # the same as a hidden one
    home = client.get("/").content.decode()
    assert site.agencies["X-education"].name in home
    assert site.agencies["Y-finance"].name not in home
    assert site.agencies["X-health"].name not in home


def api_names(site: World, key: str) -> set[str]:
    response = client_for(site.users[key]).get("/api/agencies/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    ours = {a.name for a in site.agencies.values()}
    return {a["name"] for a in response.json()["agencies"] if a["name"] in ours}


def names(site: World, *keys: str) -> set[str]:
    return {site.agencies[k].name for k in keys}


def test_the_api_honours_the_same_rules(site):
    assert api_names(site, "clerk-a") == names(site, "X-education")
    assert api_names(site, "reviewer-x") == names(
        site, "X-office", "X-education", "X-health", "X1-office", "X1-police", "X2-civil",
        "X1a-town")
    assert api_names(site, "reviewer-y") == names(site, "Y-office", "Y-finance", "Y1-land")
    assert api_names(site, "admin") == {a.name for a in site.agencies.values()}
    assert api_names(site, "nobody") == set()
    body = client_for(site.users["reviewer-x"]).get("/api/agencies/").json()["agencies"]
    office = next(a for a in body if a["name"] == site.agencies["X-office"].name)
    town = next(a for a in body if a["name"] == site.agencies["X1a-town"].name)
    assert office["is_office"] and not office["can_review"] and not office["can_edit"]
    assert town["can_review"] and town["region"]["level"] == "乡镇街道"


def test_an_office_reviewer_opens_its_agencies_pages_but_not_another_citys(site):
    client = client_for(site.users["reviewer-x"])
    page = client.get(f"/agencies/{site.agencies['X1-police'].pk}/")
    assert page.status_code == 200 and "甲一公申-001" in page.content.decode()
    assert "审核" in page.content.decode()
    assert client.get(f"/agencies/{site.agencies['Y-finance'].pk}/").status_code == 404
    admin = client_for(site.users["superuser"])
    page = admin.get(f"/agencies/{site.agencies['Y-finance'].pk}/")
    assert page.status_code == 200 and "办理中的申请（2 件）" in page.content.decode()


def test_csrf_is_enforced_on_unsafe_methods(site):
    from django.contrib.auth.models import User

    user = User.objects.get(pk=site.users["clerk-a"].pk)
    user.set_password("正确的密码")
    user.save()
    client = client_for(enforce_csrf_checks=True)
    refused = client.post("/login/", {"username": user.username, "password": "正确的密码"})
    assert refused.status_code == 403
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    wrong = client.post("/login/", {"username": user.username, "password": "错的",
                                    "csrfmiddlewaretoken": token})
    assert wrong.status_code == 200 and "用户名或密码不正确" in wrong.content.decode()
    done = client.post("/login/", {"username": user.username, "password": "正确的密码",
                                   "csrfmiddlewaretoken": token})
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200
    token = client.cookies["csrftoken"].value  # rotated at login
    assert client.post("/api/agencies/").status_code == 403
    assert client.post("/api/agencies/", HTTP_X_CSRFTOKEN=token).status_code == 405
    assert client.get("/logout/").status_code == 405  # logging out is a POST
    assert client.post("/logout/").status_code == 403
    out = client.post("/logout/", {"csrfmiddlewaretoken": token})
    assert out.status_code == 302
    assert client.get("/").status_code == 302


def test_the_management_entry_point_works(tmp_path):
    """`python -m gongkai.web check` with the SQLite default (what runserver checks first)."""
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.web", "check"], capture_output=True, text=True,
        cwd=tmp_path, check=False, timeout=120,
        env={"PATH": "/usr/bin:/bin", "GONGKAI_DB": str(tmp_path / "x.sqlite3"),
             "PYTHONPATH": ":".join(sys.path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
