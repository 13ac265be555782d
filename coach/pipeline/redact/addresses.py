"""Addresses in the less common forms: rural places with no street ("lieu-dit la croix blanche",
"località poggio alto snc"), plots and blocks ("quadra 12, lote 5"), numbered streets ("calle 45 #
23-17"), form fields ("Hausnummer: 7"), named houses, and postcodes typed in lower case or placed
at the end of an address line ("..., 46001 valència", "tokyo 150-0047", "h2j 2l3"); fields of
JSON, markdown tables and vCards; Nordic, Korean, Welsh, Polish and Brasília forms; a number said
after the street ("Station Road, number 46") or spelled out; directions in place of a street.

Many of these words are also ordinary words ("lot", "box", "house"), so most rules accept a match
only inside an address line: next to a comma and near another sign of an address. Every pattern
has bounded repetition and context is read from fixed windows, so redaction stays linear."""

from __future__ import annotations

import re

_WORD = r"[^\W\d_][\w'’-]{0,30}"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]{0,40}"

# Words for counts and units: "[address], 1200 customers" is no postcode and town.
_COUNT_WORDS = frozenset(
    str.split(
        "employees people staff users customers clients students workers members hours days weeks months"
        " years units items records invoices tickets calls orders payslips patients cases rows lines euros"
        " dollars pounds words pages followers views downloads sales times a an per of at x k km kg"
        " miles mitarbeiter kunden empleados trabajadores personas clientes salariés personnes dipendenti"
        " persone funcionários pessoas horas heures ore stunden anni años anos ans jahre"
    )
)
_COUNT = "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))

# Signs that a line is an address: a part already redacted, a word for an address or for "care
# of", a house without a number, or a postcode with its town.
_STRONG_SIGNAL = (
    r"\[(?:address|postcode)\]"
    r"|(?i:(?<!\w)(?:c/o|a/c|a/a|s/n|snc|care\s+of|address|adresse|direcci[oó]n|domicilio|endere[çc]o"
    r"|indirizzo|anschrift|morada|cedex|po\s+box|zip|postcode|cep|plz|brgy\.|barangay|purok|subdivision)(?!\w))"
)
_STRONG = re.compile(_STRONG_SIGNAL)
_SIGNAL = re.compile(
    _STRONG_SIGNAL + r"|(?<![\w.,/-])(?!(?:19|20)[0-9]{2}\b)[0-9]{4,6}(?:-[0-9]{3,4})?,?[ \t]+"
    rf"(?!(?i:{_COUNT})\b)[^\W\d_]{{2,}}"
    r"|(?<=[^\W\d_] )(?!(?:19|20)[0-9]{2}\b)[0-9]{4,6}(?=[ \t]*(?:$|[\x00\n,;—–)]|[.](?:\s|$)))"
    r"|(?i:(?<!\w)[a-z][0-9][a-z] ?[0-9][a-z][0-9](?!\w))"
    r"|\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}\b"  # a UK postcode as written
    # a five-digit code closing an address after a comma: "Mannerheimintie 94 A 12, 00250."
    r"|,[ \t]*[0-9]{5}(?=[ \t]*(?:[.;\n\x00]|$))"
    # a Swedish, Czech or Greek code before its town: "111 51 Stockholm"
    rf"|(?<![\w.,/-])[1-9][0-9]{{2}} [0-9]{{2}}[ \t]+(?!(?i:{_COUNT})\b)[A-ZÀ-ÖØ-Þ][^\W\d_]{{2,}}"
)

# A numbered part of an address: a house, plot, block, flat, PO box or rural route, in the six
# languages and the forms used in South Asia, Latin America and Canada.
_PLACE = re.compile(
    r"(?i)(?<![\w/.-])(?:house(?:\s+no\.?)?|villa|block|blk|lot|plot|parcela|pol[íi]gono|quadra|qd\.?|lote"
    r"|conjunto|casa|hof|of\.|oficina|bte|app\.|apto\.?|apartment|apt\.?|depto\.?|dpto\.?|int\.|interno|scala|esc\.?"
    r"|b[âa]t\.?|road\s+no\.?|street|sector|rr|rural\s+route|route|stn|box|pmb|cs|cp|rua|calle|flat|unit"
    r"|casilla\s+de\s+correo|case\s+postale|erf|stand\s+no\.?)"
    r"[ \t]*(?:n[º°o]\.?|no\.?|#|:)?[ \t]*((?:[a-z]-)?[0-9][0-9a-z]{0,6}(?:[/-][0-9a-z]{1,5}){0,3})(?![\w/-])"
)
# The parts that are seldom anything but an address; one of them is a sign for the others. "route",
# "sector", "unit", "block", "lot" are not: "route 66, exit 12" and "unit 3, module 4" are no address.
_SURE_PLACE = re.compile(
    r"(?i)(?<![\w/.-])(?:house\s+no\.?|villa|plot|parcela|pol[íi]gono|quadra|lote|casa\s+n[º°o]|hof|bte|app\.|apto\.?"
    r"|depto\.?|dpto\.?|int\.|interno|scala|esc\.?|b[âa]t\.?|road\s+no\.?|rr|pmb|casilla\s+de\s+correo"
    r"|case\s+postale|erf|stand\s+no\.?)"
    r"[ \t]*(?:n[º°o]\.?|no\.?|#|:)?[ \t]*(?:[a-z]-)?[0-9]"
)


def _line(text: str, start: int, end: int, span: int = 100) -> str:
    """The text around a match, up to ``span`` characters each side, within the same line."""
    before = text[max(0, start - span) : start].rsplit("\n", 1)[-1]
    after = text[end : end + span].split("\n", 1)[0]
    return before + "\x00" + after


