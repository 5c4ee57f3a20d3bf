"""The pages and files under `kurs/`: listing, filters, one page per course, evaluation and results pages,
calendars and the Atom feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from build_tools.core.pages import SITE_URL, describe, h, mark_example, page, plain, source_meta
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.core.vocab import norwegian_sort_key
from build_tools.kinds import routes
from build_tools.kinds.courses import calendar, forms, results
from build_tools.kinds.courses.model import (
    ADAPTATIONS,
    COVERED,
    FORMATS,
    KINDS,
    ORGANISER_TYPES,
    STATUS,
    TARGET_GROUPS,
    Course,
    CourseList,
    CourseStatus,
    when,
)
from build_tools.kinds.links import RenderScope
from build_tools.kinds.site import Site
from build_tools.orphanet.model import OrphaCode

# --- Rendering -----------------------------------------------------------------------------------

def diagnosis_links(course: Course) -> list[tuple[str, str]]:
    """(label, link from the course page) for each diagnosis the course names."""
    out = [(d.meta.tittel, f"../../{d.url}") for d in course.diagnoses]
    named = {code for d in course.diagnoses for code in d.codes}
    for code in course.codes:
        if code in named:
            continue
        entity = course.entities.get(code)
        out.append((f"{entity.name} ({code})" if entity else str(code), "../../" + routes.orpha(code)))
    return out


def course_jsonld(course: Course, today: date) -> dict[str, object]:
    """schema.org Event + Course: dates with Oslo offset, status, attendance mode, offer, audience.

    A course that is over offers nothing (availability `Discontinued`); example courses say so in
    `creativeWorkStatus` and in their name and description."""
    meta = course.meta
    mode = {"fysisk": "OfflineEventAttendanceMode", "digitalt": "OnlineEventAttendanceMode", "hybrid": "MixedEventAttendanceMode"}[meta.gjennomføring]
    status = "EventCancelled" if course.cancelled else "EventScheduled"
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": ["Event", "Course"],
        "name": meta.tittel,
        "description": plain(meta.mål),
        "url": f"{SITE_URL}{course.url}",
        "startDate": course.start.isoformat(),
        "endDate": course.end.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "inLanguage": "nb",
        "audience": [{"@type": "Audience", "audienceType": TARGET_GROUPS[g][1]} for g in meta.målgrupper],
    }
    if course.organiser is not None:
        org: dict[str, object] = {"@type": "Organization", "name": course.organiser.name, "description": course.organiser.type_label}
        if course.organiser.url:
            org["url"] = course.organiser.url
        data["organizer"] = org
        data["provider"] = org
    locations: list[dict[str, object]] = []
    if meta.sted is not None:
        place: dict[str, object] = {"@type": "Place", "name": meta.sted.navn}
        if meta.sted.adresse or meta.sted.poststed:
            place["address"] = ", ".join(x for x in (meta.sted.adresse, meta.sted.poststed) if x)
        locations.append(place)
    if meta.gjennomføring in {"digitalt", "hybrid"}:
        locations.append({"@type": "VirtualLocation", "url": (None if meta.eksempeltekst else meta.påmelding) or f"{SITE_URL}{course.url}"})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if not meta.eksempeltekst:  # an example course does not exist: nothing is offered, nobody can sign up
        offer: dict[str, object] = {"@type": "Offer", "price": str(meta.pris.beløp), "priceCurrency": "NOK"}
        if meta.påmelding:
            offer["url"] = meta.påmelding
        availability: dict[CourseStatus, str] = {"åpen": "InStock", "venteliste": "LimitedAvailability", "fullt": "SoldOut", "avlyst": "Discontinued", "avsluttet": "Discontinued"}
        offer["availability"] = "https://schema.org/" + availability[course.status_on(today)]
        data["offers"] = offer
    if meta.plasser:
        data["maximumAttendeeCapacity"] = meta.plasser
    return mark_example(data, meta.eksempeltekst)


def filters(course: Course, today: date) -> dict[str, list[str]]:
    """The filter values of a course: dimension → values (used for filter pages and data attributes)."""
    return {
        "malgruppe": [TARGET_GROUPS[g][0] for g in course.meta.målgrupper],
        "diagnosegruppe": [str(g.code.value) for g in course.groups],
        "arrangortype": [course.organiser.type] if course.organiser is not None else [],
        "arrangor": [course.meta.arrangør],
        "format": [course.meta.gjennomføring],
        "apen": ["ja"] if course.open_for_application(today) else [],
    }


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, scope: RenderScope | None = None) -> dict[str, bytes]:
    """Every file under `kurs/`: src_uri → bytes."""

    courses: CourseList = site.courses if isinstance(site.courses, CourseList) else CourseList([], {}, today, {})
    env = (state or BuildState()).templates(
        when=when, esc=h, TARGET_GROUPS=TARGET_GROUPS, KINDS=KINDS, FORMATS=FORMATS, STATUS=STATUS, COVERED=COVERED,
        ADAPTATIONS=ADAPTATIONS, ORGANISER_TYPES=ORGANISER_TYPES, today=today, filters=filters, site=site, orpha=site.orpha, diagnosis_links=diagnosis_links,
        mark_examples=settings.example_notice,  # «(eksempel)» beside example courses in the lists
    )
    pages: dict[str, str] = {}

    upcoming, past = courses.upcoming(), courses.past()
    dims = _filter_dimensions(site, upcoming, today)
    pages["kurs/index.md"] = page(
        {"title": "Kurs og lærings- og mestringstilbud", "description": "Kurs, fagdager, webinarer og e-læring om sjeldne diagnoser fra kompetansesentrene, lærings- og mestringssentre på sykehus, pasientorganisasjoner og kommuner, for pasienter, pårørende og fagfolk.", "sjelden": {"kind": "kursliste"}, "feeds": [calendar.FEED_LINK]},
        env.get_template("course_index.md.j2").render(upcoming=upcoming, past=past, dims=dims, active=None, up="", years=_by_year(past), calendars=calendar.ORGANISER_CALENDARS),
    )
    for dim, (label, values) in dims.items():
        for value, (value_label, matching) in values.items():
            path = f"kurs/{dim}/{value}/index.md" if dim != "apen" else "kurs/apne/index.md"
            up = "../../" if dim != "apen" else "../"
            title = f"Kurs: {value_label}" if dim != "apen" else "Kurs som er åpne for påmelding"
            pages[path] = page(
                {"title": title, "description": f"Kommende kurs filtrert på {label.lower()}: {value_label}.", "search": {"exclude": True}, "sjelden": {"kind": "kursfilter"}, "feeds": [calendar.FEED_LINK]},
                env.get_template("course_index.md.j2").render(upcoming=matching, past=[], dims=dims, active=(dim, value), up=up, years=[]),
            )
    pages["kurs/filter.js"] = env.get_template("course_filter.js.j2").render()
    pages["kurs/form.js"] = env.get_template("form.js.j2").render()
    for course in courses:
        pages[routes.src(routes.course(course.slug))] = page(
            {
                "title": course.meta.tittel,
                "description": describe(plain(course.meta.mål)),
                "sjelden": {"kind": "kurs", **source_meta(course.doc.display, settings.edit_root), "start": course.start.isoformat()},
                "jsonld": course_jsonld(course, today),
            },
            env.get_template("course.md.j2").render(c=course, notice=course.meta.eksempeltekst and settings.example_notice, receiver=_receiver(settings)),
        )
        if course.form is not None:
            pages[routes.src(routes.course(course.slug) + "evaluering/")] = page(
                {"title": f"Evaluering: {course.meta.tittel}", "description": f"Evalueringsskjema for {course.meta.tittel}.", "search": {"exclude": True}, "sjelden": {"kind": "evalueringsskjema"}},
                forms.render_form_page(env, course, _receiver(settings)),
            )
        if course.result is not None:
            pages[routes.src(routes.course(course.slug) + "resultater/")] = page(
                {"title": f"Resultater: {course.meta.tittel}", "description": f"Samlede evalueringsresultater for {course.meta.tittel}.", "sjelden": {"kind": "kursresultater"}},
                results.render_results_page(env, course),
            )
            pages[routes.course(course.slug) + "resultater.csv"] = results.results_csv(course).decode("utf-8")
    out = {k: v.encode("utf-8") for k, v in pages.items()}
    out.update(calendar.calendars(list(courses)))
    out[calendar.FEED_PATH] = calendar.atom(list(courses))
    out[calendar.SITEMAP_PATH] = calendar.sitemap(sorted(k.removesuffix("index.md") for k in pages if k.endswith("index.md")))
    return out


def _receiver(settings: Settings) -> str:
    return settings.form_receiver


def _by_year(past: list[Course]) -> list[tuple[int, list[Course]]]:
    years: dict[int, list[Course]] = {}
    for c in past:
        years.setdefault(c.meta.start.year, []).append(c)
    return sorted(years.items(), reverse=True)


def _filter_dimensions(site: Site, upcoming: list[Course], today: date) -> dict[str, tuple[str, dict[str, tuple[str, list[Course]]]]]:
    """dimension → (label, {value: (label, upcoming courses with that value)}); only values some course has."""

    def collect(dim: str, label_of: Callable[[str], str]) -> dict[str, tuple[str, list[Course]]]:
        found: dict[str, tuple[str, list[Course]]] = {}
        for c in upcoming:
            for value in filters(c, today)[dim]:
                found.setdefault(value, (label_of(value), []))[1].append(c)
        return dict(sorted(found.items(), key=lambda kv: norwegian_sort_key(kv[1][0])))

    organiser_label = {c.meta.arrangør: c.organiser.short for c in upcoming if c.organiser is not None}
    slug_label = {v[0]: v[1] for v in TARGET_GROUPS.values()}
    order = list(slug_label)
    target = collect("malgruppe", lambda v: slug_label[v])
    target = dict(sorted(target.items(), key=lambda kv: order.index(kv[0])))
    return {
        "malgruppe": ("Målgruppe", target),
        "arrangortype": ("Type arrangør", dict(sorted(collect("arrangortype", lambda v: ORGANISER_TYPES[v][1]).items(), key=lambda kv: list(ORGANISER_TYPES).index(kv[0])))),
        "diagnosegruppe": ("Diagnosegruppe", collect("diagnosegruppe", lambda v: site.orpha.entities[OrphaCode(int(v))].name)),
        "arrangor": ("Arrangør", collect("arrangor", lambda v: organiser_label.get(v, v))),
        "format": ("Gjennomføring", dict(sorted(collect("format", lambda v: FORMATS[v]).items(), key=lambda kv: list(FORMATS).index(kv[0])))),
        # /kurs/apne/ always exists, also when no course is open (examples never are): a stable address.
        "apen": ("Påmelding", collect("apen", lambda v: "Åpen for påmelding") or {"ja": ("Åpen for påmelding", [])}),
    }

