"""Who is who in the permission matrix (tests/test_permissions.py), and the matrix's rows for
the newer areas, one module each, so that each area keeps its own lines."""

PERSONAS = [
    "anonymous",
    "coordinator",
    "chair",
    "lead",
    "other_lead",
    "lead_elsewhere",
    "board",
    "viewer",
    "outsider",
    "national",
    "homeoffice",
    "superuser",
]
MEMBERS = {"coordinator", "chair", "lead", "other_lead", "board", "viewer", "superuser"}
AUTHORS = {"coordinator", "chair", "superuser"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}
# National oversight (a national role, no membership of any partnership) and the site
# administrator: the pooled figures and the published reviews behind them.
NATIONAL = {"national", "superuser"}
# The lead of the action's agency updates the action; the coordinator may too. A lead of the
# same agency in another partnership it serves may not: each partnership decides who leads there.
UPDATERS = {"coordinator", "lead", "superuser"}
SIGNERS = {"coordinator", "board", "superuser"}
# A national body's user (the Home Office's; no membership of any partnership): what is
# addressed to their body, and nothing of any partnership.
BODY_USERS = {"homeoffice", "superuser"}