def _in_address_line(m: re.Match[str], own: re.Pattern[str] | None = None) -> bool:
    """Another sign of an address in the line: a signal, or a second match of ``own``."""
    line = _line(m.string, m.start(), m.end())
    if _SIGNAL.search(line):
        return True
    return own is not None and own.search(line) is not None


def _place(m: re.Match[str]) -> bool:
    if m.group(0)[:3].lower() == "lot" and re.search(
        r"(?i)\b(?:a|the|whole)\s+$", m.string[max(0, m.start() - 6) : m.start()]
    ):
        return False  # "sold a lot 14, ..."
    # "box 12 code dd" on a tax form, "lot 3 of the auction": a part of an address ends at a comma
    # or a line end, or runs on to a second part ("polígono 9 parcela 112")
    after = m.string[m.end() : m.end() + 12]
    if not re.match(r"\s*(?:,|\n|$|[—–]|[.!?](?:\s|$)|\s(?:bis|ter)\b)", after):
        return False
    if re.match(r"[.!?]", after) and not re.match(
        r"(?i)apt|apartment|flat|casa|apto|depto|dpto|int|scala|b[âa]t|villa|house|plot", m.group(0)
    ):
        return False  # "off Route 66. We ...": only a flat or a house ends a sentence as an address
    # a part seldom anything else is confirmed by any other part ("rua 7, casa nº 14"); the others
    # need one of those
    return _in_address_line(m, _PLACE if _SURE_PLACE.match(m.group(0)) else _SURE_PLACE)


# A Mexican block and lot: "manzana 14 lote 22", "mz 3 lt 15".
_MANZANA = re.compile(
    r"(?i)(?<![\w./-])(?:(?:andador|cerrada|privada|calle)\s+[0-9]{1,4}[a-z]?\s+)?(?:manzana|mza?\.?)\s*[0-9]{1,4}[a-z]?"
    r",?\s*(?:lote|lt\.?)\s*[0-9]{1,4}[a-z]?(?![\w/-])"
)

# A unit number in a Singapore block, floor and flat: "#07-1185".
_SG_UNIT = re.compile(r"(?<![\w#])#[0-9]{2}-[0-9]{2,5}(?![\w-])")


# A Singapore block and its street: "blk 312 jurong east st 32 #08-115", "block 5 tampines ave 2".
_SG_BLOCK = re.compile(
    rf"(?i)(?<![\w/.-])(?:blk|block)\s*[0-9]{{1,4}}[a-z]?,?\s+(?:{_WORD}\s+){{1,3}}?"
    r"(?:st|street|ave|avenue|rd|road|dr|drive|cres|crescent|ring|walk|way|close|link|lane|central|view|loop)"
    r"(?:\s+[0-9]{1,3}[a-z]?)?(?:,?\s*#[0-9]{1,3}-[0-9]{1,5})?(?![\w-])"
)


def _sg_block(m: re.Match[str]) -> bool:
    # "block 2 and lane 3 of the plant": a flat's unit number, the city or a six-digit postcode must
    # say it is an address
    if re.search(r"#[0-9]{1,3}-[0-9]{1,5}$", m.group(0)):
        return True
    line = _line(m.string, m.start(), m.end())
    return bool(re.search(r"(?i)singapore|\bhdb\b|(?<![\w.,-])s?\(?[0-9]{6}\b|\[postcode\]", line))


# An address line as written in South Asia: numbered parts joined by commas, "no. 45, 3rd cross, 2nd
# main", "17 b, lane 4, sector 21", "h. no. 12-3-456, road no. 5". One numbered part alone ("sector 4",
# "2nd phase") is ordinary talk: two are needed, or a house number said to be one.
_SA_HOUSE = r"(?:(?:house|h\.?|flat|door|plot)\s*(?:no\.?|#)\s*|no\.?\s*|#\s*)"
_SA_PART = (
    r"(?:[0-9]{1,2}(?:st|nd|rd|th)\s+(?:a\s+)?(?:cross|main|stage|phase|block|sector|lane|street|road|avenue)"
    r"(?:\s+road)?|(?:lane|gali|sector|block|phase|pocket|cross|main|street|road)\s*(?:no\.?\s*)?[0-9]{1,3}[a-z]?)"
)
_SA_ADDRESS = re.compile(
    rf"(?i)(?<![\w/.-])(?:{_SA_HOUSE}?[0-9]{{1,4}}(?:\s?[a-z](?![\w'’])|[/-][0-9a-z]{{1,5}}){{0,2}},\s*)?"
    rf"{_SA_PART}(?:,\s*{_SA_PART}){{0,4}}(?![\w-])"
)


def _sa_address(m: re.Match[str]) -> bool:
    parts = re.findall(_SA_PART, m.group(0), flags=re.I)
    house = re.match(r"(?i)[^,]*,", m.group(0))
    if house and re.fullmatch(rf"\s*{YEAR}\s*,", house.group(0)):
        return False  # "in 2019, 2nd phase": a year
    if re.match(_SA_HOUSE, m.group(0), flags=re.I):
        return True  # "no. 45, 3rd cross": said to be a house number
    # "sector 4, block 2" may be a plant's layout: a lane, cross, main, street or road makes it a street
    return len(parts) >= 2 and any(re.search(r"(?i)lane|gali|cross|main|street|road", p) for p in parts)


