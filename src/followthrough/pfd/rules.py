"""Who may read and write a PFD report's addressees: the review's own rules. Everyone who may
read the review reads them; those who write its plan (coordinator, panel chair) write them.
The object is the review (``selectors.get_addressee_for_user`` asks on the addressee's)."""

from __future__ import annotations

import rules

from followthrough.plans.rules import is_partnership_member, is_plan_author, may_author_somewhere

rules.add_perm("pfd.view_addressees", is_partnership_member)
rules.add_perm("pfd.change_addressees", is_plan_author)
# The import page: anyone who writes plans somewhere; the partnership is chosen on it.
rules.add_perm("pfd.import_report", may_author_somewhere)
