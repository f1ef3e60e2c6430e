from pathlib import Path

from gongkai.docs import diagnostics_page

ROOT = Path(__file__).resolve().parents[1]


def test_diagnostics_page_is_generated_from_registry():
    assert (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8") == diagnostics_page()