# A rural place or quarter named without a street: "lieu-dit la croix blanche", "masía can roca",
# "fraz. pian di sotto 22", "sestiere cannaregio 4512", "sítio boa esperança".
_LOCALITY = re.compile(
    r"(?i)(?<![\w-])(?:mas[íi]a|finca|cortijo|quinta|s[íi]tio|fazenda|ch[áa]cara|lieu-dit|lieudit|localit[àa]"
    r"|loc\.|frazione|fraz\.|sestiere|cascina|podere|hameau|caser[íi]o|aldeia|urbanizaci[óo]n|urb\."
    r"|ortsteil|weiler|gehöft|bauerschaft|siedlung|lugar(?=\s+d[aeo]s?\s))"
    rf"\s+(?:{_WORD}\s+){{0,4}}?{_WORD}(?:\s+(?:(?:nr\.?|n[º°o]\.?|no\.?)\s*)?(?:[0-9]{{1,5}}[a-z]?|snc|s/n))?"
    r"(?=\s*(?:,|\n|$|[—–]))"
)


def _locality(m: re.Match[str]) -> bool:
    if m.group(0)[:5].lower() == "lugar":  # "en lugar de eso, ...": a Galician place only in an address line
        return _in_address_line(m, _LOCALITY)
    return _in_address_line(m, _LOCALITY) or bool(re.search(r"[0-9]|snc|s/n", m.group(0)))


# A street with no number ("camí de la serra s/n", "rua sem nome s/n") or a numbered street and a
# numbered crossing, as in Colombia ("calle 45 # 23-17", "carrera 7 no. 12-40").
_STREET_TYPES = (
    r"calle|c/|carrer|cam[íi]|camino|carretera|avenida|avda\.?|av\.?|paseo|pasaje|plaza|ronda|rua|travessa"
    r"|estrada|alameda|largo|via|viale|vicolo|corso|c\.so|strada|rue|chemin|all[ée]e|impasse|route|jr\.|jir[óo]n"
)
_NO_NUMBER_STREET = re.compile(
    rf"(?i)(?<![\w./])(?:{_STREET_TYPES})\s+(?:{_WORD}\s+){{0,4}}?{_WORD}"
    r",?\s+(?:s/n|s\.n\.|snc|sin\s+n[úu]mero|sem\s+n[úu]mero)(?!\w)"
    r"|(?<![\w./])(?:calle|carrera|cra\.?|kra\.?|cl\.?|diagonal|transversal|avenida|av\.?)\s+[0-9]{1,3}[a-z]?"
    # a quarter after either number: "cra. 43a # 1 sur-100", "calle 10 sur # 5-20"
    r"(?:\s+(?:bis|sur|norte|este|oeste)){0,2}\s*(?:#|n[º°o]\.?|no\.?|nro\.?)\s*[0-9]{1,3}[a-z]?"
    r"(?:\s+(?:bis|sur|norte|este|oeste)){0,2}\s*-\s*[0-9]{1,3}(?!\w)"
    # "calle 47 nro 912": the number alone, after a word that says it is one
    r"|(?<![\w./])(?:calle|carrera|cra\.?|avenida|av\.?|diagonal|transversal)\s+[0-9]{1,3}[a-z]?"
    r"\s*(?:#|n[º°]\.?|nro\.?)\s*[0-9]{1,5}(?![\w/-])"
)
# Abbreviated Italian and Peruvian streets: "c.so buenos aires 33", "jr. huallaga 482".
_SHORT_STREET = re.compile(
    rf"(?i)(?<![\w./])(?:c\.so|v\.le|p\.le|p\.zza|jr\.|jir[óo]n)\s+(?:{_WORD}\s+){{0,3}}?{_WORD},?\s*"
    r"[0-9]{1,5}[a-z]?(?:/[0-9a-z]{1,3})?(?![\w%]|[.,][0-9])"
)
# A street, Japanese style: "9-14 kamiyama-cho", "2-3-1 nishi-shinjuku".
_BLOCK_STREET = re.compile(
    r"(?i)(?<![\w./-])[0-9]{1,4}(?:-[0-9]{1,4}){1,2},?\s+[^\W\d_][\w-]{1,30}-(?:ch[oō]|machi|ch[oō]me|dori)(?!\w)"
    # "Tenjinbashi 3-chome 8-12": the district, its chōme, then block and house
    r"|(?<![\w-])[^\W\d_][\w-]{1,30}\s+[0-9]{1,2}-ch[oō]me(?:,?\s+[0-9]{1,4}(?:-[0-9]{1,4}){0,2})?(?![\w-])"
)
# Form fields: "Straße: Am Mühlbach", "Hausnummer: 7", "address line 1: The Granary, Unit 3".
_FORM_FIELD = re.compile(
    r"(?i)(?<!\w)(?:stra(?:ß|ss)e|street|hausnummer|house\s+(?:number|no\.?)|numero\s+civico|n\.\s*civico)"
    r"[ \t]*:[ \t]*([^\n,;—–]{1,40}?)(?=[ \t]*(?:[,;\n—–]|$))"
)
_ADDRESS_LINE_FIELD = re.compile(
    r"(?i)(?<!\w)address\s+line\s*[0-9][ \t]*:[ \t]*([^\n—–]{1,60}?)(?=[ \t]*(?:\n|[—–]|$))"
)
# A named house as the first line of an address that ends in a postcode: "The Old Forge, Lower
# Slaughter, [postcode]", "Rosebank Cottage, Ballymore Road, ... [postcode]".
HOUSE_WORDS = (
    r"Farm|Cottage|House|Lodge|Manor|Barn|Mill|Hall|Grange|Croft|Villa|Bungalow|Farmhouse|Forge|Granary"
    r"|Rectory|Vicarage|Stables|Oast|Chapel|Schoolhouse|Byre|Steading|Cabin|Chalet"
)
_HOUSE_LINE = re.compile(
    rf"(?:^|(?<=\n)|(?<=:[ \t]))(?:The\s+{_CAP}(?:\s+{_CAP}){{0,3}}"
    rf"|{_CAP}(?:\s+{_CAP}){{0,2}}\s+(?:{HOUSE_WORDS}))(?=,[^\n!?]{{0,100}}(?:\n[^\n!?]{{0,100}})?\[postcode\])"
)

