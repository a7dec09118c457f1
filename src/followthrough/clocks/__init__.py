"""Statutory and guideline clocks of a review, per review type, kept as data (stages.toml).

Plain Python: no Django import (docs/architecture.md, "Layers")."""
