"""Email addresses in every form a person types them: plain, in capitals, with a display name,
spelled out in six languages ("ana dot perez at gmail dot com", "arroba", "chiocciola", "ät"), with
brackets, quotes, stars or dashes round "at" and "dot", letter by letter, with typos ("@@", no dot,
no domain), split over lines, a provider after a bare name ("anaperez at gmail"), the local part
after a label ("my gmail: j.ortiz88"). Team mailboxes without a domain and address patterns
("firstname.lastname@") are left alone. Every pattern has bounded repetition."""

from __future__ import annotations

import re

from coach.pipeline.redact.name_lists import GIVEN, SURNAMES, fold
from coach.pipeline.redact.rule import Rule

_EMAIL = re.compile(
    # "＠" and "．" are the full-width signs of a phone keyboard; "@@" is a typo that still delivers
    r"(?<![\w.．%+-])(?:[\w.．%+-]{1,64}|\"[^\"\n]{1,64}\")[@＠]{1,2}[\w-]{1,63}(?:[.．]{1,2}[\w-]{1,63}){0,8}"
    r"[.．]{1,2}[^\W\d_]{2,24}"
)
# Spelled out: "ana dot perez at gmail dot com", "ana [at] gmail [dot] com", "ana(at)gmail.com".
# German "punkt", "ät"; French "arobase"; Italian "chiocciola"; "＠" is the full-width at sign.
_DOT_WORD = r"(?:dot|d0t|period|punto|point|ponto|punkt)"
_DOT = (
    rf"(?:\s*[\[({{<]\s*{_DOT_WORD}\s*[\])}}>]\s*|\s+{_DOT_WORD}\s+|\s*-\s*{_DOT_WORD}\s*-\s*"
    rf"|\s*[*_'\"‘’“”]\s*{_DOT_WORD}\s*[*_'\"‘’“”]\s*"
    r"|\s?[.．]\s?|\s+then\s+[.．]\s?)"
)
# "ana then the at sign then gmail": the sign named in words
_AT_SIGN = r"\s+(?:then\s+)?(?:the\s+|an?\s+)?(?:at[\s-]sign|at[\s-]symbol|@[\s-]sign)(?:\s+then)?\s+"
_AT = (
    r"(?:\s*[\[({<]\s*(?:at|a|ät|@|＠|arroba|arrobas?e?|arobas?e?|arobaz|chiocciol(?:in)?a|chez|klammeraffe)\s*[\])}>]\s*"
    # "anaperez 'at' gmail", "anaperez*at*gmail", "anaperez_at_gmail"
    r"|\s*[*_'\"‘’“”]\s*(?:at|ät|arroba|arobase|chiocciola)\s*[*_'\"‘’“”]\s*"
    r"|\s+(?:at|ät|arroba|arrobas?e?|arobas?e?|arobaz|a\s+commercial|chiocciol(?:in)?a|chez|klammeraffe)\s+"
    r"|\s*[@＠]\s*|"
    + _AT_SIGN
    # "ana.perez-at-gmail-dot-com", "ana -at- gmail"
    + r"|\s*-\s*(?:at|ät|arroba|arobase)\s*-\s*)"
)
# Country domains that are not also short words ("in", "no", "my", "is" stay out: "at acme. in 2019").
_TLD = (
    r"(?:com|org|net|edu|gov|io|co|me|info|dev|eu|uk|us|de|fr|es|it|pt|nl|be|ch|at|ie|ca|mx|br|ar|jp|cl|pe|uy"
    r"|ve|ec|bo|py|au|nz|za|ng|ke|gh|se|dk|fi|pl|cz|sk|hu|ro|bg|gr|tr|ru|ua|cn|kr|tw|hk|sg|ph|vn|th|ae|il|lu|fm|tv|ai|cc|biz|ly|ws"
    r"|design|studio|photography|photo|blog|online)\b"
)
_EMAIL_SPELLED = re.compile(
    rf"(?i)(?<![\w.])[\w+-]{{1,40}}(?:{_DOT}[\w+-]{{1,40}}){{0,3}}{_AT}[\w-]{{1,40}}(?:{_DOT}[\w-]{{1,40}}){{0,3}}"
    # after a dot in brackets any country's domain is one, even a word: "rgupta(at)iitalumni(dot)in"
    rf"(?:{_DOT}{_TLD}|\s*[\[({{<]\s*{_DOT_WORD}\s*[\])}}>]\s*[a-z]{{2,6}}\b)"
)


