"""Names mentioned in passing, with no introduction: "ask Maria about the macros", "cc Oluwaseun
Adeyemi", "Priya and Wei Chen", "Emeka said", "pregúntale a Javier", "frag mal Katharina".

A name starts at a known given name or surname (name_lists), at a capitalised word after a cue
("ask", "tell", "cc", "falei com o"…), before a verb of speech ("said", "m'a dit"…), or in a list
after a name already found; it runs on over the capitalised words that follow ("Hiroshi Tanaka").
Words that are also ordinary words, places or tools (Will, May, Julia, Costa) need a neighbour
that is a name ("Will Smith"). One pass over the words: linear in the length of the text."""

from __future__ import annotations

import re

from coach.pipeline.redact.name_lists import (
    AMBIGUOUS,
    CAREER_WORDS,
    FIRM_PAIRS,
    GIVEN,
    LOWER_WORDS,
    SURNAMES,
    fold,
    shaped_like_name,
    word_set,
)


def _pairs(text: str) -> frozenset[tuple[str, ...]]:
    """Two-word phrases separated by "|", folded: "talk to|spoke with"."""
    return frozenset(tuple(fold(pair).split()) for pair in text.split("|"))


_TOKEN = re.compile(r"[^\W\d_][\w'’-]{0,40}")
_POSSESSIVE = re.compile(r"['’]s?$")
_PARTICLES = word_set("de del della da das do dos van von der den di du le la al el bin ben ibn ter ten y")
# Short names typed in lower case that are not ordinary words ("ask ana").
_LOWER_SHORT = word_set("ana eva ian amy zoe tom sam tim joe jim jon ava")
# Words that are never a name, whatever their case: pronouns, articles, small words (six languages).
_NEVER = word_set(
    """i me my we us our you your he him his she her they them their it its this that these those who
    what which when where why how here there all everyone everybody someone somebody anyone nobody
    people team staff bescheid colleagues friends folks and or but so if then than the a an of to in on at by
    for from with about as is are was were be been am do does did have has had not no yes ok okay
    please thanks thank hi hello hey dear sir madam mr mrs ms miss dr prof i'm i've i'd i'll we're
    we've you're you've he's she's it's they're they've that's there's here's what's let's don't
    can't won't isn't aren't wasn't didn't doesn't haven't hasn't couldn't wouldn't shouldn't
    yo tu usted él ella nosotros ellos ellas le les lo los las el la un una y o pero con por para que
    je tu il elle nous vous ils elles on le la les un une et ou mais avec pour dans sur
    ich du er sie es wir ihr der die das ein eine und oder aber mit für mal den dem
    io lui lei noi voi loro il lo gli un una e o ma con per che
    eu tu ele ela nós vocês eles elas você o a os as um uma e ou mas com para que
    today yesterday tomorrow now then also just still only every each some any
    management leadership research study studies survey report article evidence experts science
    policy law guidance website experience life work covid brexit always never often usually
    sometimes rarely even really actually apparently probably basically everyone's nobody's
    somebody's someone's
    hoy ayer mañana aujourd'hui hier demain heute gestern morgen oggi ieri domani hoje ontem amanhã"""
)
# After these a capitalised word is a person ("ask Maria", "tell Kwame", "cc Oluwaseun").
_CUE_1 = word_set(
    """ask asked asking tell told telling cc bcc ping pinged thank thanked emailed messaged texted
    met mention mentioned remind reminded invite invited email call text phone contact trained
    helped hired interviewed shadowed replaced congratulated introduced frag frage fragte sag sagte"""
)
_CUE_2 = _pairs(
    "talk to|talked to|talking to|speak to|spoke to|speak with|spoke with|talk with|talked with"
    "|out to|reply to|replied to|write to|wrote to|writing to|respond to|email to|emails to"
    "|message to|note to|letter to|meeting with|met with|call with|1:1 with|1-1 with|thanks to"
    "|pregúntale a|pregunta a|pregunté a|preguntar a|dile a|dije a|hablé con|habla con|hablar con"
    "|pedí a|pide a|pedir a|escríbele a|demande à|demandé à|demander à|dis à|dit à|parlé à"
    "|parlé avec|parler à"
    "|parler avec|écris à|chiedi a|chiesto a|chiedere a|detto a|parlato con|parlare con|scrivi a"
    "|pergunte a|pergunte à|pergunte ao|perguntei a|perguntei à|perguntei ao|diga a|diga à|diga ao"
    "|falei com|fale com|falar com|com o|com a|frag mal|sprich mit|sprach mit"
    "|me and|conté a|contar ao|contar à|contei ao|contei à|d'après|a parlé|grazie a|gracias a|merci à|dank an"
)
# After a capitalised word these say it is a person speaking ("Emeka said", "Youssef m'a dit").
_SPEECH_1 = word_set(
    """said says thinks wants mentioned explained replied reckons believes dijo comentó sagte sagt
    meinte disse got quit resigned retired m'a dicen quiere vuole falou diz"""
)
# Strong verbs of speech: after them even a name that is a word is a person ("Grace said", "Hope told me").
_SPEECH_STRONG = word_set("said says told dijo disse sagte sagt meinte falou diz")  # not "dice": "Push dice"
# Verbs of speech in two words that say a person even when the name is also a word.
_STRONG_VERB_PAIRS = (
    "told me|me dijo|me dice|m'a dit|mi ha|me disse|me falou|me ensinou|me enseñó|me enseñaron|me cambió"
    "|and i|y yo|et moi|und ich|e io|e eu"  # "Rose and I split the night shifts"
)
# A team after the name: "Mark from logistics", "Pete from finance", "Sophie from HR".
_TEAMS = (
    "from finance|from hr|from accounts|from payroll|from it|from sales|from marketing|from ops|from legal"
    "|from operations|from procurement|from logistics|from recruitment|from compliance|from facilities"
    "|de rrhh|de contabilidad|de nóminas|aus der|do rh|da contabilidade|del personale|du service|des rh"
)
_SPEECH_STRONG_2 = _pairs(
    f"{_STRONG_VERB_PAIRS}|{_TEAMS}"
    # "Mercedes in payroll", "Rosemarie von der Personalabteilung": only after a name, not any word
    # ("Brief von der Bank")
    "|in payroll|in hr|in finance|in accounts|de recursos|von der"
)
_SPEECH_2 = _pairs(
    f"{_STRONG_VERB_PAIRS}|{_TEAMS}"
    "|m’a dit|a dit|hat gesagt|ha detto|me explicou|mi ha detto|told us|told him|told her|told them|asked me"
    "|asked us|asked him|asked her|showed me|taught me|helped me|wants me|invited me|hired me"
    "|trained me|emailed me|called me|texted me|gave me|sent me|offered me|me ha|me pediu|mi dice|m'a appris"
    "|from recruiting|from the agency|from the union|from nights|from days|de finanzas|dalla contabilità"
    "|dell'amministrazione"
)
_DOMAIN = re.compile(r"\.[^\W\d_]{2}")
# "The regional manager is Gwendolyn", "our new hire, Thandeka,": a role, then the person.
_ROLE = word_set(
    """manager boss supervisor director lead colleague coworker co-worker teammate mentor recruiter
    hire trainer tutor coach landlord interviewer ceo cto cfo founder
    jefe jefa compañero compañera chef cheffe collègue chefin kollege kollegin capo collega chefe
    colega gestor gestora tutora supervisora mentora formadora responsable formateur formatrice
    ausbilder ausbilderin tutore tutrice formatore orientador orientadora
    coordinadora coordinador coordenadora coordenador coordinatrice coordinatore patron patronne gerente
    estagiário estagiária becario becaria stagiaire stagista azubi praktikant praktikantin delegato
    delegata delegado delegada líder encargado encargada encarregado encarregada vorarbeiter
    vorarbeiterin responsabile directora diretora direttrice direttore directrice cliente client
    kundin kunde"""
)
# Inside brackets after a name: "Pilar (mi supervisora)", "Tariq (my lead)", "Precious (team lead)".
_ROLE_IN_BRACKETS = word_set(
    "my mi minha mia mio mon ma mein meine team line shift night nights day days manager supervisor"
    " supervisora lead boss jefe jefa chefe capo responsable responsabile gestora gestor"
)
_COPULA = word_set("is was es era est etait ist war è é era foi")
_DETERMINER = word_set(
    "my our the his her their new old mi nuestro nuestra mon ma notre mein meine unser unsere mio mia meu"
    " minha nosso nossa la el le il lo a o den der die una un uma um une sa su nueva nuevo nouvelle nouveau"
    " neue neuer nuova nuovo nova novo"
)
_ARTICLE_BEFORE_NAME = word_set("o a el la il lo doña don dona dom señor señora signora signor")
_AND = word_set("and y e et und or o ou oder")
# Capitalised words that follow a cue in headings and are not people ("Ask Questions").
_NOT_AFTER_CUE = word_set(
    """questions question details information address number centre center form page list agent
    board analytics support service services desk line account box review feedback anything
    something everything nothing around whether if"""
)
# Places: "San José", "São Paulo", "Lake Victoria" are not people.
_PLACE_BEFORE = word_set("san santa santo saint st são sao los las fort port mount lake cape new")


