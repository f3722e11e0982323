"""The one error the site build raises on purpose: a message that already says what and where."""

from __future__ import annotations

from stievents.errors import StieventsError

__all__ = ["SiteError"]


class SiteError(StieventsError):
    """A build that cannot go on (bad input, a foreign file in the way, a bad configuration).

    The message names the file or option at fault; the command line prints it
    after ``error:`` and exits non-zero, without a traceback.
    """
