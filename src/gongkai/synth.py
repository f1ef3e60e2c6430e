"""Random, internally consistent annual reports: for tests and the synthetic corpus.

`random_report` gives an interchange object (`{"format", "agency", "year", "cells"}`) whose
figures satisfy every relation the format states; `random_sections` gives narrative text for
the six sections. Everything statutory (keys, kinds, relations, sections) comes from
`gongkai.format`; the only structure assumed here is what the relations say.
"""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.format import FormatSpec, Relation, get_format

LATEST_YEAR = 2025

# Relation ids of statutory.toml, named once.
BALANCE = "t3-balance"
RESULTS_TOTAL = "t3-results-total"
APPLICANT_TOTAL = "t3-applicant-total"
GROUP_TOTAL = "t4-group-total"

_CENT = Decimal("0.01")

PLACES = (
    "沙坡头区", "中宁县", "海原县", "原州区", "西吉县", "隆德县", "泾源县", "彭阳县", "兴庆区",
    "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市", "利通区", "红寺堡区", "盐池县", "同心县",
    "青铜峡市", "大武口区", "惠农区", "平罗县", "吴忠市", "中卫市", "固原市", "石嘴山市",
    "榆中县", "临夏市", "武侯区", "余杭区", "鼓楼区", "城关区", "新城区", "章贡区",
)
BUREAUS = (
    "科学技术局", "教育局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
    "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局",
    "文化旅游广电局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "统计局",
    "市场监督管理局", "医疗保障局", "林业和草原局", "工业信息化和商务局", "司法局",
    "发展和改革局", "人民政府办公室", "城市管理综合执法局", "乡村振兴局", "信访局",
)
TOWNS = ("宣和镇", "镇罗镇", "东园镇", "柔远镇", "迎水桥镇", "永康镇", "常乐镇", "兴仁镇")


# ---------------------------------------------------------------- figures


def _magnitude(rng: random.Random, max_count: int) -> int:
    """A whole number in 1..max_count, small numbers more likely (log-uniform)."""
    top = max(1, max_count)
    return max(1, min(top, round(top ** rng.random())))


def _count(rng: random.Random, density: float, max_count: int) -> int:
    return _magnitude(rng, max_count) if rng.random() < density else 0


def _amount(rng: random.Random, density: float, max_count: int) -> Decimal:
    if rng.random() >= density:
        return Decimal("0.00")
    return (Decimal(rng.randint(1, max(1, max_count) * 100)) / 100).quantize(_CENT)


