"""The reference knowledge graph: data files, validation, build and temporal queries."""
