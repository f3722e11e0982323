"""ActivityStreams 2.0 ``Event`` export and import for stievents, as Mobilizon and Gancio publish them.

Install it and the ``activitystreams`` format appears in ``stievents formats``::

    stievents convert --example demo-hybrid-forum --to activitystreams --base-url https://events.example.org

The mapping follows FEP-8a8e; what is kept and lost is in ``docs/formats/activitystreams.md``.
"""

from __future__ import annotations

__version__ = "0.1.0"
