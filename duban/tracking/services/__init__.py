"""Writes of the tracking cycle, one module per entity; every function runs inside one transaction."""
