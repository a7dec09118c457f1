"""The national bodies most often addressed by reviews' recommendations, there from the first
migration (the administrator adds others in the Django admin). Plain data, read by the data
migration and by the handler that puts them back after a flush (apps.py)."""

# (name, short name, written with "the", aliases one a line)
BODIES = [
    ("Home Office", "HO", True, "Home Secretary"),
    (
        "Department of Health and Social Care",
        "DHSC",
        True,
        "Department of Health\nSecretary of State for Health and Social Care",
    ),
    ("NHS England", "NHSE", False, ""),
    ("Department for Education", "DfE", True, "Secretary of State for Education"),
    (
        "Ministry of Justice",
        "MoJ",
        True,
        "HM Prison and Probation Service\nHMPPS\nSecretary of State for Justice",
    ),
    ("Department for Work and Pensions", "DWP", True, "Secretary of State for Work and Pensions"),
]


def bodies_seed(NationalBody, using: str = "default") -> None:
    """Add the seeded bodies to an empty table (a table with any body is left alone: the
    administrator may have renamed or retired one)."""
    bodies = NationalBody.objects.using(using)
    if bodies.exists():
        return
    for name, short_name, takes_article, aliases in BODIES:
        bodies.create(
            name=name, short_name=short_name, takes_article=takes_article, aliases=aliases
        )
