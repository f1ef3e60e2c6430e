"""Pages of the API's lists: 50 rows a page by default, at most 200 (`?page=2&page_size=100`)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "页码无效：没有这一页"
