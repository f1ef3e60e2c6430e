"""The command line: `gongkai <verb>`, one module per verb on the shared typer app."""

from gongkai.cli import check, read, register, write  # noqa: F401  (registers the commands)
from gongkai.cli.app import app


def main() -> None:
    app()