# A postcode at the end of an address line, in lower case or in a country's own shape: four to seven
# digits ("46001 valència", "singapore 560412", "cp 7750000"), "37500-000", "4700-329", "150-0047",
# Argentina's "c1193aaf", Canada's "h2j 2l3", Brazil's CEP with a space "31015 350", Singapore's "s600312".
_LINE_CODE = re.compile(
    r"(?i)(?<=[\s,(])([0-9]{5}[- ][0-9]{3}(?![0-9])|s[0-9]{6}|[0-9]{4}-[0-9]{3}|[0-9]{3}-[0-9]{4}"
    r"|[0-9]{2}-[0-9]{3}|[0-9]{4,7}"
    r"|[a-hj-np-z][0-9]{4}[a-z]{3}|[abceghj-nprstvxy][0-9][abceghj-nprstv-z] ?[0-9][abceghj-nprstv-z][0-9])"
    r"(?![\w/%@-]|[.,][0-9])"
)
# Canada's code has a shape of its own: with its space, it needs no other sign of an address.
_CANADA = re.compile(r"(?i)^[abceghj-nprstvxy][0-9][abceghj-nprstv-z] [0-9][abceghj-nprstv-z][0-9]$")
_BEFORE_CODE = re.compile(
    r"(?:,[ \t]*|\n[ \t]*|\([ \t]*|\)[ \t]+|(?:[^\W\d_]{1,30}\.?|\[(?:name|address)\])[ \t]+)$"
)
YEAR = r"(?:19[0-9]{2}|20[0-5][0-9])"
_MONEY = re.compile(r"(?i)(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf|r\$)|salary|pay|earn\w*|gan\w+|verdien\w*)\W{0,3}$")


def _line_code(m: re.Match[str]) -> bool:
    code, text = m.group(1), m.string
    if not _CANADA.match(code):
        # the line before the code (one line break allowed: "7 ter chemin des vignes\n84000 avignon");
        # read first, as most numbers in a text are not in an address line
        lines = text[max(0, m.start() - 120) : m.start()].split("\n")
        if not _STRONG.search("\n".join(lines[-2:])):
            return False
    before = text[max(0, m.start() - 40) : m.start()]
    after = text[m.end() : m.end() + 30]
    if not _BEFORE_CODE.search(before) or _MONEY.search(before):
        return False
    word = re.match(r"[ \t]+([^\W\d_]+)", after)
    if word and word.group(1).lower() in _COUNT_WORDS or re.match(r"\s?%", after):
        return False  # "[address], 1200 customers", "in 2019, 4500 payslips"
    # a year, unless a capitalised town follows ("2000 Sydney"); "2094" is too far off to be one
    return not re.fullmatch(YEAR, code) or bool(re.match(r" [A-ZÀ-ÖØ-Þ][^\W\d_]", after))


# A house number and street name with no street word, right before a town and its postcode:
# "19 wellington lines, aldershot [postcode]".
_NUMBERED_LINE = re.compile(
    rf"(?i)(?<![\w./-])[0-9]{{1,5}}[a-z]?\s+(?:{_WORD}\s+){{0,2}}{_WORD}"
    rf"(?=,\s*(?:{_WORD}\s+){{0,2}}{_WORD},?\s*\[postcode\])"
)


def _numbered_line(m: re.Match[str]) -> bool:
    if m.group(0).split()[-1].lower() not in _COUNT_WORDS:
        return True
    # "10 years, leeds [postcode]" is not a street, unless the writer says they live there
    before = m.string[max(0, m.start() - 60) : m.start()]
    return bool(re.search(r"(?i)\b(?:live|lives|living|stay|staying)\b[^\n.;!?]*$", before))


# Japan: the postal mark "〒530-0001", and a block address of chōme, block and house
# ("3-14-2 Nishi-Shinjuku", "Umeda 2-4-9") in a line that names a ward, city or prefecture.
_JP_MARK = re.compile(r"〒\s?[0-9]{3}-?[0-9]{4}(?![0-9])")
_JP_BLOCK = re.compile(
    r"(?<![\w./-])[0-9]{1,2}-[0-9]{1,4}-[0-9]{1,4},?\s+[A-ZĀ-Ō][\w'-]{1,30}"
    r"|(?<![\w-])[A-ZĀ-Ō][a-zāīūēō]{2,30}\s+[0-9]{1,2}-[0-9]{1,4}-[0-9]{1,4}(?![\w/.-]|[.,][0-9])"
)
_JP_PLACE = re.compile(
    r"(?i)[^\W\d_]-(?:ku|shi|cho|chō|machi|gun|ken)\b|〒|\b(?:tokyo|tōkyō|osaka|ōsaka|kyoto|yokohama|nagoya"
    r"|sapporo|fukuoka|kobe|sendai|hiroshima|japan|prefecture)\b"
)


def _jp_block(m: re.Match[str]) -> bool:
    return bool(_JP_PLACE.search(_line(m.string, m.start(), m.end())))


# Poland: "ul. Długa 15 m. 7", "os. Piastów 21/34", "al. Jana Pawła II 12 lok. 5".
_PL_STREET = re.compile(
    r"(?<![\w.])(?<!et )(?i:ul|os|al|pl)\.[ \t]?(?:[A-ZĄĆĘŁŃÓŚŹŻ][\w'-]{0,30}[ \t]+){0,3}?"
    r"(?:[A-ZĄĆĘŁŃÓŚŹŻ][\w'-]{0,30}|[IVX]{1,4})[ \t]+[0-9]{1,4}[a-zA-Z]?(?:/[0-9]{1,4}[a-zA-Z]?)?"
    r"(?:,?[ \t]+(?i:m|lok|mieszk)\.?[ \t]?[0-9]{1,4}[a-zA-Z]?)?(?![\w/%]|[.,][0-9])"
)


