"""Checker settings: rules switched off, and the thresholds rules use.

A config file is TOML with a `[check]` table:

    [check]
    disable = ["C1-102", "Y1-103"]   # rule codes or names
    copied_share = 0.3                # Y1-103: share of sentences copied from last year

`gongkai check` reads `--config FILE`, else `gongkai.toml` in the working folder when present.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongkai.check.registry import resolve

DEFAULT_FILE = "gongkai.toml"


class ConfigError(ValueError):
    """A config file or option that cannot be used; the message is Chinese, for the user."""


@dataclass(frozen=True)
class CheckConfig:
    disabled: frozenset[str] = field(default_factory=frozenset)
    copied_share: float = 0.3  # notice when more than this share of sentences is last year's
    copied_min_chars: int = 15  # sentences shorter than this are not compared

    def disable(self, selectors: list[str]) -> CheckConfig:
        """This config with more rules switched off (codes or names, comma-separated allowed)."""
        codes = set(self.disabled)
        for selector in selectors:
            for part in selector.split(","):
                if part.strip():
                    try:
                        codes.add(resolve(part))
                    except KeyError as exc:
                        raise ConfigError(exc.args[0]) from None
        return replace(self, disabled=frozenset(codes))


def load_config(path: Path | None) -> CheckConfig:
    """The config in `path`; with no path, ./gongkai.toml if it exists, else the defaults."""
    if path is None:
        path = Path(DEFAULT_FILE)
        if not path.is_file():
            return CheckConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}") from None
    section = data.get("check", {})
    unknown = set(section) - {"disable", "copied_share", "copied_min_chars"}
    if unknown:
        raise ConfigError(f"配置文件 {path} 的 [check] 中有未知设置：{'、'.join(sorted(unknown))}")
    config = CheckConfig()
    share = section.get("copied_share", config.copied_share)
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ConfigError(f"配置文件 {path}：copied_share 应为 0 到 1 之间的小数")
    min_chars = section.get("copied_min_chars", config.copied_min_chars)
    if not isinstance(min_chars, int) or min_chars < 1:
        raise ConfigError(f"配置文件 {path}：copied_min_chars 应为正整数")
    disable = section.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(s, str) for s in disable):
        raise ConfigError(f"配置文件 {path}：disable 应为规则代码的列表")
    config = replace(config, copied_share=float(share), copied_min_chars=min_chars)
    return config.disable(disable)
