"""`python -m gongkai.web demo_data`: load the demo data (`gongkai.web.demo`) into the database,
once; print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.web.demo import load_demo
from gongkai.web.demo.world import loaded_text, login_lines


class Command(BaseCommand):
    help = "载入演示数据（地区、机关、用户、台账、主动公开、年度报告）；已载入时不重复载入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = load_demo(options["database"])
        if loaded.clash:
            raise CommandError(loaded.clash)
        self.stdout.write(loaded_text(loaded))
        self.stdout.write("\n".join(login_lines()))
