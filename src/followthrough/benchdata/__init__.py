"""Benchmark data: a national-scale data set (40 partnerships, 2,000 reviews, 60,000 actions and
what hangs from them) or a small one for tests, reproducible from a seed.

``shape`` (plain Python) decides how many of everything there are and where they go: the
partnerships' sizes, the regions whose agencies serve several partnerships, each review's
recommendations and actions, each action's status, dates, milestones and progress updates.
``words`` holds the invented vocabulary every name and text is made from: no real person,
partnership, review or plan. ``loader`` writes it through the models, in bulk, with the row
history and audit events the app keeps (``followthrough bench-data``).

Never load it into a production database: it is invented data for measuring pages.
"""
