"""Who may download a partnership's tracker: its coordinator (``plans.rules``). Each row of an
upload is then checked as the progress form checks it (``delivery.update_action``)."""

import rules

from followthrough.plans.rules import is_coordinator

rules.add_perm("trackers.download_partnership", is_coordinator)
