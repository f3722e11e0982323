"""Benchmarks of stievents against the libraries a user would otherwise use (``nox -s bench``)."""