def _pl_street(m: re.Match[str]) -> bool:
    return not re.search(rf"\s{YEAR}$", m.group(0))  # "al. Nature 2019"


# A housing estate and its building: "Cité des Fleurs, bâtiment B", "Résidence Les Pins, bât. C".
_ESTATE = re.compile(
    r"(?i)(?<![\w-])(?:cit[ée]|r[ée]sidence|lotissement|hlm|quartier|conjunto|urbanizaci[óo]n|barrio)"
    rf"(?:\s+{_WORD}){{1,4}}?,?\s+(?:b[âa]timent|b[âa]t\.|bloc|bloque|bloco|escalier|entr[ée]e|torre"
    r"|appartement|appt\.?|app\.|apt\.?|apto\.?|logement)"
    r"\s*(?:n[º°o]\.?\s*)?[a-z0-9]{1,4}(?!\w)"
)
# A numbered street and a door, as in West Africa: "rue 332, porte 41".
_STREET_DOOR = re.compile(
    r"(?i)(?<![\w.])(?:rue|street|calle|avenue|av\.?|route|rua)\s+[0-9]{1,4}[a-z]?,?\s+"
    r"(?:porte|door|puerta|porta|lot)\s+[0-9]{1,4}[a-z]?(?!\w)"
)
# German streets named after a place ("Am Mühlbach 3", "An der Linde 7, OT ..."), in an address line.
_DE_PREPOSITION_STREET = re.compile(
    rf"(?<![\w-])(?:Am|Im|Zum|Zur|An\s+der|An\s+den|Auf\s+der|Auf\s+dem|In\s+der|Hinter\s+der|Unter\s+den)\s+"
    rf"{_CAP}(?:\s+{_CAP})?\s+[0-9]{{1,4}}[a-zA-Z]?"
    # the line goes on, or a postcode follows, or the sentence ends: "Zur Alten Ziegelei 9. PLZ ..."
    r"(?=[ \t]*(?:,|\n|\[postcode\]|[0-9]{4,5}[ \t]+[A-ZÀ-ÖØ-Þ]|\.(?:\s|$)))"
)
# The next line of an address block starts with a postcode and a town: "D-97082 Würzburg".
_NEXT_LINE_CODE = re.compile(
    r"[ \t]*\n[ \t]*(?:[A-Z]{1,2}-)?[0-9]{4,5}[ \t]+[A-ZÀ-ÖØ-Þ]|[ \t]*\n[ \t]*\[postcode\]"
)


def _de_preposition_street(m: re.Match[str]) -> bool:
    if re.search(rf"\s{YEAR}$", m.group(0)):
        return False  # "Im Jahr 2019,"
    return _in_address_line(m) or bool(_NEXT_LINE_CODE.match(m.string, m.end()))


# --- addresses as pasted: form fields, other countries' shapes, a number said after the street ------
# A field of a JSON object or a row of a markdown table whose name says it holds part of an address
# or a postcode: '"plz": "30519"', '| Street | 14 Mill Lane |', '"logradouro": "Av. Sete de Setembro"'.
_ADDRESS_KEYS = (
    r"street(?:[ _-]?(?:address|name|line[ _-]?[123]))?|address(?:[ _-]?line)?(?:[ _-]?[123])?|addr|adresse"
    r"|anschrift|stra(?:ß|ss)e|hausnummer|house[ _-]?(?:number|no|name)|direcci[oó]n|domicilio|calle"
    r"|endere[çc]o|logradouro|complemento|numero|n[úu]mero|indirizzo|morada|rua|building|flat|apartment|apto"
    r"|civico|numero[ _-]civico|hausnr|rue|num[ée]ro[ _-]de[ _-]rue|street[ _-]?1|street[ _-]?2"
)
_POSTCODE_KEYS = (
    r"post[ _-]?code|postal[ _-]?code|zip(?:[ _-]?code)?|plz|cp|c\.p\.|cep|c[óo]digo[ _-]postal"
    r"|code[ _-]postal|cap|eircode|pin[ _-]?code"
)


# "home_street", "billingZip", "postalCode": a prefix and camel case name the same field
_KEY_PREFIX = r"(?:(?:home|billing|shipping|mailing|postal|residential|current|permanent|private)[ _-]?)?"


def _field(keys: str, quote: str) -> re.Pattern[str]:
    # a value in double quotes may hold an apostrophe ("Queen's Road"), one in single quotes may not
    return re.compile(
        rf"(?i)(?:{quote}{_KEY_PREFIX}(?:{keys}){quote}[ \t]*:[ \t]*{quote}"
        rf"|(?<![^\n])[ \t]*\|[ \t]*{_KEY_PREFIX}(?:{keys})[ \t]*\|[ \t]*)"
        rf"([^{quote}|\n]{{1,80}}?)(?=[ \t]*[{quote}|])"
    )


_ADDRESS_FIELD = _field(_ADDRESS_KEYS, '"')
_POSTCODE_FIELD = _field(_POSTCODE_KEYS, '"')
_ADDRESS_FIELD_SQ = _field(_ADDRESS_KEYS, "'")
_POSTCODE_FIELD_SQ = _field(_POSTCODE_KEYS, "'")


def _address_field(m: re.Match[str]) -> bool:
    # a value left as placeholders only was redacted already
    return bool(re.search(r"[^\W_]", re.sub(r"\[(?:address|postcode|name|number)\]", "", m.group(1))))


