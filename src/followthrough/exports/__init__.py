"""Reports and exports: the action plan in the Home Office template (Word, PDF), as a
spreadsheet (Excel, CSV) and as interchange JSON; the board pack (Word, PDF).

``model`` and ``writers`` are plain Python over the interchange dataclasses; the Django side
(``selectors``, ``services``, ``views``) builds those dataclasses from the database, applies
the profile and records who exported what.
"""