# Typed letter by letter: "r o b b i e 7 7 @ o u t l o o k . c o m". Single characters joined by
# single spaces cannot backtrack far, and each part is bounded.
_EMAIL_LETTERS = re.compile(
    r"(?<!\S)(?:[\w.+-]{2,64}|[\w+-](?: [\w.+-]){0,63}) [@＠] \w(?: \w| \.| -(?= \w)){2,127}(?!\S)"
)
# The provider alone after "at" (or "on", "em", "bei"...), when the local part cannot be prose: quoted,
# with "_", "." or a digit, or a name run together: "'bigmike_hvac' at gmail", "j.ortiz88 at hotmail",
# "anaperez on gmail".
_AT_HOST_HOSTS = (
    r"(?:g\s?mail|googlemail|hot\s?mail|outlook|yahoo|icloud|protonmail|proton|gmx|aol|yandex|libero)"
)
# "at", a word for it ("on", "em", "bei", "à"...), or the provider in brackets: "anaperez (gmail)"
_AT_HOST_SEP = (
    r"(?:,?\s+(?:at|ät|on|en|em|bei|auf|su|sur|no|na|a|à|de|do|di|da|del|von)\s+(?:the\s+|o\s+|a\s+|la\s+)?"
    r"|\s*\(\s*)"
)
_EMAIL_AT_HOST = re.compile(
    r"(?i)(?<![\w.])(?:['\"‘“][\w.+-]{1,40}['\"’”]|[\w+-]{0,40}[._0-9-][\w.+-]{0,40}"
    # "m dot okafor 92 at gmail": a dot said as a word, and a number typed apart
    rf"|[\w+-]{{1,40}}(?:\s+{_DOT_WORD}\s+[\w+-]{{1,40}}){{1,3}}(?:\s+[0-9]{{1,4}})?|[^\W\d_]{{3,40}}),?"
    rf"{_AT_HOST_SEP}{_AT_HOST_HOSTS}(?:dot(?:com|net|es|fr|de|it|pt))?(?:{_DOT}{_TLD}){{0,2}}\)?(?![\w@]|\.\w)"
)


def _name_handle(local: str) -> bool:
    """A name run together, as mail local parts are: "anaperez", "jsmith", "mariag"."""
    key = fold(local)
    if key in GIVEN or key in SURNAMES:
        return True
    for cut in range(1, len(key) - 1):
        head, tail = key[:cut], key[cut:]
        if head in GIVEN and (tail in SURNAMES or tail in GIVEN or len(tail) == 1):
            return True
        if len(head) == 1 and len(tail) >= 4 and tail in SURNAMES:
            return True  # "jsmith"; "sono" is not "s" + "ono"
    return False


def _letters(m: re.Match[str]) -> bool:
    # "3 @ 5 . 2" is arithmetic: the joined-up domain must end in a name of letters
    joined = m.group(0).replace(" ", "").replace("＠", "@")
    return bool(re.fullmatch(r"[\w.+-]*[^\W\d_][\w.+-]*@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,24}", joined))


# "my email address is jdoherty at gmail", "correo: tere88 en hotmail": the address follows its label
_MAIL_CUE_BEFORE = re.compile(
    r"(?i)(?:e-?mail|\bmail|correo|courriel|endere[çc]o\s+de\s+e-?mail|indirizzo\s+e-?mail)"
    r"(?:\s+(?:address|id|account|personal|pessoal|privada?|perso))?"
    r"\s*(?::|=|is|es|est|ist|é|è|c['’]est)?\s*(?:(?:is|es|est|ist|é|è|c['’]est)\s*)?$"
)


