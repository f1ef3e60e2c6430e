"""Benchmark reading scanned reports by OCR: cell accuracy, flagging, and seconds per page.

Usage:
    python bench/bench_ocr.py [--seeds 1 2 3 ...] [--dpi 150 300] [--json out.json]

For each seed a consistent report is written to PDF by gongkai (LibreOffice), rasterised with
pdftoppm at each dpi, scanned clean and with distortions (turned 0.5-1.5 degrees, Gaussian
grain, specks), rebuilt as an image-only PDF and read with `gongkai.read.read_bytes`. Per scan
it counts the cells read exactly, the wrong cells, and whether every wrong cell is named by a
warning or error diagnostic; and it times the read (wall and CPU seconds per page, one thread:
GONGKAI_OCR_THREADS=1, the default, for the recogniser, and `cv2.setNumThreads(1)` for OpenCV,
which otherwise uses every core for deskewing and finding rules). The engine is warmed up once
before timing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GONGKAI_OCR_THREADS", "1")

import cv2  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from gongkai.read import read_bytes  # noqa: E402
from tests.builders.scans import (  # noqa: E402
    CLEAN,
    Distortion,
    cell_accuracy,
    scanned_pdf,
    written_report,
)

DISTORTIONS = (
    CLEAN,
    Distortion(angle=0.7, noise=8.0, seed=11),
    Distortion(angle=-1.3, noise=12.0, specks=0.002, seed=12),
    Distortion(angle=1.5, specks=0.004, seed=13),
)


def measure(seed: int, dpi: int, distortion: Distortion, version: str = "2021") -> dict:
    expected = written_report(seed, version).cells
    data = scanned_pdf(seed, dpi, distortion, version)
    wall, cpu = time.perf_counter(), time.process_time()
    report = read_bytes(data, f"seed{seed}-{dpi}-{distortion.name}.pdf")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(pdfium.PdfDocument(data))
    wrong = cell_accuracy(expected, report.cells)
    flagged = {k for d in report.diagnostics if d.severity in ("warning", "error")
               for k in d.keys}
    return {
        "seed": seed, "version": version, "dpi": dpi, "distortion": distortion.name, "pages": pages,
        "cells": len(expected), "wrong": wrong, "unflagged": [k for k in wrong if k not in flagged],
        "flagged_right": len(flagged - set(wrong)),
        "codes": sorted({d.code for d in report.diagnostics}),
        "restored": [k for d in report.diagnostics if d.code == "R302" for k in d.keys],
        "wall_per_page": wall / max(pages, 1), "cpu_per_page": cpu / max(pages, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--version", default="2021", help="format version of the reports")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    cv2.setNumThreads(1)  # one thread throughout: the CPU seconds are one core's
    read_bytes(scanned_pdf(args.seeds[0], args.dpi[0], CLEAN, args.version), "warm-up.pdf")
    rows = []
    for seed in args.seeds:
        for dpi in args.dpi:
            for distortion in DISTORTIONS:
                row = measure(seed, dpi, distortion, args.version)
                rows.append(row)
                print(f"{args.version} seed {seed:>3} {dpi} dpi {distortion.name:<32} "
                      f"{row['cells'] - len(row['wrong'])}/{row['cells']} exact, "
                      f"wrong {row['wrong']} unflagged {row['unflagged']} "
                      f"false alarms {row['flagged_right']} restored {row['restored']}  "
                      f"{row['cpu_per_page']:.2f} CPU-s/page ({row['wall_per_page']:.2f} wall)",
                      flush=True)
    print()
    for dpi in args.dpi:
        mine = [r for r in rows if r["dpi"] == dpi]
        cells = sum(r["cells"] for r in mine)
        wrong = sum(len(r["wrong"]) for r in mine)
        unflagged = sum(len(r["unflagged"]) for r in mine)
        pages = sum(r["pages"] for r in mine)
        alarms = sum(r["flagged_right"] for r in mine)
        restored = sum(len(r["restored"]) for r in mine)
        cpu = sum(r["cpu_per_page"] * r["pages"] for r in mine) / max(pages, 1)
        wall = sum(r["wall_per_page"] * r["pages"] for r in mine) / max(pages, 1)
        print(f"{dpi} dpi: {len(mine)} scans, {pages} pages, {cells} cells: "
              f"{100 * (cells - wrong) / cells:.2f} % exact, {wrong} wrong, {unflagged} unflagged, "
              f"{alarms} false alarms, {restored} restored (R302); "
              f"{cpu:.2f} CPU-s/page, {wall:.2f} wall-s/page")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