def _postcode_field(m: re.Match[str]) -> bool:
    return bool(re.search(r"[0-9]", m.group(1))) and _address_field(m)


# A vCard address: PO box, extended address, street, town, region, postcode and country joined by
# ";" ("ADR;TYPE=home:;;Hauptstr. 5;Berlin;;10119;Deutschland"); all but the country go.
_VCARD_ADR = re.compile(r"(?i)(?<![\w-])ADR(?:;[^:\n]{0,60})?:((?:[^;\n]{0,80};){5}[^;\s]{0,20})")

# A street, then its number said as a word: "Station Road, number 46", "Calle Mayor, número 12",
# "Lindenallee, Nr. 21".
_STREET_THEN_NUMBER = re.compile(
    rf"(?<![\w-])(?:(?:(?:{_CAP}|[0-9]{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,3}}"
    r"(?:Road|Street|Avenue|Lane|Drive|Close|Way|Crescent|Terrace|Place"
    r"|Grove|Gardens|Court|Rd|St|Ave)"
    r"|(?i:calle|avenida|avda\.|av\.|paseo|plaza|carrer|rua|via|viale|piazza|corso|rue|avenue|boulevard|chemin)"
    rf"[ \t]+(?:(?:de|del|la|los|las|da|do|dos|das|di|della|des|du)[ \t]+)*{_CAP}(?:[ \t]+{_CAP}){{0,3}}"
    r"|[A-ZÄÖÜ][\wäöüß-]{2,40}(?:straße|strasse|str\.|weg|gasse|allee|platz|damm|ring|ufer))"
    r",?[ \t]+(?i:number|no\.?|nr\.?|nummer|hausnummer|n[úu]mero|numero|n[º°]\.?)"
    r"[ \t]*[0-9]{1,4}[a-zA-Z]?(?![\w%º°ª])"  # "no 2° piano" is a floor
)
# Scandinavian and Finnish streets: "Nørrebrogade 88, 3. tv.", "Storgatan 12B", "Thereses gate 44
# H0304", "Hämeenkatu 21 A 14"; the flat after the number is part of it.
_NORDIC_UNIT = (
    r"(?:[HUKL][0-9]{4}|lgh\.?[ \t]*[0-9]{4}|[0-9]{1,2}\.[ \t]*(?:tv|th|mf|sal)\.?"
    r"|st\.(?:[ \t]*(?:tv|th|mf)\.?)?|[A-H](?:[ \t]+[0-9]{1,3})?)"
)
_NORDIC_STREET = re.compile(
    r"(?<![\w-])(?:[A-ZÀ-ÖØ-Þ][\w'-]{1,30}?(?:gatan|gata|gade|gaden|vej|vejen|veien|vegen|katu|kuja|polku|vägen"
    r"|stræde|straede|plass|torget|torv)"
    r"|[A-ZÀ-ÖØ-Þ][\w'-]{1,30}[ \t]+(?:gate|gata|gade|vej|vei|veg|väg|allé|plass|torg|gränd|katu|tie))"
    rf"[ \t]+[0-9]{{1,4}}[A-Za-z]?(?:,?[ \t]*{_NORDIC_UNIT}(?![\w%]))?"
)


def _nordic_street(m: re.Match[str]) -> bool:
    unit = re.search(rf"[0-9][ \t,]+{_NORDIC_UNIT}$", m.group(0))
    return bool(unit) or _in_address_line(m)


# Postcodes in other countries' shapes before a town: "831 30 Östersund" (SE, CZ, SK, GR), "00-648
# Warszawa" (PL), "CH-8001 Zürich", "L-1220 Luxembourg" (a country's letters before the code).
_CODE_BEFORE_TOWN = re.compile(
    r"(?<![\w.,/-])(?:[1-9][0-9]{2} [0-9]{2}|[0-9]{2}-[0-9]{3}"
    r"|(?:CH|FL|L|A|B|D|F|I|DK|N|S|FIN|SF|NL|P|E|PL|CZ|SK|H|SLO|HR|LT|LV|EST|GR|RO|BG|IS|M)-[0-9]{4,5})"
    r"(?=[ \t]+[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻ][\wąćęłńóśźż'-]{2,30})"
)


def _code_before_town(m: re.Match[str]) -> bool:
    town = re.match(r"[ \t]+([^\W\d_]+)", m.string[m.end() : m.end() + 40])
    if town is None or town.group(1).lower() in _COUNT_WORDS:
        return False  # "10-100 People", "100 20 Minutes"
    return "-" in m.group(0) and m.group(0)[0].isalpha() or _in_address_line(m) or "-" in m.group(0)


# Five digits, a comma and a town: "c'est 44980, Sainte-Luce-sur-Loire". A count can also take a comma
# ("45000, Paris is dear"), so the town must have a hyphen or the code be said to be one.
_CODE_COMMA_TOWN = re.compile(
    r"(?<![\w€$£.,/-])[0-9]{5}(?=,[ \t]+[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[\w'’]+)+|,[ \t]+[A-ZÀ-ÖØ-Þ][^\W\d_]{2,30}\b)"
)


def _code_comma_town(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 30) : m.start()]
    if _MONEY.search(before):
        return False
    hyphen = re.match(r",[ \t]+[^\W\d_][\w'’]*-", m.string[m.end() : m.end() + 40])
    return bool(hyphen) or bool(re.search(r"(?i)(?:c['’]est|is|es|est|ist|è|é|:)[ \t]*$", before))


# A UK postcode given in part, soon after the word: "what's your postcode" and I said "B23 6".
_PARTIAL_UK = re.compile(r"(?<![\w-])[A-Z]{1,2}[0-9][A-Z0-9]?(?:[ \t][0-9](?![0-9]))?(?![\w-])")


