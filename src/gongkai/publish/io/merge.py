"""An import into a store that already holds items: the audit trail only grows.

Items are matched by their key (文号, else 标题). A new item is added; a known item takes the
file's fields, and its stored submissions and decisions must be the first ones of the file's:
a decision kept is never changed or removed by an import, only followed by new ones. Items the
store holds that the file does not are left as they are (an import deletes nothing).
"""

from __future__ import annotations

from gongkai.publish.io import Imported, PublicationFileError, PublishPart, sheet
from gongkai.publish.model import PublicationItem
from gongkai.register.io.rows import RowError

_KEPT = "审核记录保存后不能修改或删除；更正请在文件中新增一行并填写更正记录编号"


def _problems(stored: PublicationItem, new: PublicationItem,
              imported: Imported) -> list[RowError]:
    items, reviews = sheet(PublishPart.items).title, sheet(PublishPart.reviews).title
    item_row = imported.item_rows[new.key]
    out: list[RowError] = []
    if PublishPart.reviews not in imported.parts and (stored.trail or stored.submissions):
        return [RowError(items, item_row, f"数据库中“{new.key}”已有审核记录，文件中没有“{reviews}”"
                         "表：请导入包含审核记录的完整文件（可先用 gongkai publish export 导出）")]
    if len(new.submissions) < len(stored.submissions) or len(new.trail) < len(stored.trail):
        return [RowError(items, item_row, f"数据库中“{new.key}”已提交审核 "
                         f"{len(stored.submissions)} 次、有审核结论 {len(stored.trail)} 条，"
                         f"文件中只有 {len(new.submissions)} 次、{len(new.trail)} 条：{_KEPT}")]
    for n, at in enumerate(stored.submissions):
        if new.submissions[n] != at:
            row = imported.replayed.submission_rows[(new.key, n)]
            out.append(RowError(reviews, row, f"与数据库中“{new.key}”第 {n + 1} 次提交审核的时间"
                                f"（{at:%Y-%m-%d %H:%M:%S}）不一致：{_KEPT}"))
            break
    for entry in stored.trail:
        if new.trail[entry.id - 1] != entry:
            row = imported.replayed.entry_rows[(new.key, entry.id)]
            out.append(RowError(reviews, row, f"与数据库中“{new.key}”的第 {entry.id} 条审核记录"
                                f"（{entry.step}，{entry.reviewer}，{entry.decision}）不一致："
                                f"{_KEPT}"))
            break
    return out


def check_merge(stored: list[PublicationItem], imported: Imported) -> None:
    """Raise `PublicationFileError` listing every item whose stored trail the file would change
    or shorten."""
    known = {i.key: i for i in stored}
    errors = [e for new in imported.items if new.key in known
              for e in _problems(known[new.key], new, imported)]
    if errors:
        order = {sheet(p).title: n for n, p in enumerate(PublishPart)}
        errors.sort(key=lambda e: (order[e.sheet], e.row or 0))
        raise PublicationFileError(errors)
