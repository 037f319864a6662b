"""The CAMEO codebook as facts: label, Goldstein value, quad class and PLOVER event/mode/context.

Also the code transformations the coder applies when an action is embedded under an intent,
threat, refusal, appeal or demand (CAMEO's 03, 13, 12, 02 and 10 families mirror the
cooperative and conflictual action codes).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib.resources import files

from lanner.errors import LannerError

__all__ = ["CameoCode", "cameo", "all_codes", "embed_code"]


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@functools.cache
def all_codes() -> dict[str, CameoCode]:
    text = files("lanner.events").joinpath("data/cameo.tsv").read_text(encoding="utf-8")
    out: dict[str, CameoCode] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        out[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_event=row["plover_event"] or None,
            plover_mode=row["plover_mode"] or None,
            plover_context=row["plover_context"] or None,
        )
    return out


def cameo(code: str) -> CameoCode:
    try:
        return all_codes()[code]
    except KeyError:
        raise LannerError("E303", cameo=code) from None


# Families of embedded codes, keyed by the embedded action's code prefix (longest wins).
# CAMEO 03x: expressions of intent mirror 04-08 (0334: offers of peacekeepers are intents).
_INTENT = {
    "04": "036",
    "046": "036",
    "045": "039",
    "05": "032",
    "057": "030",
    "06": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "08": "035",
    "081": "0351",
    "082": "0352",
    "084": "0353",
    "0841": "0353",
    "0842": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "0871": "0356",
    "03": "030",
}
# CAMEO 13x: threats mirror the coercive and violent actions.
_THREAT = {
    "16": "131",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "166": "136",
    "17": "137",
    "172": "132",
    "173": "137",
    "174": "137",
    "171": "137",
    "14": "133",
    "15": "138",
    "18": "1383",
    "19": "138",
    "191": "1381",
    "192": "1382",
    "20": "1385",
    "12": "130",
    "11": "130",
    "10": "130",
}
# CAMEO 12x: refusals mirror cooperation and yielding.
_REFUSAL = {
    "03": "120",
    "04": "125",
    "046": "125",
    "05": "120",
    "06": "121",
    "061": "1211",
    "062": "1212",
    "063": "1213",
    "064": "121",
    "07": "122",
    "071": "1221",
    "072": "1222",
    "073": "1223",
    "074": "1224",
    "08": "124",
    "081": "1241",
    "082": "1242",
    "084": "1243",
    "0841": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
    "0871": "1246",
}
# CAMEO 02x: appeals mirror the requested action.
_APPEAL = {
    "03": "020",
    "04": "026",
    "046": "026",
    "045": "028",
    "05": "022",
    "06": "021",
    "061": "0211",
    "062": "0212",
    "063": "0213",
    "064": "0214",
    "07": "023",
    "071": "0231",
    "072": "0232",
    "073": "0233",
    "074": "0234",
    "08": "025",
    "081": "0251",
    "082": "0252",
    "084": "0253",
    "0841": "0253",
    "085": "0254",
    "086": "0255",
    "087": "0256",
    "0871": "0256",
}
# CAMEO 10x: demands mirror appeals with a conflictual tone.
_DEMAND = {
    "03": "100",
    "04": "106",
    "046": "106",
    "045": "108",
    "05": "102",
    "06": "101",
    "061": "1011",
    "062": "1012",
    "063": "1013",
    "064": "1014",
    "07": "103",
    "071": "1031",
    "072": "1032",
    "073": "1033",
    "074": "1034",
    "08": "105",
    "081": "1051",
    "082": "1052",
    "084": "1053",
    "0841": "1053",
    "085": "1054",
    "086": "1055",
    "087": "1056",
    "0871": "1056",
}
_FAMILIES = {
    "demand_must": (_DEMAND, "100"),
    "intent": (_INTENT, None),
    "threat": (_THREAT, "130"),
    "refusal": (_REFUSAL, "120"),
    "appeal": (_APPEAL, "020"),
    "demand": (_DEMAND, "100"),
}


def embed_code(code: str, family: str) -> str | None:
    """The code for ``code`` embedded under a governor of ``family``, or None if it does not apply.

    ``embed_code("072", "intent") == "0332"``: 'pledged military aid' is an intent to provide it.
    Intents only apply to cooperative actions; a pledge to attack is coded as a threat instead.
    """
    table, default = _FAMILIES[family]
    for n in (4, 3, 2):
        hit = table.get(code[:n])
        if hit is not None:
            return hit
    if family == "intent" and int(code[:2]) >= 9:
        return embed_code(code, "threat")
    return default
