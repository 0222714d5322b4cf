"""The work areas shown in the navigation; later branches fill them with tools."""

from __future__ import annotations

from dataclasses import dataclass

from kikultur.i18n import _


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    summary: str

    @property
    def url(self) -> str:
        return "/einstellungen" if self.slug == "einstellungen" else f"/bereich/{self.slug}"

    def is_current(self, path: str) -> bool:
        if self.slug == "einstellungen":
            return path.startswith(("/einstellungen", "/steckbrief", "/konto", "/plattform"))
        return path.startswith(self.url)


def areas() -> list[Area]:
    """Built per request so the titles follow the request's language."""
    return [
        Area(
            "berichte",
            _("Berichte & Anträge"),
            _("Sachberichte, Förderanträge, Verwendungsnachweise."),
        ),
        Area(
            "oeffentlichkeit",
            _("Öffentlichkeitsarbeit"),
            _("Pressemitteilungen, Programmtexte, Newsletter."),
        ),
        Area("veranstaltungen", _("Veranstaltungen"), _("Planen, ankündigen, nachbereiten.")),
        Area(
            "social-media",
            _("Social Media"),
            _("Beiträge für Instagram, Facebook, Mastodon und mehr."),
        ),
        Area("ideen", _("Ideen"), _("Neue Formate und Projekte entwickeln.")),
        Area("wissen", _("Wissen"), _("Eigene Dokumente durchsuchen und befragen.")),
        Area("sammlung", _("Sammlung"), _("Gute Beispiele aus dem Verbund.")),
        Area("einstellungen", _("Einstellungen"), _("Steckbrief, Team, Konto.")),
    ]


def area_by_slug(slug: str) -> Area | None:
    return next((area for area in areas() if area.slug == slug), None)
