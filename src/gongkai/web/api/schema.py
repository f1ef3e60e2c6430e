"""The error answers every operation may give, added to the OpenAPI description (a
drf-spectacular postprocessing hook): {"detail": 中文, "errors": {字段: [消息]}}."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "中文说明"},
        "errors": {"type": "object", "additionalProperties": True,
                   "description": "数据有误时：字段 → 消息列表"},
    },
}
ANSWERS = {
    "400": "提交的数据或查询参数有误",
    "401": "未登录，或令牌无效（/api/agencies/ 为 {\"error\": \"未登录\"}）",
    "403": "可以查看但无权操作，或会话方式缺少 CSRF 令牌",
    "404": "不存在，或无权查看（二者不作区分）",
}
WRITES = {"post", "put", "patch"}


def error_responses(result: dict[str, Any], generator: Any, request: Any,
                    public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            wanted = {"401", "404"}
            if method in WRITES:
                wanted |= {"400", "403"}
            elif operation.get("parameters") and "{" not in path:
                wanted.add("400")  # a list's filters
            for code in sorted(wanted):
                operation["responses"].setdefault(
                    code, {"description": ANSWERS[code], "content": reference})
    return result
