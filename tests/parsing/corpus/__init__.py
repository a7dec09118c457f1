"""Documents the reader tests generate: invented plans with pseudonymous names."""
