"""PDF plans printed with reportlab at test time (no binaries in git), and what they read as."""
