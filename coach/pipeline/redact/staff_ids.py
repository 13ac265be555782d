"""Staff numbers with no label of their own, read from the sentence around them: "my badge says
W/2231/07", "soy el operario 4417", "Stempelkarte Nr. 512", "in Workday IT-93120", "the ID on my
lanyard is 'UPS 1198 733'". The sentence must name a staff record (badge, payroll, clock card,
legajo, Personalnummer, matricola...), and documents, parts, forms, grades, counts, times and money
numbered the same way are left alone. Windows are fixed, so the rules stay linear."""

from __future__ import annotations

import re

from coach.pipeline.redact.rule import Rule

_CUE = re.compile(
    r"(?i)(?<![\w-])(?:badge|lanyard|staff|employee|personnel|payroll|wages?|clock(?:ing)?|time\s?card|rota"
    r"|contractor|membership|associate\s+(?:id|number|no)|worker|driver|(?:security|site|door|staff|building)\s+pass"
    r"|payslip|p60|workday|sap|intranet|tupe|team\s+member|emp_no"
    r"|operari[oa]|legajo|matr[íi]cula|matr\.|fichaje|fich[ée]|tarjeta|empleado|trabajador|n[óo]mina|recibo"
    r"|pointage|pointeuse|matricule|identifiant|collaborat(?:eur|rice)|sous-traitant|int[ée]rimaire"
    r"|fiche\s+de\s+paie|personal\w*|ma-nr|kennung|ausweis|werksausweis|stempelkarte|chipkarte|zeiterfassung\w*"
    r"|mitarbeiter\w*|leiharbeiter|ponto|holerite|mecanogr[áa]fico|colaborador|prestador|motorista|crach[áa]"
    r"|matricola|timbratura|marcatempo|cedolino|somministrat[oa]|autista|dipendente|tesserino"
    r"|codice\s+lavoratore|c[óo]d(?:igo|\.)?\s+(?:de\s+)?empleado|ficha|chapa|(?-i:RE)|func\.|funcion[áa]ri[oa]"
    r"|stempel\w*|(?:in\s+the|en\s+el|no|nel|dans\s+le|im)\s+(?:system|sistema|système))(?![\w-])"
)
_ID = re.compile(
    # letters and digits together: "W/2231/07", "CTR-2024-0613", "hx-4410", "TM#447120", "c.dubois-44120"
    r"(?<![\w@/#.-])(?=[\w./#-]*[^\W\d_])(?=(?:[^0-9\s]*[0-9]){3})[A-Za-z0-9][\w.#/-]{2,24}(?<![.#/-])"
    r"(?![\w@/-])"
    # digits alone, with a leading zero or four to eight of them, or spaced in groups: "0412", "40 21 88"
    r"|(?<![\w.,/:#-])(?:0[0-9]{2,7}|[1-9][0-9]{3,7}|[0-9]{1,3}(?:[ ][0-9]{1,3}){1,5})(?![\w%/-]|[.,:][0-9])"
    # digits with a check digit or a part after a dash: "4410-27", "88120-4", "12.004-7"
    r"|(?<![\w.,/:#-])(?:[0-9]{3,6}|[0-9]{1,3}\.[0-9]{3})-[0-9]{1,4}(?![\w%/-]|[.,:][0-9])"
)
# Three digits after a word for "number": "Stempelkarte Nr. 512".
_NUMBER_WORD = r"(?:nr|no|n[º°]|number|nummer|n[úu]mero|num[ée]ro|numero)"
_SHORT = re.compile(rf"(?i)(?<![\w-]){_NUMBER_WORD}[.:]?[ \t]+([0-9]{{3}})(?![\w%/:-]|[.,][0-9])")
# A word for "number" right before: the label of digits typed one by one ("Legajo Nr. 0 0 3 1 9").
_NUMBER_WORD_BEFORE = re.compile(rf"(?i){_NUMBER_WORD}[.:]?[ \t]*$")
# Forms, tax codes, grades, exams, releases, ratios, ranges, dates that look like ids: "P60", "I-9",
# "1257L", "E5", "PL-300", "2024R2", "30/60/90-day", "55-60k", "3x12.5h".
_NOT_AN_ID = re.compile(
    r"(?i)^(?:p[0-9]{2}d?|[a-z]-?[0-9]{1,2}|s/4hana|[a-z]{1,3}[0-9]{1,3}|[0-9]{3,4}[lmntk]|1099|401k"
    r"|[a-z]{2,3}-[0-9]{3}|(?:19|20)[0-9]{2}[a-z]{1,2}[0-9]?|[0-9]+(?:/[0-9]+)+(?:-\w+)?|[0-9]{1,3}-[0-9]{1,3}k?"
    r"|.*[0-9]x[0-9].*|.*-(?:day|week|month|year|hour)s?|(?:19|20)[0-9]{2}"
    r"|[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}"
    r"|(?:19|20)[0-9]{2}-(?:19|20)?[0-9]{2}|[0-9]{4}-[0-9]{4})$"  # "2019-2023", "0900-1700"
)
# Documents, parts, courses and money named shortly before the number: "Invoice INV-2026-0481".
_OTHER_NUMBER_NEAR = re.compile(
    r"(?i)\b(?:invoices?|rechnung\w*|factura|fattura|fatura|facture|ref\.?|reference|order|pedido|commande"
    r"|bestellung|part|parts|teil\w*|pieza|sku|model|modelo|serial|ticket|case|vaga|job|posting|requisition|req\.?"
    r"|idcc|convention|gates?|tax|form|formulario|modulo|version|release|contract|contrato|contratto|vertrag"
    r"|exam|certif\w*|course|curso|kurs|corso|credential|zertifikat\w*|budget|salary|salario|sueldo|gehalt"
    r"|stipendio|sal[áa]rio|salaire|revenue|turnover|price|cost|pay|paid|earn\w*|gano|ganho|verdiene|guadagno"
    r"|gagne|dossier|processo|proc[èe]s|prud['’]hommes|tribunal|juzgado|shift\s+(?:pattern|code)|rota\s+code)(?!\w)"
    r"[^\n]{0,25}$"
)
# Right before the number: a line, floor, grade, standard, time or money.
_OTHER_NUMBER_BEFORE = re.compile(
    r"(?i)(?:\b(?:line|l[íi]nea|linha|linea|linie|shift|turno|floor|room|level|grade|stufe|class|klasse"
    r"|version|gate|bus|route|platform|ward|iso|en|din|iec|since|desde|depuis|seit|dal|from|until|hasta|at|um"
    r"|à|às|alle|a\s+las|ab|tarifgruppe|page|p\.|nave|sala|raum|halle|year|año|ano|anno|jahr|ext\.?|extension"
    r"|durchwahl|interno)|[$€£¥]|r\$)"
    r"[ \t:]*['\"‘“]?$"
)
# Right after it: a count, a unit, a time or money ("4500 routes" is handled apart).
_OTHER_NUMBER_AFTER = re.compile(
    r"(?i)\s?(?:%|[$€£¥]|k\b|h\b|uhr|am\b|pm\b|euros?|brutto|netto|ore\b|horas?\b|heures?\b|mins?\b"
    r"|(?:usd|eur|gbp|dollars?|pounds?|people|employees|staff|hours?|hrs?|days?|weeks?|months?|years?|units?"
    r"|items?|pages?|words?|records?|invoices?|km|kg|miles?|contractor|form|formulario|mitarbeiter\w*"
    r"|beschäftigte|dipendenti|empleados|trabajadores|personas|salariés|personnes|funcionários|pessoas)\b)"
    r"|[.,:][0-9]"
)
_ONLY_THE_NUMBER = re.compile(r"(?i)[ \t]*(?:it['’]?s|it\s+is|that['’]?s|c['’]est|es|é|ist|è)[ \t]+$")
_SENTENCE_END = re.compile(r"[.!?][ \t]+(?=[A-ZÀ-ÖØ-Þ¿¡\"'])|\n\n")
# Words that may follow an id in its sentence: "E-48213 on the rota", "el operario 4417 de la línea 2".
_LINK_WORDS = frozenset(
    ("on", "at", "in", "and", "is", "was", "but", "or", "for", "since", "to", "from", "instead", "not")
    + ("which", "who", "that", "de", "da", "do", "di", "del", "della", "en", "em", "na", "no", "nel", "und")
    + ("et", "e", "y", "pero", "mais", "ma", "aber", "sur", "auf", "für", "para", "per", "pour", "desde")
    + ("seit", "depuis", "dal")
)


