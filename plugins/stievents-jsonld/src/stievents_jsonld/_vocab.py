"""The schema.org terms this plugin maps to and from the model, kept in one place."""

from __future__ import annotations

from stievents.model import AttendanceMode, EventStatus, EventType, OrganiserRole

SCHEMA = "https://schema.org/"
CONTEXT = "https://schema.org"

STATUS_TO_SCHEMA: dict[EventStatus, str] = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.RESCHEDULED: "EventRescheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
}
SCHEMA_TO_STATUS = {v: k for k, v in STATUS_TO_SCHEMA.items()}

MODE_TO_SCHEMA: dict[AttendanceMode, str] = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "MixedEventAttendanceMode",
}
SCHEMA_TO_MODE = {v: k for k, v in MODE_TO_SCHEMA.items()}

# Only the event types schema.org has a type for; the others stay plain "Event".
TYPE_TO_SCHEMA: dict[EventType, str] = {
    EventType.CONFERENCE: "ConferenceEvent",
    EventType.HACKATHON: "Hackathon",
}
SCHEMA_TO_TYPE = {v: k for k, v in TYPE_TO_SCHEMA.items()}

# Which organiser roles go to which Event property (host and co-organiser both become organizer).
ROLE_PROPERTIES: tuple[tuple[str, tuple[OrganiserRole, ...]], ...] = (
    ("organizer", (OrganiserRole.HOST, OrganiserRole.CO_ORGANISER)),
    ("sponsor", (OrganiserRole.SPONSOR,)),
    ("funder", (OrganiserRole.FUNDER,)),
    ("contributor", (OrganiserRole.PARTNER,)),
)

# rdfs:subClassOf* schema:Event in schema.org 30.0 (checked by the tests against the vocabulary).
EVENT_TYPES: frozenset[str] = frozenset(
    [
        "Event",
        "BroadcastEvent",
        "BusinessEvent",
        "ChildrensEvent",
        "ComedyEvent",
        "ConferenceEvent",
        "CourseInstance",
        "DanceEvent",
        "DeliveryEvent",
        "EducationEvent",
        "EventSeries",
        "ExhibitionEvent",
        "Festival",
        "FoodEvent",
        "Hackathon",
        "LiteraryEvent",
        "MusicEvent",
        "OnDemandEvent",
        "PerformingArtsEvent",
        "PublicationEvent",
        "SaleEvent",
        "ScreeningEvent",
        "SocialEvent",
        "SportsEvent",
        "TheaterEvent",
        "UserBlocks",
        "UserCheckins",
        "UserComments",
        "UserDownloads",
        "UserInteraction",
        "UserLikes",
        "UserPageVisits",
        "UserPlays",
        "UserPlusOnes",
        "UserTweets",
        "VisualArtsEvent",
    ]
)

_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
CONTEXT_URLS = frozenset(
    {
        "https://schema.org",
        "https://schema.org/",
        "http://schema.org",
        "http://schema.org/",
        "https://schema.org/docs/jsonldcontext.json",
        "http://schema.org/docs/jsonldcontext.json",
        "https://schema.org/docs/jsonldcontext.jsonld",
    }
)


def local_name(term: str) -> str:
    """``Event`` from ``Event``, ``schema:Event``, ``http://schema.org/Event`` or ``https://schema.org/Event``."""
    for prefix in _PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix) :]
    return term