def _key(word: str) -> str:
    return fold(_POSSESSIVE.sub("", word) if len(word) > 3 else word)


def _capitalised(word: str) -> bool:
    """A capital then small letters: "Maria", "O'Brien", "McDonald"; not "SAP", "NDAs", "KPIs"."""
    return word[0].isupper() and not (len(word) > 1 and word[1].isupper())


def _known(key: str) -> bool:
    return key in GIVEN or key in SURNAMES or key.split("-")[0] in GIVEN


def _ends_name(word: str, key: str) -> bool:
    """Whether a word stops a name: a career word that is not also a surname, a small word."""
    return (key in CAREER_WORDS and key not in SURNAMES) or key in _NEVER


class _Words:
    """The words of a text, folded, with what lies between them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(_TOKEN.finditer(text))
        self.keys = [_key(t.group(0)) for t in self.tokens]

    def __len__(self) -> int:
        return len(self.tokens)

    def word(self, i: int) -> str:
        return self.tokens[i].group(0)

    def gap(self, i: int) -> str:
        """What lies between word ``i - 1`` and word ``i``, without spaces."""
        return self.text[self.tokens[i - 1].end() : self.tokens[i].start()].strip(" \t") if i > 0 else "^"

    def spaced(self, i: int) -> bool:
        return 0 < i < len(self.tokens) and self.gap(i) == ""

    def cap(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and _capitalised(self.word(i))

    def key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < len(self.keys) else ""

    def sentence_start(self, i: int) -> bool:
        gap = self.gap(i)
        return gap == "^" or gap[-1:] in (".", "!", "?", "\n", ":")

    def cue(self, i: int) -> bool:
        """Whether a cue comes just before word ``i``: "ask Maria", "cc: Tom", "falei com o Rui"."""
        if self.key(i - 1) in _CUE_1 and (self.spaced(i) or self.gap(i) == ":"):
            return True
        if self.key(i - 1) in _ROLE and self.gap(i) in (",", "") and self.key(i - 2) in _DETERMINER:
            # "our new hire, Thandeka", "la responsabile Marina"; not "service client, Kundenservice"
            return True
        if (
            self.key(i - 1) in _ARTICLE_BEFORE_NAME
            and self.key(i - 2) in _ROLE
            and self.gap(i - 1) == ","
            and self.spaced(i)
        ):
            return True  # "o estagiário, o Kauã", "La coordinadora, doña Pilar"
        if self.key(i - 2) in _ROLE and self.key(i - 1) in _COPULA:
            return self.spaced(i) and self.spaced(i - 1)
        return (self.key(i - 2), self.key(i - 1)) in _CUE_2 and self.spaced(i) and self.spaced(i - 1)

    def speaks(self, i: int) -> bool:
        """Whether word ``i`` is followed by a verb of speech: "Emeka said", "Youssef m'a dit",
        "Anastasiya told me", "Mariela here."."""
        if not self.spaced(i + 1):
            return False
        if self.key(i + 1) == "here" and i + 1 < len(self):
            rest = self.text[self.tokens[i + 1].end() : self.tokens[i + 1].end() + 1]
            return rest in (",", ".", "!", ";", "\n")
        two = (self.key(i + 1), self.key(i + 2)) if self.spaced(i + 2) else None
        return self.key(i + 1) in _SPEECH_1 or two in _SPEECH_2

    def listed(self, i: int, last_end: int) -> bool:
        """Whether word ``i`` continues a list after a name just found: "Ahmed, Fatima", "Rocío y Tomás"."""
        if i >= 1 and self.tokens[i - 1].end() == last_end:
            return self.gap(i) == ","
        if i >= 2 and self.tokens[i - 2].end() == last_end and self.keys[i - 1] in _AND:
            return self.gap(i - 1) in ("", ",") and self.gap(i) == ""
        return False

    def among_others(self, i: int) -> bool:
        """A lone surname in a list of other capitalised words: a citation ("Acemoglu, Autor and
        Johnson") or a list of firms ("Tractable and Mitchell"), not a person talked about."""
        if self.keys[i] in GIVEN:
            return False
        after = i + 2 if self.key(i + 1) in _AND and self.spaced(i + 1) else i + 1
        if after < len(self) and self.gap(after) in ("", ",", "&") and self.cap(after):
            k = self.keys[after]  # "Acemoglu, Autor": followed by an unknown capitalised word
            if (after > i + 1 or self.gap(after)) and not (_known(k) or k in _NEVER or k in CAREER_WORDS):
                return True
        if i < 1:
            return False
        prev = i - 1
        if self.gap(i) == "" and self.keys[prev] in _AND and self.gap(prev) == "":
            prev -= 1
        elif self.gap(i) not in (",", "&"):
            return False
        k = self.key(prev)
        return self.cap(prev) and not _known(k) and k not in _NEVER and k not in CAREER_WORDS

    def firm(self, i: int) -> bool:
        """ "Marks & Spencer", "Johnson & Johnson", "Morgan Stanley": a firm, not a person."""
        if self.gap(i) == "&" or (i + 1 < len(self) and self.gap(i + 1) == "&"):
            return True
        return self.spaced(i + 1) and (self.keys[i], self.keys[i + 1]) in FIRM_PAIRS

    def starts(self, i: int, last_end: int) -> tuple[bool, bool]:
        """Whether a name starts at word ``i``, and whether only its context says so."""
        key = self.keys[i]
        if not self.cap(i):
            if not self.word(i)[0].islower():
                return False, False  # "ALICE", "SAP": all capitals, an acronym
            if key in GIVEN and key not in LOWER_WORDS and (len(key) >= 4 or key in _LOWER_SHORT):
                return True, False  # "ask siobhan", "priya said"
            return (self.cue(i) and _known(key) and key not in LOWER_WORDS), True
        if (
            self.listed(i, last_end)
            and key not in GIVEN
            and self.spaced(i + 1)
            and self.key(i + 1) in CAREER_WORDS
        ):
            return False, False  # "Dr. Helen Fitzgerald, Ward Manager": a job title, not a second person
        if (self.cue(i) and key not in _NOT_AFTER_CUE) or self.listed(i, last_end):
            return True, True  # "ask Maria", "tell Will", "Ahmed, Fatima": even a word like "Grace"
        known, ambiguous = _known(key), key in AMBIGUOUS
        if (known and not ambiguous and len(key) >= 3) or (not known and shaped_like_name(key)):
            if key in LOWER_WORDS and self.sentence_start(i) and not self.cap(i + 1):
                return self.speaks(i), True  # "Marco legal:", "Chiara la situazione": words
            return not self.among_others(i), False
        nxt = self.key(i + 1) if self.spaced(i + 1) and self.cap(i + 1) else ""
        if known and nxt and not _ends_name(self.word(i + 1), nxt):
            # "Will Smith", "Xu Ming": a given name and a surname, either way round
            pair = (key in GIVEN and nxt in SURNAMES) or (key in SURNAMES and nxt in GIVEN)
            if pair or (_known(nxt) and nxt not in AMBIGUOUS):
                return True, False
        if self.key(i + 1) in _AND and self.spaced(i + 1) and self.spaced(i + 2) and self.cap(i + 2):
            # "Rocío y Tomás", "with Zhiyuan and Priya": a list with a clear name in it
            other = self.key(i + 2)
            if _known(other) and other not in AMBIGUOUS and (known or self.word(i - 1)[:1].islower()):
                return True, not known
        if (known or not (ambiguous or key.endswith("s"))) and self.speaks(i):
            return True, True  # not "Recruiters told me": an unknown word in -s is a plural
        strong = self.key(i + 1) in _SPEECH_STRONG or (
            self.spaced(i + 2) and (self.key(i + 1), self.key(i + 2)) in _SPEECH_STRONG_2
        )
        if (known or ambiguous) and self.spaced(i + 1) and strong:
            return True, True  # "Grace said", "Hunter says": a word that is also a name, speaking
        if i + 1 < len(self) and self.gap(i + 1) == "(" and self.key(i + 1) in _ROLE_IN_BRACKETS:
            return True, True  # "Pilar (mi supervisora)", "Precious (team lead, nights)"
        return False, False

    def extent(self, i: int, lower: bool) -> tuple[tuple[int, int], int]:
        """The span of the name that starts at word ``i``, and the index of the word after it."""
        start = self.tokens[i].start()
        if self.keys[i] not in GIVEN and self.spaced(i) and self.cap(i - 1) and not lower:
            k = self.keys[i - 1]  # "Tadashi Mori": an unknown given name before a known surname
            if not (_ends_name(self.word(i - 1), k) or k in _CUE_1 or _known(k) or self.firm(i - 1)):
                start = self.tokens[i - 1].start()
        end, j, words = self._end(i), i + 1, 1
        while j < len(self) and words < 4 and self.spaced(j) and not _POSSESSIVE.search(self.word(j - 1)):
            w, k = self.word(j), self.keys[j]
            if k in _PARTICLES and self.spaced(j + 1):
                j += 1  # "Nguyen van Minh", "Maria da Silva": kept only when a name word follows
                continue
            if _ends_name(w, k) or (self.keys[j - 1], k) in FIRM_PAIRS:
                break
            if not lower and (not _capitalised(w) or (k in AMBIGUOUS and not _known(k))):
                break
            if lower and not (w[0].islower() and _known(k) and (k not in AMBIGUOUS or len(k) >= 5)):
                break
            end, words, j = self._end(j), words + 1, j + 1
        return (start, end), j

    def _end(self, i: int) -> int:
        """Where word ``i`` ends, without a possessive: "Maria's" -> "Maria"."""
        word, end = self.word(i), self.tokens[i].end()
        tail = _POSSESSIVE.search(word)
        return end - len(tail.group(0)) if tail and len(word) > 3 else end


def find_passing(text: str) -> list[tuple[int, int, bool]]:
    """Spans of names mentioned in passing, in order, not overlapping, each with whether it was
    found by its context ("ask X", "X said"): only those are worth looking for again elsewhere,
    a known name is found wherever it is anyway."""
    words = _Words(text)
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(words):
        key = words.keys[i]
        if key in CAREER_WORDS or key in _NEVER or words.firm(i) or words.key(i - 1) in _PLACE_BEFORE:
            i += 2 if words.firm(i) and words.gap(i) != "&" else 1
            continue
        start, by_context = words.starts(i, spans[-1][1] if spans else -1)
        if start and _DOMAIN.match(text, words.tokens[i].end()):
            start = False  # "Copy.ai", "Scrum.org": a product or a site
        if not start:
            i += 1
            continue
        span, i = words.extent(i, lower=not words.cap(i))
        spans.append((span[0], span[1], by_context))
    return spans