_AT_HOST_SPLIT = re.compile(rf"(?i){_AT_HOST_SEP}")


def _at_host(m: re.Match[str]) -> bool:
    # "in 2019 at yahoo", "i.e. at yahoo" are prose: a local part has a letter and ends in one or a digit
    before = _AT_HOST_SPLIT.split(m.group(0), maxsplit=1)[0]
    local = before.strip("'\"‘’“”")
    if not (re.search(r"[^\W\d_]", local) and local[-1].isalnum()):
        return False
    if before[0] in "'\"‘“" or re.search(rf"[._0-9+]|\s{_DOT_WORD}\s", local):
        return True
    # a plain word before the provider: only a name run together ("worked at yahoo" is a job), and
    # "Paul at Yahoo" is a person at a firm: a handle is typed in lower case or before a mail-only host
    host = m.group(0)[len(before) :].split()[-1].lower()
    mail_only = re.match(r"g\s?mail|googlemail|hot\s?mail|icloud|proton|gmx", host) or host == "mail"
    if "-" in local and mail_only:
        return True  # "a-n-a-p-e-r-e-z at gmail"; "part-time at yahoo" is a job
    if _MAIL_CUE_BEFORE.search(m.string, max(0, m.start() - 40), m.start()):
        return True  # "my email address is jdoherty at gmail"
    return _name_handle(local) and (local.islower() or bool(mail_only))


# The provider alone, with no top-level domain: "dawit (at) gmail", "ana arroba hotmail".
_EMAIL_HOST_ONLY = re.compile(
    r"(?i)(?<![\w.])[\w.+-]{1,40}(?:\s*[\[({<]\s*(?:at|a|ät|@|arroba|arobase|chiocciola|klammeraffe)\s*[\])}>]\s*"
    r"|\s+(?:arroba|arobase|chiocciola|klammeraffe)\s+|\s*@\s*|"
    + _AT_SIGN
    + r"|\s*[*_'\"‘’“”]\s*(?:at|ät|arroba|arobase|chiocciola)\s*[*_'\"‘’“”]\s*)"
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|ymail|icloud|protonmail|proton|gmx|aol|yandex|libero|fastmail)"
    r"(?![\w@]|\.\w)"
)
# The local part alone after a provider's or a mail word and a colon or "is": "my gmail: j.ortiz88",
# "hotmail is bigmike_hvac". A "." "_" or digit inside it says it is no ordinary word.
_EMAIL_LABELLED = re.compile(
    r"(?i)(?<![\w.@])(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|proton(?:mail)?|gmx|aol|yandex|libero"
    r"|e-?mail|mail|correo|courriel)(?:\s+(?:address|id|account|username|name))?"
    # "email (personal): ana_perez_1990"
    r"(?:[ \t]*\([^()\n]{1,25}\))?"
    r"[ \t]*(?::|=|→|->|[ \t](?:is|es|est|ist|é|è))[ \t]*"
    r"([^\W_][\w.+-]{0,40}[._0-9][\w.+-]{0,40}(?<=[^\W_])|[^\W\d_]{3,40})(?![\w@＠]|[.][\w])"
)


def _email_labelled(m: re.Match[str]) -> bool:
    value = m.group(1)
    if not re.search(r"[._0-9+-]", value):
        return value.islower() and _name_handle(value)  # "mi correo: anaperez"; "email: Thursday" is not one
    # "mail: 2019.04" is a date, "email is v2.1" a version: a local part has two letters in a row
    if re.fullmatch(r"(?i)v?[0-9][0-9.]*|[0-9]{1,2}[.:][0-9]{2}(?:am|pm|h|uhr)?", value):
        return False  # "email is v2.1", "mail: 10.30am"
    return bool(re.search(r"[^\W\d_]{2}", value))


