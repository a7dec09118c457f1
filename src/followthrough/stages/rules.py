"""Who may read and change a review's stages: everyone who may read the review sees its
timeline; its partnership's coordinator (and the site administrator) records, changes,
removes and extends its stages. Predicates from ``plans.rules``."""

from __future__ import annotations

import rules

from followthrough.plans.rules import is_coordinator, is_partnership_member

rules.add_perm("stages.view_timeline", is_partnership_member)
rules.add_perm("stages.change_stages", is_coordinator)
