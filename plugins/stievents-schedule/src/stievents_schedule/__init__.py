"""Conference schedules for stievents: the frab/Pentabarf ``schedule.xml`` and the c3voc ``schedule.json``.

Install it and the formats ``schedule-xml`` and ``schedule-json`` appear in
``stievents formats``, for export and import::

    stievents convert --example demo-hybrid-forum --to schedule-xml -O acronym=demo_forum
    stievents convert schedule.json --to toml

These are the files pretalx, frab and wafer publish and that Giggity, the
Fahrplan apps and the c3voc recording pipeline read. The mapping is in
``docs/formats/schedule.md``.
"""

from __future__ import annotations

__version__ = "0.1.0"
