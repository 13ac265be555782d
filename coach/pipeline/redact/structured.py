"""Personal data with a shape: emails (their rules in emails.py), profile links, bank and id numbers
(staff numbers read from their sentence in staff_ids.py), dates of birth, postcodes, street addresses
(the less common forms in addresses.py) and phone numbers, applied in the order of RULES. Every
pattern starts at a token boundary and has bounded repetition, and context is read from a fixed
window, so redaction stays linear in the text. Pasted text (HTML entities, URL and JSON escapes,
emoji, OCR misreadings) is matched in a decoded shadow copy (shadow.py) and the original's span is
replaced."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from coach.pipeline.redact.addresses import HOUSE_WORDS, POSTCODE_RULES, STREET_RULES, YEAR
from coach.pipeline.redact.emails import EMAIL_RULES
from coach.pipeline.redact.rule import Rule
from coach.pipeline.redact.shadow import Shadow
from coach.pipeline.redact.staff_ids import STAFF_ID_RULES

# --- links ----------------------------------------------------------------------------------------
_PROFILE = re.compile(
    r"(?i)(?<![\w.@/])(?:https?://)?(?:[a-z]{2,3}\.|www\.)?(?:linkedin\.com|github\.com|gitlab\.com|facebook\.com"
    r"|fb\.com|twitter\.com|x\.com|instagram\.com|medium\.com|behance\.net|dribbble\.com|xing\.com"
    r"|stackoverflow\.com/users|tiktok\.com|youtube\.com|threads\.net|bsky\.app|mastodon\.social)"
    r"/[^\s<>\"'\])]{1,200}"
    r"|(?<![\w.@/])(?:https?://)?(?:[\w-]{1,40}\.github\.io|lnkd\.in/[\w-]{1,40})(?:/[^\s<>\"'\])]{0,200})?"
)
# A profile path on any site: "malt.fr/profile/thomas", "xyz.de/in/ana", "site.com/@ana".
_PROFILE_PATH = re.compile(
    r"(?i)(?<![\w.@/])(?:https?://)?(?:[\w-]{1,40}\.){1,4}[a-z]{2,12}/(?:[\w-]{1,20}/)?"
    r"(?:(?:profiles?|profil|perfil|profilo|in|u|user|users|people|members?|freelancers?|pub|portfolio)/|@)"
    r"[\w.%~-]{2,80}(?:/[^\s<>\"'\])]{0,80})?"
)
# A link read out or typed as words: "linkedin dot com slash in slash ana-perez", "github.com slash anap".
_SPELLED_LINK = re.compile(
    r"(?i)(?<![\w.@/])(?:www\s*(?:\.|\s(?:dot|punto|point|ponto|punkt)\s)\s*)?[\w-]{2,40}"
    r"(?:\s*\.\s*|\s+(?:dot|punto|point|ponto|punkt)\s+)(?:com|net|org|io|me|dev|co|de|fr|es|it|pt|br|uk|eu)"
    r"(?:\s*/\s*|\s+(?:slash|barra|barre|schrägstrich)\s+)[\w.@%~-]{1,80}"
    r"(?:(?:\s*/\s*|\s+(?:slash|barra|barre|schrägstrich)\s+)[\w.@%~-]{1,80}){0,3}"
)


def _spelled_link(m: re.Match[str]) -> bool:
    # a written-out separator: "acme.com/jobs" is a plain link, left to the rules for links
    return bool(
        re.search(r"(?i)\s(?:dot|punto|point|ponto|punkt|slash|barra|barre|schrägstrich)\s", m.group(0))
    )


# Any other explicit link: a personal site, a portfolio, a CV on a file host.
_URL = re.compile(r"(?i)(?<![\w@/])(?:https?://|www\.)[^\s<>\"'\])]{2,300}")
_SITE_CONTEXT = (
    r"(?i)\b(?:site|website|portfolio|blog|homepage|home\s+page|page|cv|résumé|resume|web|sitio|página"
    r"|pagina|sito|webseite|profile|perfil|profil|profilo)\b[^.\n]{0,20}?"
)
_BARE_SITE = re.compile(
    r"(?<=[\s:(])(?:[\w-]{1,40}\.){1,3}(?:com|net|org|io|dev|me|info|site|page|xyz|co|es|fr|de|it|pt"
    r"|uk|eu|app|tech|blog|online|website|name)\b(?:/[^\s<>\"')\]]{0,100})?"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}\b(?![@.]\w)")
# Not a person: a mention of a whole group ("@channel", "@here", "@tous", "@todos", "@tutti") and code,
# as a decorator or an annotation ("@dataclass(frozen=True)", "@Override", "@Autowired").
_GROUP_MENTIONS = frozenset(
    str.split(
        "channel here everyone all everybody team group room tous toutes tout_le_monde todos todas tutti"
        " alle jeder allen equipe équipe equipo squadra canal canale kanal"
    )
)
_CODE_NAMES = frozenset(
    str.split(
        "override autowired transactional component service repository controller restcontroller entity test"
        " bean configuration inject injectable deprecated suppresswarnings functionalinterface input output"
        " ngmodule property staticmethod classmethod dataclass abstractmethod cached_property lru_cache"
        " wraps pytest fixture app route media import keyframes supports mixin include extend apply"
        " requestmapping getmapping postmapping pathvariable requestbody springbootapplication table column"
        " id value data builder getter setter slf4j async before after beforeeach aftereach mock"
    )
)
_CODE_WORDS = re.compile(
    r"(?i)\b(?:spring|java|kotlin|angular|python|decorators?|annotations?|typescript|nestjs|laravel|php|junit"
    r"|lombok|hibernate|django|flask|fastapi|css|sass|swift|c#|\.net)\b"
)


def _handle(m: re.Match[str]) -> bool:
    name = m.group(0)[1:]
    if name.lower() in _GROUP_MENTIONS or m.string[m.end() : m.end() + 1] == "(":
        return False
    if name.lower() in _CODE_NAMES:
        return False
    window = m.string[max(0, m.start() - 80) : m.end() + 80]
    return not (name[0].isupper() and _CODE_WORDS.search(window))


_PUBLIC_HOSTS = re.compile(
    r"(?i)^(?:https?://)?(?:www\.)?(?:[\w-]+\.)*(?:wikipedia\.org|onetonline\.org|onetcenter\.org|bls\.gov"
    r"|europa\.eu|oecd\.org|ilo\.org|iso\.org|python\.org|gov\.uk|coursera\.org|edx\.org)\b"
)

# --- bank and id numbers --------------------------------------------------------------------------
_IBAN = re.compile(r"(?i)\b[a-z]{2}[0-9]{2}(?:[ -]?[a-z0-9]{4}){2,7}(?:[ -]?[a-z0-9]{1,4})?\b")
_CODICE_FISCALE = re.compile(
    # "RSSMRA85C03H501Z", also spaced in groups as on the card: "RSS MRA 85C03 H501Z"
    r"(?i)\b[a-z]{3} ?[a-z]{3} ?[0-9lmnpqrstuv]{2} ?[abcdehlmprst] ?[0-9lmnpqrstuv]{2} ?"
    r"[a-z] ?[0-9lmnpqrstuv]{3} ?[a-z]\b"
)
_ID_WITH_LETTERS = re.compile(
    r"\b(?:[0-9]{8}[ -]?[A-Za-z]|[0-9]{2}\.[0-9]{3}\.[0-9]{3}[ -]?[A-Za-z]"  # Spanish DNI
    r"|[XYZxyz][ -]?[0-9]{7}[ -]?[A-Za-z]"  # NIE
    r"|[A-CEGHJ-TW-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]"  # UK National Insurance
    r"|[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]"  # Indian PAN: the fourth letter says who holds it
    r"|[A-Z9]{5}[0-9][0-5][0-9]{4}[A-Z9]{2}[0-9][A-Z]{2}"  # UK driving licence
    r"|[A-Z]{4}[0-9]{6}[HM][A-Z]{5}[A-Z0-9][0-9]"  # Mexican CURP
    r"|[STFGM][0-9]{7}[A-Z]"  # Singapore NRIC/FIN
    r"|[12] ?[0-9]{2} ?(?:0[1-9]|1[0-2]) ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3}(?: ?[0-9]{2})?)\b"  # NIR
)
# An id after a label that says so: "employee ID E-48213", "passport X1234567", "Steuer-ID 12 345 678 901".
_NO = r"(?:id|no\.?|number|num\.?|nr\.?|n[º°]\.?|#|code|nummer|ref\.?|reference)"
_ID_LABEL = (
    rf"(?:employee|employé|staff|badge|empl?\.?)(?:[ \t.-]*{_NO}){{0,2}}"
    rf"|(?:payroll|personnel|worker|member|student|works|clock|service|personal|pers\.?|dienst|matrikel"
    rf"|mitarbeiter|ausweis|dipendente)(?:[ \t.-]*{_NO}){{1,2}}"
    r"|(?:matrikel|dienst|mitarbeiter)nummer|(?-i:RG|CC|BSN|NRIC|FIN)|curp|nric|green\s+card(?:\s+(?:number|no\.?|#))?"
    # Argentina "legajo", Portugal "nº mecanográfico", "n° de matrícula", Italy "cf"
    r"|(?:n[º°o]?\.?\s*(?:de\s+)?)?(?:legajo|mecanogr[aá]fico|matr[íi]cula)|(?-i:cf|CF)(?=\s*:)"
    r"|(?:sozial|renten)?versicherungs-?nummer|sv-?nummer|sv-?nr\.?"
    # "n° d'employé", "nº de funcionário", "numéro de salarié", "numero di matricola"
    r"|(?:n\.?[º°o]?\.?|num[ée]ro|n[úu]mero|numero|identifiant|codice|c[óo]digo|id)\s*(?:de\s+|d['’]\s*|di\s+|do\s+)?"
    r"(?:employ[ée]e?|salari[ée]e?|agent|matricule|matricola|badge|empleado|trabajador|empregado"
    r"|funcion[aá]rio|colaborador|dipendente|s[ée]cu(?:rit[ée]\s+sociale)?|passeport|pasaporte|passaporto)"
    r"|(?:payroll|personnel|worker|member|student)\s*(?:id|no\.?|number|num|#|code)"
    r"|(?:passport|pasaporte|passeport|reisepass|passaporto|passaporte)(?:\s*(?:no\.?|number|num|nº|n°|#|nr\.?"
    r"|número|numéro|nummer|numero))?"
    r"|ssn|social\s+security(?:\s+(?:number|no\.?|#))?|national\s+insurance(?:\s+(?:number|no\.?))?|ni\s+(?:number|no\.?)"
    r"|nino|dni|nie|nif|nir|cpf|tin|tax\s+(?:id|number|code)|steuer-?id|steuer-?identifikationsnummer"
    r"|steuernummer|personalnummer|mitarbeiter-?(?:id|nummer)|codice\s+fiscale|matricola|matricule|matr[íi]cula"
    r"|insee|ppsn?(?:\s+(?:no\.?|number))?|pan(?:\s+(?:no\.?|number|card))?|aadhaa?r(?:\s+(?:no\.?|number))?"
    r"|(?:driving|driver['’]?s?)\s+licen[cs]e(?:\s+(?:no\.?|number|#))?|f[üu]hrerschein(?:nummer)?"
    r"|permis\s+de\s+conduire|carn[eé]t?\s+de\s+conducir|patente(?:\s+di\s+guida)?"
    # bank details that are not an IBAN: "sort code 20-00-00", "conta corrente 56789-0"
    r"|sort\s+code|(?:bank\s+)?account\s+(?:number|no\.?|#)|conta\s+(?:corrente|banc[aá]ria)|kontonummer"
    r"|num[ée]ro\s+(?:de\s+)?(?:s[ée]curit[ée]\s+sociale|fiscal|d'employ[ée]|de\s+matricule)"
    r"|n[úu]mero\s+de\s+(?:la\s+)?(?:empleado|colaborador|identificaci[oó]n|funcion[aá]rio|contribuinte|seguridad\s+social"
    r"|pasaporte"
    r"|utente|cart[aã]o)|(?:id|identity)\s+(?:card|number|no\.?)|carta\s+d['’]identit[àa]|cart[aã]o\s+de\s+cidad[aã]o"
    r"|personalausweis(?:nummer)?|ausweis(?:nummer)?|cni|carte\s+d['’]identit[ée]"
    r"|id(?:\s+(?:de|do|da)\s+(?:empleado|funcion[aá]rio|colaborador|trabajador))?"
)
_ID_VALUE = (
    # up to four letters before the digits, or a longer prefix that looks like one: "SNCF-7731", "INDX77"
    r"(?=[A-Za-z-]{0,4}[ /]?[0-9]|[A-Za-z]{1,6}-[0-9]|[A-Z]{5,6}[0-9])"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]|[./](?=[A-Za-z0-9])){1,20}"
    r"(?:[ /](?=[A-Za-z]{0,2} ?[0-9])[A-Za-z0-9]{1,10}){0,4}"
)
_LABELLED_ID = re.compile(
    rf"(?i)(?<!\w)(?:{_ID_LABEL})(?!\w)[ \t]*(?:\([^()\n]{{1,30}}\)[ \t]*)?"  # "Employee ID (Workday): 4821"
    # a qualifier after the label: "matricule salarié", "matricola aziendale", "number at work"
    r"(?:(?:salari[ée]e?|aziendale|intern[aeo]?|internal|employ[ée]e?|de\s+empleado|da\s+empresa|at\s+work)"
    r"[ \t]*)?"
    r"(?:(?:(?:is|es|est|ist|è|é|was|era|war|hat|die|has|the|lautet|nummer|number|numéro|número|numero|no"
    r"|c['’]est|it['’]?s|sono|there|here)(?!\w)"
    r"|[:#=–.()-]|,(?=[ \t]*(?:is|es|est|ist|it['’]?s|c['’]est|è|é)\b)|n[º°o]?\.|nr\.|n[º°])[ \t]*){0,3}"
    rf"(?-i:({_ID_VALUE}))"
)

# UK National Insurance typed in lower case ("ab123456c"), or spaced as on the card ("qr 47 19 83 b":
# that spacing is the number's own, so any two letters).
_NINO_ANY = re.compile(
    r"(?i)(?<![\w-])(?:[a-ceghj-prstw-z][a-ceghj-nprstw-z][0-9]{6}[a-d]"
    r"|[a-z]{2} [0-9]{2} [0-9]{2} [0-9]{2} [a-d])(?![\w-])"
)
# A partly masked number still shows part of an id: "***-**-6217", "****7291W", "***.472.819-**".
_MASKED_ID = re.compile(
    r"(?<![\w*•])(?=[0-9*•.\-/ ]{0,24}[*•]{2})(?:[*•]|[0-9])(?:[*•0-9]|[.\-/ ](?=[*•0-9])){5,24}"
    r"[A-Za-z]?(?![\w*•])"
    r"|(?<!\w)[xX]{3}-[xX]{2}-[0-9]{4}(?!\w)"
)


def _masked_id(m: re.Match[str]) -> bool:
    return _digits(m.group(0)) >= 3


# An id number a few words after a word for an identity document, in the six languages and for the
# documents of many countries: "mi número de pasaporte mexicano es G41827390", "kra pin A009381726Z",
# "aufenthaltstitel nr. Y7R40K2LP", "henkilötunnus 210490-417N", "(dni) 41827365".
_ID_CUE = (
    r"id|identity|identidad|identidade|identit[éeà]|c[ée]dula|dni|ctps|rg|cpf|nif|nie|nss|curp|rfc|brp|ead"
    r"|permit|permiso|permis|permesso|soggiorno|aufenthalts\w{0,12}|visa|visto|passport|pasaporte|passeport"
    r"|passaporto|passaporte|reisepass|\w{0,12}tunnus|personnummer|(?-i:CPR|SIN)|pesel|bsn|nino|ssn|tfn|aadhaa?r"
    r"|bilhete|ausweis|f[üu]hrerschein"
)
# Words that are often something else ("card reader model HID5427CK", "pin 3"): the number must follow
# at once, or after a word for "number".
_ID_CUE_WEAK = r"card|carte|carta|tarjeta|cart[ãa]o|licen[cs]e|pin|n[º°]|nr\."
_NUMBER_WORD_GAP = (
    r"(?:[ \t:#().,–-]{1,4}(?:number|no|nr|n[º°]|num|nummer|n[úu]mero|num[ée]ro|numero|is|es|est|ist|é|è)\.?)"
    r"{0,2}"
)
_ID_NEAR = re.compile(
    rf"(?i)(?:(?<!\w)(?:{_ID_CUE})(?!\w)"
    rf"(?:[ \t:#().,–-]{{1,4}}[^\W\d_]{{1,15}}(?:['’][^\W\d_]{{1,2}})?\.?){{0,7}}?"
    rf"|(?<!\w)(?:{_ID_CUE_WEAK})(?!\w){_NUMBER_WORD_GAP})[ \t:#().,–-]{{1,4}}"
    r"((?=[\w-]*[0-9])[A-Za-z0-9](?:[A-Za-z0-9]|[-./](?=[A-Za-z0-9])){5,24})(?![\w%]|[.,/-][0-9])"
)


def _id_near(m: re.Match[str]) -> bool:
    value = m.group(1)
    digits, letters = _digits(value), sum(c.isalpha() for c in value)
    if digits < 4 or digits < 6 and (letters == 0 or len(value) < 8):
        return False  # "card 4111", "c09", "ipaf 3a/3b"
    if letters == 0 and (digits < 7 or _THOUSANDS.match(value)):
        return False  # "visa sponsorship for 120000 a year": digits alone need the length of an id
    groups = re.findall(r"[0-9]+", value)
    if _DATE.match(value) or all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # "id since 2019-2023", "visa from 01.02.2024"
    before = m.string[max(0, m.start(1) - 6) : m.start(1)]
    after = m.string[m.end() : m.end() + 20]
    if re.match(r"\s+(?:a|an|per)\s+(?:year|month|week|day|hour)", after):
        return False
    gap = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", m.group(0)[: m.start(1) - m.start()])
    if len(gap) > 4 and not re.match(r"[ \t]*(?:,|and|y|et|e|und|&)[ \t]+(?:[^\s,]*[0-9]|\[)", after):
        # far from its cue only as the first of two values for two fields named together:
        # "passport no. and dob, it's P7734921 and 1992-09-30"
        return False
    return not _MONEY_BEFORE.search(before) and not _UNIT_AFTER.match(after)


# A UK right-to-work share code: nine letters and digits in three groups, after its name.
_SHARE_CODE = re.compile(
    r"(?i)\bshare\s+code(?:\s+(?:is|was))?\s*:?\s*([a-z0-9]{3}[ -]?[a-z0-9]{3}[ -]?[a-z0-9]{3})(?![\w-])"
)

_ID_AT_WORK = re.compile(
    r"(?i)\b(?:id|number|no\.?|code|nummer|num[ée]ro|n[úu]mero)\s+(?:at|in|for|on|bei|chez|en|em|presso)\s+"
    r"(?:work|\w{1,30}(?:\s\w{1,30})?)\s+(?:is|es|est|ist|è|é|was)[ \t:]*"
    rf"(?-i:({_ID_VALUE}))"
)

# A work login after its word: "Amazon login is kbxwill", "user id: j_doe". It names the worker to
# the employer's systems, as a badge number does. A forum "username" is a handle and stays. Letters
# alone are also ordinary words ("my login is broken"), so _login judges them.
_LOGIN = re.compile(
    r"(?i)(?<![\w-])(?:log-?in|log-?on|user-?id|user\s+id|network\s+id|identifiant(?:\s+de\s+connexion)?"
    r"|benutzerkennung|kennung)(?:\s+(?:id|name))?"
    r"[ \t]*(?::|=|[ \t](?:is|was|es|est|ist|é|è|era))[ \t]*['\"‘“]?([^\W_][\w.-]{2,30}(?<=[^\W_]))(?![\w@-])"
)
_NOT_LOGIN = frozenset(
    str.split(
        "not the a an my your his her our their same different wrong broken locked blocked expired invalid"
        " still just also only now new old correct required missing disabled working fine ok okay gone"
        " case sensitive too very really there here what which where how why when that this it mine yours"
        " no nicht kein le la el il o um uma une un ein eine der die das mi mon ma mein slow fast down up bad"
        " good great new old weird odd strange stuck gone long short easy hard done off on out lost right"
        " back dead free open safe secure simple useless awful terrible annoying confusing complicated"
    )
)


def _login(m: re.Match[str]) -> bool:
    value = m.group(1)
    if re.search(r"[._0-9]", value):
        return True
    # letters alone: an id is lower case, ends the clause ("login is via SSO" goes on) and is no word
    # that reads as an adjective or an adverb
    word, after = value.lower(), m.string[m.end() : m.end() + 8]
    return (
        value == word
        and bool(re.match(r"\s*(?:$|[,;.)!?]|(?:and|but|y|e|et|und|og|o|or)\b)", after))
        and word not in _NOT_LOGIN
        and not re.search(r"(?:ed|ing|ly|y|ble|ful|ous|ive|less|ish|ent|ant|ic|al|ido|ada|ado|é|ée)$", word)
    )


# A bank branch and account pair, as written in Brazil and Portugal: "ag 0001 cc 12345-6".
_BRANCH_ACCOUNT = re.compile(
    r"(?i)(?<![\w/])(?:ag(?:[eê]ncia)?\.?|ag[:.])[ \t]*:?[ \t]*[0-9]{3,5}(?:-[0-9xX])?"
    r"[ \t]*(?:[,/;]|e\b)?[ \t]*"
    r"(?:c/?c|conta(?:\s+corrente)?|cta\.?|c\.c\.)[ \t]*:?[ \t]*[0-9]{3,13}(?:-[0-9xX])?(?![\w-])"
)

# A bank account or branch number after its word: "account 73918264", "agência 0341 conta 48291-7".
_ACCOUNT = re.compile(
    r"(?i)\b(?:account|acct\.?|a/c|conta(?:\s+corrente)?|ag[eê]ncia|cuenta(?:\s+corriente)?|compte\s+bancaire"
    r"|kontonummer"
    r"|konto|kto\.?|conto(?:\s+corrente)?|clabe|cbu)"
    r"(?:\s*(?:n[º°o]\.?|no\.?|nr\.?|number|num\.?|#))?[ \t]*[:#]?[ \t]*"
    r"([0-9][0-9 -]{2,24}[0-9])(?![\w%]|[.,][0-9])"
)


def _account(m: re.Match[str]) -> bool:
    value, after = m.group(1), m.string[m.end() : m.end() + 20]
    if re.fullmatch(r"(?:19|20)[0-9]{2}", value) or _UNIT_AFTER.match(after):
        return False
    word = re.match(r"\s+([^\W\d_]+)", after)
    if word and word.group(1).lower() in _NOT_TOWNS:
        return False  # "account 250000 customers": a count
    branch = m.group(0).lower().startswith("ag")  # a branch number has four digits
    return _digits(value) >= (4 if branch else 6)


# Phone numbers the digit-run rule cannot see. Spaced out, digit by digit: "3 3 3 - 4 8 2 - 9 1 7 6".
_SPACED_DIGITS = re.compile(
    r"(?<![\w+.,/-])[0-9](?:(?:[ \t]|[ \t]?[-./][ \t]?)[0-9]){6,19}(?![\w]|[.,/-]?[0-9])"
)
# International with a trunk "(0)" or spaced slashes: "+49 (0) 30 / 8291 4473".
_INTL_PHONE = re.compile(
    r"(?<![\w+])\+[ \t]?[0-9]{1,3}(?:[ \t]?\((?:0|[0-9]{1,4})\))?"
    r"(?:(?:[ \t]?[./-][ \t]?|[ \t])[0-9]{1,5}){1,6}(?![\w])"
)
# Spelled out, in English, French and the other languages' digits: "oh seven nine four six, two two
# one", "zéro six, douze, trente-quatre, cinquante-six".
_NUMBER_WORDS = {
    1: "zero|oh|one|two|three|four|five|six|seven|eight|nine|zéro|un|deux|trois|quatre|cinq|sept|huit|neuf"
    "|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|due|tre|quattro|cinque|sei|sette|otto|nove"
    "|um|dois|três|quatro|sete|oito|null|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|double|triple",
    2: "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
    "|fifty|sixty|seventy|eighty|ninety|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante"
    "|cinquante|soixante|septante|huitante|octante|nonante",
}
_NUMBER_WORD = (
    rf"(?:{_NUMBER_WORDS[2]}|{_NUMBER_WORDS[1]})(?:-(?:et-)?(?:{_NUMBER_WORDS[2]}|{_NUMBER_WORDS[1]})){{0,3}}"
)
_SPELLED_PHONE = re.compile(
    rf"(?i)(?<![\w-])(?:{_NUMBER_WORD})(?:,?[ \t]+(?:{_NUMBER_WORD})){{4,30}}(?![\w-])"
)
_TWO_DIGIT_WORD = re.compile(rf"(?i)^(?:{_NUMBER_WORDS[2]})")


def _spelled_phone(m: re.Match[str]) -> bool:
    """Seven digits or more: a word for a digit counts one, one for ten to ninety-nine two."""
    words = re.split(r",?[ \t]+", m.group(0))
    return sum(2 if _TWO_DIGIT_WORD.match(w) else 1 for w in words) >= 7


def _phone_digits(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 20]
    return 8 <= _digits(m.group(0)) <= 15 and not _UNIT_AFTER.match(after)


def _not_counting(m: re.Match[str]) -> bool:
    digits = [int(c) for c in m.group(0) if c.isdigit()]
    steps = {b - a for a, b in zip(digits, digits[1:])}
    return steps not in ({1}, {-1})  # "sprints 1 2 3 4 5 6 7" is counting, up or down


def _spaced_phone(m: re.Match[str]) -> bool:
    return bool(_PHONE_CONTEXT.search(m.string, max(0, m.start() - 40), m.start()))


# --- dates of birth -------------------------------------------------------------------------------
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]{0,40}"  # a capitalised word: a town, a street name
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre"
    r"|octubre|noviembre|diciembre|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre"
    r"|octobre|novembre|décembre|decembre|januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember"
    r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|março"
    r"|maio|novembro|junho|julho|setembro|outubro|dezembro|janv|févr|avr|juil|déc|ene|abr|ago|dic|mär|okt|dez)(?![^\W\d_])\.?"
)
_YEAR = r"(?:[0-9]{4}|['’][0-9]{2}|[0-9]{2}(?![0-9]))"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s-])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh"
    r"|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth"
)
_YEAR_WORDS = (
    rf"(?:nineteen|two\s+thousand(?:\s+and)?)(?:[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:[\s-](?:{_UNITS_WORDS}))?|{_UNITS_WORDS}|ten|eleven|twelve|\w{{3,5}}teen|oh[\s-](?:{_UNITS_WORDS})))?"
)
_SPELLED_DATE = (
    rf"(?:the\s+)?(?:{_ORDINAL_WORDS})\s+of\s+{_MONTHS}"
    rf"(?:,?\s+(?:{_YEAR_WORDS}|(?:19|20)[0-9]{{2}}(?![0-9])))?"
)
# Spelled out in French, Spanish, Italian, Portuguese or German: "vingt-trois mars mil neuf cent
# quatre-vingt-un", "dos de mayo de mil novecientos ochenta". Only read right after a birth cue.
_NUMBER_TOKEN = (
    r"(?:premier|primero|primo|primeiro|erste[nr]?|mil|mille|cent|cents|cento|ciento|cien|[a-z]{0,8}cientos"
    r"|[a-z]{0,8}centos|hundert|tausend|[a-zäöüß]{2,20}s?te[nmr]?|neunzehn\w{0,24}|mille\w{0,24}|veinti\w{1,6}|dieci\w{1,6}|deze?\w{1,6}"
    r"|diez|once|doce|trece|catorce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa"
    r"|dieci|undici|dodici|tredici|quattordici|quindici|sedici|diciassette|diciotto|diciannove|venti|ventuno"
    r"|trenta|quaranta|cinquanta|sessanta|settanta|ottanta|novanta|dez|doze|treze|quatorze|vinte|trinta"
    r"|quarenta|oitenta|zehn|elf|zwölf|zwanzig|dreißig|\w{2,8}zig|\w{3,6}zehn"
    rf"|{_NUMBER_WORDS[2]}|{_NUMBER_WORDS[1]})(?![^\W\d_])"
)
_NUMBER_TOKENS = rf"{_NUMBER_TOKEN}(?:(?:[ \t]+(?:y|e|et|und)[ \t]+|[ \t-]+){_NUMBER_TOKEN}){{0,7}}"
_SPELLED_DATE_OTHER = (
    rf"{_NUMBER_TOKEN}(?:[ \t-]+(?:et-)?{_NUMBER_TOKEN}){{0,2}}[ \t]+(?:de[ \t]+|di[ \t]+)?{_MONTHS}"
    rf"(?:,?[ \t]+(?:de[ \t]+|del[ \t]+)?{_NUMBER_TOKENS})?"
)
# A date with a year: "11/04/1987", "1995-10-08", "30 jun 1985", "25 juillet 1977", "march 7th 81".
_FULL_DATE = (
    r"(?:(?:(?:0?[1-9]|[12][0-9]|3[01])[./-](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[./-](?:[12][0-9]|3[01]))"
    r"[./-](?:[0-9]{4}|[0-9]{2})|[0-9]{4}[./-](?:0?[1-9]|1[0-2])[./-](?:0?[1-9]|[12][0-9]|3[01])"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th|er|º|°|\.)?(?:\s+of|\s+de)?(?:\s+|[./-]){_MONTHS}(?:\s+del?|,)?(?:\s+|[./-]){_YEAR}"
    rf"|{_MONTHS}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR})"
)
_DATE_VALUE = (
    r"(?:[0-9]{1,2}[ \t]?[./-][ \t]?[0-9]{1,2}[ \t]?[./-][ \t]?[0-9]{2,4}"
    r"|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}"
    # "03031985", "19850303": with a birth cue right before it, eight digits are a date
    r"|(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])(?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-3][0-9]"
    # "3-III-1985": a Roman month
    r"|[0-9]{1,2}[./ -](?:i{1,3}|iv|vi{0,3}|ix|xi{0,2})[./ -][0-9]{2,4}"
    # "3rd of March 1985", "12-Apr-1979", "3 de marzo del 1979", "3 mar 85"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th|er|º|°|\.)?(?:\s+of|\s+de)?(?:\s+|[./-]){_MONTHS}(?:\s+del?|,)?(?:\s+|[./-]){_YEAR}"
    rf"|{_MONTHS}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}|{_MONTHS},?\s+(?:de\s+)?{_YEAR}"
    r"|(?:19|20)[0-9]{2}|['’][0-9]{2}\b"
    # no year: "birthday: 14 July", "born June 3rd"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th|er|º|°|\.)?(?:\s+of|\s+de)?\s+{_MONTHS}|{_MONTHS}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?"
    r"|[0-9]{1,2}[./][0-9]{1,2}\.?"
    # spelled out: "the twenty-first of july nineteen seventy", "may the 5th"
    rf"|{_SPELLED_DATE}|{_MONTHS}\s+the\s+[0-9]{{1,2}}(?:st|nd|rd|th)|{_SPELLED_DATE_OTHER})"
)
# Words that say a date is a birth date, in the six languages; also chat forms ("bday", "ddn",
# "dt nasc", "geb.-datum", "compio gli anni il", "faço anos a", "mi cumple es").
_DOB_CUES = (
    r"date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|birthday|b-?day|born|fecha\s+(?:de\s+)?nac(?:imiento|\.|\b)"
    r"|f\.\s*(?:de\s+)?nac(?:imiento|\.)?|nacimiento|nascimento|geburtstag|compleanno|aniversário|cumpleaños"
    r"|(?:mi|su|tu)\s+cumple|anniversaire|d\.?d\.?n\.?|(?:dt|data)\.?\s*(?:de\s+)?nasc(?:imento|\.)?|geb(?:urts)?\.?-?\s?datum"
    r"|compi[oe]\s+(?:gli\s+)?anni|fa[çc]o\s+anos|faz\s+anos|date\s+de\s+naissance"
    r"|geboren|geburtsdatum|data\s+di\s+nascita|data\s+de\s+nascimento|nasci(?:d[oa])?|nac[ií]|naci[óo]|nacid[oa]"
    r"|(?-i:classe)(?=\s+(?:19[0-9]{2}|200[0-9]|201[0-2]|['’][0-9]{2})\b)"
)
_DOB = re.compile(
    rf"(?i)\b(?:{_DOB_CUES}"
    r"|nac[ií](?:\s+el)?|naci[óo](?:\s+el)?|nacid[oa](?:\s+el|\s+en)?|n[ée]e?(?:\s+le)?|date\s+de\s+naissance|geboren(?:\s+am)?|nasci"
    r"|geburtsdatum|geb\.|nat[oa](?:\s+il)?|data\s+di\s+nascita|nascid[oa](?:\s+em)?|data\s+de\s+nascimento"
    r"|(?<!\w )b\.(?=\s*(?:[0-9]{4}|[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}"
    rf"|[0-9]{{1,2}}\s+{_MONTHS}\s+['’]?[0-9]))"
    # Portuguese "dn"/"d.n." (data de nascimento), only before a full date
    r"|d\.?\s?/?n\.?(?=\s*:?\s*[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4})"
    # "soy del 84", "sono del '79", "sou de 1990": I am from a year, a birth year
    r"|(?:soy|sono|sou)\s+(?:del?|dal)(?=\s+['’]?[0-9]))"
    # a birthplace between the cue and the date: "born in Lisbon on", "nato a Napoli il", "née à Lyon le"
    rf"(?:\s+(?:in|a|à|em|en|at|zu)\s+(?-i:{_CAP}(?:[\s-]{_CAP}){{0,2}})(?=\s+(?:on|in|the|le|il|am|el|em|a|au|en)\s))?"
    rf"(?:\s+(?:on|in|is|was|the|le|il|am|el|em|a|au|en|nel|del|im|year|es|est|ist|é|è|era|de|à|dia|no|ao|on)){{0,4}}"
    rf"\s*[:\-–]?\s*({_DATE_VALUE})(?![0-9])"
)
# A full date a few words after a birth cue: "d.o.b in mm/dd/yyyy and i put 11/04/1987",
# "date de naissance (25 juillet 1977)". Accepted by _dob_near, which reads the cue before it.
_DOB_NEAR = re.compile(
    rf"(?i)(?<![\w/.-])(?:{_FULL_DATE}|{_SPELLED_DATE}|{_MONTHS}\s+the\s+[0-9]{{1,2}}(?:st|nd|rd|th)"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th|er|º|°|\.)?(?:\s+of|\s+de)?\s+{_MONTHS}|{_MONTHS}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?"
    # eight digits as a form wants them: "19850723", "23071985"
    r"|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])|(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])(?:19|20)[0-9]{2})"
    r"(?![\w/]|[.-]\w)"
)
# "aniversário da empresa", "anniversaire de la boîte": someone else's anniversary, not a birthday
_DOB_BEFORE = re.compile(
    # "Jahrgang 88" (born in the year) is a cue for a date after it, not a date itself
    rf"(?i)(?<!\w)(?:{_DOB_CUES}|jahrgang)(?!\w)(?!\s+(?:da|do|de|du|des|del|della|dell['’]|of|der)\b)[^\n]*$"
)


def _dob_near(m: re.Match[str]) -> bool:
    """A date shortly after a birth cue: a dated one within 70 characters (with a year a person
    could be born in), one without a year within 30."""
    years = re.findall(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", m.group(0))
    if re.fullmatch(r"[0-9]{8}", m.group(0)):  # "19850723": the year is first or last
        if re.search(
            r"(?i)(?:ticket|ref|order|case|invoice|#|no\.?|number|id)\W*$",
            m.string[max(0, m.start() - 15) : m.start()],
        ):
            return False  # "DOB required; ticket 19850723": a number with its own name
        years = [y for y in (m.group(0)[:4], m.group(0)[4:]) if y[:2] in ("19", "20")][:1]
    if any(int(y) > 2012 for y in years):
        return False  # "born ... and I start on 01/09/2025": not a birth date
    short = re.search(r"[./-]([0-9]{2})$", m.group(0))
    if short and not years and 13 <= int(short.group(1)) <= 30:
        return False  # "... my contract ends 30.04.26": no worker was born in 1926
    has_year = bool(years) or bool(re.search(r"[./-][0-9]{2}$|['’][0-9]{2}$|\s[0-9]{2}$", m.group(0)))
    has_year = has_year or bool(re.search(r"(?i)(?:nineteen|thousand)", m.group(0)))
    window = 70 if has_year else 30
    return bool(_DOB_BEFORE.search(m.string, max(0, m.start() - window), m.start()))


# "am 12. März 1984 geboren"
_DOB_AFTER = re.compile(
    rf"(?i)(?<![\w.])([0-9]{{1,2}}\.\s*(?:{_MONTHS}|[0-9]{{1,2}}\.)\s*[0-9]{{2,4}}|(?:19|20)[0-9]{{2}})"
    r"(?:\s+(?:in|zu)\s+[\w-]{1,30})?\s+geboren\b"
)

# --- postcodes and addresses ----------------------------------------------------------------------
_PO_BOX = re.compile(
    r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box|apartado(?:\s+de\s+correos)?|postfach|casella\s+postale"
    r"|bo[iî]te\s+postale|caixa\s+postal|apartado\s+postal|(?-i:BP|CP|PF)|gpo\s+box|locked\s+bag|private\s+bag"
    r"|casilla\s+de\s+correos?|case\s+postale|post\s+box|postbus|postboks|pmb|private\s+mail\s+bag"
    r"|rural\s+route"
    # a rural route or highway contract route and its box: "HC 64 Box 2210", "RR 2, Box 14"
    r"|(?:hc|hcr|rr|r\.r\.|star\s+route|rural\s+route)\s*[0-9]{1,4},?\s+box"
    r"|box(?=\s*[0-9]{1,8}\s+gpo\b))\s*(?:no\.?\s*|#\s*)?"
    r"[0-9]{1,8}(?:[ .][0-9]{2,4}\b){0,3}\b"  # "Postfach 10 11 12"
)
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND"
    " OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_US_STATES_LOWER = [
    st for st in _US_STATES.split() if st not in ("IN", "OR", "ME", "HI", "OK", "OH", "LA", "MA")
]
_US_STATES_LOWER = [
    st for st in _US_STATES_LOWER if st not in ("DE", "AL", "CO", "ID", "PA", "WA", "SC", "MS")
]
_POSTCODE = re.compile(
    # UK: "LS6 2AB", "SW1A 1AA"
    r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b"
    # US: "IL 62704", "NY 10118-0110"
    rf"|\b(?<=(?:{'|'.join(_US_STATES.split())})[ \n])[0-9]{{5}}(?:-[0-9]{{4}})?\b"
    # in lower case after a town and a comma ("new york, ny 10022"); states that are words are left out
    rf"|(?<=, (?i:{'|'.join(_US_STATES_LOWER)}) )[0-9]{{5}}(?:-[0-9]{{4}})?\b"
    # Portugal: "1100-148 Lisboa"
    r"|\b[0-9]{4}-[0-9]{3}(?= [A-ZÀ-ÖØ-Þ][^\W\d_]{2,30}\b)"
    # Canada: "M5V 3L9" (no D, F, I, O, Q, U; no W or Z first)
    r"|\b[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]\b"
    # Brazil (CEP): "01310-100"
    r"|(?<![\w.,/-])[0-9]{5}-[0-9]{3}(?![\w-])"
    # Ireland (Eircode): "D02 AF30", "P31 X2Y4"; the second half mixes letters and digits
    r"|\b(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) (?=[0-9]{0,3}[A-Z])(?=[A-Z]{0,3}[0-9])[0-9AC-FHKNPRTV-Y]{4}\b"
    # Australia: "Fitzroy VIC 3065", "Sydney NSW 2000"
    r"|(?:(?<=\b(?:NSW|VIC|QLD|TAS|ACT) )|(?<=\b(?i:nsw|vic|qld|tas) )|(?<=\b(?:NT|WA|SA) )(?!19|20))"
    r"[0-9]{4}\b"
    r"(?![.,][0-9]|\s?%|\s+(?:people|staff|employees|workers|students|customers|users|members|jobs|stores|sites"
    r"|hours|days|units)\b)"
)
# The UK postcode areas: in lower case a postcode must start with one ("a4 5pp" is a paper size).
_UK_AREAS = (
    "ab|al|b|ba|bb|bd|bh|bl|bn|br|bs|bt|ca|cb|cf|ch|cm|co|cr|ct|cv|cw|da|dd|de|dg|dh|dl|dn|dt|dy|e|ec|eh|en|ex"
    "|fk|fy|g|gl|gu|gy|ha|hd|hg|hp|hr|hs|hu|hx|ig|im|ip|iv|je|ka|kt|kw|ky|l|la|ld|le|ll|ln|ls|lu|m|me|mk|ml|n"
    "|ne|ng|nn|np|nr|nw|ol|ox|pa|pe|ph|pl|po|pr|rg|rh|rm|s|sa|se|sg|sk|sl|sm|sn|so|sp|sr|ss|st|sw|sy|ta|td|tf"
    "|tn|tq|tr|ts|tw|ub|w|wa|wc|wd|wf|wn|wr|ws|wv|yo|ze"
)
# UK postcodes typed in lower case: "g12 8qq", "ne6 5xb". Ordinals and units are not postcodes.
_POSTCODE_UK_LOWER = re.compile(
    rf"(?<![\w/-])(?:{_UK_AREAS})[0-9][a-z0-9]? ?[0-9](?!st|nd|rd|th|hr|gb|kb|mb|ft|lb|yr|wk|px|kw)"
    r"[abd-hjlnp-uw-z]{2}(?![\w-])"
)
# An outward code alone right after a street: "14b mill lane ls6".
_OUTWARD = re.compile(rf"(?i)\[address\],?[ \t]((?:{_UK_AREAS})[0-9][0-9a-z]?)(?![\w-]|\s*[0-9])")
# The Netherlands: "1012 AB Amsterdam" (a town must follow: "2019 HR Manager" is no postcode).
_POSTCODE_NL = re.compile(r"(?<![\w€$£.,/-])[1-9][0-9]{3} ?[A-Z]{2}(?= [A-Z][a-z][^\W\d_]{1,30}\b)")
_NOT_NL = frozenset(
    str.split(
        "SA SD SS AI IT HR QA BI PM UX UI ML EU US UK CV VP PR IR OR AM PO BA MA MS BS HQ TV GB KB MB"
        " TB GT AD BC CT ER OK NO ON OF IN AT TO BY IS AS AN MY WE HE ME OR SO UP DO GO NA EM EN EL LA"
        " LE DA DE DI DU IL IM UM ZU KM KG CM MM LB FT HP PS PC QC RH TI CX DX CS DS SE SW HW OT RN LP NY"
    )
)
# In passing after a word for living somewhere: "I live in 28013", "based in sw1a 1aa", "wohne in 80331".
_RESIDENCE_POSTCODE = re.compile(
    r"(?i)\b(?:live|lives|living|based|located|reside|residing|moved|relocat\w{0,5}|vivo|vivimos|resido"
    r"|wohne|wohnen|wohnhaft|habite|habitons|abito|moro|moramos|soy(?=\s+del?\s+[0-9]))"
    r"(?:\s+(?:in|at|to|near|around|en|em|a|à|au|im|al|no|na|nel|di|de|del|da|do|zu|nach|bei|the|el|il|le|la|area"
    r"|jetzt|now|ahora|agora|ora|maintenant|aktuell|currently|still|postcode"
    r"|zip|code|of)){0,3}\s+"
    r"([0-9]{5}(?:-[0-9]{3,4})?|[0-9]{4}-[0-9]{3}|[1-9][0-9]{3} ?[a-z]{2}"
    r"|[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}|[a-z][0-9][a-z] ?[0-9][a-z][0-9]"
    # four digits before a town (AT, CH, BE, DK): "wohnhaft in 1010 wien"; judged by _residence_postcode
    r"|[1-9][0-9]{3}(?=[ ,]+[^\W\d_]{2}))(?![\w/-]|[.,][0-9]|\s?%)"
)
# DE, FR, ES, IT: five digits and a town ("10115 Berlin", "D-80331 München", "00184 Roma").
_POSTCODE_TOWN = re.compile(
    r"(?<![\w€$£.,/-])(?:[A-Z]{1,2}-)?[0-9]{5}(?= [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][^\W\d_]{1,30}\b)"
)
_NOT_TOWNS = frozenset(
    str.split(
        "employees people staff users customers clients students workers members hours days weeks months"
        " years"
        " units items records invoices tickets calls orders payslips patients cases rows lines euros dollars"
        " pounds words pages the and lead auditor implementer certified certification standard compliance"
        " series model version edition mitarbeiter mitarbeitern beschäftigte beschäftigten angestellte kunden"
        " euro empleados trabajadores personas clientes salariés employés personnes dipendenti persone"
        " funcionários trabalhadores pessoas"
    )
)
_LABELLED_POSTCODE = re.compile(
    r"(?i)\b(?:post\s?code|postal\s+code|zip(?:\s+code)?|plz|postleitzahl|code\s+postal|c[óo]digo\s+postal|cep"
    r"|codice\s+postale|eircode|pin\s*code|(?-i:CAP|CP|C\.P\.|PIN))"
    r"(?:\s*/\s*(?:ort|stadt|town|city|ville|localit[éà]|localidad|cidade))?"  # "PLZ/Ort: 8010 Graz"
    # "mi código postal es el 08025", "Meine Postleitzahl ist 04109"
    r"(?:[ \t]*(?::|#|is|es|est|ist|é|è|c['’]est|lautet|era|was|el|il|le|o)){0,2}[ \t]*"
    # "k2p1l4", "sw1a1aa": a code typed without its space is one longer run
    # the second half has a digit: "PLZ: 8010 Graz" is a code and its town
    r"((?=[A-Za-z]{0,2}[0-9])[A-Za-z0-9]{2,5}(?:[ -](?=[A-Za-z]{0,3}[0-9])[A-Za-z0-9]{3,4})?"
    r"|(?=[A-Za-z]{0,2}[0-9])[A-Za-z0-9]{6,7}"
    r"|[0-9]{8})\b"
)
# A GhanaPost digital address: "Digital address GA-492-7731", "GPS: AK-039-5028".
_DIGITAL_ADDRESS = re.compile(
    r"(?i)(?:digital\s+address|gps(?:\s+address)?|ghana\s?post(?:\s+gps)?(?:\s+code)?|house\s+no\.?)"
    r"[ \t]*(?::|is)?[ \t]*"
    r"((?-i:[A-Z]{2})-?[0-9]{3,4}-?[0-9]{4})\b"
)
# "mi cp es 08027", "cap 80134": in lower case these are also words ("salary cap"), so five digits only
_LABELLED_POSTCODE_LC = re.compile(
    r"(?i)(?<![\w$€£])(?:cp|cap|c\.p\.)[ \t]*(?::|#|es|è|é|is)?[ \t]*([0-9]{5})"
    r"(?![\w%€$£]|[.,][0-9]|\s?(?:k|€|euros?)\b)"
)


_MONEY_WORD = re.compile(
    r"(?i)(?:salary|pay|wage|price|budget|spend\w*|bonus|fee|rate|limit|tope|plafond|tetto|[$€£])\W*$"
)


def _labelled_postcode_lc(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 25) : m.start()]
    if _MONEY_WORD.search(before):
        return False  # "salary cap 50000"
    return not _UNIT_AFTER.match(m.string[m.end() : m.end() + 20])


_STREET_WORD = (
    r"(?!(?:hours?|minutes?|mins?|days?|weeks?|months?|years?|times|people|miles?|km|on|the|a|an|of|to|in"
    r"|per|and|or|at|my|our|from|by|for|with)\b)[^\W\d_][\w'’.-]{0,40}"
)
_STREET_TYPES = (
    r"(?i:street|avenue|road|boulevard|lane|terrace|crescent|parkway|highway|drive)"
    r"|Way|Close|Place|Court|Square|Row|Gardens|Mews|Grove|Walk|Rise|Vale|Parade|Wharf|Chase|Heights|Meadows"
    r"|Cottages|Villas|Buildings|Mansions|Loop|Trail|Circle|Cir|Ter|Terr|Pike|Cove|Crossing|Alley"
    r"|Cl|Gr|Gro|Cres|Gdns|Pde|Tce"
    r"|Esplanade|Quay|Embankment"
    r"|Hill|St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Pkwy|Hwy"
)
_ADDRESS = re.compile(
    # "221B Baker Street", "1600 Pennsylvania Ave NW", "10 Downing St., Apt 4"
    rf"\b[0-9]{{1,5}}[A-Za-z]?,?\s+(?:(?:{_STREET_WORD}|[0-9]{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}(?:{_STREET_TYPES})\b\.?"
    r"(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*[0-9][\w-]{0,10})?"
)
_ADDRESS_DE = re.compile(
    # "Hauptstraße 5", "Berliner Str. 12a", "Kastanienallee 3"
    rf"\b(?:{_CAP}\s+)?[A-ZÄÖÜ][\wäöüß-]{{0,40}}(?:straße|strasse|str\.|weg|gasse|allee|platz|damm|ring|ufer|chaussee"
    r"|straat|gracht|laan|plein|kade|singel|dijk|steeg)"
    r"\s*[0-9]{1,4}(?:[a-zA-Z]\b)?(?:/[0-9]{1,3}){0,3}"
    rf"|\b(?:{_CAP}\s+)?(?:Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|Chaussee)\s*[0-9]{{1,4}}(?:[a-zA-Z]\b)?"
    r"(?:/[0-9]{1,3}){0,3}"
)
_ADDRESS_ROMANCE = re.compile(
    # "Calle Mayor 12", "Rue de Rivoli 10", "Via Roma 1", "Rua Augusta, 27"
    r"\b(?i:calle|c/|avenida|avda\.|av\.|paseo|plaza|carrer|rue|via|viale|piazza|corso|largo|r[uú]a|travessa"
    # "R. Conselheiro Lafaiete 220", "R. das Flores 88": Portuguese "rua" shortened
    r"|(?-i:R)\.(?=\s+(?:(?:de|da|das|do|dos)\s+)?(?-i:[A-ZÀ-ÖØ-Þ]))"
    r"|lungomare|lungotevere|lungarno|lungolago|riva|salita|calata|vico|vicolo"
    r"|praça|estrada|alameda|glorieta|passeig|avinguda|rambla|cal[çc]ada|beco|ladeira|calzada|callej[óo]n"
    r"|praceta|rotunda|vereda|carretera|pasaje|traves[íi]a|ronda|chauss[ée]e|(?-i:Cuesta|Subida|Bajada|Senda|Camino))\s+"
    # "Rua 25 de Abril, 33", "Via San Francesco d'Assisi 10"
    rf"(?:(?:de|del|des|du|da|das|do|dos|di|della|delle|degli|la|le|los|las|dei|[0-9]{{1,2}})\s+)*{_CAP}"
    rf"(?:\s+(?:(?:de|del|da|das|do|dos|di|della|y|e)\s+)?(?:d['’]|dell['’])?{_CAP}){{0,3}},?\s*"
    r"(?:casa\s+)?(?:n\.?[º°o]\.?\s*|nro\.?\s*|núm\.?\s*)?[0-9]{1,4}(?![0-9º°ª])(?:[a-zA-Z]\b)?"
    r"(?:,?\s*[0-9]{1,2}\s*[º°ªo]\s*[A-Za-z0-9]?\b)?"
    r"(?!\s*(?:%|(?:times|hours|days|weeks|years|people)\b))"
    # "12 rue de Rivoli", "5 bis avenue Foch"
    r"|\b[0-9]{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|cours"
    # a housing estate or a close with its door number: "2 résidence Les Mimosas", "4 clos des Vignes"
    r"|r[ée]sidence|cit[ée]|lotissement|hameau|clos|domaine|square|sentier|mont[ée]e|traverse|voie)\s+"
    rf"(?:(?:de|du|des|de la|d'|les|la|le|l')\s*)?{_CAP}(?:\s+{_CAP}){{0,3}}"
)

# Streets typed in lower case, in any of the languages. Each is accepted by a check on its context.
_DE_FLOOR = (
    r"(?:,?\s*(?:[0-9]{1,2}\.\s*(?:OG|Obergeschoss|Stock|Etage)|EG|DG|Stiege\s+[0-9]{1,2}|Tür\s+[0-9]{1,3}"
    r"|Top\s+[0-9]{1,3})(?:\s+(?:links|rechts|mitte))?\b){0,2}"
)
_ADDRESS_DE_ANY = re.compile(
    # "margaretenstraße 64/2/11", "am gartenring 3, 2. OG links"
    r"(?i)(?<![\w-])[a-zäöüß][a-zäöüß-]{1,40}(?:straße|strasse|str\.|gasse|allee|damm|chaussee|ufer|steig|weg|platz"
    r"|ring)[ \t]*[0-9]{1,4}[a-z]?(?:/[0-9]{1,3}){0,3}(?![\w%]|[.,][0-9])" + _DE_FLOOR
)
_GERMAN_UNITS = re.compile(
    r"\s?(?i:tage?n?|jahren?|stunden?|std\.?|minuten|min\.?|wochen?|monaten?|mal|leute|personen|mitarbeiter\w*|km"
    r"|euro|€|%)(?!\w)"
)


def _address_de_any(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 20]
    if _UNIT_AFTER.match(after) or _GERMAN_UNITS.match(after):
        return False  # "arbeitsweg 45 minuten"
    if re.search(r"(?i)(?:stra(?:ße|sse)|str\.|gasse|allee|damm|chaussee)\s*[0-9]", m.group(0)):
        return True
    # "weg", "platz", "ring" end many words ("arbeitsplatz 2"): need "am", "an der", "wohne" before
    # and an address form after it ("am arbeitsplatz 3 monitore" is a desk)
    before = m.string[max(0, m.start() - 40) : m.start()]
    cue = (
        r"(?i)\b(?:am|an\s+der|in\s+der|im|auf\s+dem|auf\s+der)\s+$"
        r"|\b(?:wohne|wohn|wohnhaft|wohnung|adresse|anschrift|lebe)\b[^\n.!?]*$"
    )
    return bool(re.search(cue, before)) and bool(re.match(r"\s*(?:$|[,;:/)\n]|[0-9]{4,5}\b)", after))


_ROMANCE_ANY_TYPES = (
    r"calle|c/|avda\.?|avenida|av\.?|paseo|plaza|pza\.?|carrer|camino|pasaje|pje\.|ronda|traves[íi]a|carretera"
    r"|r[uú]a|travessa|praça|estrada|alameda|largo|via|viale|vicolo|vico|piazza|p\.zza|p\.za|piazzale|corso|strada"
    r"|lungomare|lungotevere|lungarno|lungolago|salita|calata"
    r"|contrada|borgo|rue|avenue|boulevard|bd|chemin|allée|impasse|quai|route|ruelle|passage"
    # "ch. des Pâquerettes 9", "Rte de Meyrin 49", "5 r. Jean Jaurès"
    r"|ch\.(?=\s+(?:de|des|du|d['’]))|rte\.?|r\.(?=\s+(?-i:[A-ZÀ-ÖØ-Þ]))"
)
# Words that end a street name: "12 rue des lilas et je ...", "via roma 3 e ..."
_NAME_WORD = (
    r"(?!(?:et|and|e|y|und|je|i|mais|but|pero|ma|mas|para|pour|per|for|to|in|à|a|en|em|no|na|with|con|avec"
    r"|mit|com|is|est|es|è|é|ist|c|que|che|which|where|donde|où|dove|onde|since|desde|depuis|seit|dal|como"
    r"|come|comme|as|wie)\b)"
    r"[^\W\d_][\w'’.-]{0,30}"
)
_FLOOR = (
    r"(?:,?\s*(?:[0-9]{1,2}\s*\.?\s*[º°ª](?:\s*[a-z]{1,4}\b\.?)?|bajo|entlo\.?|izq(?:uierda|da)?\.?|dcha\.?|derecha"
    r"|dto\.?|esq\.?|(?:apto|apt|ap|depto|dpto|piso|puerta|bloco|bloque|lote|casa|int|interno|scala|sc|esc)\.?"
    r"\s*[0-9a-z]{1,5}\b))"
)
_ADDRESS_ROMANCE_ANY = re.compile(
    # "calle del olivo 23, 3ºB", "via dei vanga 41/c", "rua augusta 1508, apto 72", "c/ san bernardo 7 bajo"
    rf"(?i)(?<![\w./])(?:{_ROMANCE_ANY_TYPES})\s+(?:{_NAME_WORD}\s+){{0,4}}{_NAME_WORD},?\s*(?:n\.?[º°o]\.?\s*)?"
    rf"[0-9]{{1,5}}[a-z]?(?:/[0-9a-z]{{1,3}}){{0,2}}(?![\w%º°ª]|[.,][0-9]){_FLOOR}{{0,3}}"
    # "27 av jean jaurès", "5 bis rue des lilas"
    rf"|(?<![\w./-])[0-9]{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?:rue|av\.?|avenue|bd|boulevard|chemin|allée|impasse|quai"
    rf"|route|place|ruelle|passage|r\.|rte\.?|ch\.)\s+(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD}"
)
_AMBIGUOUS_STREETS = frozenset(
    ("via", "av", "av.", "avenue", "boulevard", "bd", "place", "route", "largo", "corso", "passage", "plaza")
)


# A house number said in words after "número": "calle san bernardo numero cuarenta y dos", "via san
# francesco numero diciassette", "Station Road, number forty-six".
_STREET_NUMBER_WORDS = re.compile(
    rf"(?i)(?<![\w./])(?:(?:{_ROMANCE_ANY_TYPES})\s+(?:{_NAME_WORD}\s+){{0,4}}?{_NAME_WORD}"
    rf"|(?:{_STREET_WORD}\s+){{1,3}}(?:{_STREET_TYPES})),?\s+(?:number|numero|número|nummer|n[º°o]\.?)\s+"
    rf"{_NUMBER_TOKENS}"
)


def _romance_any(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 20]
    if re.match(
        r"\s?(?:%|(?i:times|hours|days|weeks|months|years|people|horas|heures|ore|anni|años|anos|ans|dias|días"
        r"|giorni|jours|meses|mois|mesi|semanas|semaines|settimane|euros?|€)\b)",
        after,
    ):
        return False
    address_form = re.match(r"\s*(?:,|/|[0-9]{4,5}\b|[º°ª])|\s+(?:bis|ter)\b", after) or re.search(
        r"[0-9],?\s*[0-9]{1,2}\s*\.?\s*[º°ª]", m.group(0)
    )  # a floor after the number: "corso vittorio 12, 2° piano"
    if re.search(r"(?<![0-9])(?:19|20)[0-9]{2}$", m.group(0)) and not address_form:
        return False  # "piazza affari 2019 listing": a year, not a house number
    if re.match(r"/[0-9]{4}(?![0-9])", after):
        return False  # "corso sicurezza D.Lgs. 81/2008": a law's number and year, not a house number
    kind = m.group(0).split()[0].lower()
    if kind[0].isdigit():  # "27 av jean jaurès": the type follows the number
        kind = re.sub(r"^[0-9]+,?\s+(?:(?:bis|ter),?\s+)?", "", m.group(0)).split()[0].lower()
    if kind not in _AMBIGUOUS_STREETS:
        return True
    # "via", "place", "av" are also everyday words ("apply via Indeed 2"): need a word for where one
    # lives or is right before it, or an address form after it (a comma, a postcode, a floor)
    before = m.string[max(0, m.start() - 30) : m.start()]
    if re.search(
        r"(?i)(?:\b(?:in|en|em|na|no|à|a|al|alla|nella|sulla|dans|sur|au|at|on|vivo|abito|moro|sto|habite|vis"
        r"|alloggio|adresse|indirizzo|direcci[oó]n|morada|endereço|address|c['’]est|c)|[:,])\s+$",
        before,
    ):
        return True
    return bool(address_form) or bool(_ADDRESS_NEAR.search(m.string, max(0, m.start() - 90), m.start()))


def _romance(m: re.Match[str]) -> bool:
    if not m.group(0).startswith("R."):
        return True
    # "R." is also an initial ("George R. Martin 12 books"): the number must end an address part
    after = m.string[m.end() : m.end() + 12]
    return not re.search(rf"\s{YEAR}$", m.group(0)) and bool(
        re.match(
            r"\s*(?:[,;\n]|$|-\s*[0-9]{1,2}\s*[º°ª]|(?i:casa|apto?\b|ap\b|bloco|sala|loja|fundos|n[º°]))",
            after,
        )
    )


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _postcode_town(m: re.Match[str]) -> bool:
    text, end = m.string, m.end()
    town = re.match(r" ([^\W\d_]+)", text[end : end + 40])
    before = text[max(0, m.start() - 12) : m.start()]
    # "ISO 27001 Lead", "EN 50131 Grade"; \Z, as "$" would also match before the line break of an address
    if re.search(r"\b[A-Z]{2,}[ -]?\Z|[0-9][ .,]?\Z", before):
        return False
    return bool(town) and town.group(1).lower() not in _NOT_TOWNS  # type: ignore[union-attr]


# A five-digit postcode shortly after a street address: "123 Main St, Springfield 62704".
_AFTER_ADDRESS = re.compile(
    # Brazil's CEP is also written with a space: "31015 350"
    r"\[address\][^\n.;\[\]]{0,40}?(?<![\w€$£.,/-])((?:(?:CH|FL|L|A|B|D|F|I|DK|N|S|FIN|NL|P|E|PL|CZ|SK|H)-)?"
    r"[0-9]{5}(?:-[0-9]{3,4}| [0-9]{3}(?![0-9]))?"
    r"|(?:(?:CH|FL|L|A|B|D|F|I|DK|N|S|FIN|NL|P|E|PL|CZ|SK|H)-)?[0-9]{4}(?:-[0-9]{3})?)(?![\w/%-])"
)

# Between a street and a code that ends the address: one to three capitalised places, each after a comma.
_TOWNS_GAP = re.compile(
    r"(?:,[ \t]*[A-ZÀ-ÖØ-Þ][^\W\d_]{1,30}(?:[ \t-][A-ZÀ-ÖØ-Þ][^\W\d_]{1,30}){0,2}){1,3}[ \t]"
)


def _after_address(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 40]
    gap = m.string[m.start() + 9 : m.start(1)]
    if re.search(rf"\b(?i:{'|'.join(_US_STATES.split())}),?[ \t]+$", gap) and len(m.group(1)) == 5:
        return True  # "[address] apt 3 brooklyn ny 11215 is where": a ZIP after its state
    if re.fullmatch(r"[0-9]{4}", m.group(1)):
        # four digits (AT, CH, BE, DK, AU, NZ): right after the street, or as the last thing of the
        # address after its suburb and town ("[address], Papatoetoe, Auckland 2025."); a year right
        # after the street only before a town
        if _UNIT_AFTER.match(after):
            return False
        towns = _TOWNS_GAP.fullmatch(gap)
        year = re.fullmatch(r"(?:19|20)[0-9]{2}", m.group(1))
        if towns and (not year or gap.count(",") >= 2) and re.match(r"[ \t]*(?:[.;!?\n)]|$)", after):
            return True
        if re.fullmatch(r"[ ,]{0,2}", gap) is None:
            return False
        if re.fullmatch(r"(?:19|20)[0-9]{2}", m.group(1)) and not re.match(r" [A-ZÀ-ÖØ-Þ][^\W\d_]", after):
            return False
    if not re.match(r"\s*[^\W\d_A-ZÀ-ÖØ-Þ]", after):
        return True
    # "[address], 59000 lille": right after the street, a lower-case word is the town typed in
    # lower case, unless it is a unit or a count ("[address] 12000 followers" is rare but real)
    town = re.match(r" ([^\W\d_]+)\b", after)
    return (
        bool(town)
        and re.fullmatch(r"[ ,]{0,2}(?:in )?", gap) is not None
        and (
            town.group(1).lower() not in _NOT_TOWNS and not _UNIT_AFTER.match(after)  # type: ignore[union-attr]
        )
    )


# An English street typed in lower case: "6 cedar way", "22a, the crescent", "331 e 109th st". Many of
# the words are also ordinary words ("2 close calls"), so one is accepted only before a postcode or
# after a word that says it is an address (_address_lower).
_ADDRESS_LOWER = re.compile(
    rf"(?i)(?<![\w./-])[0-9]{{1,5}}[a-z]?,?\s+(?:the\s+(?:{_STREET_WORD}\s+){{0,2}}"
    rf"|(?:(?:{_STREET_WORD}|[0-9]{{1,3}}(?:st|nd|rd|th))\s+){{1,3}})"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|way|close|court|ct|grove|crescent|drive|dr|place|pl|terrace|gardens"
    r"|mews|walk|rise|row|square|sq|hill|green|park|parade|boulevard|blvd|highway|hwy|circle|view|vale)\b\.?"
)


def _address_lower(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 40]
    unit = r"(?:(?:apt|apartment|unit|suite|flat|#)\.?\s*[0-9a-z]{1,5},?\s+)?"
    if re.match(rf",?\s*{unit}(?:[^\W\d_]+,?\s+){{0,3}}(?:\[postcode\]|[0-9]{{5}}\b)", after):
        return True  # "12 high st, bristol [postcode]"
    return bool(_ADDRESS_NEAR.search(m.string, max(0, m.start() - 90), m.start()))


# A named house right before its town and postcode: "Lower Hollins Farm, Hebden Bridge [postcode]".
_HOUSE_NAME = re.compile(
    rf"\b{_CAP}(?:\s+{_CAP}){{0,3}}\s+(?:Farm|Cottage|House|Lodge|Manor|Barn|Mill|Hall|Grange|Croft|Villa|Court"
    rf"|Farmhouse|Bungalow)\b(?=,\s*{_CAP}(?:\s+{_CAP}){{0,2}},?\s*\[postcode\])"
)
# A pitch, plot or flat shortly before a postcode or street: "caravan pitch 14, sandy bay park, [postcode]".
_UNIT_BEFORE = re.compile(
    r"(?i)\b(?:pitch|plot|berth|mooring|unit|flat|apt|apartment|lot|chalet|cabin)[ \t]*(?:no\.?[ \t]*)?"
    r"[0-9]{1,4}[a-z]?(?:/[0-9]{1,4})?\b(?=[^\n.;!?\[]{0,60}\[(?:postcode|address)\])"
)


# Said to be an address: "my address is am Rosenhof 7", "Adresse : ...". A cue starts a short window.
_ADDRESS_CUE = (
    # English "address" is also a verb ("address Q3 2024 targets"): only the noun, by its company
    r"(?i:(?:my|home|postal|mailing|street|our)\s+address|address\s*(?=:|is\b)|(?-i:Address)|adresse|adres|dirección|direccion|domicilio|indirizzo|anschrift|morada|endereço|endereco"
    r"|(?:i\s+)?live\s+at|lives\s+at|living\s+at|i['’]?m\s+at|wohne|wohnung\s*:|wohnort|vivo\s+en|habite|abito"
    r"|moro\s+n[ao]|demeurant|domicili[ée]e?)"
)
_UNIT_WORD = re.compile(
    r"\s?(?i:jahren?|años|anos|ans|anni|minut\w{0,3}|stunden|horas|heures|ore|days?|weeks?|times)\b"
)
_ADDRESS_NEAR = re.compile(
    # a dot inside "P.O.," or "St.Peter" does not end the sentence
    _ADDRESS_CUE + r"(?:[^\n.;!?]|\.(?=[,\w])){0,80}$|\[(?:address|postcode)\][^\n.;!?]{0,60}$"
    r"|(?i:(?<!\w)(?:c/o|a/c|care\s+of))[^\n.;!?]{0,60}$"
)
# After the cue, capitalised words and a house number are the street: "am Rosenhof 7", "Sai Residency 4".
_CUE_LINK = (
    # "Mi dirección ahora es", "My address in Kerala:"
    r"(?:\s+(?:in|en|em|à|a)\s+[A-ZÀ-ÖØ-Þ][\w-]{1,30}(?=\s*:))?"
    r"(?:\s+(?:is|ist|es|est|è|é|c['’]est|lautet|at|am|an\s+der|in\s+der|im|en|in|now|ahora|agora|ora|jetzt"
    r"|actual|actuelle|atual|attuale|aktuell)){0,2}\s*:?\s*[„“\"«‘']?\s*"
)
# Small words inside a street's name: "Auf dem Berg 7", "Glorieta de Bilbao 1", "Via San Francesco
# d'Assisi 10"
_NAME_PARTICLE = (
    r"(?:(?:de|del|des|du|da|das|do|dos|di|della|dei|dem|den|der|von|van|la|le|los|las|of|the|y|e"
    # a declined German adjective: "Zur alten Mühle 2", "Am hohen Rain 4"
    r"|(?:alt|neu|groß|gross|klein|hoh|lang|ober|unter|mittler|hinter|vorder|schön|grün|rot|weiß)(?:en|er|em|es|e))\s+)*"
    r"(?:d['’]|dell['’]|l['’])?"
)
_CUED_STREET = re.compile(
    _ADDRESS_CUE
    + _CUE_LINK
    + rf"((?-i:{_CAP}(?:\s+{_NAME_PARTICLE}{_CAP}){{0,3}}),?\s+[0-9]{{1,4}}[a-zA-Z]?)(?![\w%.,/-]?[0-9])"
)
# The number first, then a name with no street word: "I live at 14 Riverside", "my address is 6
# Highfield, Leeds"
_CUED_NUMBER_FIRST = re.compile(
    _ADDRESS_CUE
    + _CUE_LINK
    + rf"((?-i:[0-9]{{1,4}}[A-Za-z]?,?\s+{_CAP}(?:\s+{_CAP}){{0,2}}))(?=\s*(?:[,.;!?\n)]|$))"
)
# A named house said to be where one lives: "I live at Rose Cottage, Main Road", "address: The Old Rectory"
_CUED_HOUSE = re.compile(
    _ADDRESS_CUE
    + _CUE_LINK
    + rf"((?-i:(?:The\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}\s+(?:{HOUSE_WORDS})))(?=\s*(?:[,.;!?\n)]|$))"
)


# A street line right before a postcode already found, with no street word to know it by:
# "Jungfernstieg 7, [postcode] Hamburg", "14 Riverside, Ely [postcode]", "Neuer Wall 10\n[postcode]".
_BEFORE_POSTCODE = re.compile(
    rf"(?<![\w./-])(?-i:{_CAP}(?:\s+{_NAME_PARTICLE}{_CAP}){{0,3}}[ \t]+[0-9]{{1,4}}[a-zA-Z]?"
    rf"|[0-9]{{1,4}}[a-zA-Z]?[ \t]+{_CAP}(?:[ \t]+{_CAP}){{0,2}})"
    rf"(?=[ \t]*(?:,[ \t]*|\n[ \t]*)(?:{_CAP}(?:[ \t]+{_CAP})?,?[ \t]+){{0,2}}\[postcode\])"
)


# The same in lower case, after a word that says it is an address: "alte adresse: am mühlbach 9, [postcode]".
_BEFORE_POSTCODE_LC = re.compile(
    rf"(?i)(?<![\w./-])(?:{_STREET_WORD}[ \t]+){{1,4}}[0-9]{{1,4}}[a-z]?(?=[ \t]*,[ \t]*\[postcode\])"
)
# An Indian post office in an address: "Kumaranalloor P.O., Kottayam".
_POST_OFFICE = re.compile(r"(?<![\w.])[A-Z][\w-]{2,30}[ \t]+P\.[ \t]?O\.(?=[ \t]*,)")
# An Argentine postcode in brackets after the town: "Rosario (S2000)", "CABA (C1425DKF)".
_CPA_BRACKETED = re.compile(r"(?<=[^\W\d_] \()[A-HJ-NP-Z][0-9]{4}(?:[A-Z]{3})?(?=\))")


# A postcode closing an address line that names no street we know: "House 7, Road 11, Block C, Banani,
# Dhaka 1213", "Str. Avram Iancu nr. 19, ..., Cluj-Napoca 400089", "La Plata (1900)".
_LINE_END_CODE = re.compile(
    r"(?<=[^\W\d_])(?:[ \t]+(?:[-–][ \t]*)?|[ \t]*\()((?:[A-Z]{2}-?)?(?:[0-9]{3} [0-9]{2,3}|[0-9]{4,6}))\)?"
    r"(?![\w/%€$£-]|[.,][0-9])"
)
# A house number beside a name, a "No." or a block-and-flat pair: the mark of an address line.
_HOUSE_NUMBER = re.compile(
    r"(?<![\w.,/-])(?:[0-9]{1,5}[A-Za-z]?,?[ \t]+[A-ZÀ-ÖØ-Þ]|(?:n[º°o]|no|nr|h\.?\s*no)[.:]?[ \t]*[0-9]"
    r"|[0-9]{1,5}[/-][0-9A-Za-z]{1,6}(?![\w/-])|[A-Z]-[0-9]{1,5}\b)"
    r"|(?<=[A-Za-zÀ-ÿ.])[ \t]+[0-9]{1,5}[A-Za-z]?(?=[ \t]*(?:,|[A-Z]\b))",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"(?i)[€$£¥]|\b(?:salary|salario|salaire|gehalt|stipendio|salário|budget|revenue|price|cost|k)\b"
)


def _line_end_code(m: re.Match[str]) -> bool:
    code = m.group(1)
    if re.fullmatch(r"(?:19|20)[0-9]{2}", code):
        return False  # "London 2019": a year
    after = m.string[m.end() : m.end() + 30]
    text, start = m.string, m.start()
    line = text[max(0, start - 150) : start].rsplit("\n", 1)[-1]
    ended = re.match(r"[ \t]*(?:$|[\n.;!?)]|[-–—][ \t]|,[ \t]*[^\W\d_])", after)
    if not (ended or "[address]" in line) or _UNIT_AFTER.match(after):
        return False  # "Chennai 600 020 is my permanent address" is one when a street came before
    if re.match(r"(?i)[ \t]*(?:brutto|netto|gross|net|eur|euros?|usd|k)\b", after):
        return False  # "Das neue Angebot ist 46500 brutto"
    town = re.search(r"([^\W\d_][\w'’.-]*)[ \t(–-]*$", line)
    if (
        town is None
        or town.group(1).lower() in _NOT_TOWNS | _CODE_LABELS
        or re.fullmatch(r"[A-Z]{2,5}", town.group(1))
    ):
        return False  # "employees 1200", "Kostenstelle 4410"
    if town.group(1).islower() and re.search(r"[A-ZÀ-ÖØ-Þ]", line):
        return False  # a town in lower case only in a line typed all in lower case
    if _MONEY.search(line[-40:]):
        return False  # "salary in Madrid 35000"
    if "[address]" in line:
        return True
    return line.count(",") >= 1 and bool(_HOUSE_NUMBER.search(line[: len(line) - len(town.group(0))]))


_CODE_LABELS = frozenset(
    (
        "code",
        "codice",
        "corso",
        "kurs",
        "course",
        "ref",
        "reference",
        "nr",
        "no",
        "number",
        "numero",
        "número",
    )
    + ("id", "ticket", "order", "invoice", "angebot", "ist", "is", "es", "est", "è", "é", "was", "cap", "zip")
    + ("plz", "stufe", "level", "grade", "kostenstelle", "centro", "cost", "center", "centre", "module")
    + ("modulo", "version", "versión", "room", "sala", "raum", "aula")
)


# A numbered part of that line before the code: "Stand No. 2218, Extension 4, Tembisa [postcode]".
_PART_BEFORE_CODE = re.compile(
    r"(?:^|(?<=[\n,:;]))[ \t]*([^,\n\[\]:;]{0,40}?[0-9][^,\n\[\]:;]{0,40}?)[ \t]*"
    r"(?=,[^\n\[]{0,150}?\[postcode\])"
)
_NOT_A_PART = re.compile(
    r"(?i)\b(?:i['’]?m|i\s+am|years?|yrs?|old|años|anos|ans|anni|jahre|mins?|minutes|hours?|horas|heures"
    r"|ore|stunden|days?|weeks?|months?|people|staff|employees|soy|tengo|je\s+suis|ich\s+bin|sono|sou|tenho"
    r"|since|desde|depuis|seit|dal|from|de|para|per|for)\b|[%€$£]"
)


def _part_before_code(m: re.Match[str]) -> bool:
    part = m.group(1)
    if _NOT_A_PART.search(part) or re.fullmatch(r"\s*(?:19|20)[0-9]{2}\s*", part):
        return False
    return len(part.split()) <= 7 and bool(re.search(r"[^\W\d_]", part) or re.search(r"[/-]", part))


def _address_near(m: re.Match[str]) -> bool:
    return bool(_ADDRESS_NEAR.search(m.string, max(0, m.start() - 90), m.start()))


def _before_postcode(m: re.Match[str]) -> bool:
    # "Team 5, [postcode] Madrid office", "Level 3, ...": a count or a grade, not a house
    words = [w for w in re.findall(r"[^\W\d_]+", m.group(0)) if w.lower() != "the"]  # "5 The Paddocks"
    return not any(w.lower() in _NOT_TOWNS or w.lower() in _NOT_STREETS for w in words)


_NOT_STREETS = frozenset(
    ("team", "level", "grade", "year", "module", "unit", "room", "floor", "stage", "phase", "step", "week")
    + ("day", "page", "chapter", "section")
)


def _cued_street(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 20]
    if _UNIT_AFTER.match(after) or _UNIT_WORD.match(after):
        return False  # "I live at Leeds 10 minutes away", "wohne in Köln 3 Jahre"
    return not re.search(r"\b(?:19|20)[0-9]{2}$", m.group(1))  # "Excel 2019"


def _cued_number_first(m: re.Match[str]) -> bool:
    # "I'm at 40 Hours a week", "I live at 10 Minutes from work": a count, not a house
    words = re.findall(r"[^\W\d_]+", m.group(1))
    return not any(w.lower() in _NOT_TOWNS or _UNIT_AFTER.match(w) for w in words)


# "Flat 3, ...", "Apt 2B", "Unit 4" near an address; "Unit 4 of the course" stays.
_UNIT = re.compile(
    r"\b(?:Flat|Apt|Apartment|Unit|Suite|Piso|Apto|Appartement|Wohnung)\.?\s*[0-9]{1,4}[A-Za-z]?\b(?=,)"
)
# A postcode after a town in an address: "Bengaluru 560001", "Bengaluru - 560 001", "Köln 50667".
_TOWN_CODE = re.compile(
    r"(?<=[a-zß-ÿ],|[a-zß-ÿ] )(?:-\s*)?([1-9][0-9]{2} ?[0-9]{3}|[0-9]{4,5})(?![\w/%.,-]?[0-9])"
)


def _near_address(m: re.Match[str]) -> bool:
    if re.match(r",?\s*\[address\]", m.string[m.end() : m.end() + 14]):
        return True  # "Flat 3, [address]": the street came out already
    return bool(_ADDRESS_NEAR.search(m.string, max(0, m.start() - 90), m.start()))


def _town_code(m: re.Match[str]) -> bool:
    after = m.string[m.end() : m.end() + 20]
    if re.match(r",?\s*\[address\]", after) and not re.fullmatch(r"(?:19|20)[0-9]{2}", m.group(1)):
        return True  # "zürich 8004, [address]": the town and its code before the street
    if re.fullmatch(YEAR, m.group(1)) or re.match(r"\s+[^\W\d_A-ZÀ-ÖØ-Þ]", after):
        return False  # "Leeds 2019", "Tesco 4500 payslips": a year, a count of something
    town = re.search(
        r"(?<![\w-])([^\W\d_][\w'’-]{1,30})[ ,]*(?:-\s*)?$", m.string[max(0, m.start() - 40) : m.start()]
    )
    return bool(town) and town.group(1)[0].isupper() and _near_address(m)  # type: ignore[union-attr]


def _postcode_nl(m: re.Match[str]) -> bool:
    letters, town = m.group(0)[-2:], m.string[m.end() + 1 : m.end() + 40].split(" ")[0]
    return letters not in _NOT_NL and town.lower() not in _NOT_TOWNS


def _residence_postcode(m: re.Match[str]) -> bool:
    value, after = m.group(1), m.string[m.end() : m.end() + 30]
    if _UNIT_AFTER.match(after) or re.match(r"\s+(?:a|an|per)\s+(?:year|month|week|day)", after):
        return False  # "moved 20000 records", "living on 35000 a year"
    if m.group(0)[: m.start(1) - m.start()].count(" ") == 1 and re.match(r"\s+[^\W\d_A-ZÀ-ÖØ-Þ]", after):
        return False  # "moved 12000 boxes": no "in"/"to" before it, a plain noun after it
    if re.fullmatch(r"[0-9]{4}", value):
        town = re.match(r"[ ,]+([^\W\d_]+)(,|\s*$)?", after)
        return (
            m.group(0)[: m.start(1) - m.start()].count(" ") > 1  # "in 1010 wien", not "moved 1500 boxes"
            and not re.fullmatch(r"(?:19|20)[0-9]{2}", value)
            and town is not None
            and town.group(1).lower() not in _NOT_TOWNS
            # a town is capitalised, or does not read as a plural count ("in 1200 sites"), or ends the phrase
            and (town.group(1)[0].isupper() or not town.group(1).endswith("s") or town.group(2) is not None)
            and not _UNIT_AFTER.match(after)
            and not _UNIT_WORD.match(after)
        )
    if re.fullmatch(r"[0-9]{4} ?[^\W\d_]{2}", value):  # Dutch: "1012 AB", not "moved in 2019 to"
        letters = value[-2:]
        return letters.upper() not in _NOT_NL and (letters.isupper() or not re.match(r"(?:19|20)", value))
    return True


def _labelled_id(m: re.Match[str]) -> bool:
    value = m.group(1)
    if re.search(r"(?i)\bcpf\W*$", m.group(0)[: m.start(1) - m.start()]) and _digits(value) < 9:
        return False  # a Brazilian CPF has eleven digits; France's "code CPF RS5487" names a course
    if re.fullmatch(r"(?:19|20)[0-9]{2}", value) or _digits(value) < 3:
        return False  # "employee 2023 survey"
    after = m.string[m.end() : m.end() + 20]
    return not _UNIT_AFTER.match(after)  # "staff 200 people"


def _not_public(m: re.Match[str]) -> bool:
    return not _PUBLIC_HOSTS.match(m.group(0))


def _site(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 40) : m.start()]
    return bool(re.search(_SITE_CONTEXT + r"$", before)) and _not_public(m)


_DOB_WORDS = (
    "b.",
    "bday",
    "b-day",
    "ddn",
    "d.d.n",
    "dt",
    "datum",
    "anni",
    "anos",
    "classe",
    "nac",
    "dn",
    "d.n",
    "d/n",
    "fecha",
    "nacimiento",
    "nascimento",
    "aniv",
    "cumple",
    "compleanno",
    "anniversaire",
    "birth",
    "dob",
    "d.o.b",
    "born",
    "nací",
    "naci",
    "nacid",
    "nac.",
    "née",
    "né ",
    "ne le",
    "naissance",
    "geb",
    "nato",
    "nata",
    "nasc",
    "jahrgang",
    "soy d",
    "sono d",
    "sou d",
)
_ID_WORDS = (
    "legajo",
    "mecanogr",
    "curp",
    "nric",
    "fin",
    "green card",
    "ref",
    "cf",
    "n.º",
    "colaborador",
    "funcion",
    "empreg",
    "trabajador",
    "salari",
    "agent",
    "n°",
    "nº",
    "nr",
    "works",
    "clock",
    "service",
    "personal",
    "pers.",
    "dienst",
    "identifiant",
    "dipendente",
    "rg ",
    "cc ",
    "bsn",
    "employee",
    "staff",
    "badge",
    " id",
    "id:",
    "no.",
    "number",
    "num",
    "#",
    "code",
    "pass",
    "ssn",
    "social security",
    "insurance",
    "ni ",
    "nino",
    "dni",
    "nie",
    "nif",
    "nir",
    "cpf",
    "tin",
    "tax",
    "steuer",
    "personalnummer",
    "mitarbeiter",
    "matr",
    "insee",
    "emp",
    "pasa",
    "passe",
    "passa",
    "codice",
    "matricol",
    "matricule",
    "numéro",
    "numero",
    "número",
    "id",
    "identit",
    "ausweis",
    "cni",
    "cart",
    "rg",
    "pps",
    "pan",
    "aadha",
    "licen",
    "führer",
    "fuhrer",
    "permis",
    "conducir",
    "patente",
    "sort",
    "account",
    "conta",
)
_SITE_WORDS = (
    "site",
    "portfolio",
    "blog",
    "page",
    "cv",
    "resume",
    "résumé",
    "web",
    "sitio",
    "página",
    "pagina",
    "sito",
    "profil",
    "perfil",
)
_ROMANCE_STREETS = (
    "r. ",
    "chauss",
    "glorieta",
    "passeig",
    "avinguda",
    "rambla",
    "calçada",
    "calcada",
    "beco",
    "ladeira",
    "calzada",
    "callej",
    "praceta",
    "rotunda",
    "vereda",
    "carretera",
    "pasaje",
    "travesía",
    "travesia",
    "ronda",
    "cuesta",
    "subida",
    "bajada",
    "senda",
    "camino",
    "vico",
    "rúa",
    "lungo",
    "salita",
    "calata",
    "riva ",
    "calle",
    "c/",
    "avenida",
    "avda",
    "av.",
    "paseo",
    "plaza",
    "carrer",
    "rue",
    "via",
    "piazza",
    "corso",
    "largo",
    "rua",
    "travessa",
    "praça",
    "estrada",
    "alameda",
    "avenue",
    "boulevard",
    "bd",
    "place",
    "chemin",
    "allée",
    "impasse",
    "quai",
    "cours",
    "résidence",
    "residence",
    "cité",
    "lotissement",
    "hameau",
    "clos",
    "domaine",
    "square",
    "sentier",
    "montée",
    "traverse",
    "voie",
)
_ACCOUNT_WORDS: tuple[str, ...] = (
    "account",
    "acct",
    "a/c",
    "conta",
    "agência",
    "agencia",
    "cuenta",
    "compte",
    "konto",
    "kto",
)
_ACCOUNT_WORDS += ("conto", "clabe", "cbu")
_DE_STREET_WORDS: tuple[str, ...] = (
    "stra",
    "str.",
    "gasse",
    "allee",
    "damm",
    "chaussee",
    "ufer",
    "steig",
    "weg",
    "platz",
    "ring",
)
_MORE_ROMANCE_STREETS: tuple[str, ...] = (
    "avda",
    "rte",
    "ch.",
    "pza",
    "camino",
    "pasaje",
    "pje",
    "ronda",
    "traves",
    "carretera",
    "viale",
)
_MORE_ROMANCE_STREETS += (
    "vicolo",
    "p.zza",
    "p.za",
    "strada",
    "contrada",
    "borgo",
    "route",
    "ruelle",
    "passage",
)
_MORE_ROMANCE_STREETS += ("av ",)
_HOUSE_WORDS: tuple[str, ...] = (
    "farm",
    "cottage",
    "house",
    "lodge",
    "manor",
    "barn",
    "mill",
    "hall",
    "grange",
    "croft",
    "villa",
)
_HOUSE_WORDS += ("court", "bungalow")
_UNIT_WORDS: tuple[str, ...] = (
    "pitch",
    "plot",
    "berth",
    "mooring",
    "unit",
    "flat",
    "apt",
    "lot",
    "chalet",
    "cabin",
)
_POSTCODE_WORDS = ("post", "zip", "plz", "code", "códi", "codi", "cap", "cp", "c.p.", "cep", "pin")

# The words of _ADDRESS_CUE, to gate the rules that start at one.
_CUE_WORDS: tuple[str, ...] = (
    "addr",
    "adres",
    "direcc",
    "domicil",
    "indirizzo",
    "anschrift",
    "morada",
    "endere",
    "live",
)
_CUE_WORDS += ("living", "i'm at", "im at", "wohn", "vivo", "habite", "abito", "moro", "demeurant", "domicil")

# Applied in order: each sees the text the previous ones left. (pattern, placeholder, accept, words):
# a rule runs only when one of its words occurs in the lower-cased text (None: always), so a long
# text pays only for the rules it could need.
RULES: list[Rule] = [
    # before the spelled emails, which would read "me at github dot com" in "me at github dot com slash ana"
    (_SPELLED_LINK, "profile", _spelled_link, ("slash", "barra", "barre", "schrägstrich")),
    *EMAIL_RULES,
    (_PROFILE, "profile", None, (".com/", ".net/", ".app/", ".social/", "github.io", "lnkd.in")),
    (
        _PROFILE_PATH,
        "profile",
        _not_public,
        ("/profil", "/in/", "/u/", "/@", "/user", "/people", "/member", "/freelancer", "/perfil", "/pub/")
        + ("/portfolio/",),
    ),
    (_URL, "url", _not_public, ("http", "www.")),
    (_BARE_SITE, "url", _site, _SITE_WORDS),
    (_IBAN, "number", lambda m: _digits(m.group(0)) >= 10, None),
    (_INTL_PHONE, "phone", _phone_digits, ("+",)),
    (_SPACED_DIGITS, "phone", _spaced_phone, None),
    (_SPACED_DIGITS, "number", _not_counting, None),
    (_SPELLED_PHONE, "phone", _spelled_phone, None),
    (_BRANCH_ACCOUNT, "number", None, ("ag",)),
    (_ACCOUNT, "number", _account, _ACCOUNT_WORDS),
    (_CODICE_FISCALE, "number", lambda m: _digits(m.group(0)) >= 5, None),
    (_DOB, "date of birth", None, _DOB_WORDS),
    (_DOB_NEAR, "date of birth", _dob_near, _DOB_WORDS),
    (_DOB_AFTER, "date of birth", None, ("geboren",)),
    (_ID_WITH_LETTERS, "number", None, None),
    (_LABELLED_ID, "number", _labelled_id, _ID_WORDS),
    (_ID_AT_WORK, "number", _labelled_id, _ID_WORDS),
    (_LOGIN, "number", _login, ("log", "user", "network id", "identifiant", "kennung")),
    (_NINO_ANY, "number", None, None),
    (_SHARE_CODE, "number", lambda m: _digits(m.group(1)) >= 2, ("share code",)),
    (_MASKED_ID, "number", _masked_id, ("*", "•", "xxx")),
    (
        _ID_NEAR,
        "number",
        _id_near,
        _ID_WORDS
        + ("rfc", "brp", "ead", "permi", "soggiorno", "aufenthalt", "visa", "visto", "tunnus")
        + ("cédula", "cedula", "ctps", "card", "carte", "carta", "tarjeta", "bilhete", "ausweis", "pin"),
    ),
    (
        _PO_BOX,
        "address",
        None,
        ("box", "apartado", "postfach", "casella", "postale", "caixa", "bp", "cp", "pf", "bag", "casilla")
        + ("postbus", "postboks", "pmb", "rural", "rr"),
    ),
    (_ADDRESS, "address", None, None),
    (
        _ADDRESS_DE,
        "address",
        None,
        ("stra", "str.", "weg", "gasse", "allee", "platz", "damm", "ring", "ufer", "straat", "gracht")
        + ("chaussee",)
        + ("laan", "plein", "kade", "singel", "dijk", "steeg"),
    ),
    (_ADDRESS_DE_ANY, "address", _address_de_any, _DE_STREET_WORDS),
    (_ADDRESS_ROMANCE, "address", _romance, _ROMANCE_STREETS),
    (_ADDRESS_ROMANCE_ANY, "address", _romance_any, _ROMANCE_STREETS + _MORE_ROMANCE_STREETS),
    (_STREET_NUMBER_WORDS, "address", None, ("number", "numero", "número", "nummer", "nº", "n°")),
    *STREET_RULES,
    (_LABELLED_POSTCODE, "postcode", None, _POSTCODE_WORDS),
    (_DIGITAL_ADDRESS, "postcode", None, ("digital", "gps", "ghana", "house no")),
    (_LABELLED_POSTCODE_LC, "postcode", _labelled_postcode_lc, ("cp", "cap", "c.p.")),
    (_POSTCODE, "postcode", None, None),
    (_POSTCODE_UK_LOWER, "postcode", None, None),
    (_POSTCODE_TOWN, "postcode", _postcode_town, None),
    (_POSTCODE_NL, "postcode", _postcode_nl, None),
    (_ADDRESS_LOWER, "address", _address_lower, None),
    (_HOUSE_NAME, "address", None, _HOUSE_WORDS),
    (_CUED_STREET, "address", _cued_street, _CUE_WORDS),
    (_CUED_NUMBER_FIRST, "address", _cued_number_first, _CUE_WORDS),
    (_CUED_HOUSE, "address", None, _CUE_WORDS),
    (_AFTER_ADDRESS, "postcode", _after_address, None),  # sees the [address] the rules above left
    *POSTCODE_RULES,
    (_BEFORE_POSTCODE, "address", _before_postcode, None),  # the gate words are read before any rule ran
    (_BEFORE_POSTCODE_LC, "address", _address_near, None),
    (_LINE_END_CODE, "postcode", _line_end_code, None),
    (_PART_BEFORE_CODE, "address", _part_before_code, None),
    (_POST_OFFICE, "address", _address_near, ("p.o.", "p. o.")),
    (_CPA_BRACKETED, "postcode", _address_near, None),
    (_OUTWARD, "postcode", None, None),  # the gate words are read before any rule ran: no "[address]"
    (_UNIT_BEFORE, "address", None, _UNIT_WORDS),
    (
        _UNIT,
        "address",
        _near_address,
        ("flat", "apt", "apartment", "unit", "suite", "piso", "appartement", "wohnung"),
    ),
    (_TOWN_CODE, "postcode", _town_code, None),
    (
        _RESIDENCE_POSTCODE,
        "postcode",
        _residence_postcode,
        ("live", "living", "based", "located", "resid", "moved", "relocat", "vivo", "vivimos", "resido")
        + ("wohn", "habit", "abito", "moro"),
    ),
    (_HANDLE, "profile", _handle, ("@",)),
    # last: postcodes and house numbers are found by the rules above first
    *STAFF_ID_RULES,
]


def redact_structured(text: str, counts: Counter) -> str:
    """``text`` with every rule in RULES applied. The rules match a decoded shadow of the text when it
    has entities, escapes, emoji or OCR misreadings (see shadow.py), and replace the original's span."""
    copy = Shadow(text)
    rules = _gated(copy.shadow.lower())  # the gate words are read before any rule ran
    if copy.shadow == text:  # nothing decoded: replace in the text itself, the faster way
        for pattern, kind, accept, _ in rules:
            text = apply(pattern, kind, text, counts, accept)
        return text
    for pattern, kind, accept, _ in rules:
        spans = _spans(pattern, copy.shadow, accept)
        if spans:
            copy.replace(spans, f"[{kind}]")
            counts[kind] += len(spans)
    return copy.text


