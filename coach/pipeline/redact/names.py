"""Names, found where a text introduces them: "my name is", "I'm", "this is", "my manager", "I report
to", a title (Mr, Dr, Frau, Mme, Sra…), "name:", a signature, in English, Spanish, French, German,
Italian and Portuguese, and names mentioned in passing ("ask Maria", passing.py). A name found once
is then replaced wherever it recurs (full name and surname)."""

from __future__ import annotations

import re
from collections import Counter

from coach.pipeline.redact.name_lists import (
    CAREER_WORDS,
    GIVEN,
    LOWER_WORDS,
    SURNAMES,
    fold,
    shaped_like_name,
)
from coach.pipeline.redact.passing import find_passing

# Triggers after which a name may be typed in lower case ("my name is ana lopez").
_SAID = re.compile(
    r"(?:\bmy\s+(?:full\s+|first\s+|last\s+)?name(?:\s+is|['’]s|\s*:)|\b(?:his|her|their|\w+['’]s)\s+name\s+is|\b(?:full\s+|first\s+|last\s+|given\s+|family\s+"
    r"|sur)?name\s*:|\b(?:i'm|i\s+am|i’m)\s+called|\bme\s+llamo|\bmi\s+nombre\s+(?:completo\s+)?es|\bnombre\s*:"
    r"|\bje\s+m['’]appelle|\bmon\s+nom\s+(?:complet\s+)?est|\bnom\s*:|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist"
    r"|\bmi\s+chiamo|\bil\s+mio\s+nome\s+(?:è|e)|\bnome\s*:|\bmeu\s+nome\s+(?:completo\s+)?(?:é|e)"
    # "Surname is Okonkwo-Adebayo", "mi apellido es Ruiz", "Nachname ist Weber", "il cognome è Russo"
    r"|\b(?:sur|last\s+|family\s+)name\s+is|\bapellidos?\s+(?:es|son)|\bnom\s+de\s+famille\s+(?:est|c['’]est)"
    r"|\bnachname\s+(?:ist|lautet)|\bcognome\s+(?:è|e)|\bsobrenome\s+(?:é|e)"
    r"|\b(?:chamo-me|me\s+chamo))[ \t]*",
    re.IGNORECASE,
)
_NOT_A_PERSON_LABEL = re.compile(
    r"(?i)\b(?:file|user|company|product|project|brand|display|domain|host|field|column|variable|job|role|team"
    r"|package|account|app|model|course|document|sheet|table|tab|folder|business|trade|screen|code|course)\s*$"
)
# Triggers after which only a capitalised name counts.
_INTRO = re.compile(
    r"(?:\b(?:i'm|i’m|i\s+am|this\s+is|eu\s+sou\s+[ao]|sou\s+[ao]|eu\s+sou|sou|soy|je\s+suis|sono)"
    # "im kelly": "I'm" typed without its apostrophe; German "im Büro" has a capital after it
    r"|\bim(?=[ \t]+(?-i:[a-zà-ÿ]))"
    r"|\bcall\s+me|\bdear|\b(?:someone|person|recruiter|manager|colleague|coworker|guy|woman|man|lady|friend|boss"
    r"|mentor|client|girl|boy|one)\s+(?:named|called)|\b(?:ich\s+bin|it['’]s|it\s+is)(?=\s+\w+\s+\w)"
    # "la encargada se llama Dolores", "Llámame Chema", "aqui é a Jaqueline", "una tal Soledad Aranda"
    r"|\bse\s+llama|\bse\s+chama|\bs['’]appelle|\b(?:er|sie|kollege|kollegin|chef|chefin|vorgesetzte[r]?|mitarbeiter(?:in)?|sohn|tochter|mann|frau|vorarbeiter(?:in)?"
    r"|ausbilder(?:in)?)\s+hei(?:ß|ss)t|\b(?:manager|boss|supervisor|colleague|coworker|lead)\s+is\s+called"
    r"|\bchama-se|\bsi\s+chiama|\bll[áa]mame|\bappelez-moi"
    r"|\bappelle-moi|\bnenn(?:en\s+sie)?\s+mich(?:\s+einfach)?|\bchiamami|\b(?:pode\s+)?me\s+cham(?:ar|e|a)\s+de"
    r"|\baqui\s+(?:é|e|fala)(?:\s+[ao])?|\bit['’]s\s+me,|\bun[ao]?\s+tal|\bum[a]?\s+tal|\bune?\s+certaine?"
    r"|\bein(?:e)?\s+gewisse[r]?|\bun[a]?\s+cert[oa]|\ba\s+certain"
    # "Me llaman Chema", "qui parla Rosaria Amato", "hier spricht Jonas"
    r"|\bme\s+llaman|\bme\s+chamam|\bm['’]appellent|\bmi\s+chiamano|\b(?:they|people|everyone)\s+calls?\s+me"
    r"|\bqui\s+parla|\bhier\s+(?:ist|spricht)|\baqu[íi]\s+habla)[ \t]+",
    re.IGNORECASE,
)
_RELATION = re.compile(
    r"(?:\b(?:my|our|his|her|their|the\s+boss['’]s)\s+(?:(?:line|new|old|former|direct|current|previous|senior|HR"
    r"|skip-level|little|older|younger|eldest|youngest)\s+)?(?:manager|boss"
    r"|colleague|co-?worker|supervisor|team\s*lead|lead|mentor|director|partner|client|recruiter|teammate|friend"
    r"|wife|husband|report|head\s+of\s+department|ceo|cto|cfo|vp|daughter|son|mother|mum|mom|father|dad|sister"
    r"|brother|nephew|niece|cousin|aunt|uncle|girlfriend|boyfriend|fianc[ée]e?|neighbou?r|landlord|landlady"
    r"|flatmate|roommate|foreman|trainer|instructor|coordinator|apprentice|trainee|assistant|kid|child)"
    r"|\b(?:mi|su|nuestr[oa])\s+(?:hij[oa]|madre|padre|mam[áa]|pap[áa]|herman[oa]|marido|espos[oa]|mujer|pareja"
    r"|novi[oa]|prim[oa]|t[íi][oa]|sobrin[oa]|vecin[oa]|caser[oa]|encargad[oa]|coordinador[a]?|amig[oa])"
    r"|\b(?:(?:o|a)\s+)?(?:meu|minha|seu|sua)\s+(?:filh[oa]|m[ãa]e|pai|irm[ãa]o?|marido|espos[oa]|mulher"
    r"|namorad[oa]|prim[oa]|ti[oa]|sobrinh[oa]|vizinh[oa]|coordenador[a]?|amig[oa]|supervisora)"
    r"|\b(?:mein|meine|sein|seine)\s+(?:sohn|tochter|mutter|vater|bruder|schwester|mann|freund|freundin"
    r"|partner(?:in)?|nachbar(?:in)?|ausbilder(?:in)?|vermieter(?:in)?)"
    r"|\b(?:mon|ma|son|sa)\s+(?:fils|fille|m[èe]re|p[èe]re|fr[èe]re|s[œo]e?ur|mari|femme|copain|copine"
    r"|conjointe?|voisine?|propri[ée]taire)"
    r"|\b(?:mio|mia|il\s+mio|la\s+mia|suo|sua)\s+(?:figli[oa]|madre|padre|fratello|sorella|marito|moglie"
    r"|compagn[oa]|fidanzat[oa]|vicin[oa]|coordinat(?:ore|rice)|amic[oa])"
    # "la familia Blanco", "famille Martin"
    r"|\b(?:la\s+)?(?:familia|fam[íi]lia|famille|familie|famiglia|family)"
    r"|\b(?:mi|nuestr[oa])\s+(?:jef[ea]|compañer[oa]|gerente|supervisor[a]?|mentor[a]?|responsable|director[a]?)"
    r"|\b(?:mon|ma|notre)\s+(?:manager|chef|cheffe|collègue|responsable|supérieure?|n\+1|directeur|directrice)"
    r"|\b(?:mein|meine|unser|unsere)\s+(?:chef(?:in)?|kollege|kollegin|vorgesetzter?|teamleiter(?:in)?"
    r"|manager(?:in)?|abteilungsleiter(?:in)?)"
    r"|\b(?:il\s+mio|la\s+mia|il\s+nostro|la\s+nostra|mio|mia)\s+(?:capo|collega|responsabile|manager|direttore"
    r"|direttrice)"
    r"|\b(?:o\s+)?(?:meu|minha|nosso|nossa)\s+(?:chefe|colega|gestor[a]?|gerente|supervisor[a]?|diretor[a]?)"
    r"|\b(?:i\s+)?report(?:s|ing)?\s+(?:directly\s+)?to|\breporto\s+(?:a|ao|à)|\bdependo\s+de"
    r"|\bje\s+(?:rends\s+compte|reporte)\s+à|\bich\s+berichte\s+an|\briporto\s+a)(?![\w-])"
    r"(?:,|[ \t]*\(|[ \t]+(?:is|es|est|ist|è|é|called|named|se\s+llama|s'appelle|heißt|si\s+chiama"
    r"|chama-se)(?!\w))?"
    r"[ \t]*(?=\S)",
    re.IGNORECASE,
)
# Titles: the title stays ("Mr. [name]"), the name goes.
_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Sra|Srta|Dra|Don|Doña|Herr|Frau|Mme|Mlle|Sig|Sig\.ra|Dott|Dott\.ssa"
    r"|Ing|Avv|Sir|Dame|Dña|Mons|Dona|Seu|Fr|Hr|[Pp]rof\.ssa|dott\.ssa|sig\.ra)\.?[ \t]+|(?<![\w.])M\.[ \t]+"
    # typed in lower case: "la sra. gonzález", "el señor Cifuentes", "herr schulz", "doña Pilar"
    r"|(?<![\w.])(?:señora?|signora|signor|doña|herr|frau|sra\.|sr\.)[ \t]+"
    r"|(?<![\w.])D\.(?=[ \t]+[A-ZÀ-Þ])[ \t]+"
)
_SIGN_OFF = re.compile(
    r"(?:^|\n|(?<=[.!?])[ \t]|(?<=['\"‘“]))[ \t]*"
    r"(?:signed|regards|best\s+regards|kind\s+regards|warm\s+regards|best|thanks"
    r"|thank\s+you|many\s+thanks|cheers|sincerely|yours(?:\s+truly|\s+sincerely)?|warmly|saludos"
    r"|un\s+saludo|saludos\s+cordiales|atentamente|gracias|cordialement|bien\s+à\s+vous|merci|grüße|gruß"
    r"|viele\s+grüße|beste\s+grüße|mit\s+freundlichen\s+grüßen|lg|danke|cordiali\s+saluti|saluti|grazie"
    r"|cumprimentos|atenciosamente|abraços?|obrigad[oa]|un\s+abbraccio|abbracci|a\s+presto|un\s+saluto"
    r"|besos|un\s+beso|bisous|à\s+bientôt|liebe\s+grüße|herzliche\s+grüße|mfg|bis\s+bald|beijos"
    r"|best\s+wishes|all\s+the\s+best|take\s+care|speak\s+soon|talk\s+soon|--|—)"
    r"[ \t]*(?:[,:]|[ \t][-–](?=[ \t]))?[ \t]*\n?[ \t]*",  # "Thanks - Raj"
    re.IGNORECASE,
)
# Any line that ends with a comma and is followed by a line with only a name: "Un abbraccio,\nLetizia".
_COMMA_LINE = re.compile(r"(?<=,)[ \t]*\n[ \t]*")
# "Candidate: Ana Pérez", "From: John Smith <…>": a label that names a person.
_PERSON_LABEL = re.compile(
    r"(?i)\b(?:candidate|employee|manager|contact|from|author|applicant|interviewer|supervisor|mentor"
    r"|colleague|signed|sender|recipient|attendee|nombre\s+completo|nom\s+complet|vorname|nachname|cognome"
    r"|apellidos?|sobrenome|prénom|nom\s+de\s+famille)[ \t]*:[ \t]*"
    # a mail header's sender and recipients in the other languages: "De: Raúl Castillo", "Von: ..."
    r"|(?im:^[ \t]*(?:de|para|von|an|à|da|a|cc|cco|bcc|to|sent\s+by)[ \t]*:[ \t]*)"
)
# "Ana Pérez here, …" at the start of a message or a line.
_HERE = re.compile(
    r"(?im)^[ \t]*(?:(?:hi|hello|hey|hola|bonjour|hallo|ciao|olá)[ \t]*[,!]?[ \t]*)?"
    r"(?=[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2}[ \t]+here\b)"
)
# "Laut Weber", "Secondo Colombo": after "according to" only a known name counts ("según Google" is a firm).
_ACCORDING = re.compile(
    r"(?i)\b(?:according\s+to|laut|secondo|seg[úu]n|selon|segundo|de\s+acordo\s+com|d['’]apr[èe]s|gr[âa]ce\s+[àa]"
    r"|per)[ \t]+"
    r"(?=(?-i:[A-ZÀ-ÖØ-Þ]))"
)
# A line that is only a name in capitals, as a CV or a letter heads or signs it: "AISHA BELLO",
# "MARIE-THERES VAN DEN BOOM | Kauffrau". One of its words must be a known name.
_CAPS_LINE = re.compile(
    r"(?m)^[ \t]*(?=(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*[ \t]+){1,5}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+[ \t]*(?:$|\|))"
)
# "Hi Santiago, I came across...": a greeting, then a capitalised name and a comma or "!".
_CAPITAL = r"(?-i:[A-ZÀ-ÖØ-Þ])"
_GREETING = re.compile(
    r"(?i)(?:^|(?<=[\n'\"‘“]))[ \t]*(?:hi|hello|hey|hola|bonjour|salut|hallo|ciao|olá|oi|buongiorno"
    r"|buenos\s+d[íi]as|bom\s+dia|guten\s+tag|moin)[ \t]+"
    rf"(?={_CAPITAL}[\w'’-]+(?:[ \t]+{_CAPITAL}[\w'’-]+)?[ \t]*[,!])"
)
# "Charity, my manager, reads...": a capitalised name right before its relation.
_APPOSITION = re.compile(
    rf"(?<![\w'’])(?={_CAPITAL}[\w'’-]+,[ \t]+"
    r"(?i:my|mi|mon|ma|mein|meine|il\s+mio|la\s+mia|meu|minha|our|nuestr[oa]|notre|unser[e]?)[ \t]+"
    r"(?i:manager|boss|supervisor|colleague|coworker|lead|mentor|director|jef[ea]|compañer[oa]|chef|cheffe"
    r"|collègue|responsable|kolleg(?:e|in)|vorgesetzte[r]?|capo|collega|responsabile|chefe|colega|gestor[a]?"
    r"|gerente)\b)"
)
# A speaker in a pasted chat log: "[09:14] kwame.asante: can someone cover", "Dayane: alguém cobre".
_CHAT_SPEAKER = re.compile(r"(?m)^[ \t]*(?:\[[0-9:]{4,8}\][ \t]*)?([^\W\d_][\w.'’-]{1,30})(?=:[ \t]+\S)")
_NOT_SPEAKERS = frozenset(
    ("me", "ich", "eu", "io", "yo", "moi", "you", "user", "usuario", "usuário", "utente", "utilisateur")
    + ("coach", "bot", "assistant", "system", "subject", "from", "to", "cc", "bcc", "date", "re", "fw", "fwd")
    + ("note", "q", "a", "tip", "update", "edit", "ps", "nb", "p.s", "asunto", "objet", "betreff", "oggetto")
    + ("assunto", "de", "para", "von", "an", "da", "à", "sent", "enviado", "envoyé", "gesendet", "inviato")
    + ("name", "nombre", "nom", "nome", "email", "phone", "tel", "address", "role", "title", "company")
)
_KNOWN_ONLY = (_ACCORDING, _CAPS_LINE)


