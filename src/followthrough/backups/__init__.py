"""Backups of the database and the evidence files: ``followthrough backup`` and ``restore``.

``archive`` (plain Python) writes and checks the archive, ``databases`` copies each engine's
database out and back, ``services`` does a backup or a restore and audits it."""
