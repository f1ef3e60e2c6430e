"""Render what `gongkai write` produces to the PNG pictures of docs/writing.md.

Usage: python docs/images/make_images.py

Needs LibreOffice (soffice), poppler-utils (pdftoppm) and, for the web page, Chromium
(`apt-get install chromium`); none of them is needed by the tests. Two reports are written:
seed 003 (a real report of 2022, read from its text) and a generated 2019-format report with
non-zero figures and no text of its own (so every drafted part shows).
"""

from __future__ import annotations

import html
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai import interchange  # noqa: E402
from gongkai.format import get_format, versions  # noqa: E402
from gongkai.synth import random_report  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "003_f3e5704190ef934c.txt"
DPI = "80"


def gongkai_write(data: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "gongkai", "write", str(data), "-o", str(out)],
                   check=True, capture_output=True)


def pdf_pages(pdf: Path, stem: str, first: int, last: int) -> None:
    """Pages first..last as {stem}-{page}.png (pdftoppm pads the page number; not here)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", DPI, "-png", "-f", str(first), "-l", str(last),
                        str(pdf), f"{tmp}/page"], check=True)
        for png in sorted(Path(tmp).glob("page-*.png")):
            number = int(png.stem.rsplit("-", 1)[1])
            shutil.move(png, HERE / f"{stem}-{number}.png")


def table_page(pdf: Path, words: str | None = None) -> int:
    """The first page (1-based) that prints `words`, by default table 三's first header
    (申请人情况): where table 三 starts."""
    import pypdfium2 as pdfium

    if words is None:
        words = get_format(versions()[0]).tables["三"].headers[0]

    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_range()
            if words in "".join(text.split()):
                return index + 1
    finally:
        document.close()
    return 1


def office_to_pdf(path: Path, outdir: Path) -> Path:
    """DOCX or XLSX → PDF with the font mapping gongkai uses for its own PDFs."""
    from gongkai.write.pdf import convert

    return convert([path], outdir)[0]


def screenshot(page: Path, png: Path, height: int = 2400) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium 未安装，跳过网页截图（apt-get install chromium）")
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        f"--screenshot={png}", f"--window-size=1200,{height}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)


def render_all(name: str, data: Path, work: Path) -> None:
    outputs = {kind: work / f"{name}.{kind}" for kind in ("docx", "pdf", "html", "md", "xlsx")}
    for out in outputs.values():
        gongkai_write(data, out)
    docx_dir = work / "docx"
    pdf_pages(office_to_pdf(outputs["docx"], docx_dir), f"{name}-docx", 1, 2)
    page = table_page(outputs["pdf"])
    pdf_pages(outputs["pdf"], f"{name}-pdf", page, page)
    screenshot(outputs["html"], HERE / f"{name}-html.png", 3600)
    text = outputs["md"].read_text(encoding="utf-8")
    source = work / f"{name}-md.html"
    source.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><body style="margin:1em;'
        'font:14px/1.5 \'Noto Sans Mono CJK SC\',monospace"><pre style="white-space:pre-wrap">'
        f"{html.escape(text)}</pre></body></html>", encoding="utf-8")
    screenshot(source, HERE / f"{name}-md.png", 1600)
    xlsx_dir = work / "xlsx"
    pdf_pages(office_to_pdf(outputs["xlsx"], xlsx_dir), f"{name}-xlsx", 2, 2)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gongkai-images-") as tmp:
        work = Path(tmp)
        render_all("seed-003", SEED, work)
        data = random_report(random.Random(2019), "2019", density=0.9)
        synthetic = work / "synthetic-2019.json"
        synthetic.write_text(interchange.dumps(data), encoding="utf-8")
        render_all("synthetic-2019", synthetic, work)
    for png in sorted(HERE.glob("*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
