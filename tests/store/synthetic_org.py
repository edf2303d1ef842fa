"""The store tests' org generator (schema-driven, seeded): ``crmarena.store.synthetic``."""

from crmarena.store.synthetic import sizes, write_synthetic_org

__all__ = ["sizes", "write_synthetic_org"]
