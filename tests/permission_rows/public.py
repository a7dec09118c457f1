"""The permission matrix's rows for the public pages (see tests/test_permissions.py): a
published review is open to everyone, the anonymous included; an unpublished one answers 404
to everyone, exactly as a missing one does."""

ROWS: dict = {
    "public:index": (None, "public"),
    "public:index_json": (None, "public"),
    # Northmoor CSP has a published review; Fellside CSP's page is tested in tests/public.
    "public:partnership": ("partnership", "public"),
    "public:review": [("published_review", "public"), ("review", "hidden from all")],
    "public:review_json": [("published_review", "public"), ("review", "hidden from all")],
}
