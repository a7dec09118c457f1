"""Demo data for stages (called by loader.demo_load)."""


def stages_demo_load(*, users) -> None:
    """Add this area's demo records; safe to run again (nothing is added twice)."""