def _staff_id(m: re.Match[str]) -> bool:
    value = m.group(m.lastindex or 0)
    if _NOT_AN_ID.match(value):
        return False
    text, start, end = m.string, m.start(m.lastindex or 0), m.end(m.lastindex or 0)
    spaced = re.fullmatch(r"[0-9 ]+", value) and " " in value
    if spaced and not re.search(r"[0-9]{2} [0-9]{2}", value):
        # digits typed one by one are an id only right after its label: "Legajo: 0 0 3 1 9", not
        # "sprints 1 2 3 4 5 6 7"
        label = _CUE.search(text, max(0, start - 30), start) or _NUMBER_WORD_BEFORE.search(
            text, max(0, start - 15), start
        )
        if len(value.replace(" ", "")) < 5 or not label:
            return False
    # the sentence: back to a full stop before a capital ("Nr. 512" and "P.O." do not end one)
    window_start = max(0, start - 120)
    ends = [b.end() for b in _SENTENCE_END.finditer(text, window_start, start)]
    sentence_from = ends[-1] if ends else window_start
    # "...on the exit form. It's 4410-27": a sentence that only gives the number has its cue before it
    only_the_number = bool(_ONLY_THE_NUMBER.match(text, sentence_from, start))
    cue_from = max(0, start - 150) if only_the_number else sentence_from
    if not _CUE.search(text, cue_from, min(len(text), end + 60)):
        return False
    if _OTHER_NUMBER_BEFORE.search(text, max(0, start - 20), start) or _OTHER_NUMBER_AFTER.match(text, end):
        return False
    if _OTHER_NUMBER_NEAR.search(text, max(sentence_from, start - 40), start):
        return False
    if value.isdigit() and value[0] != "0":
        word_after = re.match(r"[ \t]*([^\W\d_]+)", text[end : end + 30])
        if word_after and word_after.group(1).lower() not in _LINK_WORDS:
            return False  # "drove 4500 routes", "mit 3000 Akten": a count of something
        if not _CUE.search(text, max(0, start - 50), start):
            return False  # digits alone need their cue close before them
    return True