def _partial_uk(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 60) : m.start()].rsplit("\n", 1)[-1]
    return bool(re.search(r"(?i)post\s?code|postal\s+code|\bzip\b|eircode", before))


# Korean road addresses: "15, Teheran-ro 38-gil", "Sejong-daero 110".
_KR_ROAD = re.compile(
    r"(?<![\w-])(?:[0-9]{1,4}(?:-[0-9]{1,4})?,?[ \t]+)?[A-Z][a-z]{1,20}(?:-[a-z]{1,10})?-(?:ro|gil|daero)"
    r"(?:[ \t]+[0-9]{1,4}(?:beon)?-?gil)?(?:[ \t]+[0-9]{1,4}(?:-[0-9]{1,4})?)?(?![\w-])"
)
# Welsh streets, the word for the street first: "5 Ffordd y Llan", "12 Heol y Felin", "3 Maes yr Haf".
_WELSH_STREET = re.compile(
    r"(?<![\w-])[0-9]{1,4}[a-z]?,?[ \t]+"
    r"(?:Ffordd|Heol|Stryd|L[ôo]n|Rhodfa|Maes|Cae|Bryn|Clos|Y[ \t]+Stryd)"
    rf"[ \t]+(?:(?:y|yr|'r)[ \t]+)?{_CAP}(?:[ \t]+{_CAP})?"
)
# A house number and a zip code said in words: "seven-oh-four Linden Avenue", "zip nine-four-six-one-two".
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_TENS_WORD = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_SPELLED_STREET = re.compile(
    # "twenty-two Baker Street", "seventeen Orchard Way"; a digit word alone ("one High Street shop") is not
    rf"(?i)(?<![\w-])(?:(?:{_DIGIT_WORD}|{_TENS_WORD})(?:[- ](?:{_DIGIT_WORD}|{_TENS_WORD})){{1,4}}"
    rf"|{_TENS_WORD})[ \t]+"
    rf"(?-i:{_CAP}(?:[ \t]+{_CAP}){{0,2}})[ \t]+(?-i:Street|Avenue|Road|Lane|Drive|Boulevard|Way|Court|Place"
    r"|St|Ave|Rd|Blvd)\b"
)
_SPELLED_ZIP = re.compile(
    rf"(?i)(?<!\w)(?:zip|post\s?code|postal\s+code|plz|cep)(?:\s+code)?[ \t]*(?:is|:)?[ \t]*"
    rf"({_DIGIT_WORD}(?:[- ,]{{1,2}}{_DIGIT_WORD}){{3,8}})(?![\w-])"
)
# Directions in place of a street, as in Costa Rica and Nicaragua: "de la pulpería La Esperanza 200
# metros al norte, casa esquinera".
_DIRECTIONS = re.compile(
    r"(?i)(?<!\w)(?:del?|desde)[ \t]+(?:(?:la|el|los|las)[ \t]+)?"
    r"[^\W\d_][\w'’]*(?:[ \t]+[^\W\d_][\w'’]*){0,4}?"
    r"[ \t]+[0-9]{1,4}[ \t]*(?:metros|mts?\.?|m|varas|cuadras)[ \t]+(?:al[ \t]+)?(?:norte|sur|este|oeste)"
    r"(?:(?:[ \t]*,|[ \t]+y)[ \t]+[0-9]{1,4}[ \t]*(?:metros|mts?\.?|m|varas|cuadras)[ \t]+(?:al[ \t]+)?"
    r"(?:norte|sur|este|oeste)){0,2}"
    r"(?:,[ \t]*casa(?:[ \t]+[^\W\d_][\w'’]*){1,3}(?=[ \t]*(?:[,.\n]|$)))?"
)
# Blocks and flats in Brazil: "SQN 308 Bloco K ap 201" (Brasília's superquadras), "Bloco B ap 402".
_BLOCK_FLAT = re.compile(
    r"(?<![\w-])(?:(?:SQN|SQS|SQSW|SHIN|SHIS|SCLN|SCLS|CLN|CLS|QI|QL|QE|QNM|QND|QNL|QS|QR|QNN|SHCE)[ \t]*"
    r"[0-9]{1,3}(?:[ \t]+(?i:bloco|bl\.?|conjunto|conj\.?|cj\.?|casa|lote)[ \t]+[A-Z0-9]{1,3}){0,3}"
    r"|(?i:bloco|bloque|bl\.|torre)[ \t]+[A-Za-z0-9]{1,3})"
    r"(?:,?[ \t]*(?i:ap|apto|apt|apartamento|depto|dpto)\.?[ \t]*[0-9]{1,4}[a-zA-Z]?)(?!\w)"
    r"|(?<![\w-])(?:SQN|SQS|SQSW|SHIN|SHIS|SCLN|SCLS|QNM|QND|QNL|SHCE)[ \t]*[0-9]{1,3}"
    r"(?:[ \t]+(?i:bloco|bl\.?|conjunto|conj\.?|cj\.?|casa|lote)[ \t]+[A-Z0-9]{1,3}){1,3}(?!\w)"
)
# A Polish street with its house number first: "45 Ul. Marszałkowska m. 12".
_PL_NUMBER_FIRST = re.compile(
    r"(?<![\w.-])[0-9]{1,4}[a-zA-Z]?[ \t]+(?i:ul|al|os)\.[ \t]?[A-ZĄĆĘŁŃÓŚŹŻ][\w'-]{1,30}"
    r"(?:[ \t]+[A-ZĄĆĘŁŃÓŚŹŻ][\w'-]{1,30})?"
    r"(?:,?[ \t]+(?i:m|lok|mieszk)\.?[ \t]?[0-9]{1,4}[a-zA-Z]?)?(?![\w/])"
)

