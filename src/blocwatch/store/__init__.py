"""The embedded store: a DuckDB file (or ``:memory:`` for tests) with versioned schemas."""

from blocwatch.store.db import ComponentSchema, Migration, open_store, read_only_store

__all__ = ["ComponentSchema", "Migration", "open_store", "read_only_store"]
