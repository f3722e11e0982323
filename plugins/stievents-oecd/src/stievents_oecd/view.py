"""What an OECD event page says, computed once and rendered as HTML, Markdown or text.

Building the content apart from the markup keeps the three formats saying the
same thing and keeps all decisions (status banner, rows left out, labels, dates)
in one place. Values here are plain, unescaped text; renderers escape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from stievents.model import (
    AttendanceMode,
    AttendancePolicy,
    Event,
    EventStatus,
    EventType,
    LanguageRole,
    Phase,
    Scope,
    Translation,
    Visibility,
)
from stievents.plugin_types import ExportContext
from stievents_oecd import timefmt
from stievents_oecd.countries import country_name
from stievents_oecd.i18n import Labels, labels
from stievents_oecd.programme import Programme, build_programme
from stievents_oecd.related import Related, related_events, shared_index
from stievents_oecd.safety import safe_href

__all__ = ["Page", "Row", "Segment", "Version", "build_page"]

TYPE_LABELS = {
    EventType.WORKSHOP: "Workshop",
    EventType.CONFERENCE: "Conference",
    EventType.WEBINAR: "Webinar",
    EventType.SEMINAR: "Seminar",
    EventType.EXPERT_MEETING: "Expert meeting",
    EventType.FORUM: "Forum",
    EventType.ROUNDTABLE: "Roundtable",
    EventType.LECTURE: "Lecture",
    EventType.HACKATHON: "Hackathon",
    EventType.OTHER: "Other",
}
VISIBILITY_LABELS = {Visibility.PUBLIC: "Public", Visibility.UNLISTED: "Unlisted", Visibility.PRIVATE: "Private"}
POLICY_LABELS = {
    AttendancePolicy.OPEN: "Open to all",
    AttendancePolicy.REGISTRATION_REQUIRED: "Registration required",
    AttendancePolicy.INVITATION_ONLY: "By invitation only",
    AttendancePolicy.CLOSED: "Closed",
}
ROLE_LABELS = {
    LanguageRole.INTERPRETATION: "interpretation",
    LanguageRole.CAPTIONS: "captions",
    LanguageRole.MATERIALS: "materials",
}
STATUS_PREFIXES = {
    EventStatus.CANCELLED: "This event has been cancelled",
    EventStatus.POSTPONED: "This event has been postponed",
    EventStatus.RESCHEDULED: "This event has been rescheduled",
}
_CONNECTIVE_RE = re.compile(
    r"(due to|because|owing to|following|for|as|in|after|pour|en raison|à cause|suite|par)\b", re.I
)
ONLINE_PREFIXES = {
    Phase.ENDED: "This event took place virtually",
    Phase.ONGOING: "This event is taking place virtually",
    Phase.UPCOMING: "This event will take place virtually",
}


@attrs.frozen(kw_only=True)
class Segment:
    """A piece of text, linked when ``href`` is set (already checked to be safe)."""

    text: str
    href: str | None = None


@attrs.frozen(kw_only=True)
class Row:
    """A labelled value; ``datetime`` is the machine value for ``<time>``."""

    label: str
    values: tuple[Segment, ...]
    datetime: str | None = None


@attrs.frozen(kw_only=True)
class Version:
    """The event's texts in a language the page is not shown in: a translation, or the original beside one."""

    language: str | None
    name: str
    title: str | None
    subtitle: str | None
    paragraphs: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Page:
    """Everything an event page shows, in display order."""

    language: str
    text_language: str | None
    source_language: str | None
    title: str
    banner: str
    banner_kind: str
    kicker: str | None
    subtitle: str | None
    date_summary: str
    place_summary: str | None
    status_line: str | None
    status_reason: str | None
    presentation_heading: str
    paragraphs: tuple[str, ...]
    questions_lead: str
    questions: tuple[str, ...]
    question_ids: tuple[str | None, ...]
    programme: Programme | None
    downloads: tuple[Segment, ...]
    organisers_heading: str
    organisers: tuple[Segment, ...]
    when_heading: str
    when: tuple[Row, ...]
    info_heading: str
    info: tuple[Row, ...]
    contact_heading: str
    contacts: tuple[tuple[Segment, ...], ...]
    related_heading: str
    related: tuple[Related, ...]
    versions_heading: str
    versions: tuple[Version, ...]
    skip_label: str
    canonical: str | None
    labels: Labels = attrs.field(repr=False)


