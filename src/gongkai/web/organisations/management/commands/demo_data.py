"""`python -m gongkai.web demo_data`: load the demo data (`gongkai.web.demo`) into an empty
database, once; print the demo logins. A database with other data is refused (exit 1)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from gongkai.web.demo import DemoError, load_demo
from gongkai.web.demo.world import loaded_text, login_lines


class Command(BaseCommand):
    help = ("载入演示数据（地区、机关、用户、台账、主动公开、年度报告）；只载入空数据库，"
            "已载入时不重复载入。演示账号的密码是公开的，切勿载入正式数据库。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_demo(options["database"])
        except DemoError as exc:
            self._refuse(f"未载入演示数据，数据库未作任何修改：{exc}")
        if loaded.refused:
            self._refuse(loaded.refused)
        self.stdout.write(loaded_text(loaded))
        self.stdout.write("\n".join(login_lines()))

    def _refuse(self, message: str) -> NoReturn:
        """The message in Chinese on stderr and exit 1 (Django's CommandError would put an
        English "CommandError:" before it)."""
        self.stderr.write(f"错误：{message}")
        raise SystemExit(1)