# A provider's domain typed without its dot or ending: "jrodriguez@gmailcom", "ana@hotmail".
_EMAIL_NO_TLD = re.compile(
    r"(?i)(?<![\w.%+-])[^\W_][\w.%+-]{0,63}@(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|gmx|proton(?:mail)?|aol"
    r"|live)(?:com|es|fr|de|it|pt)?(?![\w@]|\.\w)"
)
# A space in place of the at sign before a provider's domain: "ana.perez gmail.com".
_EMAIL_SPACE = re.compile(
    r"(?i)(?<![\w.])[^\W_][\w+-]{0,40}[._0-9][\w.+-]{0,40}(?<=[^\W_])[ \t]+"
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|protonmail|gmx)[.．](?:co[.．]uk|com[.．]br|com|[a-z]{2})(?![\w@])"
)

# An address broken over lines: a piece before the [email] of the rest ("pablo.ibarra.\n[email]"), or
# before another piece or the bare domain ("ana.\nramos.\n@gmail.com").
_EMAIL_LINE_BREAK = re.compile(
    # a piece alone on its line: "I finished the report.\n@gmail.com is blocked" is a sentence
    r"(?:^|(?<=\n))[ \t]*(?=[\w.+-]{0,62}[^\W\d_]{2})[^\W_][\w.+-]{0,63}[._-]"
    r"(?=[ \t]*\n[ \t]*(?:\[email\]|\[name\][._-]?\n|@[\w-]+\.[^\W\d_]))"
)

# The local part said again in brackets after the address: "[email] (tere punto gzz)".
_EMAIL_AGAIN = re.compile(r"(?<=\[email\])[ \t]*\(([^()\n\[\]]{2,40})\)")

# Another sign in place of the at sign, before a provider: "ana.perez#gmail.com" ("replace # with @").
_EMAIL_SYMBOL = re.compile(
    r"(?i)(?<![\w.])[^\W_][\w.+-]{1,40}(?:[ \t]?[#*$&~^|%][ \t]?|(?-i:AT)|[ \t]at)"
    r"(?:gmail|googlemail|hotmail|outlook|live|yahoo|ymail|icloud|proton(?:mail)?|gmx|aol|yandex|libero|web"
    r"|orange|free|wanadoo|laposte|uol|bol|terra|fastmail|zoho|mail)[.．][a-z]{2,6}(?:[.．][a-z]{2})?(?!\w)"
)
# An address without its domain: "aoife.donnelly@ then hse.ie", "lpeterson@ on the old domain"; or
# with a host and no top-level domain, as a reversed or internal address: "moc.liamtoh@zeugirdor_a".
_EMAIL_PARTIAL = re.compile(
    r"(?<![\w.@%+-])[^\W_][\w.+-]{0,63}@(?=[ \t]*(?:$|[\s,;:)\]]))"
    r"|(?<![\w.@%+-])(?=[\w+-]{0,63}[._0-9])[^\W_][\w.+-]{0,63}@[^\W\d_][\w-]{1,63}(?:\.[\w-]{1,63}){0,4}(?![\w@-]|\.\w)"
)
# A pattern for an address rather than an address: "firstname.lastname@", "vorname.nachname@".
_TEMPLATE_LOCAL = re.compile(
    r"(?i)(?:(?:first|last|given|family|sur|pre|vor|nach|user|your|my)?[ _-]?(?:name|initials?)|pr[ée]nom|nom"
    r"|nombre|apellidos?|nome|cognome|vorname|nachname|initial|x+|f|l|j|you|yourname|example)"
    r"(?:[._-](?:(?:first|last|given|family|sur|pre|vor|nach|user)?[ _-]?(?:name|initials?)|pr[ée]nom|nom"
    r"|nombre|apellidos?|nome|cognome|vorname|nachname|initial|x+|f|l|j|[0-9]{1,2})){0,2}@.*"
)


