class ParseError(Exception):
    """The document cannot be read as an action plan.

    The message is one line, written for the person who supplied the file: what is wrong and,
    where possible, what to do about it.
    """