# A worker called by a number: "I'm number 318", "Soy la 3017", "sou o funcionário 604", "Je suis le n°
# 1193", "my number is 00734".
_CALLED_BY_NUMBER = re.compile(
    r"(?i)\b(?:i['’]?m|i\s+am|soy|sou|je\s+suis|ich\s+bin|sono|my\s+number\s+is|mi\s+n[úu]mero\s+es"
    r"|mon\s+num[ée]ro\s+(?:est|c['’]est)|meine\s+nummer\s+ist|il\s+mio\s+numero\s+è|o\s+meu\s+n[úu]mero\s+é)"
    r"[ \t]+(?:(?:the|el|la|le|o|a|il|der|die)[ \t]+)?"
    r"(?:(?:number|n[º°o]\.?|n[úu]mero|num[ée]ro|nummer|numero|funcion[áa]ri[oa]|trabajador[a]?|operari[oa]|worker|employee|ouvri[eè]re?|mitarbeiter(?:in)?|dipendente"
    r"|operai[oa])[ \t]+)?([A-Z]?-?[0-9]{3,7})(?![\w%/-]|[.,:][0-9]|[ \t]+[0-9])"  # "612 345 678" is a phone
)


def _called_by_number(m: re.Match[str]) -> bool:
    value = m.group(1)
    return not _NOT_AN_ID.match(value) and not _OTHER_NUMBER_AFTER.match(m.string, m.end(1))


STAFF_ID_RULES: list[Rule] = [
    (_ID, "number", _staff_id, None),
    (_SHORT, "number", _staff_id, ("nr", "no", "nº", "n°", "number", "nummer", "mero")),
    (_CALLED_BY_NUMBER, "number", _called_by_number, None),
]
