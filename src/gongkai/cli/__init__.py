"""The command line: `gongkai <verb>`, one module per verb on the shared typer app."""

# Importing each verb's module registers its commands on the app.
from gongkai.cli import check, publish, read, register, rollup, serve, write  # noqa: F401
from gongkai.cli.app import app


def main() -> None:
    app()
