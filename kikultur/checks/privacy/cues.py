"""Word lists the name recognizer reads as context: titles, particles, function words."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and roles come before a name and stay outside the name span (and the placeholder).
TITLES = _words(
    """
Frau Herr Herrn Dr Dr. Prof Prof. Professor Professorin Dipl.-Ing. Mag. Pastor Pastorin
Pfarrer Pfarrerin Imam Rabbiner Rabbinerin Ansprechpartner Ansprechpartnerin
Ansprechpartner*in Ansprechpartner:in Kollege Kollegin Kollegen Nachbar Nachbarin Sänger
Sängerin Autor Autorin Künstler Künstlerin Künstler*in Regisseur Regisseurin Moderator
Moderatorin Referent Referentin Referent*in Leiter Leiterin Leitung Vorsitzende Vorsitzender
Geschäftsführer Geschäftsführerin Präsident Präsidentin Minister Ministerin Senator
Senatorin Bürgermeister Bürgermeisterin Bundeskanzler Bundeskanzlerin Kanzler Kanzlerin
Trainer Trainerin Schauspieler Schauspielerin Musiker Musikerin Fotograf Fotografin
Architekt Architektin Komponist Komponistin Dichter Dichterin Maler Malerin Schriftsteller
Schriftstellerin Sprecher Sprecherin Bischof Papst König Königin Kaiser Kaiserin Prinz
Prinzessin Graf Gräfin Sir Lady Lord Mr. Mrs. Ms. Mr Mrs Ms Miss Madame Monsieur Señor Señora
Signor Signora Teilnehmerin Teilnehmer
Kursleiterin Kursleiter Dozentin Dozent Koordinatorin Koordinator Kuratorin Kurator
Abgeordnete Abgeordneter Stadträtin Stadtrat Bezirksamtsleiterin Bezirksamtsleiter
"""
)

# Name particles: part of the name when a capitalised word follows.
PARTICLES = _words(
    """
von van de del della di da du zu ten ter bin ibn al el dos
"""
)

# Capitalised forms of German function words and sentence starters: never a name.
FUNCTION_WORDS = _words(
    """
der die das des dem den ein eine einer eines einem einen er sie es wir ihr ich du man im am
in an auf aus bei mit nach von vor zu zum zur für über unter um durch gegen ohne als wenn
dann aber und oder doch auch noch nur schon so wie wo was wer wann warum weil dass ob nicht
kein keine dies diese dieser dieses jene jener alle viele einige mehr sehr hier dort heute
gestern morgen immer nie bis seit während nachdem bevor da denn also sein seine ihre unser
unsere euer mein meine dein deine ja nein bitte danke hallo liebe lieber viele beste
herzliche mit freundlichen grüßen gruß grüße sehr geehrte geehrter jetzt nun damals später
zudem außerdem trotzdem deshalb daher jedoch sowie zwischen neben hinter ab je etwa rund
fast knapp insgesamt bereits erst wieder eben gerade zusammen allen alles jeder jede jedes
welche welcher welches beim vom ins aufs übers ebenfalls sowohl weder noch laut gemäß trotz
wegen statt samt anfang ende mitte
"""
)

# Verbs of speech next to a bare surname mark it as a person ("sagte Müller").
SPEECH_VERBS = _words(
    """
sagte sagt sagten erklärte erklärt betonte betont meinte meint schreibt schrieb berichtete
berichtet kritisierte kritisiert forderte fordert erzählte erzählt fragte fragt antwortete
antwortet bestätigte bestätigt sprach spricht lacht lachte
"""
)

# After an article a capitalised word is a noun, not a name.
ARTICLES = _words(
    """
der die das des dem den ein eine einer eines einem einen dieser diese dieses
"""
)
