"""The management pages (/manage/): regions, agencies, users and roles, and who may manage what
(`access.can_manage*`, `manageable_*`, `can_grant`, `can_deactivate`).

Each test runs on SQLite and on the throwaway PostgreSQL database (the `web_db` fixture routes
the views and the test data to one of them). The world: a province with two cities (甲市 with
a county, 乙市), an office in each of the three, agencies, an administrator, the 甲市 office's
two reviewers, clerks. Names carry a random tag: the databases are shared by the session.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

PASSWORD = "Chun-Feng-2025!"  # passes Django's validators


@dataclass
class World:
    tag: str
    regions: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(web_db: str) -> World:
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role

    w = World(uuid.uuid4().hex[:6])
    for key, name, level, parent in [("P", "某省", Level.province, None),
                                     ("X", "甲市", Level.city, "P"),
                                     ("Y", "乙市", Level.city, "P"),
                                     ("X1", "甲一县", Level.county, "X")]:
        w.regions[key] = Region.objects.create(name=f"{name}{w.tag}", level=level,
                                               parent=w.regions.get(parent))
    for key, name, region, office in [("P-office", "某省政府办公厅", "P", True),
                                      ("X-office", "甲市政府办公室", "X", True),
                                      ("X-education", "甲市教育局", "X", False),
                                      ("X1-police", "甲一县公安局", "X1", False),
                                      ("Y-office", "乙市政府办公室", "Y", True),
                                      ("Y-finance", "乙市财政局", "Y", False)]:
        w.agencies[key] = Agency.objects.create(name=f"{name}{w.tag}", region=w.regions[region],
                                                is_office=office)
    for key, roles in [("admin", [(Role.admin, None)]),
                       ("reviewer-x", [(Role.reviewer, "X-office")]),
                       ("reviewer-x-peer", [(Role.reviewer, "X-office")]),
                       ("reviewer-y", [(Role.reviewer, "Y-office")]),
                       ("clerk-a", [(Role.clerk, "X-education")]),
                       ("clerk-two", [(Role.clerk, "X1-police"), (Role.clerk, "Y-finance")])]:
        user = User.objects.create_user(f"{key}-{w.tag}", password=PASSWORD)
        for role, agency in roles:
            Membership.objects.create(user=user, role=role,
                                      agency=w.agencies[agency] if agency else None)
        w.users[key] = user
    return w


def client_for(user: Any = None):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def counts(tag: str) -> tuple[int, int, int, int]:
    """Regions, agencies, users and roles whose names carry `tag`: what a refusal must leave."""
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Membership, Region

    return (Region.objects.filter(name__contains=tag).count(),
            Agency.objects.filter(name__contains=tag).count(),
            User.objects.filter(username__contains=tag).count(),
            Membership.objects.filter(user__username__contains=tag).count())


def new_user(client, username: str, agency_id: int | str | None, role: str = "clerk",
             password: str = PASSWORD, full_name: str = "张三"):
    return client.post("/manage/users/", {
        "username": username, "full_name": full_name, "password": password, "role": role,
        "agency": "" if agency_id is None else agency_id})


# ------------------------------------------------------------------ administrators

def test_an_administrator_sets_up_a_clerk_who_then_sees_exactly_that_agency(world):
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Membership, Region

    tag, admin = world.tag, client_for(world.users["admin"])
    assert "机构与用户" in text(admin.get("/manage/"))
    done = admin.post("/manage/", {"form": "region", "parent": "", "name": f"新省{tag}",
                                   "level": "1"})
    assert done.status_code == 302
    province = Region.objects.get(name=f"新省{tag}")
    assert province.parent is None and province.level == 1
    assert done["Location"] == f"/manage/regions/{province.pk}/"
    done = admin.post("/manage/", {"form": "region", "parent": province.pk,
                                   "name": f"新市{tag}", "level": "2"})
    assert done.status_code == 302
    city = Region.objects.get(name=f"新市{tag}", parent=province)
    done = admin.post("/manage/", {"form": "agency", "name": f"新市政府办公室{tag}",
                                   "region": city.pk, "is_office": "on"})
    assert done.status_code == 302
    office = Agency.objects.get(name=f"新市政府办公室{tag}")
    assert office.is_office and office.region == city
    done = admin.post("/manage/", {"form": "agency", "name": f"新市统计局{tag}",
                                   "region": city.pk})
    bureau = Agency.objects.get(name=f"新市统计局{tag}")
    assert done["Location"] == f"/manage/agencies/{bureau.pk}/"
    assert not bureau.is_office and bureau.supervising_office() == office
    page = text(admin.get(f"/manage/regions/{province.pk}/"))
    assert f"新市{tag}" in page and f"新市统计局{tag}" in page

    created = new_user(admin, f"tongji-{tag}", bureau.pk, full_name="李四")
    assert created.status_code == 201 and "用户已建立" in text(created)
    assert 'id="new-password"' not in text(created)  # typed in: nothing to show
    clerk = User.objects.get(username=f"tongji-{tag}")
    assert clerk.first_name == "李四" and clerk.is_active and clerk.check_password(PASSWORD)
    assert [(m.role, m.agency_id) for m in Membership.objects.filter(user=clerk)] == [
        ("clerk", bureau.pk)]

    signed_in = client_for()
    assert signed_in.login(username=f"tongji-{tag}", password=PASSWORD)
    home = text(signed_in.get("/"))
    assert set(re.findall(r'href="/agencies/(\d+)/"', home)) == {str(bureau.pk)}
    assert f"新市统计局{tag}" in home
    assert signed_in.get(f"/agencies/{bureau.pk}/").status_code == 200
    assert signed_in.get(f"/agencies/{office.pk}/").status_code == 404
    assert "机构与用户" not in home  # a clerk's menu has no management entry
    assert signed_in.get("/manage/").status_code == 403


def test_a_generated_password_is_shown_once_and_opens_the_account(world):
    from django.contrib.auth.models import User

    admin = client_for(world.users["admin"])
    username = f"auto-{world.tag}"
    created = new_user(admin, username, world.agencies["Y-finance"].pk, password="")
    assert created.status_code == 201
    shown = re.search(r'id="new-password">([A-Za-z0-9]+)<', text(created))
    assert shown is not None and len(shown.group(1)) >= 12
    password = shown.group(1)
    member = User.objects.get(username=username)
    assert member.check_password(password) and password not in member.password
    assert password not in text(admin.get(f"/manage/users/{member.pk}/"))
    assert client_for().login(username=username, password=password)


def test_weak_passwords_and_taken_user_names_are_refused_in_chinese(world):
    admin, tag = client_for(world.users["admin"]), world.tag
    before = counts(tag)
    numeric = new_user(admin, f"weak-{tag}", world.agencies["Y-finance"].pk, password="20250101")
    assert numeric.status_code == 400 and "密码不能全是数字" in text(numeric)
    short = new_user(admin, f"short-{tag}", world.agencies["Y-finance"].pk, password="a1b")
    assert short.status_code == 400 and "密码太短，至少需要 8 个字符" in text(short)
    taken = new_user(admin, world.users["clerk-a"].username.upper(),
                     world.agencies["Y-finance"].pk)
    assert taken.status_code == 400 and "已被使用" in text(taken)
    bad = new_user(admin, f"有 空格-{tag}", world.agencies["Y-finance"].pk)
    assert bad.status_code == 400 and "用户名只能包含" in text(bad)
    no_agency = new_user(admin, f"noagency-{tag}", None)
    assert no_agency.status_code == 400 and "请选择机关" in text(no_agency)
    assert counts(tag) == before


def test_a_second_office_in_one_region_is_refused_and_nothing_is_saved(world):
    from gongkai.web.organisations.models import Agency

    admin, tag = client_for(world.users["admin"]), world.tag
    before = counts(tag)
    refused = admin.post("/manage/", {"form": "agency", "name": f"甲市第二办公室{tag}",
                                      "region": world.regions["X"].pk, "is_office": "on"})
    assert refused.status_code == 400
    assert f"已有主管部门“{world.agencies['X-office'].name}”" in text(refused)
    assert "一个地区只能有一个主管部门" in text(refused)
    education = world.agencies["X-education"]
    edit = admin.post(f"/manage/agencies/{education.pk}/", {
        "name": f"甲市教育局（改）{tag}", "region": world.regions["X"].pk, "is_office": "on"})
    assert edit.status_code == 400 and "一个地区只能有一个主管部门" in text(edit)
    education.refresh_from_db()
    assert education.name == f"甲市教育局{tag}" and not education.is_office
    same_name = admin.post("/manage/", {"form": "agency", "name": education.name,
                                        "region": world.regions["Y"].pk})
    assert same_name.status_code == 400 and "机关名称不能重复" in text(same_name)
    office_nowhere = admin.post("/manage/", {"form": "agency", "name": f"无地区办{tag}",
                                             "region": "", "is_office": "on"})
    assert office_nowhere.status_code == 400 and "主管部门须属于一个地区" in text(office_nowhere)
    assert counts(tag) == before
    assert Agency.objects.filter(region=world.regions["X"], is_office=True).count() == 1


def test_editing_an_agency_saves_its_name_region_and_office_mark(world):
    from gongkai.web.organisations.models import Agency

    admin = client_for(world.users["admin"])
    police = world.agencies["X1-police"]
    done = admin.post(f"/manage/agencies/{police.pk}/", {
        "name": f"甲一县人民政府办公室{world.tag}", "region": world.regions["X1"].pk,
        "is_office": "on"})
    assert done.status_code == 302 and done["Location"] == f"/manage/agencies/{police.pk}/?saved=1"
    police = Agency.objects.get(pk=police.pk)
    assert police.name == f"甲一县人民政府办公室{world.tag}" and police.is_office
    assert "已保存" in text(admin.get(done["Location"]))
    office = world.agencies["X-office"]  # has reviewers: cannot stop being an office
    kept = admin.post(f"/manage/agencies/{office.pk}/", {
        "name": office.name, "region": world.regions["X"].pk})
    assert kept.status_code == 400 and "还有审核人员" in text(kept)
    assert Agency.objects.get(pk=office.pk).is_office


def test_a_child_region_at_the_wrong_level_or_with_a_taken_name_is_refused(world):
    admin, tag = client_for(world.users["admin"]), world.tag
    before = counts(tag)
    county = world.regions["X1"]
    wrong = admin.post("/manage/", {"form": "region", "parent": county.pk,
                                    "name": f"错层市{tag}", "level": "2"})
    assert wrong.status_code == 400
    assert f"下级地区的层级须低于上级地区（“{county.name}”是县区级）" in text(wrong)
    same = admin.post("/manage/", {"form": "region", "parent": world.regions["P"].pk,
                                   "name": world.regions["X"].name, "level": "2"})
    assert same.status_code == 400 and f"已有名为“{world.regions['X'].name}”的地区" in text(same)
    blank = admin.post("/manage/", {"form": "region", "parent": county.pk, "name": "  ",
                                    "level": "4"})
    assert blank.status_code == 400 and "请填写地区名称" in text(blank)
    unknown = admin.post("/manage/", {"form": "region", "parent": county.pk,
                                      "name": f"某镇{tag}", "level": "9"})
    assert unknown.status_code == 400 and "请选择" in text(unknown)
    assert counts(tag) == before


# ------------------------------------------------------------------ an office reviewer

def test_a_city_reviewer_creates_a_county_an_agency_and_its_clerk(world):
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Membership, Region

    reviewer, tag, city = client_for(world.users["reviewer-x"]), world.tag, world.regions["X"]
    assert "机构与用户" in text(reviewer.get("/"))
    tree = text(reviewer.get("/manage/"))
    assert world.regions["X1"].name in tree and world.regions["Y"].name not in tree
    assert world.agencies["Y-finance"].name not in tree
    done = reviewer.post("/manage/", {"form": "region", "parent": city.pk,
                                      "name": f"甲三区{tag}", "level": "3"})
    assert done.status_code == 302
    county = Region.objects.get(name=f"甲三区{tag}", parent=city)
    done = reviewer.post("/manage/", {"form": "agency", "name": f"甲三区人民政府办公室{tag}",
                                      "region": county.pk, "is_office": "on"})
    assert done.status_code == 302
    county_office = Agency.objects.get(name=f"甲三区人民政府办公室{tag}")
    done = reviewer.post("/manage/", {"form": "agency", "name": f"甲三区民政局{tag}",
                                      "region": county.pk})
    assert done.status_code == 302
    civil = Agency.objects.get(name=f"甲三区民政局{tag}", region=county)
    assert civil.supervising_office() == county_office
    assert reviewer.get(f"/manage/regions/{county.pk}/").status_code == 200
    assert reviewer.get(f"/manage/agencies/{civil.pk}/").status_code == 200

    assert new_user(reviewer, f"minzheng-{tag}", civil.pk).status_code == 201
    assert new_user(reviewer, f"quban-{tag}", county_office.pk, role="reviewer").status_code == 201
    held = {(m.user.username, m.role, m.agency_id) for m in Membership.objects.filter(
        user__username__in=[f"minzheng-{tag}", f"quban-{tag}"]).select_related("user")}
    assert held == {(f"minzheng-{tag}", "clerk", civil.pk),
                    (f"quban-{tag}", "reviewer", county_office.pk)}
    listing = text(reviewer.get("/manage/users/"))
    assert f"minzheng-{tag}" in listing and f"quban-{tag}" in listing
    assert world.users["reviewer-x-peer"].username not in listing  # its own office's reviewers
    assert world.users["reviewer-y"].username not in listing
    # The new county reviewer manages its county only.
    county_reviewer = User.objects.get(username=f"quban-{tag}")
    from gongkai.web.organisations import access
    assert set(access.manageable_agencies(county_reviewer)) == {civil}
    assert not access.can_manage_agency(county_reviewer, county_office)


def test_a_city_reviewer_is_kept_inside_its_subtree(world):
    from gongkai.web.organisations.models import Membership

    reviewer, tag = client_for(world.users["reviewer-x"]), world.tag
    a = world.agencies
    for region in ("Y", "P"):  # another city's, the province above: not seen
        assert reviewer.get(f"/manage/regions/{world.regions[region].pk}/").status_code == 404
    assert reviewer.get(f"/manage/regions/{world.regions['X'].pk}/").status_code == 200
    assert reviewer.get(f"/manage/agencies/{a['Y-finance'].pk}/").status_code == 404
    assert reviewer.get(f"/manage/agencies/{a['X-office'].pk}/").status_code == 403  # its own
    assert reviewer.get(f"/manage/agencies/{a['X-education'].pk}/").status_code == 200
    for key in ("reviewer-y", "reviewer-x-peer", "admin"):
        assert reviewer.get(f"/manage/users/{world.users[key].pk}/").status_code == 404
    before = counts(tag)

    forged = new_user(reviewer, f"forged-{tag}", a["Y-finance"].pk)  # another city's agency
    assert forged.status_code == 400 and "不在您的管理范围内" in text(forged)
    for key, role in [("X-office", "reviewer"), ("X-office", "clerk"), ("P-office", "clerk")]:
        refused = new_user(reviewer, f"forged-{tag}", a[key].pk, role=role)
        assert refused.status_code == 400 and "不在您的管理范围内" in text(refused)
    not_office = new_user(reviewer, f"forged-{tag}", a["X1-police"].pk, role="reviewer")
    assert not_office.status_code == 400 and "审核人员须属于主管部门" in text(not_office)
    admin_role = new_user(reviewer, f"forged-{tag}", None, role="admin")
    assert admin_role.status_code == 400 and "您不能授予这个角色" in text(admin_role)
    clerk = world.users["clerk-a"]
    for agency in ("Y-finance", "X-office"):
        refused = reviewer.post(f"/manage/users/{clerk.pk}/roles/",
                                {"role": "clerk", "agency": a[agency].pk})
        assert refused.status_code == 400
    top = reviewer.post("/manage/", {"form": "region", "parent": "", "name": f"顶级{tag}",
                                     "level": "1"})
    assert top.status_code == 400 and "请选择上级地区" in text(top)
    elsewhere = reviewer.post("/manage/", {"form": "region", "parent": world.regions["Y"].pk,
                                           "name": f"乙二县{tag}", "level": "3"})
    assert elsewhere.status_code == 400 and "不在您的管理范围内" in text(elsewhere)
    own_office = reviewer.post("/manage/", {"form": "agency", "name": f"第二办{tag}",
                                            "region": world.regions["X"].pk, "is_office": "on"})
    assert own_office.status_code == 400 and "您只能设立下级地区的主管部门" in text(own_office)
    moved = reviewer.post(f"/manage/agencies/{a['X-education'].pk}/", {
        "name": a["X-education"].name, "region": world.regions["Y"].pk})
    assert moved.status_code == 400
    assert counts(tag) == before
    assert Membership.objects.filter(user=clerk).count() == 1

    # Inside: a second clerk role for 甲市教育局's clerk, in the county; then taken away.
    added = reviewer.post(f"/manage/users/{clerk.pk}/roles/",
                          {"role": "clerk", "agency": a["X1-police"].pk})
    assert added.status_code == 302
    role = Membership.objects.get(user=clerk, agency=a["X1-police"])
    again = reviewer.post(f"/manage/users/{clerk.pk}/roles/",
                          {"role": "clerk", "agency": a["X1-police"].pk})
    assert again.status_code == 400 and "该用户已有这个角色" in text(again)
    assert reviewer.post(f"/manage/users/{clerk.pk}/roles/{role.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=role.pk).exists()


def test_a_reviewer_cannot_remove_or_deactivate_beyond_its_scope(world):
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Membership

    reviewer = client_for(world.users["reviewer-x"])
    two = world.users["clerk-two"]  # clerk in 甲一县 and in 乙市
    page = text(reviewer.get(f"/manage/users/{two.pk}/"))
    assert world.agencies["X1-police"].name in page
    assert world.agencies["Y-finance"].name not in page  # the role elsewhere is not shown
    assert 'id="active-form"' not in page and "不能由您停用" in page
    assert reviewer.post(f"/manage/users/{two.pk}/active/", {"active": "0"}).status_code == 403
    assert User.objects.get(pk=two.pk).is_active
    elsewhere = Membership.objects.get(user=two, agency=world.agencies["Y-finance"])
    assert reviewer.post(
        f"/manage/users/{two.pk}/roles/{elsewhere.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=elsewhere.pk).exists()
    peer = Membership.objects.get(user=world.users["reviewer-x-peer"])
    assert reviewer.post(  # its own office's reviewer: not among its users at all
        f"/manage/users/{peer.user_id}/roles/{peer.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=peer.pk).exists()


# ------------------------------------------------------------------ deactivation

def test_a_deactivated_user_cannot_sign_in_and_keeps_their_history(world):
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Membership

    clerk, reviewer = world.users["clerk-a"], client_for(world.users["reviewer-x"])
    session = client_for()
    assert session.login(username=clerk.username, password=PASSWORD)
    assert session.get("/").status_code == 200
    done = reviewer.post(f"/manage/users/{clerk.pk}/active/", {"active": "0"})
    assert done.status_code == 302
    stored = User.objects.get(pk=clerk.pk)
    assert not stored.is_active and Membership.objects.filter(user=stored).count() == 1
    assert "已停用" in text(reviewer.get(f"/manage/users/{clerk.pk}/"))
    assert session.get("/").status_code == 302  # the open session ends
    assert not client_for().login(username=clerk.username, password=PASSWORD)
    refused = client_for().post("/login/", {"username": clerk.username, "password": PASSWORD})
    assert refused.status_code == 200 and "用户名或密码不正确" in text(refused)
    assert reviewer.post(f"/manage/users/{clerk.pk}/active/", {"active": "1"}).status_code == 302
    assert client_for().login(username=clerk.username, password=PASSWORD)
    admin = world.users["admin"]
    assert client_for(admin).post(f"/manage/users/{admin.pk}/active/",
                                  {"active": "0"}).status_code == 403  # not themself
    assert User.objects.get(pk=admin.pk).is_active


# ------------------------------------------------------------------ clerks and anonymous

def manage_pages(world: World) -> list[str]:
    return ["/manage/", "/manage/users/", f"/manage/regions/{world.regions['X'].pk}/",
            f"/manage/agencies/{world.agencies['X-education'].pk}/",
            f"/manage/users/{world.users['clerk-a'].pk}/"]


def test_a_clerk_gets_403_on_every_management_page(world):
    from gongkai.web.organisations.models import Membership

    clerk_user = world.users["clerk-a"]
    clerk, tag = client_for(clerk_user), world.tag
    before = counts(tag)
    for page in manage_pages(world):
        assert clerk.get(page).status_code == 403, page
    role = Membership.objects.get(user=clerk_user)
    posts = [("/manage/", {"form": "region", "parent": world.regions["X"].pk,
                           "name": f"偷建{tag}", "level": "3"}),
             ("/manage/", {"form": "agency", "name": f"偷建局{tag}",
                           "region": world.regions["X"].pk}),
             (f"/manage/agencies/{world.agencies['X-education'].pk}/",
              {"name": f"改名{tag}", "region": world.regions["X"].pk}),
             ("/manage/users/", {"username": f"steal-{tag}", "password": PASSWORD,
                                 "role": "clerk", "agency": world.agencies["X-education"].pk}),
             (f"/manage/users/{clerk_user.pk}/roles/",
              {"role": "clerk", "agency": world.agencies["Y-finance"].pk}),
             (f"/manage/users/{clerk_user.pk}/roles/{role.pk}/remove/", {}),
             (f"/manage/users/{world.users['clerk-two'].pk}/active/", {"active": "0"})]
    for page, data in posts:
        assert clerk.post(page, data).status_code == 403, page
    assert counts(tag) == before
    # What a clerk cannot see at all answers 404, as everywhere.
    assert clerk.get(f"/manage/regions/{world.regions['Y'].pk}/").status_code == 404
    assert clerk.get(f"/manage/agencies/{world.agencies['Y-finance'].pk}/").status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(world):
    anonymous = client_for()
    for page in manage_pages(world):
        response = anonymous.get(page)
        assert response.status_code == 302 and response["Location"].startswith(
            "/login/?next=/manage/"), page
    response = anonymous.post("/manage/users/", {"username": f"anon-{world.tag}"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert counts(world.tag)[2] == len(world.users)


def test_the_menu_entry_shows_to_managers_only(world):
    for key, shown in [("admin", True), ("reviewer-x", True), ("clerk-a", False)]:
        page = text(client_for(world.users[key]).get("/"))
        assert ("机构与用户" in page) is shown, key
        assert ('href="/manage/"' in page) is shown, key


# ------------------------------------------------------------------ the rules themselves

def test_the_management_rules(world):
    from gongkai.web.organisations import access

    r, a, u = world.regions, world.agencies, world.users
    ours = {x.pk for x in a.values()}

    def managed(key: str) -> set[str]:
        found = {x.pk for x in access.manageable_agencies(u[key])} & ours
        return {k for k, x in a.items() if x.pk in found}

    assert managed("admin") == set(a)
    assert managed("reviewer-x") == {"X-education", "X1-police"}  # not its own office
    assert managed("reviewer-y") == {"Y-finance"}
    assert managed("clerk-a") == set()
    tagged = {x.pk for x in r.values()}
    assert {x.pk for x in access.manageable_regions(u["reviewer-x"])} & tagged == {r["X1"].pk}
    assert {x.pk for x in access.parent_regions(u["reviewer-x"])} & tagged == {
        r["X"].pk, r["X1"].pk}
    assert access.can_add_region(u["reviewer-x"], r["X"])
    assert not access.can_add_region(u["reviewer-x"], r["Y"])
    assert not access.can_add_region(u["reviewer-x"], None)
    assert access.can_add_region(u["admin"], None)
    assert access.can_place_agency(u["reviewer-x"], r["X"], is_office=False)
    assert not access.can_place_agency(u["reviewer-x"], r["X"], is_office=True)
    assert access.can_place_agency(u["reviewer-x"], r["X1"], is_office=True)
    assert access.can_grant(u["reviewer-x"], "clerk", a["X-education"])
    assert not access.can_grant(u["reviewer-x"], "reviewer", a["X-office"])
    assert not access.can_grant(u["reviewer-x"], "clerk", a["Y-finance"])
    assert not access.can_grant(u["reviewer-x"], "admin", None)
    assert access.can_grant(u["admin"], "admin", None)
    assert access.can_manage(u["reviewer-x"]) and access.can_manage(u["admin"])
    assert not access.can_manage(u["clerk-a"])
    assert access.can_deactivate(u["reviewer-x"], u["clerk-a"])
    assert not access.can_deactivate(u["reviewer-x"], u["clerk-two"])
    assert not access.can_deactivate(u["reviewer-x"], u["reviewer-x-peer"])
    users = set(access.manageable_users(u["reviewer-x"]).filter(username__contains=world.tag))
    assert users == {u["clerk-a"], u["clerk-two"]}


def test_management_forms_need_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    before = counts(world.tag)
    refused = client.post("/manage/", {"form": "region", "parent": world.regions["X1"].pk,
                                       "name": f"无令牌镇{world.tag}", "level": "4"})
    assert refused.status_code == 403 and counts(world.tag) == before
    client.get("/manage/")
    done = client.post("/manage/", {"form": "region", "parent": world.regions["X1"].pk,
                                    "name": f"有令牌镇{world.tag}", "level": "4",
                                    "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert done.status_code == 302
    assert counts(world.tag)[0] == before[0] + 1
