"""The REST API (/api/v1/, django-ninja) and the personal API tokens that open it.

Every read goes through the same ``get_<thing>_for_user`` selectors and ``rules`` predicates
as the pages, and every write through the same services; a token reaches no further than its
user's roles at the moment of each request. See docs/api.md."""
