"""The pytest plugin stievents registers (entry point ``pytest11``) for plugin authors."""

from __future__ import annotations

import datetime as dt

import pytest

from stievents.testing import pin_tzdata


def pytest_configure(config: pytest.Config) -> None:
    """Pin zoneinfo to tzdata before any test builds a datetime."""
    pin_tzdata()


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
