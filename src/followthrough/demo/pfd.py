"""Demo data for pfd (called by loader.demo_load)."""


def pfd_demo_load(*, users) -> None:
    """Add this area's demo records; safe to run again (nothing is added twice)."""
