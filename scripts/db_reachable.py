"""Exit 0 if the database at the URL given accepts connections, 1 otherwise."""

import sys

import psycopg

try:
    url = sys.argv[1].replace("postgres://", "postgresql://", 1)
    psycopg.connect(url, connect_timeout=3).close()
except (psycopg.Error, IndexError):
    sys.exit(1)