def colon(text: str, language: str) -> str:
    """A label followed by a colon, with French spacing."""
    return f"{text}\u00a0:" if language == "fr" else f"{text}:"


def _shown(event: Event, language: str) -> Translation | None:
    """The translation the page shows its texts from: the first in the page language, if any."""
    for translation in event.translations:
        if translation.language.split("-")[0].lower() == language and translation.language != event.text_language:
            return translation
    return None


def _texts(event: Event, language: str) -> tuple[str, str | None, str | None, str | None]:
    """Title, subtitle, description and their language, from a translation matching the page language."""
    translation = _shown(event, language)
    if translation is not None:
        return (
            translation.title or event.title,
            translation.subtitle if translation.subtitle is not None else event.subtitle,
            translation.description if translation.description is not None else event.description,
            translation.language,
        )
    return event.title, event.subtitle, event.description, event.text_language


def _versions(event: Event, t: Labels, language: str) -> tuple[Version, ...]:
    """Every version of the texts the page does not show: other translations, and the original beside one.

    A reader who prefers another language finds its text on the same page;
    the page's own texts stay in the page language.
    """
    shown = _shown(event, language)
    result = []
    if shown is not None:
        name = _language_name(event.text_language, language) if event.text_language else t.get("Original text")
        result.append(
            Version(
                language=event.text_language,
                name=name,
                title=event.title,
                subtitle=event.subtitle,
                paragraphs=paragraphs(event.description),
            )
        )
    for translation in event.translations:
        if translation is not shown:
            result.append(
                Version(
                    language=translation.language,
                    name=_language_name(translation.language, language),
                    title=translation.title,
                    subtitle=translation.subtitle,
                    paragraphs=paragraphs(translation.description),
                )
            )
    return tuple(result)