def _speaker(word: str) -> bool:
    """A chat speaker's label that is a person: a known name, a handle ("kwame.asante") or a
    capitalised name-shaped word; not "Note:", "Subject:" or a front-matter key ("kind:")."""
    key = fold(word)
    if key in _NOT_SPEAKERS or key in CAREER_WORDS:
        return False
    handle = re.fullmatch(r"[^\W\d_]+\.[^\W\d_]+", word) is not None  # "kwame.asante"; not "other_names"
    return handle or key in _KNOWN or (word[0].isupper() and shaped_like_name(key))


_TRIGGERS = (
    (
        _SAID,
        False,
        False,
        ("name", "llamo", "nombre", "appelle", "nom", "heiß", "heiss", "chiamo", "chamo", "called"),
    ),
    (
        _INTRO,
        True,
        False,
        (
            "i'm",
            "i’m",
            "i am",
            "im ",
            "this is",
            "soy",
            "suis",
            "sono",
            "sou",
            "call me",
            "ich bin",
            "dear",
            "it",
            "named",
            "called",
            "llama",
            "chama",
            "appelle",
            "heißt",
            "heisst",
            "chiama",
            "llámame",
            "appelez",
            "nenn",
            "aqui",
            "tal ",
            "certain",
            "gewisse",
            "cert",
            "llaman",
            "chamam",
            "appellent",
            "chiamano",
            "calls me",
            "call me",
            "parla",
            "hier ist",
            "spricht",
            "habla",
        ),
    ),
    (
        _RELATION,
        True,
        False,
        (
            "my ",
            "our ",
            "his ",
            "her ",
            "their ",
            "'s ",
            "su ",
            "seu",
            "sua ",
            "sein",
            "son ",
            "sa ",
            "suo ",
            "famil",
            "mi ",
            "nuestr",
            "mon ",
            "ma ",
            "notre",
            "mein",
            "unser",
            "mio",
            "mia",
            "nostr",
            "meu",
            "minha",
            "noss",
            "report",
            "dependo",
            "rends compte",
            "berichte",
            "riporto",
        ),
    ),
    (
        _TITLE,
        True,
        False,
        (
            "Mr",
            "Ms",
            "Miss",
            "Mx",
            "Dr",
            "Prof",
            "Sr",
            "Don",
            "Herr",
            "Frau",
            "M.",
            "Mme",
            "Mlle",
            "Sig",
            "Dott",
            "Ing",
            "Avv",
            "Dona",
            "Seu",
            "Fr.",
            "Hr.",
            "señor",
            "signor",
            "doña",
            "herr",
            "frau",
            "sra.",
            "sr.",
            "D.",
            "prof.ssa",
            "dott.ssa",
            "sig.ra",
        ),
    ),
    (_SIGN_OFF, True, True, None),
    (_COMMA_LINE, True, True, (",\n", ", \n")),
    (_PERSON_LABEL, True, False, (":",)),
    (_HERE, True, False, (" here",)),
    (
        _ACCORDING,
        True,
        False,
        ("according", "laut", "secondo", "según", "segun", "selon", "segundo", "acordo"),
    ),
    (_CAPS_LINE, False, False, None),
    (
        _GREETING,
        True,
        False,
        (
            "hi",
            "hello",
            "hey",
            "hola",
            "bonjour",
            "salut",
            "hallo",
            "ciao",
            "olá",
            "oi",
            "buon",
            "buen",
            "bom",
        )
        + ("guten", "moin"),
    ),
    (_APPOSITION, True, False, (", ",)),
)
_WORD = re.compile(r"[^\W\d_][\w'’-]{0,40}\.?")
_GAP = re.compile(r"[ \t]+")
_PARTICLES = frozenset(str.split("de del la da das do dos van von der den di du le y e ter ten bin al el"))
_LEADING_PARTICLES = _PARTICLES | {"lo", "li"}  # a surname may start with one: "Lo Russo", "Van Dijk"
_NOT_NAMES = frozenset(
    str.split(
        "i i'm and but so or from at in a an the is am was not who with to of for on my me it this that as"
        " here there working work live living monday tuesday wednesday thursday friday saturday sunday"
        " january february march april may june july august september october november december hr ai it"
        " head senior junior lead chief principal staff manager director engineer analyst assistant clerk"
        " nurse teacher developer consultant officer specialist coordinator supervisor intern student"
        " currently still just really also very now new not happy sorry glad looking trying interested"
        " going based responsible ready new retired unemployed self self-employed freelance freelancer"
        " finance sales marketing operations engineering legal payroll accounting product support"
        " procurement logistics admin it's we you he she they our your their his her its what how why"
        " when where which please thanks thank hello hi hey dear yes no ok okay sure"
        " english spanish french german italian portuguese british american european dutch polish"
        " indian chinese irish scottish welsh canadian australian mexican brazilian"
        " excel sap python java javascript sql salesforce workday jira slack teams outlook word powerpoint"
        " tableau oracle azure aws google microsoft linkedin chatgpt copilot gpt claude notion zoom"
        " iso gdpr ceo cto cfo coo vp pm qa ux ui ok"
        " un una el la los las le les une des ein eine der die das il lo gli um uma o os"
        " en con por para pour avec dans bei mit und y et e ed ou oder o"
        " question answer role task tasks plan level grade band tier step phase stage"
        " mr mrs ms miss mx dr prof sr sra srta dra don doña herr frau mme mlle sig dott ing avv"
        " sir madam recruiter hiring all everyone colleagues friends folks"
        " certified qualified experienced passionate skilled trained licensed registered fluent chartered"
        " accounts payable receivable customer service human resources facilities treasury audit compliance"
        " risk tax research development quality office team department board group company university"
        " school hospital bank government ministry council"
    )
)


