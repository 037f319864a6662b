"""The cheap language check: reject clear non-English, never short or name-heavy English."""

from __future__ import annotations

import pytest

from lanner.errors import LannerError
from lanner.ingest import document_from_text
from lanner.ingest.language import detect_non_english

FRENCH = (
    "Le gouvernement a annoncé mardi que les négociations avec les syndicats reprendraient "
    "la semaine prochaine. Selon le ministre, il est encore possible de trouver un accord "
    "avant la fin du mois, mais les représentants des travailleurs ont déclaré qu'ils ne "
    "sont pas prêts à accepter les conditions proposées par l'État."
)
SPANISH = (
    "El presidente del país anunció el lunes que las tropas se retirarán de la frontera en "
    "los próximos días. Según fuentes oficiales, la decisión fue tomada después de una "
    "reunión con los representantes de la oposición, que han pedido una solución pacífica "
    "al conflicto desde hace varios meses."
)
GERMAN = (
    "Die Regierung hat am Dienstag angekündigt, dass die Verhandlungen mit den "
    "Nachbarländern in der nächsten Woche fortgesetzt werden. Nach Angaben des "
    "Außenministers ist eine Einigung noch möglich, aber die Opposition wirft der Regierung "
    "vor, dass sie die Interessen der Bürger nicht ausreichend berücksichtigt hat."
)
RUSSIAN = (
    "Министры иностранных дел двух стран встретились в понедельник в столице и обсудили "
    "вопросы безопасности на общей границе, а также планы по открытию новых пунктов пропуска."
)
ENGLISH_NAMES = (
    "Xi Jinping, Emomali Rahmon, Shavkat Mirziyoyev, Sadyr Japarov and Kassym-Jomart Tokayev "
    "met Vladimir Putin in Dushanbe on Friday; Sergei Lavrov, Wang Yi, Jean-Yves Le Drian, "
    "Staffan de Mistura and Luis de la Fuente joined talks in Astana, Bishkek, La Paz, "
    "Los Angeles, Las Vegas, San Juan and Le Havre."
)
ENGLISH_HEADLINE = "Le Drian en route to Dakar as La Paz talks stall"
ENGLISH_QUOTES = (
    "The protesters in Paris chanted 'le peuple veut la paix' as they marched past the "
    "ministry, and police said the crowd of about 3,000 people dispersed peacefully in the "
    "evening after organisers called an end to the rally near the Place de la Concorde."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH, "fr"),
        (SPANISH, "es"),
        (GERMAN, "de"),
        (RUSSIAN, "cyrillic"),
        (ENGLISH_NAMES, None),
        (ENGLISH_HEADLINE, None),
        (ENGLISH_QUOTES, None),
        ("Advertisement " * 3, None),
    ],
)
def test_language_check_detects_only_clear_non_english(text: str, language: str | None) -> None:
    assert detect_non_english(text) == language


@pytest.mark.parametrize("text", [FRENCH, SPANISH, GERMAN])
def test_language_non_english_document_is_e106(text: str) -> None:
    with pytest.raises(LannerError) as info:
        document_from_text(text, path="x.txt")
    assert info.value.code == "E106"
