"""API: serves, queries and validates the graph (may import loaders, never the reverse)."""