def _gated(lower: str) -> list[Rule]:
    """The rules of RULES that may match: those with no gate words or one of them in ``lower``."""
    return [rule for rule in RULES if rule[3] is None or any(w in lower for w in rule[3])]


def _spans(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool] | None
) -> list[tuple[int, int]]:
    """The spans of the accepted matches (or of their first group), in order and not overlapping."""
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        if accept is not None and not accept(m):
            continue
        start, end = m.span(1) if pattern.groups else m.span()
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end))
    return spans


def apply(pattern: re.Pattern[str], kind: str, text: str, counts: Counter, accept=None) -> str:
    """Replace each accepted match (or its first group, when the pattern has one) by ``[kind]``."""
    spans = _spans(pattern, text, accept)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in spans:
        out += [text[last:start], f"[{kind}]"]
        last = end
    counts[kind] += len(spans)
    return "".join(out) + text[last:]


# --- phone numbers and other long numbers ---------------------------------------------------------
# Runs of digit groups joined by one separator ("+44 20 7946 0958", "(555) 123-4567",
# "4111-1111-1111-1111"); each run is then judged as a whole by _classify_number.
_NUMBER_RUN = re.compile(
    r"(?<![\w@+/.,-])(?:\+\s?)?(?:\([0-9]{1,4}\)\s?)?[0-9]+(?:(?:[ .\-/]|\)\s?|\s?\()[0-9]+\)?)*(?![\w/%@])"
)
_SSN = re.compile(r"^[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}$")
_DATE = re.compile(r"^(?:[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2})$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:([ .])[0-9]{3})(?:\1[0-9]{3})*$")
_PHONE_CONTEXT = re.compile(
    r"(?<!\[)\b(?:phone|tel|telephone|call|cell|mobile|whatsapp|signal|sms|text\s+me|reach\s+me|number|fax"
    r"|m[oó]vil|tel[eé]fono|handy|portable|cellulare|telemóvel|telefone|t[ée]l[ée]phone)(?!\w)\W{0,3}"
    r"(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf)\s?)$", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s?(?:%|[$€£¥]|k\b|(?:usd|eur|gbp|euros?|dollars?|pounds?|people|employees|staff|hours?|hrs?|days?"
    r"|weeks?|months?|years?|units?|items?|pages?|words?|records?|invoices?|km|kg|miles?)\b)",
    re.IGNORECASE,
)


# A law's or a regulation's number and year: "Lei 13.467/2017", "D.Lgs. 81/2008", "Directive 2019/1152".
_CITATION = re.compile(r"^[0-9]{1,4}(?:\.[0-9]{3})?/(?:19|20)[0-9]{2}$|^(?:19|20)[0-9]{2}/[0-9]{1,4}$")
_LAW_BEFORE = re.compile(
    r"(?i)\b(?:lei|ley|loi|law|act|legge|gesetz|decreto|decree|d[ée]cret|d\.?\s?lgs|dl|dpr|regulation|directive"
    r"|directiva|diretiva|direttiva|richtlinie|verordnung|regolamento|reglamento|regulamento|règlement|norma"
    r"|circular|circolare|portaria|art\.?|n[º°.]|no\.)\.?[ \t]*(?:\((?:eu|ue|ce|ec)\)[ \t]*)?"
    r"(?:n[º°.]?[ \t]*)?$"
)
# A public service's own line: "the ACAS helpline is 0300 123 1100", "numéro vert 0800 ...". Only
# numbers that cannot be a person's (non-geographic and toll-free ranges) are left.
_HELPLINE_BEFORE = re.compile(
    r"(?i)\b(?:help\s?line|hotline|advice\s+line|free\s?phone|toll[\s-]?free|support\s+line|service\s+line"
    r"|customer\s+service|numéro\s+vert|num[ée]ro\s+gratuit|l[íi]nea\s+(?:gratuita|de\s+atenci[óo]n)"
    r"|numero\s+verde|linha\s+(?:gratuita|de\s+apoio)|servicetelefon|beratungstelefon|infoline)\b[^\n.!?]{0,25}$"
)
# A business document's own number names no person: a purchase order, an invoice, an order or a ticket.
_DOCUMENT_BEFORE = re.compile(
    r"(?i)(?:\b(?-i:PO)|\bp\.o\.|purchase\s+order|\binvoice|\border|\bticket|\btracking|\bshipment|\bconsignment"
    r"|\bsku|\bpart|\bbatch|\brequisition|\breq|\bfactura|\bpedido|\bcommande|\bfacture|\brechnung|\bbestellung"
    r"|\bauftrag|\bordine|\bfattura)"
    r"(?:[ \t]*(?:number|no\.?|nr\.?|n[º°]|num\.?|#|nummer|n[úu]mero|num[ée]ro))?"
    r"[ \t]*(?:is|was|:|#|-)?[ \t]*$"
)
_DOCUMENT_WORDS: tuple[str, ...] = ("po", "p.o", "order", "invoice", "ticket", "track", "ship", "consign")
_DOCUMENT_WORDS += ("sku", "part", "batch", "req", "factura", "pedido", "commande", "facture", "rechnung")
_DOCUMENT_WORDS += ("bestellung", "auftrag", "ordine", "fattura")
_SERVICE_NUMBER = re.compile(
    r"^(?:0(?:3[0-9]{2}|80[0-9]|84[2-5]|87[0-3]|180)|1?8(?:00|88|77|66|55|44|33)|1300|90[0-2])"
)


def _classify_number(run: str, before: str, after: str) -> str | None:
    """Judge one run of digits in its context: "phone", "number", or None to leave it as it is."""
    kind = _classify(run, before, after)
    tail = before[-32:]
    if kind and any(w in tail.lower() for w in _DOCUMENT_WORDS) and _DOCUMENT_BEFORE.search(tail):
        return None  # "purchase order PO 4500012345", "invoice no. 20240117": a business document's number
    return kind


def _classify(run: str, before: str, after: str) -> str | None:
    digits = re.sub(r"\D", "", run)
    n = len(digits)
    if n < 7 or _DATE.match(run) or _MONEY_BEFORE.search(before) or _UNIT_AFTER.match(after):
        return None
    groups = re.findall(r"[0-9]+", run)
    if all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups):
        return None  # years: "2019-2023", "2019 2020 2021"
    if _CITATION.match(run) and _LAW_BEFORE.search(before):
        return None
    if _HELPLINE_BEFORE.search(before) and _SERVICE_NUMBER.match(digits) and not run.startswith("+"):
        return None
    phone_context = bool(_PHONE_CONTEXT.search(before))
    if _SSN.match(run):
        return "number"
    if run.startswith("+") or digits.startswith("00") and n >= 10:
        return "phone" if n <= 15 else "number"
    if n >= 13:
        return "number"  # card or account numbers
    if phone_context:
        return "phone"
    if _THOUSANDS.match(run) or len(groups) == 1 and not digits.startswith("0"):
        # "1 250 000" or a bare 9-12 digit id; a leading 0 or a phone word makes it a phone number.
        return "number" if n >= 9 else None
    return "phone" if n >= 9 or "(" in run else None


def _own_brackets(run: str) -> str:
    """The run up to a bracket it did not open, and without a year in brackets after it:
    "(SOC 27-3041) 0.37" and "Opinion 512 (2024)" are a code and a citation, not one phone number."""
    close, open_ = run.find(")"), run.find("(")
    if close >= 0 and (open_ < 0 or open_ > close):
        run = run[:close]
    tail = re.search(r"\s?\((?:19|20)[0-9]{2}\)$", run)
    return run[: tail.start()] if tail and tail.start() > 0 else run


def replace_numbers(text: str, counts: Counter) -> str:
    out, last = [], 0
    for m in _NUMBER_RUN.finditer(text):
        run = _own_brackets(m.group(0)).rstrip(" .-")
        if len(run) > 40:  # a paste of digits, not a phone number: judged by its length alone
            kind: str | None = "number"
        else:  # context from fixed windows: searching the whole prefix made long texts quadratic
            before = text[max(0, m.start() - 40) : m.start()]
            kind = _classify_number(run, before, text[m.start() + len(run) : m.start() + len(run) + 20])
        if kind:
            out += [text[last : m.start()], f"[{kind}]"]
            last = m.start() + len(run)
            counts[kind] += 1
    return "".join(out) + text[last:]