def _leaf_value(
    rng: random.Random, spec: FormatSpec, key: str, density: float, max_count: int
) -> int | Decimal:
    kind = spec.kind(key)
    if kind == "amount_10k_yuan":
        return _amount(rng, density, max_count)
    if spec.cells[key].table == "四":
        return _count(rng, density, max(1, max_count // 8))
    value = _count(rng, density, max_count)
    if kind == "signed_count" and value and rng.random() < 0.4:
        return -value
    return value


def _relations(spec: FormatSpec, relation_id: str) -> list[Relation]:
    return [r for r in spec.relations if r.id == relation_id]


def derived_keys(version: str) -> frozenset[str]:
    """Cells the relations compute from others: totals and the new applications (一)."""
    keys: set[str] = set()
    for rel in get_format(version).relations:
        if len(rel.lhs) == 1 or rel.id == BALANCE:
            keys.add(rel.lhs[0])
    return frozenset(keys)


def leaf_keys(version: str) -> tuple[str, ...]:
    """Cells drawn at random (every cell that is not `derived_keys`)."""
    derived = derived_keys(version)
    return tuple(k for k in get_format(version).keys if k not in derived)


def _fill_requests(
    rng: random.Random, spec: FormatSpec, cells: dict, density: float, max_count: int
) -> None:
    """Table 三: results per applicant column, then the balance, then the row totals."""
    total_column = {rel.lhs[0] for rel in _relations(spec, APPLICANT_TOTAL)}
    for rel in _relations(spec, RESULTS_TOTAL):
        if rel.lhs[0] not in total_column:
            cells[rel.lhs[0]] = sum(cells[k] for k in rel.rhs)
    for rel in _relations(spec, BALANCE):
        new_key, carried_over_key = rel.lhs
        if new_key in total_column:
            continue
        owed = sum(cells[k] for k in rel.rhs)  # processed + carried forward, both ≥ 0
        carried_over = _count(rng, density, max(1, max_count // 4)) if owed else 0
        cells[carried_over_key] = min(carried_over, owed)
        cells[new_key] = owed - cells[carried_over_key]
    for rel in _relations(spec, APPLICANT_TOTAL):
        cells[rel.lhs[0]] = sum(cells[k] for k in rel.rhs)


def _fill_group_totals(spec: FormatSpec, cells: dict) -> None:
    for rel in _relations(spec, GROUP_TOTAL):
        cells[rel.lhs[0]] = sum(cells[k] for k in rel.rhs)


def random_cells(
    rng: random.Random, version: str = "2021", *, density: float = 0.7, max_count: int = 60
) -> dict[str, int | Decimal]:
    """Every cell of the format, leaves at random, derived cells so that every relation holds."""
    spec = get_format(version)
    cells: dict[str, int | Decimal] = {
        key: _leaf_value(rng, spec, key, density, max_count) for key in spec.keys
    }
    _fill_requests(rng, spec, cells, density, max_count)
    _fill_group_totals(spec, cells)
    return cells


def check_relations(cells: dict, version: str) -> list[str]:
    """`id[scope]` of every relation the cells violate; relations over a null cell are skipped."""
    violated: list[str] = []
    for rel in get_format(version).relations:
        values = [cells.get(k) for k in rel.lhs + rel.rhs]
        if any(v is None for v in values):
            continue
        if sum(values[: len(rel.lhs)]) != sum(values[len(rel.lhs):]):
            violated.append(f"{rel.id}[{rel.scope}]")
    return violated


# ---------------------------------------------------------------- report


def random_agency(rng: random.Random) -> str:
    """A plausible agency name: a place and a bureau, now and then a town government."""
    place = rng.choice(PLACES)
    if rng.random() < 0.1:
        return f"{place}{rng.choice(TOWNS)}人民政府"
    return f"{place}{rng.choice(BUREAUS)}"


def year_range(version: str) -> tuple[int, int]:
    spec = get_format(version)
    return spec.first_year, spec.last_year or LATEST_YEAR


def random_report(
    rng: random.Random,
    version: str = "2021",
    *,
    year: int | None = None,
    agency: str | None = None,
    density: float = 0.7,
    max_count: int = 60,
) -> dict:
    """An interchange object whose cells satisfy every relation of `version`.

    `density` is the share of leaf cells (see `leaf_keys`) that are non-zero; counts of table
    三 are at most `max_count` per leaf, table 四 smaller; amounts are `Decimal` in 万元 with two
    decimal places.
    """
    version = str(version)
    first, last = year_range(version)
    return {
        "format": version,
        "agency": agency or random_agency(rng),
        "year": year if year is not None else rng.randint(first, last),
        "cells": random_cells(rng, version, density=density, max_count=max_count),
    }


# ---------------------------------------------------------------- narrative

_GUIDES = ("习近平新时代中国特色社会主义思想", "党中央、国务院关于政务公开的决策部署")
_AIMS = (
    "坚持“以公开为常态、不公开为例外”", "围绕中心工作和社会关切", "聚焦企业群众办事需求",
)
_CHANNELS = ("政府门户网站", "政务新媒体", "政务公开栏", "新闻发布会")
_PLATFORMS = ("政府门户网站专栏", "政务微信公众号", "政务微博", "政务公开栏")
_PROBLEMS = (
    "政策解读形式还不够丰富", "信息发布的及时性有待提高", "公开内容的规范性还需加强",
    "工作人员业务能力有待提升", "政务新媒体更新频率不够",
)
_MEASURES = (
    "加强业务培训，提升工作人员的业务水平", "完善信息发布审核机制，严格落实“三审三校”制度",
    "丰富政策解读形式，提高解读质量", "加强政务新媒体日常管理，确保信息及时更新",
)


def _overview(rng: random.Random, report: dict, published: int) -> list[str]:
    year, agency, cells = report["year"], report["agency"], report["cells"]
    policy = rng.randint(1, max(1, published // 5))
    return [
        f"{year}年，{agency}坚持以{rng.choice(_GUIDES)}为指导，认真贯彻落实《中华人民共和国"
        f"政府信息公开条例》，{rng.choice(_AIMS)}，扎实推进政府信息公开工作。",
        f"（一）主动公开。全年通过{rng.choice(_CHANNELS)}等渠道主动公开各类信息{published}条，"
        f"其中政策文件{policy}条、工作动态{published - policy}条。",
        f"（二）依申请公开。全年新收政府信息公开申请{cells['t3.new_received.total']}件，"
        f"均在法定期限内答复。",
        "（三）政府信息管理。严格落实信息发布保密审查制度，及时更新政府信息公开指南和目录。",
        f"（四）平台建设。持续做好{rng.choice(_PLATFORMS)}的日常维护，保障平台安全稳定运行。",
        f"（五）监督保障。全年组织政务公开专题培训{rng.randint(1, 6)}次，将政务公开纳入绩效考核。",
    ]


def _requests(report: dict) -> list[str]:
    cells, year = report["cells"], report["year"]
    return [
        f"{year}年，本机关新收政府信息公开申请{cells['t3.new_received.total']}件，上年结转"
        f"{cells['t3.carried_over.total']}件，办结{cells['t3.total_processed.total']}件，"
        f"结转下年度继续办理{cells['t3.carried_forward.total']}件。具体情况如下："
    ]


def _reviews(report: dict) -> list[str]:
    """"被申请行政复议1件，被提起行政诉讼2件": each of table 四's groups by its label, with
    the sum of its totals (`FormatSpec.group_totals`)."""
    cells = report["cells"]
    groups = get_format(report["format"]).group_totals()
    review, lawsuit = groups  # the format's two groups: 行政复议, then 行政诉讼
    figures = {label: sum(cells[k] for k in keys) for label, keys in groups.items()}
    return [
        f"本年度因政府信息公开工作被申请{review}{figures[review]}件，"
        f"被提起{lawsuit}{figures[lawsuit]}件。具体情况如下："
    ]


def _problems(rng: random.Random, report: dict) -> list[str]:
    problems = rng.sample(_PROBLEMS, 2)
    measures = rng.sample(_MEASURES, 2)
    return [
        f"针对上年度报告中指出的{rng.choice(_PROBLEMS)}问题，已通过{rng.choice(_MEASURES)}"
        f"整改到位。",
        f"{report['year']}年，我单位政府信息公开工作取得了一定成效，但仍存在一些不足：一是"
        f"{problems[0]}；二是{problems[1]}。",
        f"{report['year'] + 1}年，我们将着力做好以下工作：一是{measures[0]}；二是{measures[1]}。",
    ]


def _other(rng: random.Random, report: dict) -> list[str]:
    unpaid = report["cells"].get("t3.other_handling.fee_unpaid.total")
    if unpaid:
        first = (f"本年度发出信息处理费收费通知{unpaid}件，申请人均逾期未缴纳，"
                 "实际收取信息处理费0元。")
    elif rng.random() < 0.7:
        first = "本年度未收取信息处理费。"
    else:
        first = f"本年度收取信息处理费{rng.randint(1, 9) * 100}元。"
    return [first, f"{report['year']}年政务公开工作要点任务均已按期完成。"]


def random_sections(rng: random.Random, report: dict) -> dict[str, str]:
    """Narrative text for the six sections, keyed by section id; paragraphs split by "\\n".

    The texts of sections with a table introduce it and mention a few of its totals.
    """
    published = rng.randint(20, 400)  # one count, stated in 一 and again in 二
    texts = {
        "overview": _overview(rng, report, published),
        "proactive": [f"全年主动公开政府信息{published}条，具体情况如下："],
        "requests": _requests(report),
        "reviews_lawsuits": _reviews(report),
        "problems": _problems(rng, report),
        "other": _other(rng, report),
    }
    ids = [s.id for s in get_format(report["format"]).sections]
    return {sid: "\n".join(texts.get(sid, [])) for sid in ids}
