"""The demo's people and places: a province, a city with its counties, the city's supervising
office (中卫市人民政府办公室) and its agencies, the agencies the seed reports name, and a user for
each role. The agencies of the seeds carry the names printed in those reports.

Every demo user has the same password (`DEMO_PASSWORD`), published with the project: the demo
is for trying the workbench out on one's own machine, never for real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEMO_PASSWORD = "gongkai-demo"

PROVINCE = "宁夏回族自治区"
CITY = "中卫市"
# (name, level, parent name); the province first, parents before children.
REGIONS = [
    (PROVINCE, "province", None),
    (CITY, "city", PROVINCE),
    ("沙坡头区", "county", CITY),
    ("中宁县", "county", CITY),
    ("海原县", "county", CITY),
    ("吴忠市", "city", PROVINCE),
    ("固原市", "city", PROVINCE),
    ("原州区", "county", "固原市"),
]
OFFICE = "中卫市人民政府办公室"
# The agencies whose data the demo holds.
SAMPLE_AGENCY = "中卫市示例局"  # its register, publications, last and this year's drafts
SUBMITTING_AGENCY = "中卫市科学技术局"  # last year's report, submitted to the office
EMPTY_AGENCY = "中卫市自然资源局"  # nothing yet: import a register and write a report


@dataclass(frozen=True)
class DemoAgency:
    name: str
    region: str
    clerk: str  # the user name of its clerk


AGENCIES = [
    DemoAgency(SAMPLE_AGENCY, CITY, "shili"),
    DemoAgency(SUBMITTING_AGENCY, CITY, "keji"),
    DemoAgency(EMPTY_AGENCY, CITY, "ziran"),
    DemoAgency("沙坡头区科学技术局", "沙坡头区", "spt-keji"),
    DemoAgency("沙坡头区工业信息化和商务局", "沙坡头区", "spt-gongxin"),
    # Agencies of other cities that the seed reports name: no office above them in the demo,
    # so only the administrator (and their own clerks) see them.
    DemoAgency("吴忠市科学技术局", "吴忠市", "wz-keji"),
    DemoAgency("原州区科学技术局", "原州区", "yz-keji"),
    DemoAgency("原州区示例局", "原州区", "yz-shili"),
]
ADMIN = "admin"
REVIEWER = "shenhe"


@dataclass(frozen=True)
class Login:
    """A demo user: what to type on the login page, and what the user may do."""

    username: str
    password: str
    role: str  # in Chinese, for the printed list
    agency: str = ""


def logins() -> list[Login]:
    """The demo's users in the order they are printed."""
    return [
        Login(ADMIN, DEMO_PASSWORD, "系统管理员"),
        Login(REVIEWER, DEMO_PASSWORD, "主管部门审核人员", OFFICE),
        *(Login(a.clerk, DEMO_PASSWORD, "机关工作人员", a.name) for a in AGENCIES),
    ]


def create_world(using: str) -> dict[str, Any]:
    """Regions, the office, the agencies, the users and their roles; the agencies by name."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role

    regions: dict[str, Region] = {}
    for name, level, parent in REGIONS:
        regions[name] = Region.objects.using(using).create(
            name=name, level=Level[level], parent=regions[parent] if parent else None)
    agencies = {OFFICE: Agency.objects.using(using).create(name=OFFICE, region=regions[CITY],
                                                           is_office=True)}
    for a in AGENCIES:
        agencies[a.name] = Agency.objects.using(using).create(name=a.name,
                                                              region=regions[a.region])
    hashed = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow by design

    def user(username: str, first_name: str) -> User:
        return User.objects.using(using).create(username=username, password=hashed,
                                                first_name=first_name)

    Membership.objects.using(using).create(user=user(ADMIN, "系统管理员"), role=Role.admin)
    Membership.objects.using(using).create(user=user(REVIEWER, "审核人员"), role=Role.reviewer,
                                           agency=agencies[OFFICE])
    for a in AGENCIES:
        Membership.objects.using(using).create(user=user(a.clerk, f"{a.name}工作人员"),
                                               role=Role.clerk, agency=agencies[a.name])
    return agencies


def login_lines() -> list[str]:
    """The demo logins as lines of text, for the console."""
    width = max(len(x.username) for x in logins())
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}，这个密码是公开的，人人都知道：只供在本机试用，"
             "切勿用于真实数据，也不要让其他电脑访问）："]
    for x in logins():
        lines.append(f"  {x.username.ljust(width)}  {x.role}" + (f"（{x.agency}）" if x.agency
                                                                  else ""))
    return lines


def loaded_text(loaded: Any) -> str:
    """What `load_demo` did (a `Loaded`), in a sentence."""
    if not loaded.created:
        return "数据库中已有演示数据，未重复载入。"
    c = loaded.counts
    return (f"已载入演示数据：{c['agencies']} 个机关、{c['users']} 个用户、{c['applications']} 件"
            f"申请、{c['publications']} 条主动公开信息、{c['reports']} 份年度报告。")
