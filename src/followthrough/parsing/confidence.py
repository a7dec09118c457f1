"""How sure the reader is of each recommendation and action it read, from 0 to 1.

Items under ``CHECK_BELOW`` are the ones the import preview asks the person to check first.
"""

from __future__ import annotations

CHECK_BELOW = 0.75
