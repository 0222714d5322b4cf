"""Cost and income categories of a Kosten- und Finanzierungsplan, with their German labels."""

from __future__ import annotations

import enum

from kikultur.i18n import _


class CostCategory(enum.StrEnum):
    """Cost categories in the order a plan shows them."""

    honorare = "honorare"
    sachkosten = "sachkosten"
    miete = "miete"
    oeffentlichkeitsarbeit = "oeffentlichkeitsarbeit"
    barrierefreiheit = "barrierefreiheit"
    gema = "gema"
    ksk = "ksk"
    sonstiges = "sonstiges"

    @property
    def label(self) -> str:
        # Built on each call so the label follows the current language of the request.
        labels = {
            CostCategory.honorare: _("Honorare"),
            CostCategory.sachkosten: _("Sachkosten"),
            CostCategory.miete: _("Miete und Raumkosten"),
            CostCategory.oeffentlichkeitsarbeit: _("Öffentlichkeitsarbeit"),
            CostCategory.barrierefreiheit: _("Barrierefreiheit"),
            CostCategory.gema: _("GEMA-Gebühren"),
            CostCategory.ksk: _("Künstlersozialabgabe (KSK)"),
            CostCategory.sonstiges: _("Sonstige Kosten"),
        }
        return labels[self]


class IncomeCategory(enum.StrEnum):
    """Income categories in the order a plan shows them."""

    eigenmittel = "eigenmittel"
    eintritt = "eintritt"
    spenden = "spenden"
    drittmittel = "drittmittel"
    beantragte_foerderung = "beantragte_foerderung"
    sonstiges = "sonstiges"

    @property
    def label(self) -> str:
        labels = {
            IncomeCategory.eigenmittel: _("Eigenmittel"),
            IncomeCategory.eintritt: _("Eintrittsgelder"),
            IncomeCategory.spenden: _("Spenden"),
            IncomeCategory.drittmittel: _("Drittmittel (andere Förderer)"),
            IncomeCategory.beantragte_foerderung: _("Beantragte Förderung"),
            IncomeCategory.sonstiges: _("Sonstige Einnahmen"),
        }
        return labels[self]


class FeeUnit(enum.StrEnum):
    """What a fee is counted in, so it can be compared with a fee floor."""

    stunde = "stunde"
    tag = "tag"

    @property
    def label(self) -> str:
        return _("Stunde") if self is FeeUnit.stunde else _("Tag")

    @property
    def plural(self) -> str:
        return _("Stunden") if self is FeeUnit.stunde else _("Tage")