_KNOWN = GIVEN | SURNAMES


def _known_next(text: str, pos: int) -> bool:
    """Whether the word after ``pos`` is a known name in lower case ("i'm ravi shankar")."""
    gap = _GAP.match(text, pos)
    m = _WORD.match(text, gap.end()) if gap else None
    return m is not None and m.group(0)[0].islower() and fold(m.group(0).rstrip(".")) in _KNOWN


def _name_end(text: str, start: int, capitals_only: bool, min_words: int = 1) -> int:
    """Where a name starting at ``start`` ends (``start`` when there is none): up to four words,
    capitalised ones unless the person typed the first one in lower case ("my name is ana")."""
    end = pos = start
    words, lower_case = 0, False
    while words < (2 if lower_case else 4):
        m = _WORD.match(text, pos)
        if not m:
            break
        word = m.group(0).rstrip(".")
        if not words and (word[0].isupper() or capitals_only) and word.lower() in _LEADING_PARTICLES:
            # a surname that starts with its particle: "Dott. Lo Russo", "Nom : LE GOFF", "Frau Dr. von Arnim"
            gap = _GAP.match(text, m.start() + len(word))
            after = _WORD.match(text, gap.end()) if gap else None
            if after is not None and after.group(0).lower() in _PARTICLES:  # "Mr. van der Berg"
                gap2 = _GAP.match(text, after.end())
                after = _WORD.match(text, gap2.end()) if gap2 else None
            if after is not None and after.group(0)[0].isupper() and after.group(0).lower() not in _NOT_NAMES:
                pos = gap.end()  # type: ignore[union-attr]
                continue
        if len(word) == 1 and word.isupper() and m.group(0).endswith("."):
            end = m.start() + 2  # an initial: "A. Kaur", "J. Smith"
            words += 1
            gap = _GAP.match(text, end)
            if not gap:
                break
            pos = gap.end()
            continue
        if words and word.lower() in _PARTICLES:  # "de", "van": kept only when a name word follows
            gap = _GAP.match(text, m.start() + len(word))
            if not gap:
                break
            pos = gap.end()
            continue
        low = word.lower()
        if low in _NOT_NAMES or low.split("-")[0] in _NOT_NAMES:
            break
        if len(low) > 1 and fold(low) in CAREER_WORDS and fold(low) not in SURNAMES:
            break  # "I'm Lean Six Sigma certified", "Frau Direktorin": not a name
        if capitals_only and len(low) >= 6 and low.endswith(("ing", "ified", "ised", "ized")):
            break  # "I'm Looking", "I am Certified": title case, not a name
        if not word[0].isupper():
            key = fold(word)
            known = key in GIVEN or key in SURNAMES
            if capitals_only and not (
                known and (words or key not in LOWER_WORDS or _known_next(text, m.end()))
            ):
                break  # after "my colleague" only a known name counts in lower case ("priya")
            if not capitals_only and words and not lower_case:
                break
            if capitals_only and words and not lower_case:
                break
            lower_case = True
        elif capitals_only and word.isupper() and len(word) <= 4 and len(word) > 1:
            break  # "SAP", "HR", "IT": acronyms, not names
        initial = len(word) == 1 and m.group(0).endswith(".")  # "J. Smith"
        end = m.start() + len(word) + (1 if initial else 0)
        words += 1
        gap = _GAP.match(text, end)
        if not gap:
            break
        pos = gap.end()
    if capitals_only and re.match(r"[ \t]*[0-9]", text[end : end + 8]):
        return start  # "I'm Level 2 support", "This is Windows 11": not a person
    return end if words >= min_words else start


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names this text introduces or mentions, in order, not overlapping."""
    return _find(text)[0]


def _find(text: str) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """The spans of names, and the one-word ones found only because the name is a known one: those
    are not looked for again elsewhere ("Johnson" alone must not turn "Johnson & Johnson" into
    "[name] & [name]")."""
    spans: list[tuple[int, int]] = []
    lower = text.lower()
    for trigger, capitals_only, last_line, words in _TRIGGERS:
        if words is not None and not any(w in (text if trigger is _TITLE else lower) for w in words):
            continue  # a cheap look for the trigger's words first keeps long texts fast
        for m in trigger.finditer(text):
            if trigger is _SAID and _NOT_A_PERSON_LABEL.search(text, max(0, m.start() - 20), m.start()):
                continue
            opening = m.group(0).lower().lstrip()
            two_words = opening.startswith(("ich bin", "it")) and not opening.startswith(
                ("it's me", "it’s me")
            )
            min_words = 2 if two_words or trigger is _CAPS_LINE else 1
            end = _name_end(text, m.end(), capitals_only, min_words)
            if end <= m.end():
                continue
            if trigger in _KNOWN_ONLY:
                keys = [fold(w) for w in re.split(r"[\s-]+", text[m.end() : end]) if w]
                # after "according to" a word shaped like a name counts too ("d'après Ophélie")
                shaped = trigger is _ACCORDING and bool(keys) and shaped_like_name(keys[0])
                if not (shaped or any(k in _KNOWN for k in keys)) or any(k in CAREER_WORDS for k in keys):
                    continue  # "CUSTOMER SERVICE", "según Google": no known name in it
            if trigger is _HERE and not re.match(r"[ \t]+here\b", text[end : end + 8]):
                continue  # "Honesty matters here": the words before "here" must all be the name
            if last_line:  # a signature: the name ends its line
                line_end = (
                    r"[ \t.!]*(?:\n|$)" if trigger is _COMMA_LINE else r"[ \t.!]*(?:\n|$|[,|–—(<]|\s-\s)"
                )
                rest = re.match(line_end, text[end : end + 200])
                if not rest:
                    continue
            spans.append((m.end(), end))
    labels = [m for m in _CHAT_SPEAKER.finditer(text) if fold(m.group(1)) not in _NOT_SPEAKERS]
    said = Counter(m.group(1) for m in labels)
    # a label that speaks twice in a chat, or one that is a name or a handle: "Dayane:", "kwame.asante:"
    speakers = [
        m.span(1)
        for m in labels
        if _speaker(m.group(1))
        or (said[m.group(1)] >= 2 and m.group(1)[0].isupper() and m.group(1).isalpha())
    ]
    if len(speakers) >= 2:  # a pasted chat: two or more lines open with a speaker's name
        spans += speakers
    passing = find_passing(text)
    quiet = {(s, e) for s, e, by_context in passing if not by_context and " " not in text[s:e]}
    quiet -= set(spans)
    spans += [(s, e) for s, e, _ in passing]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:  # overlapping spans name the same person once
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged, quiet & set(merged)


def recurring(names: set[str]) -> re.Pattern[str] | None:
    """A pattern for the names found and their surnames, to replace them wherever they recur."""
    forms: set[str] = set()
    for name in names:
        forms.add(name)
        words = name.split()
        if len(words) > 1 and len(words[-1]) >= 3 and words[-1].lower() not in _NOT_NAMES:
            forms.add(words[-1])  # the surname alone; a first name alone is left ("Thanks Ana")
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w\[])(?:{alternation})(?![\w\]])")


def replace_names(text: str, counts: Counter, known: set[str] | None = None) -> tuple[str, set[str]]:
    """``text`` with names replaced by ``[name]``, and the names found in it."""
    spans, quiet = _find(text)
    found = {text[s:e] for s, e in spans if (s, e) not in quiet}
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], "[name]"]
        last = end
        counts["name"] += 1
    text = "".join(out) + text[last:]
    pattern = recurring(found | (known or set()))
    if pattern is not None:
        text, n = pattern.subn("[name]", text)
        if n:
            counts["name"] += n
    return text, found
