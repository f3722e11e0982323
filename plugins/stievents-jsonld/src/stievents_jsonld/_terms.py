"""The installed classification schemes as the mapping uses them: IRIs of codes, labels for ``keywords``.

The exporter writes a classification's label (its own, else the scheme's) after
the event's topics in ``keywords``, so that search engines see "Climate action"
and not only ``termCode: 13``; the importer takes exactly that tail off again
(:func:`strip_labels`), so topics read back unchanged. Both sides compute the
labels with :func:`labels`, from the schemes installed when they run.
"""

from __future__ import annotations

from collections.abc import Sequence

from stievents.api import classification_schemes
from stievents.model import Classification
from stievents.plugin_types import ClassificationScheme

__all__ = ["Terms", "labels", "strip_labels"]


class Terms:
    """The installed schemes by id, looked up once for a whole export."""

    __slots__ = ("schemes",)

    def __init__(self) -> None:
        self.schemes: dict[str, ClassificationScheme] = {s.id: s for s in classification_schemes()}

    def scheme(self, classification: Classification) -> ClassificationScheme | None:
        return self.schemes.get(classification.scheme)

    def label(self, classification: Classification) -> str | None:
        """The classification's own label, else the one its scheme gives its code."""
        if classification.label is not None:
            return classification.label
        scheme = self.schemes.get(classification.scheme)
        return scheme.label(classification.code) if scheme is not None else None

    def iri(self, classification: Classification) -> str | None:
        """The IRI (or public URL) the scheme gives the code, if any."""
        scheme = self.schemes.get(classification.scheme)
        return scheme.code_iri(classification.code) if scheme is not None else None


def labels(classifications: Sequence[Classification], terms: Terms) -> list[str]:
    """The labels the exporter appends to ``keywords``, in order (a classification without any adds none)."""
    found = (terms.label(c) for c in classifications)
    return [label for label in found if label]


def strip_labels(keywords: list[str], classifications: Sequence[Classification]) -> list[str]:
    """``keywords`` without the tail of classification labels the exporter appended (unchanged if it is not there)."""
    if not classifications:
        return keywords
    tail = labels(classifications, Terms())
    if tail and keywords[len(keywords) - len(tail) :] == tail:
        return keywords[: len(keywords) - len(tail)]
    return keywords
