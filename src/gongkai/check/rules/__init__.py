"""The rules, one module per group; importing this package registers them all."""

from gongkai.check.rules import (  # noqa: F401
    arithmetic,
    completeness,
    cross_year,
    narrative,
    publication,
    register,
)