# A team's mailbox given without its domain ("support@ is the address customers email") names nobody.
_ROLE_LOCAL = re.compile(
    r"(?i)(?:support|info|help|helpdesk|service|customerservice|careers?|jobs?|hr|recruit(?:ment|ing)"
    r"|recrutement|empleo|vagas|bewerbung|lavora|sales|admin|contact|office|hello|team|billing|accounts"
    r"|enquiries|inquiries|press|noreply|no-reply)@"
)


def _email_partial(m: re.Match[str]) -> bool:
    return not _TEMPLATE_LOCAL.fullmatch(m.group(0)) and not _ROLE_LOCAL.fullmatch(m.group(0))


# An internal address with a bare name for its local part: "anaperez@empresa", "jsmith@corp". "lunch@noon"
# and "SQL@scale" are not names.
_EMAIL_NAME_HOST = re.compile(
    r"(?<![\w.@%+-])[^\W\d_]{2,40}@[^\W\d_][\w-]{1,63}(?:\.[\w-]{1,63}){0,4}(?![\w@-]|\.\w)"
)


# The local part given alone, after words for its first half: "my email starts with jkowal77", "la
# prima parte è marco.conti.84", "die erste Hälfte ist anna.vogel.1988". A mail word must be near.
_EMAIL_FIRST_PART = re.compile(
    r"(?i)(?<!\w)(?:starts?\s+with|begins?\s+with|first\s+(?:part|half|bit)|d[ée]but|commence\s+par"
    r"|(?:prima|primera|primeira)\s+parte|erste\s+(?:h[äa]lfte|teil)|anfang|come[çc]a\s+(?:com|por)"
    r"|empieza\s+(?:con|por)|inizia\s+(?:con|per))(?!\w)"
    r"(?:[ \t]*(?:[:=]|is|es|est|ist|è|é|c['’]est|de\s+mon\s+adresse|of\s+(?:it|my\s+e-?mail)"
    r"|mon|my|mi|il|la|le))"
    r"{0,4}[ \t]*([^\W_](?=[\w.+-]{0,60}[._0-9])[\w.+-]{1,63}(?<=[^\W_]))(?![\w@])"
)
_MAIL_WORD = re.compile(
    r"(?i)e-?mail|\bmail|correo|courriel|adresse|endere[çc]o|indirizzo|@|\[email\]|gmail|hotmail|outlook|yahoo"
)


def _email_first_part(m: re.Match[str]) -> bool:
    # a mail word in the sentences around it: "starts with v2.1" is a version without one
    window = m.string[max(0, m.start() - 80) : m.end() + 80]
    return bool(_MAIL_WORD.search(window)) and bool(re.search(r"[^\W\d_]{2}", m.group(1)))


_MAIL_HOSTS = re.compile(
    r"(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|proton|protonmail|gmx|web|aol|mail|orange|free"
    r"|wanadoo|libero|virgilio|sapo|telefonica|movistar|t-online|yandex|zoho)\b"
)
_MAIL_CONTEXT = re.compile(
    r"(?i)(?:e-?mail|mail|correo|courriel|write|escr[ií]be|contact|reach)\W*(?:\w+\W+){0,3}$"
)


