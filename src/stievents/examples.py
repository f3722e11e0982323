"""The built-in example events, shipped as canonical JSON inside the package.

``oecd-co-creation-2020`` is the OECD workshop page the project is modelled on,
with every fact the page gives and nothing it leaves blank;
``demo-hybrid-forum`` is a fictional event that exercises the rest of the model.
"""

from __future__ import annotations

import functools
from importlib import resources

from stievents.model import Event

__all__ = ["EXAMPLES", "example", "example_names"]

EXAMPLES: dict[str, str] = {
    "oecd-co-creation-2020": "The OECD workshop on co-creation (Moscow, 5-6 March 2020), moved online",
    "demo-hybrid-forum": "A fictional two-day hybrid forum in two zones, rescheduled, in French and English",
}


def example_names() -> list[str]:
    """The names of the built-in examples."""
    return list(EXAMPLES)


@functools.cache
def example(name: str) -> Event:
    """The built-in example ``name``; ``KeyError`` listing the names if unknown."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example {name!r}; examples: {', '.join(EXAMPLES)}")
    from stievents import serialize

    data = resources.files("stievents").joinpath("data", f"{name}.json").read_bytes()
    (event,) = serialize.loads(data)
    return event


def example_bytes(name: str) -> bytes:
    """The canonical JSON file of example ``name``, as shipped."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example {name!r}; examples: {', '.join(EXAMPLES)}")
    return resources.files("stievents").joinpath("data", f"{name}.json").read_bytes()
