"""The terms we write and read: one table per vocabulary, shared by the exporter and the importer.

The extension terms are defined in an inline context next to the ActivityStreams
context, so that a JSON-LD processor needs only the AS2 context document:
FEP-8a8e's ``timezone``, ``eventStatus``, ``organizers``; Mobilizon's
``joinMode`` and ``externalParticipationUrl`` (which FEP-8a8e adopts);
schema.org's postal address and attendance mode; iCalendar's ``status``, which
Mobilizon and WordPress read and write as ``ical:status``.
"""

from __future__ import annotations

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
AS_CONTEXTS = frozenset({AS_CONTEXT, "http://www.w3.org/ns/activitystreams", "https://www.w3.org/ns/activitystreams#"})
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
FEP = "https://w3id.org/fep/8a8e/"
URN_PREFIX = "urn:stievents:event:"

EXTENSION_CONTEXT: dict[str, object] = {
    "sc": "https://schema.org/",
    "mz": "https://joinmobilizon.org/ns#",
    "ical": "http://www.w3.org/2002/12/cal/ical#",
    "fep": FEP,
    "timezone": "fep:timezone",
    "eventStatus": {"@id": "fep:eventStatus", "@type": "@vocab"},
    "organizers": "fep:organizers",
    "joinMode": "mz:joinMode",
    "externalParticipationUrl": {"@id": "mz:externalParticipationUrl", "@type": "@id"},
    "eventAttendanceMode": {"@id": "sc:eventAttendanceMode", "@type": "@id"},
    "VirtualLocation": "sc:VirtualLocation",
    "PostalAddress": "sc:PostalAddress",
    "address": "sc:address",
    "streetAddress": "sc:streetAddress",
    "addressLocality": "sc:addressLocality",
    "addressRegion": "sc:addressRegion",
    "postalCode": "sc:postalCode",
    "addressCountry": "sc:addressCountry",
    "EventScheduled": "fep:EventScheduled",
    "EventPostponed": "fep:EventPostponed",
    "EventRescheduled": "fep:EventRescheduled",
    "EventCancelled": "fep:EventCancelled",
    "EventMovedOnline": "fep:EventMovedOnline",
    "EventTentative": "fep:EventTentative",
}

# model status value -> FEP-8a8e eventStatus, and the iCalendar STATUS Mobilizon understands
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "cancelled": "EventCancelled",
    "moved-online": "EventMovedOnline",
}
ICAL_STATUS = {
    "scheduled": "CONFIRMED",
    "postponed": "TENTATIVE",
    "rescheduled": "CONFIRMED",
    "cancelled": "CANCELLED",
    "moved-online": "CONFIRMED",
}
ICAL_TO_STATUS = {"CONFIRMED": "scheduled", "CANCELLED": "cancelled"}

# model attendance mode value <-> schema.org term (written as full IRIs: @type @id)
ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}

# model attendance policy value -> Mobilizon joinMode (registration.url wins: "external")
JOIN_MODE = {"open": "free", "registration-required": "restricted", "invitation-only": "invite"}
JOIN_MODE_TO_POLICY = {
    "free": "open",
    "restricted": "registration-required",
    "invite": "invitation-only",
    "external": "registration-required",
}
