"""The two full-text back ends behind ``search.selectors.search``: PostgreSQL (``to_tsvector``
over the GIN expression indexes, ``websearch_to_tsquery``, the words marked from the lexemes
the query matched) and SQLite (FTS5 external-content tables, each word of the query quoted,
``snippet``). Each answers the same two questions: which rows of a source match (a condition
to filter a queryset by), and the words found in the page's rows, marked.

The words found come back between two private-use characters (``START``, ``STOP``), never as
HTML: ``highlight.marked`` escapes the text and turns only those into ``<mark>``."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from followthrough.search.schema import SOURCES, Source

START, STOP = "\ue000", "\ue001"
ELLIPSIS = "\u2026"
SNIPPET_TOKENS = 40  # the words of context a snippet shows (FTS5's most is 64)


def fts5_query(text: str) -> str:
    """The user's words as an FTS5 query that can never be a syntax error: each word (a run of
    anything but spaces) quoted as a phrase, its own quotes doubled, all of them required.
    ``*``, ``-``, ``NEAR``, ``AND``, brackets and colons are only ever text; a "word" of
    punctuation alone, which FTS5 would read as nothing, is left out."""
    phrases = [
        '"' + word.replace('"', '""') + '"' for word in text.split() if re.search(r"\w", word)
    ]
    return " ".join(phrases)


def _fts5_match(source: Source) -> str:
    return f"SELECT rowid FROM {source.fts} WHERE {source.fts} MATCH %s"


# The page's texts to mark: {source kind: {row id: {column: text}}}, and the same back with
# the words found between START and STOP (a passage of the text around them, where it is long).
Documents = dict[str, dict[int, dict[str, str]]]


class SQLiteBackend:
    name = "sqlite"

    def matches(self, source: Source, text: str) -> Q:
        return Q(pk__in=RawSQL(_fts5_match(source), [fts5_query(text)]))

    def highlights(self, text: str, documents: Documents) -> Documents:
        """FTS5's own snippets: one query per source on the page."""
        marked: Documents = {}
        for source in SOURCES:
            ids = list(documents.get(source.kind, {}))
            if not ids:
                continue
            snippets = ", ".join(
                f"snippet({source.fts}, {i}, %s, %s, %s, {SNIPPET_TOKENS})"
                for i in range(len(source.columns))
            )
            placeholders = ", ".join("%s" for _ in ids)
            params = [START, STOP, ELLIPSIS] * len(source.columns)
            sql = (
                f"SELECT rowid, {snippets} FROM {source.fts} "
                f"WHERE {source.fts} MATCH %s AND rowid IN ({placeholders})"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, fts5_query(text), *ids])
                rows = cursor.fetchall()
            marked[source.kind] = {
                row[0]: dict(zip(source.columns, row[1:], strict=True)) for row in rows
            }
        return marked


TSQUERY = "websearch_to_tsquery('english'::regconfig, %s)"
_LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'")
_WORD = re.compile(r"\w+")


class PostgreSQLBackend:
    name = "postgresql"

    def matches(self, source: Source, text: str) -> Q:
        # The very expression of the GIN index (schema.Source.document), so the planner uses
        # it; in a subquery kept apart (OFFSET 0), so the rows come from the index whoever asks,
        # never from to_tsvector worked out again over each row of a large partnership.
        sql = (
            f"SELECT id FROM {source.table} "
            f"WHERE {source.document(alias=False)} @@ {TSQUERY} OFFSET 0"
        )
        return Q(pk__in=RawSQL(sql, [text]))

    def highlights(self, text: str, documents: Documents) -> Documents:
        """Our own marking from the lexemes the query matched (ts_headline would drop anything
        that looks like an HTML tag from the text, and the text is what people wrote): two
        queries, the query's lexemes and those of every word on the page."""
        if not any(documents.values()):
            return {}
        words = sorted(
            {
                word.lower()
                for rows in documents.values()
                for columns in rows.values()
                for value in columns.values()
                for word in _WORD.findall(value or "")
            }
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT querytree({TSQUERY})", [text])
            tree = cursor.fetchone()[0] or ""
            cursor.execute(
                "SELECT word, tsvector_to_array(to_tsvector('english'::regconfig, word)) "
                "FROM unnest(%s::text[]) AS word",
                [words],
            )
            lexemes_of = {word: set(lexemes or ()) for word, lexemes in cursor.fetchall()}
        wanted = {m.group(2).replace("''", "'") for m in _LEXEME.finditer(tree) if not m.group(1)}
        return {
            kind: {
                pk: {
                    column: passage(value or "", lambda w: bool(lexemes_of.get(w.lower()) & wanted))
                    for column, value in columns.items()
                }
                for pk, columns in rows.items()
            }
            for kind, rows in documents.items()
        }


def passage(text: str, found, words: int = SNIPPET_TOKENS) -> str:
    """``text``, or the ``words`` words of it from a few before the first word ``found``, with
    an ellipsis where some is left out, and each word found between START and STOP."""
    tokens = list(_WORD.finditer(text))
    hits = [i for i, token in enumerate(tokens) if found(token.group())]
    first = max(0, hits[0] - 8) if hits else 0
    last = min(len(tokens), first + words)
    if first == 0 and last == len(tokens):
        begin, end = 0, len(text)
    else:
        begin = tokens[first].start() if first else 0
        end = tokens[last - 1].end() if last < len(tokens) else len(text)
    out = [ELLIPSIS + " "] if begin else []
    at = begin
    for i in hits:
        if first <= i < last:
            token = tokens[i]
            out += [text[at : token.start()], START, token.group(), STOP]
            at = token.end()
    out.append(text[at:end])
    if end < len(text):
        out.append(" " + ELLIPSIS)
    return "".join(out)


def backend():
    """The back end of the default database."""
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search has no back end for {connection.vendor}")
