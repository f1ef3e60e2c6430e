"""Bar and line charts as inline SVG, drawn here: no script, no library, no external file."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 260
_PAD_LEFT, _PAD_BOTTOM, _PAD_TOP = 56, 48, 24
_COLOUR = "#2f6db5"


def _frame(title: str, body: list[str], top: float, fmt) -> str:
    plot_h = HEIGHT - _PAD_BOTTOM - _PAD_TOP
    ticks = []
    for i in range(5):
        value = top * i / 4
        y = HEIGHT - _PAD_BOTTOM - plot_h * i / 4
        ticks.append(f'<line x1="{_PAD_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{_PAD_LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end" font-size="11">{escape(fmt(value))}</text>')
    return (f'<svg role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{''.join(ticks)}{''.join(body)}</svg>")


def _x_label(x: float, text: str) -> str:
    return (f'<text x="{x:.1f}" y="{HEIGHT - _PAD_BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11">{escape(text)}</text>')


def bar_chart(title: str, labels: list[str], values: list[float | None],
              fmt=lambda v: f"{v:g}") -> str:
    top = max([v for v in values if v is not None] + [0]) or 1
    plot_w = WIDTH - _PAD_LEFT - 8
    plot_h = HEIGHT - _PAD_BOTTOM - _PAD_TOP
    step = plot_w / max(1, len(labels))
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = _PAD_LEFT + step * i + step * 0.15
        h = plot_h * (value or 0) / top
        y = HEIGHT - _PAD_BOTTOM - h
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{_COLOUR}"><title>{escape(label)}：'
                    f'{escape(fmt(value) if value is not None else "—")}</title></rect>')
        body.append(_x_label(x + step * 0.35, label))
    return _frame(title, body, top, fmt)


def line_chart(title: str, labels: list[str], values: list[float | None],
               fmt=lambda v: f"{v:g}") -> str:
    top = max([v for v in values if v is not None] + [0]) or 1
    plot_w = WIDTH - _PAD_LEFT - 24
    plot_h = HEIGHT - _PAD_BOTTOM - _PAD_TOP
    step = plot_w / max(1, len(labels) - 1)
    points, body = [], []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = _PAD_LEFT + 8 + step * i
        body.append(_x_label(x, label))
        if value is None:
            continue
        y = HEIGHT - _PAD_BOTTOM - plot_h * value / top
        points.append(f"{x:.1f},{y:.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{_COLOUR}">'
                    f"<title>{escape(label)}：{escape(fmt(value))}</title></circle>")
    if len(points) > 1:
        body.insert(0, f'<polyline points="{" ".join(points)}" fill="none" '
                       f'stroke="{_COLOUR}" stroke-width="2"/>')
    return _frame(title, body, top, fmt)
