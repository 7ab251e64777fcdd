"""Errors a user can cause. The CLI turns each into one line and exit code 2."""

from __future__ import annotations


class LexgraphError(Exception):
    """Base of every error a user can cause; its message is one line: what and where."""


class InputError(LexgraphError):
    """A file that cannot be read as what it should be (missing, empty, binary, encoding)."""


class StructureError(LexgraphError):
    """A text whose structure cannot be trusted (no numbered paragraphs, duplicate numbers)."""


class RDFSyntaxError(LexgraphError):
    """Malformed RDF in a file; the message names the file and the line."""


class QuerySyntaxError(LexgraphError):
    """Malformed SPARQL; the message names the source, the line and the column."""


class UsageError(LexgraphError):
    """A wrong option or combination of options."""


__all__ = [
    "InputError",
    "LexgraphError",
    "QuerySyntaxError",
    "RDFSyntaxError",
    "StructureError",
    "UsageError",
]
