"""Subscriptions to courses: iCalendar (RFC 5545) files and an Atom feed (RFC 4287).

Takes the validated courses, returns `{src_uri: bytes}`: `kurs/kalender.ics` with every course,
`kurs/kalender-<target group>.ics` per target group, `kurs/kalender-arrangor-<organiser type>.ics`
per organiser type (competence centre, learning-and-coping centre, patient organisation,
municipality), and `kurs/feed.xml`. Each event names its organiser and the organiser's type. Output is deterministic:
UIDs come from the course slug, DTSTAMP/LAST-MODIFIED/updated from the course's own `publisert`
and `endret` dates (never the build time). Times are local Europe/Oslo with a VTIMEZONE, so
calendars show the right local time on both sides of the daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape

from build_tools.core.pages import EXAMPLE_PREFIX, SITE_URL, plain
from build_tools.kinds.courses.model import KINDS, ORGANISER_TYPES, TARGET_GROUPS, Course, when

PRODID = "-//sjelden.no//Kurs og lærings- og mestringstilbud//NO"

# Organiser type → (file under kurs/, calendar name): one subscription per level of offer.
ORGANISER_CALENDARS = {t: (f"kalender-arrangor-{t}.ics", f"Kurs på sjelden.no: {plural.lower()}") for t, (_label, plural) in ORGANISER_TYPES.items()}

# Europe/Oslo since 1996: CEST from the last Sunday in March 02:00, CET from the last Sunday in October 03:00.
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Oslo",
    "X-LIC-LOCATION:Europe/Oslo",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def ical_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


# Example courses do not exist: a subscriber must see that in the title itself.
# The Atom feed and how pages announce it: `feeds:` in a page's front matter becomes a
# <link rel="alternate" type="application/atom+xml"> in its head (docs/overrides/partials/sjelden-meta.html).
FEED_PATH = "kurs/feed.xml"
FEED_LINK = {"href": FEED_PATH, "title": "Kurs på sjelden.no (Atom)"}
# The course pages' own sitemap, beside the feed. Material's bundle reads every <link rel="alternate">
# as a translation of the site and fetches sitemap.xml next to its address: for the feed, this file
# (a valid sitemap of the /kurs/ pages) instead of a 404 in every reader's console.
SITEMAP_PATH = "kurs/sitemap.xml"
EXAMPLE_NOTE = "Eksempeltekst: dette kurset finnes ikke, og det er ingen påmelding."


def title(course: Course, cancelled: str) -> str:
    """The title a calendar or feed shows: marked when the course is an example or cancelled."""
    meta = course.meta
    return (EXAMPLE_PREFIX if meta.eksempeltekst else "") + (cancelled if course.cancelled else "") + meta.tittel


def _stamp(day: date) -> str:
    return f"{day:%Y%m%d}T000000Z"


def vevent(course: Course) -> list[str]:
    meta = course.meta
    organiser = course.organiser
    by = f"\nArrangør: {organiser.name} ({organiser.type_label.lower()})." if organiser is not None else ""
    more = "Mer informasjon" if meta.eksempeltekst else "Mer informasjon og påmelding"
    description = (f"{EXAMPLE_NOTE}\n\n" if meta.eksempeltekst else "") + f"{plain(meta.mål)}\n\n{KINDS[meta.type]}, {when(course)}.{by}\n{more}: {SITE_URL}{course.url}"
    location = ""
    if meta.sted is not None:
        location = ", ".join(x for x in (meta.sted.navn, meta.sted.adresse, meta.sted.poststed) if x)
        if meta.gjennomføring == "hybrid":
            location += " (også digitalt)"
    elif meta.gjennomføring == "digitalt":
        location = "Digitalt"
    lines = [
        "BEGIN:VEVENT",
        f"UID:kurs-{course.slug}@sjelden.no",
        f"DTSTAMP:{_stamp(course.updated)}",
        f"CREATED:{_stamp(meta.publisert)}",
        f"LAST-MODIFIED:{_stamp(course.updated)}",
        f"SEQUENCE:{(course.updated - meta.publisert).days}",
        f"DTSTART;TZID=Europe/Oslo:{meta.start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Oslo:{meta.slutt:%Y%m%dT%H%M%S}",
        f"SUMMARY:{ical_text(title(course, 'AVLYST: '))}",
        f"DESCRIPTION:{ical_text(description)}",
        f"URL:{SITE_URL}{course.url}",
        f"STATUS:{'CANCELLED' if course.cancelled else ('TENTATIVE' if meta.eksempeltekst else 'CONFIRMED')}",
        "CATEGORIES:" + ",".join(ical_text(c) for c in [KINDS[meta.type], *([organiser.type_label] if organiser is not None else [])]),
    ]
    if location:
        lines.append(f"LOCATION:{ical_text(location)}")
    if organiser is not None and organiser.url and not meta.eksempeltekst:  # nobody to contact about an example
        lines.append(f"ORGANIZER;CN={_param(organiser.name)}:{organiser.url}")
    lines.append("END:VEVENT")
    return lines


def _param(value: str) -> str:
    return '"' + value.replace('"', "'") + '"'


def ical(courses: Iterable[Course], name: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(name)}",
        "X-WR-TIMEZONE:Europe/Oslo",
        *VTIMEZONE,
    ]
    for course in sorted(courses, key=lambda c: (c.meta.start, c.slug)):
        lines += vevent(course)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def calendars(courses: list[Course]) -> dict[str, bytes]:
    out = {"kurs/kalender.ics": ical(courses, "Kurs på sjelden.no")}
    for value, (slug, label) in TARGET_GROUPS.items():
        chosen = [c for c in courses if value in c.meta.målgrupper]
        out[f"kurs/kalender-{slug}.ics"] = ical(chosen, f"Kurs på sjelden.no: {label.lower()}")
    for kind, (name, title) in ORGANISER_CALENDARS.items():
        out[f"kurs/{name}"] = ical([c for c in courses if c.organiser is not None and c.organiser.type == kind], title)
    return out


def atom(courses: list[Course]) -> bytes:
    """New and changed courses, newest change first."""
    ordered = sorted(courses, key=lambda c: (c.updated, c.slug), reverse=True)
    updated = ordered[0].updated if ordered else date(2026, 1, 1)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nb">',
        "<title>Kurs på sjelden.no</title>",
        "<subtitle>Nye og endrede kurs og lærings- og mestringstilbud om sjeldne diagnoser</subtitle>",
        f'<link rel="self" href="{SITE_URL}{FEED_PATH}"/>',
        f'<link rel="alternate" type="text/html" href="{SITE_URL}kurs/"/>',
        f"<id>{SITE_URL}kurs/</id>",
        f"<updated>{updated:%Y-%m-%d}T00:00:00Z</updated>",
        "<author><name>Nasjonal kompetansetjeneste for sjeldne diagnoser</name></author>",
    ]
    for c in ordered:
        status = {"avlyst": "Avlyst. ", "fullt": "Fullt. ", "venteliste": "Venteliste. "}.get(c.meta.status, "")
        summary = (f"{EXAMPLE_NOTE} " if c.meta.eksempeltekst else "") + f"{status}{KINDS[c.meta.type]}, {when(c)}. {plain(c.meta.mål)}"
        out += [
            "<entry>",
            f"<title>{escape(title(c, 'Avlyst: '))}</title>",
            f'<link rel="alternate" type="text/html" href="{SITE_URL}{c.url}"/>',
            f"<id>tag:sjelden.no,{c.meta.publisert:%Y-%m-%d}:kurs/{c.slug}</id>",
            f"<published>{c.meta.publisert:%Y-%m-%d}T00:00:00Z</published>",
            f"<updated>{c.updated:%Y-%m-%d}T00:00:00Z</updated>",
            f'<category term="{escape(c.meta.type)}" label="{escape(KINDS[c.meta.type])}"/>',
            *([f'<category term="arrangor-{escape(c.organiser.type)}" label="{escape(c.organiser.type_label)}"/>'] if c.organiser is not None else []),
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def sitemap(paths: list[str]) -> bytes:
    """A sitemap (sitemaps.org 0.9) of the given site-relative page paths under kurs/."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(SITE_URL + path)}</loc></url>" for path in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
