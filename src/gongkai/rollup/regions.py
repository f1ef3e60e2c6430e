"""An agency's region: from a mapping CSV (`agency,region`) when given, else from its name.

From the name: the shortest prefix of at least two characters ending in 市, 县, 区, 旗 or 州
(沙坡头区科学技术局 → 沙坡头区, 中卫市东园镇人民政府 → 中卫市); a name without one has region
“未知”.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.format.normalize import norm_label

UNKNOWN = "未知"
_PREFIX = re.compile(r"^(.{1,12}?(?:自治州|自治县|地区|市|县|区|旗|盟|州))")


def region_from_name(agency: str | None) -> str:
    if not agency:
        return UNKNOWN
    found = _PREFIX.match(agency.strip())
    return found.group(1) if found else UNKNOWN


@dataclass
class RegionMap:
    mapping: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> RegionMap:
        if path is None:
            return cls()
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"agency", "region"} <= set(reader.fieldnames):
                raise ValueError("应有 agency、region 两列")
            return cls({norm_label(r["agency"]): r["region"].strip() for r in reader
                        if r["agency"] and r["region"]})

    def region(self, agency: str | None) -> str:
        if agency and norm_label(agency) in self.mapping:
            return self.mapping[norm_label(agency)]
        return region_from_name(agency)
