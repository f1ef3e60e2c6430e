"""The register's store: the domain of `gongkai.register.model` as Django models. Conversions
to and from the domain live in `gongkai.register.store`."""
