"""Proactive disclosure's store: the items of `gongkai.publish.model`, their submissions and
append-only review trail, and each agency's review steps, as Django models. Conversions to and
from the domain live in `gongkai.publish.store`."""