def _language_name(tag: str, language: str) -> str:
    """``French (fr)``, ``Français (fr)`` on a French page: the tag in brackets is what the importer reads back."""
    from babel import Locale

    names = Locale.parse(timefmt.babel_locale(language)).languages
    name = names.get(tag.replace("-", "_")) or names.get(tag.split("-")[0].lower())
    return f"{name[:1].upper() + name[1:]} ({tag})" if name else f"({tag})"


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Paragraphs separated by blank lines; single newlines stay inside a paragraph."""
    if not text:
        return ()
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return tuple("\n".join(line.strip() for line in block.split("\n")) for block in blocks if block.strip())


def _banner(event: Event, now: dt.datetime, t: Labels) -> tuple[str, str]:
    if event.status is EventStatus.CANCELLED:
        return "cancelled", t.get("Event cancelled")
    if event.status is EventStatus.POSTPONED:
        return "postponed", t.get("Event postponed")
    phase = event.phase(now)
    text = {Phase.ENDED: "Event has ended", Phase.ONGOING: "Happening now", Phase.UPCOMING: "Upcoming event"}[phase]
    return phase.value, t.get(text)


def _status_line(event: Event, now: dt.datetime, t: Labels) -> str | None:
    if event.status is EventStatus.MOVED_ONLINE:
        prefix = t.get(ONLINE_PREFIXES[event.phase(now)])
    elif event.status in STATUS_PREFIXES:
        prefix = t.get(STATUS_PREFIXES[event.status])
    else:
        return None
    reason = (event.status_reason or "").strip()
    if not reason:
        return prefix
    if _CONNECTIVE_RE.match(reason):  # "... took place virtually due to ...", as on the reference page
        return f"{prefix} {reason}"
    return f"{colon(prefix, t.language)} {reason}"


def kicker_msgid(scope: Scope | None, event_type: EventType | None) -> str | None:
    """The English kicker ("International workshop") for a scope and type, or ``None``."""
    if scope is None and event_type is None:
        return None
    if event_type is EventType.OTHER:
        return f"Other {scope.value} event" if scope else "Other event"
    noun = TYPE_LABELS[event_type].lower() if event_type else "event"
    return f"{scope.value.capitalize()} {noun}" if scope else noun.capitalize()


def presentation_msgid(event_type: EventType | None) -> str:
    """The heading of the presentation text ("Presentation of the workshop")."""
    if event_type is None or event_type is EventType.OTHER:
        return "Presentation of the event"
    return f"Presentation of the {TYPE_LABELS[event_type].lower()}"


def _organisers(event: Event) -> tuple[Segment, ...]:
    return tuple(
        Segment(text=f"{o.name} ({o.acronym})" if o.acronym else o.name, href=safe_href(o.url))
        for o in event.organisers
    )


def _location(event: Event, t: Labels) -> str | None:
    venue = event.venue
    if venue is None:
        return t.get("Online") if event.attendance_mode is AttendanceMode.ONLINE else None
    parts = [p.strip() for p in (venue.name, venue.street, venue.locality) if p and p.strip()]
    return ", ".join(parts) or None


def _when(event: Event, t: Labels, language: str) -> tuple[Row, ...]:
    rows: list[Row] = []
    local = colon_label(t, "Local time at the venue:")
    for which, timed, dated in (("start", "Start Time:", "Start Date:"), ("end", "End Time:", "End Date:")):
        value = event.start if which == "start" else event.end
        if isinstance(value, dt.datetime):
            text = timefmt.format_moment(value, language)
            rows.append(
                Row(label=colon_label(t, timed), values=(Segment(text=text),), datetime=timefmt.iso_value(value))
            )
            there = event.venue_local(which)
            if there is not None:
                there_text = timefmt.format_moment(there, language)
                rows.append(Row(label=local, values=(Segment(text=there_text),), datetime=timefmt.iso_value(there)))
        else:
            text = timefmt.format_day(value, language)
            rows.append(Row(label=colon_label(t, dated), values=(Segment(text=text),), datetime=value.isoformat()))
    location = _location(event, t)
    if location:
        rows.append(Row(label=colon_label(t, "Location:"), values=(Segment(text=location),)))
    if event.venue is not None and event.venue.country:
        name = country_name(event.venue.country, language)
        rows.append(Row(label=colon_label(t, "Country:"), values=(Segment(text=name),)))
    virtual = event.virtual_location
    if virtual is not None and virtual.join_url_public and safe_href(virtual.url):
        rows.append(
            Row(label=colon_label(t, "Online access:"), values=(Segment(text=virtual.url or "", href=virtual.url),))
        )
    if event.registration is not None and safe_href(event.registration.url):
        url = event.registration.url or ""
        rows.append(Row(label=colon_label(t, "Registration:"), values=(Segment(text=url, href=url),)))
    return tuple(rows)


def colon_label(t: Labels, msgid: str) -> str:
    """A catalogue label that already carries its colon (spacing is the catalogue's)."""
    return t.get(msgid)


def language_names(event: Event, language: str) -> str | None:
    """``English, French (interpretation)`` in the page language."""
    if not event.languages:
        return None
    from babel import Locale

    names = Locale.parse(timefmt.babel_locale(language)).languages
    t = labels(language)
    parts = []
    for use in event.languages:
        primary = use.tag.split("-")[0].lower()
        name = names.get(primary, use.tag)
        role = ROLE_LABELS.get(use.role)
        parts.append(f"{name} ({t.get(role)})" if role else name)
    return ", ".join(parts)


def _info(event: Event, t: Labels, language: str) -> tuple[Row, ...]:
    rows: list[Row] = []
    if event.event_type is not None:
        text = t.get(TYPE_LABELS[event.event_type], "event type")
        rows.append(Row(label=colon_label(t, "Event Type:"), values=(Segment(text=text),)))
    names = language_names(event, language)
    if names:
        rows.append(Row(label=colon_label(t, "Language:"), values=(Segment(text=names),)))
    policy = [t.get(VISIBILITY_LABELS[event.visibility])] if event.visibility else []
    policy += [t.get(POLICY_LABELS[event.attendance_policy])] if event.attendance_policy else []
    if policy:
        label = colon_label(t, "Event Visibility & Attendance Policy:")
        rows.append(Row(label=label, values=(Segment(text=" · ".join(policy)),)))
    themes = classification_labels(event)
    if themes:
        rows.append(Row(label=colon_label(t, "Themes:"), values=(Segment(text=" · ".join(themes)),)))
    page = safe_href(event.url)
    if page:
        rows.append(Row(label=colon_label(t, "Event page:"), values=(Segment(text=page, href=page),)))
    return tuple(rows)


def classification_labels(event: Event) -> list[str]:
    """What the page shows of each classification: its own label, else its scheme's, else ``scheme:code``.

    The schemes are the installed ones (``stievents.api.classification_schemes``), so
    an SDG or STIP Compass code shows its official label even when the event gives none.
    """
    if not event.classifications:
        return []
    from stievents.api import classification_schemes

    schemes = {scheme.id: scheme for scheme in classification_schemes()}
    shown: list[str] = []
    for item in event.classifications:
        scheme = schemes.get(item.scheme)
        label = item.label or (scheme.label(item.code) if scheme is not None else None)
        text = " ".join((label or f"{item.scheme}:{item.code}").split())
        if text not in shown:
            shown.append(text)
    return shown


def _contacts(event: Event) -> tuple[tuple[Segment, ...], ...]:
    result = []
    for contact in event.contacts:
        who = ", ".join(p for p in (contact.name, contact.role, contact.organisation) if p)
        parts = [Segment(text=who)] if who else []
        if contact.email:
            parts.append(Segment(text=contact.email, href=f"mailto:{contact.email}"))
        if contact.phone:
            parts.append(
                Segment(text=contact.phone, href="tel:" + "".join(c for c in contact.phone if c in "+0123456789"))
            )
        result.append(tuple(parts))
    return tuple(result)


def _downloads(event: Event, context: ExportContext, t: Labels) -> tuple[Segment, ...]:
    """Links to the event's ``.ics`` and JSON-LD, from the ``ics_href`` and ``jsonld_href`` templates (if given)."""
    from stievents_oecd.safety import safe_base

    found = []
    for option, label in (
        ("ics_href", "Add this event to your calendar (.ics)"),
        ("jsonld_href", "This event as data (JSON-LD)"),
    ):
        template = getattr(context.options, option, None)
        href = safe_base(template.format(id=event.id, event_id=event.id)) if template else None
        if href:
            found.append(Segment(text=t.get(label), href=href))
    return tuple(found)


def build_page(
    event: Event, collection: Sequence[Event], context: ExportContext, base_url: str | None, limit: int
) -> Page:
    """The content of ``event``'s page, with 'More Like This' drawn from ``collection``.

    The pages of one export share ``context``: the collection is indexed once for
    all of them (see :mod:`stievents_oecd.related`), not ranked whole per page.
    """
    t = labels(context.locale)
    language = t.language
    now = context.now_or_current()
    title, subtitle, description, text_language = _texts(event, language)
    kind, banner = _banner(event, now, t)
    kicker = kicker_msgid(event.scope, event.event_type)
    venue = event.venue
    place = None
    if venue is not None:
        where = venue.locality or venue.name
        country = country_name(venue.country, language) if venue.country else None
        place = ", ".join(p for p in (where, country) if p) or None
    elif event.attendance_mode is AttendanceMode.ONLINE:
        place = t.get("Online")
    return Page(
        language=language,
        text_language=text_language,
        source_language=event.text_language,
        title=title,
        banner=banner,
        banner_kind=kind,
        kicker=colon(t.get(kicker, "kicker"), language) if kicker else None,
        subtitle=subtitle,
        date_summary=timefmt.date_summary(event.start, event.end, language),
        place_summary=place,
        status_line=_status_line(event, now, t),
        status_reason=(event.status_reason or "").strip() or None,
        presentation_heading=t.get(presentation_msgid(event.event_type), "presentation"),
        paragraphs=paragraphs(description),
        questions_lead=t.get("Key questions to address are:"),
        questions=tuple(q.text for q in event.policy_questions),
        question_ids=tuple(q.id for q in event.policy_questions),
        programme=build_programme(event, t, getattr(context.options, "session_ics_href", None)),
        downloads=_downloads(event, context, t),
        organisers_heading=t.get("Organisers"),
        organisers=_organisers(event),
        when_heading=t.get("When and Where"),
        when=_when(event, t, language),
        info_heading=t.get("Event Info"),
        info=_info(event, t, language),
        contact_heading=t.get("Contact Info"),
        contacts=_contacts(event),
        related_heading=t.get("More Like This"),
        related=tuple(related_events(event, collection, base_url, limit, shared_index(collection, context))),
        versions_heading=t.get("In other languages"),
        versions=_versions(event, t, language),
        skip_label=t.get("Skip navigation"),
        canonical=safe_href(event.url),
        labels=t,
    )
