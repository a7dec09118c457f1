"""Search keeps no model of its own: its index lives in the database (search/schema.py). This
module exists so that Django sends this app ``post_migrate``, after which the index is checked
(search/apps.py)."""
