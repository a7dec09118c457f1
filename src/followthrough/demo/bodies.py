"""Demo data for bodies (called by loader.demo_load)."""


def bodies_demo_load(*, users) -> None:
    """Add this area's demo records; safe to run again (nothing is added twice)."""
