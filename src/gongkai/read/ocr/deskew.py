"""Straighten a page image that was scanned slightly askew.

The angle is the one that makes the rows of ink sharpest: the page's ink is rotated by candidate
angles and the one whose row profile (ink per pixel row) has the largest sum of squares wins,
coarse first, then fine around the best. Table rules and text lines both sharpen the profile.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_ANGLE = 5.0  # degrees either way; a page more askew is not a flat-bed scan
_COARSE_STEP = 0.25
_FINE_STEP = 0.025
_WORK_WIDTH = 900  # the ink is measured at about this width: plenty for a tenth of a degree
_MIN_ANGLE = 0.1  # below this the page is left as it is (under 2 px across a table)


TEXT_CONTRAST = 20  # grey levels below the local mean that make a pixel ink (text)
RULE_CONTRAST = 8  # for rules: a thin faint rule next to dense text must still count


def ink_mask(gray: np.ndarray, contrast: int = TEXT_CONTRAST) -> np.ndarray:
    """255 where a pixel is ink, 0 on paper: a local threshold, robust to uneven scans.

    Dense text darkens the local mean, so a faint one-pixel rule beside it needs a smaller
    `contrast` (rules are then told from grain by their length, see `grid`)."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)  # tames scanner noise, keeps 1-pixel rules
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                 cv2.THRESH_BINARY_INV, 31, contrast)


def _sharpness(ink: np.ndarray, angle: float) -> float:
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.dot(rows, rows))


def skew_angle(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise as OpenCV turns) that straightens the page."""
    h, w = gray.shape
    scale = min(1.0, _WORK_WIDTH / w)
    small = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA)
    ink = (ink_mask(small) > 0).astype(np.float32)
    if ink.sum() == 0:
        return 0.0
    best = max(np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, _COARSE_STEP),
               key=lambda a: _sharpness(ink, float(a)))
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-9, _FINE_STEP)
    return float(max(fine, key=lambda a: _sharpness(ink, float(a))))


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned straight, and the angle it was turned by (degrees)."""
    angle = skew_angle(gray)
    if abs(angle) < _MIN_ANGLE:
        return gray, 0.0
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    straight = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return straight, angle