# (pattern, placeholder, accept, gate words), in the order they run; see structured.RULES.
STREET_RULES = [
    (_ADDRESS_FIELD, "address", _address_field, ('"', "|")),
    (_POSTCODE_FIELD, "postcode", _postcode_field, ('"', "|")),
    (_ADDRESS_FIELD_SQ, "address", _address_field, ("'",)),
    (_POSTCODE_FIELD_SQ, "postcode", _postcode_field, ("'",)),
    (_VCARD_ADR, "address", None, ("adr",)),
    (
        _STREET_THEN_NUMBER,
        "address",
        None,
        ("number", "no", "nr", "nummer", "número", "numero", "nº", "n°"),
    ),
    (
        _NORDIC_STREET,
        "address",
        _nordic_street,
        ("ga", "vej", "vei", "veg", "katu", "kuja", "polku", "väg")
        + ("stræde", "straede", "plass", "torg", "torv", "allé", "gränd", "tie"),
    ),
    (_KR_ROAD, "address", lambda m: any(c.isdigit() for c in m.group(0)), ("-ro", "-gil", "-daero")),
    (
        _WELSH_STREET,
        "address",
        None,
        ("ffordd", "heol", "stryd", "lôn", "lon", "rhodfa", "maes", "cae", "bryn") + ("clos",),
    ),
    (
        _SPELLED_STREET,
        "address",
        None,
        ("street", "avenue", "road", "lane", "drive", "boulevard", " way", "court", "place", " st", " ave")
        + (" rd", "blvd"),
    ),
    (_SPELLED_ZIP, "postcode", None, ("zip", "post", "plz", "cep")),
    (_DIRECTIONS, "address", None, ("norte", "sur", "este", "oeste")),
    (
        _BLOCK_FLAT,
        "address",
        None,
        ("bloco", "bloque", "bl.", "torre", "sqn", "sqs", "shin", "shis", "scl")
        + ("qnm", "qnd", "qnl", "shce"),
    ),
    (_PL_NUMBER_FIRST, "address", None, ("ul.", "al.", "os.")),
    (_FORM_FIELD, "address", None, ("stra", "street", "hausnummer", "house", "civico")),
    (_ADDRESS_LINE_FIELD, "address", None, ("address line",)),
    (
        _NO_NUMBER_STREET,
        "address",
        None,
        ("s/n", "s.n.", "snc", "número", "numero", "#", "no", "nº", "n°", "nro"),
    ),
    (_SHORT_STREET, "address", None, ("c.so", "v.le", "p.le", "p.zza", "jr.", "jirón", "jiron")),
    (_MANZANA, "address", None, ("manzana", "mz")),
    (_BLOCK_STREET, "address", None, ("cho", "machi", "chome", "chōme", "dori")),
    (
        _LOCALITY,
        "address",
        _locality,
        ("mas", "finca", "cortijo", "quinta", "sitio", "sítio", "fazenda", "cara", "lieu", "local", "loc.")
        + ("fraz", "sestiere", "cascina", "podere", "hameau", "caser", "aldeia", "urb", "ortsteil")
        + ("weiler", "gehöft", "bauerschaft", "siedlung", "lugar"),
    ),
    (_SG_BLOCK, "address", _sg_block, ("blk", "block")),
    (
        _SA_ADDRESS,
        "address",
        _sa_address,
        ("cross", "main", "stage", "phase", "block", "sector", "lane") + ("street", "road", "gali", "pocket"),
    ),
    (_SG_UNIT, "address", _in_address_line, ("#",)),
    (_JP_MARK, "postcode", None, ("〒",)),
    (
        _JP_BLOCK,
        "address",
        _jp_block,
        ("-ku", "-shi", "-cho", "-chō", "-machi", "〒", "tokyo", "osaka", "japan")
        + ("kyoto", "yokohama", "nagoya", "sapporo", "fukuoka", "kobe", "sendai", "hiroshima", "prefecture"),
    ),
    (_PL_STREET, "address", _pl_street, ("ul.", "os.", "al.", "pl.")),
    (
        _ESTATE,
        "address",
        None,
        (
            "bâtiment",
            "batiment",
            "bât.",
            "bat.",
            "bloc",
            "escalier",
            "entr",
            "torre",
            "app",
            "apt",
            "logement",
        ),
    ),
    (_STREET_DOOR, "address", None, ("porte", "door", "puerta", "porta", "lot")),
    (
        _DE_PREPOSITION_STREET,
        "address",
        _de_preposition_street,
        ("am ", "im ", "zum ", "zur ", "an d", "auf d") + ("in der", "hinter der", "unter den"),
    ),
    (
        _PLACE,
        "address",
        _place,
        (
            "house",
            "villa",
            "block",
            "blk",
            "lot",
            "plot",
            "parcela",
            "gono",
            "quadra",
            "qd",
            "conjunto",
            "casa",
        )
        + ("hof", "of.", "oficina", "bte", "app.", "apt", "dep", "dpt", "int", "scala", "esc", "bat", "bât")
        + ("road", "street", "sector", "rr", "route", "stn", "box", "pmb", "cs", "cp", "rua", "calle", "flat")
        + ("unit", "casilla", "case postale", "erf", "stand"),
    ),
]
POSTCODE_RULES = [
    (_CODE_BEFORE_TOWN, "postcode", _code_before_town, None),
    (_CODE_COMMA_TOWN, "postcode", _code_comma_town, None),
    (_PARTIAL_UK, "postcode", _partial_uk, ("post", "zip", "eircode")),
    (_LINE_CODE, "postcode", _line_code, None),
    (_HOUSE_LINE, "address", None, None),  # reads the [postcode] left above
    (_NUMBERED_LINE, "address", _numbered_line, None),
]
