from pathlib import Path

from gongkai.docs import generated_pages

ROOT = Path(__file__).resolve().parents[1]


def test_reference_pages_are_generated_from_the_registries():
    """docs/diagnostics.md and docs/rules/ match the registries (`python -m gongkai.docs`)."""
    pages = generated_pages()
    for name, text in pages.items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == text, name
    on_disk = {f"rules/{p.name}" for p in (ROOT / "docs" / "rules").glob("*.md")}
    assert on_disk == {n for n in pages if n.startswith("rules/")}
