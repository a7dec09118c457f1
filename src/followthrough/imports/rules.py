"""Who may preview and save an upload: the plan authors of its partnership."""

import rules

from followthrough.imports.models import PendingImport
from followthrough.partnerships.selectors import roles_by_partnership
from followthrough.plans.rules import PLAN_AUTHORS, may_author_somewhere


@rules.predicate
def is_author_of_import(user, pending: PendingImport) -> bool:
    roles = roles_by_partnership(user).get(pending.partnership_id, frozenset())
    return bool(roles & PLAN_AUTHORS)


rules.add_perm("imports.upload", may_author_somewhere)
rules.add_perm("imports.change_pendingimport", is_author_of_import)
