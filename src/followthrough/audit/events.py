"""Audit event types: one constant per kind of state change."""

PLAN_IMPORTED = "plan.imported"
PLAN_REPLACED = "plan.replaced"
PARTNERSHIP_CREATED = "partnership.created"
AGENCY_CREATED = "agency.created"
AGENCY_JOINED_PARTNERSHIP = "agency.joined_partnership"
MEMBERSHIP_CREATED = "membership.created"
DEMO_LOADED = "demo.loaded"
