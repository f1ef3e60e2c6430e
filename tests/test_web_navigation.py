"""The workbench's menus (`organisations/navigation.py`): every entry of the shipped project
resolves to a page, so no menu item silently disappears."""

from __future__ import annotations

import pytest


def test_every_menu_entry_resolves(store) -> None:
    from django.urls import NoReverseMatch, reverse

    from gongkai.web.organisations.navigation import AGENCY_LINKS, SITE_LINKS

    missing = []
    for link in SITE_LINKS:
        try:
            reverse(link.url_name)
        except NoReverseMatch:
            missing.append(link.url_name)
    for link in AGENCY_LINKS:
        try:
            reverse(link.url_name, args=[1])
        except NoReverseMatch:
            missing.append(link.url_name)
    assert missing == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_header_menu_only_for_signed_in_users(web_db: str, signed_in: bool) -> None:
    import uuid

    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    if signed_in:
        client.force_login(User.objects.create_user(f"nav-{uuid.uuid4().hex[:6]}"))
        page = client.get("/").content.decode()
        assert "上传检查" in page and "数据接口" in page
    else:
        page = client.get("/login/").content.decode()
        assert "上传检查" not in page
