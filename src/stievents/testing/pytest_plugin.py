"""The pytest plugin stievents registers (entry point ``pytest11``) for plugin authors.

It only *offers*: fixtures, and nothing that runs by itself. Every project with
stievents installed loads it in every pytest run, so a side effect here (it once
pinned :mod:`zoneinfo` to tzdata for all of them) would change tests that never
asked for stievents. Pinning is the opt-in fixture ``stievents_pinned_tzdata``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

# Before anything imports it: a failing contract check then shows the compared values, as a test's own assert does.
pytest.register_assert_rewrite("stievents.testing.contract")


@pytest.fixture
def stievents_pinned_tzdata() -> Iterator[None]:
    """Make :mod:`zoneinfo` read only the ``tzdata`` package during the test; restore the search path after.

    Use it where output must not depend on the machine's zone files (offsets,
    abbreviations): ask for it as an argument, with
    ``@pytest.mark.usefixtures("stievents_pinned_tzdata")``, or for a whole suite
    with an autouse fixture in ``conftest.py`` that requests it.
    """
    from stievents.testing import pinned_tzdata

    with pinned_tzdata():
        yield


@pytest.fixture
def fixed_now() -> dt.datetime:
    """A fixed 'now' (2026-01-01T00:00:00Z) so that exports are deterministic."""
    return dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def reference_event():  # type: ignore[no-untyped-def]
    """The OECD reference event (``oecd-co-creation-2020``)."""
    from stievents.examples import example

    return example("oecd-co-creation-2020")


@pytest.fixture
def demo_event():  # type: ignore[no-untyped-def]
    """The fictional hybrid forum (``demo-hybrid-forum``)."""
    from stievents.examples import example

    return example("demo-hybrid-forum")


@pytest.fixture
def example_events():  # type: ignore[no-untyped-def]
    """Both built-in examples, as one collection."""
    from stievents.examples import example, example_names

    return [example(name) for name in example_names()]
