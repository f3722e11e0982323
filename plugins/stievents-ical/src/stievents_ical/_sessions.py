"""Our sessions on import: VEVENTs related to their event (RELATED-TO;RELTYPE=PARENT), with their people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stievents.errors import InvalidEventError
from stievents.model import Person, Session, SessionKind
from stievents_ical import _names as n
from stievents_ical._props import first_text, texts
from stievents_ical._reader import ComponentReader

__all__ = ["SessionReader"]


class SessionReader(ComponentReader):
    """Reads the sessions attached to an event."""

    def _session(self, index: int, vevent: Any) -> Session | None:
        sub = ComponentReader(vevent, self.place.sibling(index), self.times)
        uid = first_text(vevent, "UID") or ""
        session_id = uid.removesuffix(n.UID_SUFFIX).rsplit("/", 1)[-1]
        start = sub.time("DTSTART")
        end = sub.time("DTEND") if isinstance(start, dt.datetime) else None
        people: dict[str, list[Person]] = {"chair": [], "moderator": [], "speaker": []}
        for sub_index, part in enumerate(vevent.subcomponents):
            role = first_text(part, n.X_PERSON_ROLE) if part.name == "PARTICIPANT" else None
            if role not in people:
                continue
            address = first_text(part, "CALENDAR-ADDRESS")
            try:
                people[role].append(
                    Person(
                        name=first_text(part, "SUMMARY") or "",
                        affiliation=first_text(part, n.X_AFFILIATION),
                        email=address[7:] if address and address.lower().startswith("mailto:") else None,
                        url=first_text(part, "URL"),
                    )
                )
            except InvalidEventError as exc:
                sub.place.warn(f"PARTICIPANT[{sub_index}]", f"{exc}; ignored")
        try:
            return Session(
                id=session_id,
                title=first_text(vevent, "SUMMARY") or "",
                kind=sub.enum(n.X_SESSION_KIND, SessionKind) or SessionKind.OTHER,
                description=first_text(vevent, "DESCRIPTION"),
                start=start,
                end=end if isinstance(end, dt.datetime) else None,
                room=sub.room(),
                virtual_location=sub.online(vevent),
                chairs=tuple(people["chair"]),
                moderators=tuple(people["moderator"]),
                speakers=tuple(people["speaker"]),
                policy_question_ids=tuple(text for text, _ in texts(vevent, n.X_QUESTION_IDS)),
            )
        except InvalidEventError as exc:
            sub.place.error("UID", f"the session cannot be read: {exc}")
            return None
