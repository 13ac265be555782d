"""Which supported language a message is written in: stopwords and telltale letters, no model."""

from __future__ import annotations

import re

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
}

_STOPWORDS = {
    "en": """a the and is are i my to of in it that with for what how do you have was be this not but on at
        can me want work job am should would will an""",
    "es": """el la los las y que de en es un una por para con mi mis yo soy estoy quiero pero como qué cómo
        trabajo del al muy más también tengo puedo hacer lo se no""",
    "fr": """le la les et est un une des du je suis mon ma mes que qui pour dans avec pas ne sur au aux ce
        cette il elle nous vous travail veux comment mais être j ai c qu""",
    "de": """der die das und ist ich bin nicht ein eine mit für auf zu den dem des von mein meine arbeit als
        auch wie was habe möchte kann sie es im zum zur aber oder wir""",
    "pt": """o a os as e é um uma de do da dos das em no na nos para com não eu sou estou meu minha que mas
        como trabalho quero também mais isso você ao pelo pela tenho posso fazer faço anos função gostaria
        deveria devo nas então agora muito ainda depois trabalhar""",
    "it": """il lo la gli le e è un una di del della che per con non io sono mio mia ma come lavoro voglio
        anche più nel nella sul alla al questo questa cosa ho posso fare essere faccio anni ruolo vorrei
        dovrei devo sto dei delle degli perché quale ogni molto ancora adesso lavorare""",
}
_STOPSETS = {code: frozenset(words.split()) for code, words in _STOPWORDS.items()}
_MARKS = {"es": "ñ¿¡", "pt": "ãõ", "de": "äöüß", "fr": "çêèœ", "it": "ìòù"}


def detect_with_evidence(text: str) -> tuple[str, int]:
    """The best language and its evidence (stopwords and telltale letters seen)."""
    lowered = text.lower()
    words = re.findall(r"[^\W\d_]+", lowered)
    scores = {code: sum(w in stops for w in words) for code, stops in _STOPSETS.items()}
    for code, marks in _MARKS.items():
        scores[code] += sum(lowered.count(c) for c in marks)
    best = max(scores, key=lambda code: (scores[code], code == "en"))
    return (best, scores[best]) if scores[best] else ("en", 0)


def detect_language(text: str) -> str:
    """ISO 639-1 code (en, es, fr, de, pt, it) of ``text`` by stopword counts; "en" when unsure."""
    return detect_with_evidence(text)[0]
