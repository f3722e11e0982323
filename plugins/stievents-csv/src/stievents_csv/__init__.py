"""Spreadsheet (CSV) export for stievents: one row per event or per session.

Install it and the ``csv`` format appears in ``stievents formats``::

    stievents convert --example oecd-co-creation-2020 --to csv -O rows=sessions

The column catalogue is :data:`stievents_csv.columns.COLUMNS`.
"""

from __future__ import annotations

__version__ = "0.1.0"
