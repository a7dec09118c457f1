from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Who belongs to a partnership, managed by its coordinator: invitations by e-mail, roles,
    removals, and the warning when no one would be reminded of an action. The records are
    partnerships' (Membership, Invitation); this package sits above partnerships, plans and
    notifications, whose concurrency check and mail it uses."""

    name = "followthrough.people"
    verbose_name = "People"