def _spelled(m: re.Match[str]) -> bool:
    # Plain "x at y.com" reads like prose ("work at acme.com"); need a spelled dot, a bracket or "@".
    s = m.group(0).lower()
    if re.search(r"\s(?:at|chez)\s+(?:the|a|an|this|that|my|our|your|some|any|each|every|which|what)\s", s):
        return False  # "work at the point it", "meet at the dot com party": prose, not an address
    if re.search(
        r"\s(?:dot|d0t|period|arroba|arrobas?e?|arobas?e?|arobaz|a\s+commercial|chiocciol(?:in)?a|klammeraffe|ät|punto|point|ponto|punkt)\s|[\[({<]|[@＠]"
        r"|at[\s-]s(?:ign|ymbol)|[-*_'\"‘’“”]\s*(?:at|dot)\s*[-*_'\"‘’“”]",
        s,
    ):
        return True
    local, _, domain, *_ = re.split(
        r"\s+(at|ät|arroba|arobase|chiocciola|klammeraffe|chez)\s+", s, maxsplit=1
    ) + ["", ""]
    if re.search(r"[._+0-9]", local) or _MAIL_HOSTS.match(domain):
        return True  # "ana.perez at acme.com", "anaperez at gmail.com" are addresses
    if _name_handle(re.split(r"[.\s\[({<]", domain, maxsplit=1)[0].replace("-", "")):
        return True  # "hello at anaperez.design", "info at ana-perez.de": a site in one's own name
    return bool(_MAIL_CONTEXT.search(m.string, max(0, m.start() - 30), m.start()))


# The words that gate the spelled-out rules: one must occur in the text for them to run.
_SPELLED_WORDS = (
    "＠",
    "arobas",
    "arrobas",
    "arobaz",
    "a commercial",
    "chiocciol",
    "-at-",
    "- at -",
    "*at*",
    "_at_",
    "'at'",
    '"at"',
    "‘at’",
    "“at”",
    "ät",
    "arobase",
    "chiocciola",
    "punkt",
    "(a)",
    "[a]",
    "dot",
    "@",
    " at ",
    "at]",
    "at)",
    "at}",
    "at>",
    "arroba",
    "punto",
    "point",
    "ponto",
    "chez",
    "klammeraffe",
)

# Applied in this order, right after the spelled-out links (see structured.RULES).
EMAIL_RULES: list[Rule] = [
    (_EMAIL_LETTERS, "email", _letters, (" @ ", " ＠ ")),
    (_EMAIL, "email", None, ("@", "＠")),
    (_EMAIL_SPELLED, "email", _spelled, _SPELLED_WORDS),
    (_EMAIL_HOST_ONLY, "email", None, _SPELLED_WORDS),
    (
        _EMAIL_AT_HOST,
        "email",
        _at_host,
        ("gmail", "g mail", "hotmail", "hot mail", "outlook", "yahoo", "icloud", "proton", "gmx", "aol")
        + ("yandex", "libero"),
    ),
    (
        _EMAIL_LABELLED,
        "email",
        _email_labelled,
        ("mail", "yahoo", "icloud", "proton", "gmx", "aol", "correo", "courriel")
        + ("outlook", "yandex", "libero"),
    ),
    (
        _EMAIL_SYMBOL,
        "email",
        None,
        ("gmail", "hotmail", "outlook", "live", "yahoo", "ymail", "icloud", "proton", "gmx", "aol", "yandex")
        + ("libero", "web", "orange", "free", "wanadoo", "laposte", "uol", "bol", "terra", "fastmail", "zoho")
        + ("mail",),
    ),
    (_EMAIL_PARTIAL, "email", _email_partial, ("@",)),
    (_EMAIL_NO_TLD, "email", None, ("@",)),
    (_EMAIL_NAME_HOST, "email", lambda m: _name_handle(m.group(0).split("@")[0]), ("@",)),
    (_EMAIL_LINE_BREAK, "email", None, None),  # reads the [email] left above
    (
        _EMAIL_SPACE,
        "email",
        lambda m: bool(re.search(r"[^\W\d_]{2}", m.group(0))),
        ("gmail", "hotmail", "outlook", "yahoo", "icloud", "proton", "gmx"),
    ),
    (_EMAIL_AGAIN, "email", lambda m: bool(re.search(rf"\s{_DOT_WORD}\s|[._+0-9]", m.group(1))), None),
    (
        _EMAIL_FIRST_PART,
        "email",
        _email_first_part,
        ("start", "begin", "first", "début", "debut", "commence", "prim", "erste", "anfang", "começa")
        + ("empieza", "inizia"),
    ),
]
