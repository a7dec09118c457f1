"""Format readers: each turns one kind of file into a ``Document`` of blocks (rows and
paragraphs). They know nothing of action plans; ``followthrough.parsing.table`` does."""
