"""The coach's stance, decided by rules before any model runs: decline to design worker
surveillance, meet distress with empathy first, set aside prompt injections, redirect
off-topic requests, and ask clarifying questions when a personal question is too vague.
Rules, not the model, decide these, so a small local model cannot be talked out of them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.domain.answer import Mode
from coach.exposure.tasks import extract_tasks
from coach.pipeline import injection
from coach.pipeline.intent import Intent


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_MONITORING = _rx(
    r"keystroke|key ?logg|webcam|camera|screen ?(shot|recording|capture)|mouse (movement|activity|jiggl)|"
    r"idle time|bathroom|toilet|restroom|\bgps\b|location|geo-?fenc|whereabouts|productivity scor|"
    r"activity scor|sentiment|"
    r"read(ing)? (their|employees'?|workers'?|staff) (e-?mails?|messages|slack|chats?)|"
    r"\bspy\b|spying|covert|secretly (monitor|track|record|watch)|surveil|bossware|tattleware|"
    r"monitor(ing)? (everything|every|all)|track(ing)? (every|all|how long)|time (on|off) task"
)
_OTHERS = _rx(
    r"\b(my|our|the) (\w+ )?(employees|workers|staff|team|agents|drivers|techs|technicians|nurses|reps|"
    r"people|direct reports|contractors|pickers|warehouse|call center|remote workers|interns|cashiers)\b|"
    r"\bemployees?'?s?\b|\bworkers'?\b|\bstaff\b|\bthem\b|\btheir\b|\banyone\b|\beveryone\b|"
    r"\b(each|every) (\w+ )?(employee|worker|agent|driver|person|one|picker|tech|nurse|rep|member|cashier)\b"
)
_DESIGN = _rx(
    r"\b(how (can|do|should|could) (i|we)|help me|help us|design|build|set up|setup|implement|install|"
    r"roll out|deploy|we want to|i want to|we need to|i need to|best way|best tool|tool to|software to|"
    r"make sure|catch|flag|detect|score|rank|measure|log|record|track|monitor|watch)\b"
)
_DISTRESS = _rx(
    r"laid off|lay-?offs?|been fired|got fired|i was fired|lost my job|let go|made redundant|redundancy|"
    r"hopeless|worthless|useless|no point|no future|can'?t cope|cannot cope|depress|anxious|anxiety|"
    r"panic|scared|terrified|afraid|overwhelmed|give up|giving up|burn(ed|t)? ?out|desperate|"
    r"can'?t sleep|falling apart|replaced by (ai|a machine|a bot)|nobody will hire|what'?s the point|"
    r"why bother|better than me|no longer needed|obsolete"
)
# A high-recall safety net in the six languages: any of these is met as a crisis, whatever the
# classifier says (a false alarm costs a kind line and a helpline; a miss could cost a life).
_CRISIS = _rx(
    # English: intent, method, means, farewells and self-harm, in the words people use.
    r"suicid|kill(ing)? myself|end(ing)? (my|it) (life|all)|end it all|\bending it\b|take my (own )?life|"
    r"self[- ]?harm|hurt(ing)? myself|cutting again|started cutting|"
    r"don'?t want to (live|be alive|wake up)|(hope|hoping) i (won'?t|don'?t) wake up|not waking up|"
    r"no reason to (live|be alive|go on)|"
    r"better off (dead|without me|if i (was|wasn'?t|were)n?'?t? (here|around))|"
    r"(would be|be) (fine|better) (without me|if i (just )?wasn'?t (here|around))|worth more dead|"
    r"want to die|wish i (was|were) dead|way to die|lethal|fatal (dose|amount)|dose that would kill|"
    # "overdose", but not "an overdose of meetings" (in any of the six languages).
    r"overdos(e|es|ed|ing)\b(?!\s+(of|de|di|von|an|on)\s+(meetings?|r[eé]unions?|riunioni|reuniones|reuni(ao|ão|oes|ões)|calls?|"
    r"e-?mails?|work|travail|lavoro|trabajo|trabalho|arbeit|besprechungen|admin|information))|"
    r"how many (of my )?(\w+ )?(pills|tablets)|(saving|saved|stockpiling) (up )?(my )?(\w+ )?(pills|tablets)|"
    r"enough (pills|tablets)|stop existing|disappear (for good|permanently)|(jump|jumping|stepping|step) "
    r"(off|in front|under)|(driv|steer)(e|ing) (off|into)|won'?t be around|made (the )?arrangements|"
    r"last message|tonight'?s the night|one thing left to do|"
    # Spanish, French, German, Portuguese, Italian.
    r"quitarme la vida|acabar con (todo|mi vida)|no quiero vivir|quiero morir|dejar de existir|"
    r"raz[oó]n para seguir viviendo|hacerme (da[nñ]o|cortes)|forma menos dolorosa de morir|"
    r"guardando pastillas|"
    r"(?<!va )(?<!vont )\bme tuer|me suicider|en finir|"
    r"mettre fin à (mes jours|ma vie)|envie de mourir|je veux mourir|"
    r"raison de rester en vie|me faire du mal|combien de cachets|mes somnif[eè]res|disparaître pour de bon|"
    r"ne pas me réveiller|vaux plus mort|mich umzubringen|mich umbringen|mir das leben (zu )?nehmen|"
    r"nicht mehr leben|will sterben|alles beenden|schluss (zu )?machen|grund mehr zu leben|"
    r"tabletten (sammle|bräuchte)|nicht mehr da sein|me matar|tirar a (minha )?(própria )?vida|"
    r"acabar com tudo|"
    r"quero morrer|não quero (mais )?(viver|acordar)|jeito menos doloroso de morrer|me jogar|pular d[oa]|"
    r"uccidermi|togliermi la vita|farla finita|voglio morire|non voglio (più )?(vivere|svegliarmi)|"
    r"smettere di esistere|buttarmi|farmi del male|starebbe meglio senza di me|ficaria melhor sem mim|"
    # Means made ready: pills counted or set aside, a rope bought, "ready for tonight".
    r"(pills|tablets|meds|pastillas|cachets|comprim[eé]s|tabletten|pillole|remédios|comprimidos) "
    r"((\w+ ){0,3})(counted|ready|lined up|saved|set aside|listas|preparad|prêts|bereit|pronte|pronti)|"
    r"(counted|lined up|set aside|separei|separé|juntei|gesammelt|messo da parte) (out )?((\w+ ){0,3})"
    r"(pills|tablets|meds|pastillas|cachets|tabletten|pillole|remédios|comprimidos)|"
    r"(bought|got|buy|comprar|compr(ei|é|e|ó|ou)|acheté|gekauft|comprato) (a |une |una |uma |ein(en)? )?"
    r"(rope|corda|cuerda|corde|seil|strick)|"
    # Self-harm in the words people use.
    r"cut(ting)? myself|(me|te) cort(o|é|ar)|me coupe|me scarifie|ritze mich|mich (zu )?ritzen|"
    r"mi taglio|tagliarmi|me (fais|faire) du mal|me hago da[nñ]o|me machuco|mi faccio del male|"
    r"verletze mich|"
    # Not wanting to live, in the forms each language writes it.
    r"(ne )?veux plus vivre|plus envie de vivre|no quiero seguir (viviendo|aqu[ií])|"
    r"keine lust mehr (zu|auf) leben|will nicht mehr leben|non ho più voglia di vivere|"
    r"não quero continuar vivendo|"
    # Farewells and affairs put in order.
    r"wrote (the|my) (letters|notes|goodbyes?)|(escrevi|escrib[ií]|[eé]crit|scritto|geschrieben) "
    r"(as |las |les |le |die )?(cartas|lettres|lettere|abschiedsbriefe|briefe)|goodbye (letter|note)s?|"
    r"(deixei|dejé|laissé|lasciato) tudo|tout (est )?(réglé|en ordre)|alles geregelt|"
    r"given away my|giving away my|(don'?t|do not) plan (to be|on being) (here|around)|"
    r"(won'?t|will not) (need|be needing) (your |any )?(help|this)|não vou mais precisar|"
    r"ya no (voy a )?necesitar|n'aurai plus besoin|non avrò più bisogno|"
    r"brauche (eure |deine )?hilfe nicht mehr|"
    # Someone close took their own life, said beside "now I understand".
    r"took (his|her|their) own life|si [eè] tolto la vita|se quit[oó] la vida|s'est suicid|"
    r"hat sich (das leben genommen|umgebracht)|tirou a pr[oó]pria vida|se matou|"
    # Heights: a bridge or a roof looked at, measured or looked down from.
    r"(highest|tallest) bridge|bridge .{0,30}(highest|tallest)|h[oö]chste br[uü]cke|puente m[aá]s alto|"
    r"pont le plus haut|ponte pi[uù] alt|ponte mais alt|checked how high|how high (it|the \w+) is|"
    r"roof access|top of the (multi-?storey|car park|parking|building)|"
    r"(ponte|puente|pont|bridge|br[uü]cke).{0,60}(guardare gi[uù]|olhar para baixo|olhando pr[ao] [aá]gua|"
    r"looking down|looked down|mirando (hacia )?abajo|regarder en bas|runterschauen|nach unten)|"
    # Means at hand: exhaust in a closed garage, a firearm taken out or loaded, a rope to hand.
    r"motor l[aä]uft|engine (is )?running|motor ligado|motor en marcha|motore acceso|moteur (qui )?tourne|"
    r"(gun|rifle|shotgun|pistol|fusil|fucile|escopeta|espingarda|gewehr|pistole|revolver|arma)\b.{0,80}"
    r"(loaded|caricat|charg[eé]|cargad|geladen|carregad|lap|genoux|knees|ginocchia|scho[ßs]|colo|regazo|"
    r"placard|closet|cupboard|cantina|keller|garage|garagem|drawer|cassetto)|"
    r"(with|con|com|avec|mit) (a |the |la |a |une |dem |einem )?(rope|corda|cuerda|corde|seil|strick)\b|"
    r"(ready|pronto|listo|pr[eê]t|bereit) (in|en|na|no|im) (the )?(garage|garagem|garaje|cantina|keller)|"
    # Pills counted out or asked about, stockpiled, in any of the six languages.
    r"(guardado|juntando|acumulando|gesammelt|messo da parte|accumulat[oi]|stockpil\w*|hoard\w*) "
    r"((\w+ ){0,2})(comprimidos|pastillas|pillole|tabletten|cachets|rem[eé]dios|pills|tablets|insulin)|"
    r"(cu[aá]ntas|quantas|quante|combien de|wie viele|how many) ((\w+ ){0,3})"
    r"(pastillas|comprimidos|pillole|cachets|tabletten|pills|tablets)|"
    r"(welche|qual|quale|quelle|qu[eé]|which|what|wie viel|how much|cu[aá]nta|quanta|quanto) (\w+ )?"
    r"(dosis|dose|dosi|menge|quantit[àa]|cantidad|quantidade|quantit[ée]|amount)\b.{0,40}"
    r"(reicht|basta|suffit|would|chega|enough|t[oö]dlich|mortal|mortel|letal|letale|l[eé]tale|lethal|fatal)|"
    # "I won't be here any more", said of oneself.
    r"\bich bin .{0,25}nicht mehr da\b|non ci sar[oò] (proprio |pi[uù] )?pi[uù]|je ne serai plus l[aà]|"
    r"n[aã]o (vou estar|estarei) mais aqui|i won'?t be here any ?more|"
    # Farewells: letters written, a goodbye scheduled, things given away, "after I'm gone".
    r"(wrote|written) (the |a )?(letters?|notes?) (to|for) (my|the)|abschiedsbrief|"
    r"(escrevi|escrib[ií]|[eé]crit|scritto|geschrieben) (a |la |une |uma |la |einen )?"
    r"(carta|lettre|lettera|brief)|"
    r"scheduled (a |an )?(message|e-?mail|note|post)|(email|e-mail|mensagem|mensaje|messaggio) agendad|"
    r"(won'?t|will not) be (at work|here|around) to see|j[aá] n[aã]o vou estar c[aá]|"
    r"after i'?m gone|when i'?m gone|depois que eu (partir|for embora)|quando n[aã]o estiver (mais )?c[aá]|"
    r"(gave|given|giving) (away )?(all )?my (dog|cat|tools|things|stuff|belongings)|"
    r"\bdei (o meu|a minha|minhas|os meus|as minhas|todas)|ho regalato (il mio|la mia|i miei|le mie|tutto)|"
    r"verschenkt|(n[aã]o vou precisar|won'?t need) (mais )?(de )?(nada|anything|it|them)|"
    # A day, a place or a method already chosen.
    r"(picked|chosen|set) (a|the) (day|date)|"
    r"(ho gi[aà] scelto|escolhi|eleg[ií]|j'ai choisi) (il|o|el|le) (giorno|dia|d[ií]a|jour)|"
    r"termin gesetzt an dem ich gehe|(i'?ve|i have) (already )?decided how|ho gi[aà] deciso come|"
    r"j[aá] decidi como|ya decid[ií] c[oó]mo|j'ai d[eé]j[aà] d[eé]cid[eé] comment|sei como vou fazer|"
    r"looked up how to do it|know where i'?d go to do it|"
    r"what would do it and i have access|"
    r"(seil|strick) gekauft|"
    r"(sistemato|arreglado|organizei|organis[eé]|r[eé]gl[eé]|geregelt) .{0,20}testament|"
    r"(publiquei|publiqu[eé]|posted|pubblicato|gepostet) (uma |una |a |un |einen )?"
    r"(despedida|goodbye|farewell|addio|abschied)|"
    r"(valgo|vale|vali) (di )?pi[uù] da morto|vale mais morto|valgo m[aá]s muert[oa]|tot mehr wert|"
    r"n[aã]o vou precisar mais\b|se eu n[aã]o estiver mais aqui|if i'?m not (here|around) any ?more|"
    r"si ya no estoy|se non ci sono pi[uù]|wenn ich nicht mehr da bin|si je ne suis plus l[aà]|"
    r"carta de (despedida|adi[oó]s)|lettre d'adieu|lettera d'addio|"
    r"who('?ll)? gets? my (guitar|car|things|dog|cat)|"
    r"(sais|know|s[eé]|so|sei|wei[ßs]) (exactement|exactly|exactamente|esattamente|exatamente|genau),? "
    r"(quoi|what|qu[eé]|cosa|o que|was) (prendre|to take|tomar|prendere|ich nehmen)|"
    r"arr[eê]te tout\.? pour de bon|no hablo de la empresa|n[aã]o [eé] da empresa|"
    r"and i don'?t mean the (job|company)|non parlo (del lavoro|dell'azienda)|"
    r"(pensando|thinking|penso) (a|about|en|em) (come farlo|how to do it|c[oó]mo hacerlo|como fazer)|"
    r"ojal[aá] no existir|wish i didn'?t exist|vorrei non esistere|queria n[aã]o existir|"
    r"voudrais ne (plus )?pas exister|"
    r"(dejado|dej[eé]|stopped|smesso|parei|arr[eê]t[eé]|abgesetzt) .{0,25}(insulin|insulina)|"
    r"notas escritas|bilhetes escritos|(left|written) (my|the) (goodbye )?notes|"
    # A means turned on oneself ("they could use it against me" is a worry about work, not this).
    r"(use|using|turn) (it|them|the gun|the knife) on myself|"
    r"(voy a|quiero|pienso|podr[ií]a) (usarla|usarlo|usarlas|usarlos) contra m[ií]|"
    r"contra m[ií] mism[oa]|(vais|veux|voudrais) (l'|les )?utiliser contre moi|contre moi-m[eê]me|"
    r"gegen mich selbst|contro (di )?me stess[oa]|(vou|quero|penso em) (us[aá]-l[ao]|usar) contra mim|"
    r"la faccio finita|domani non ci sar[oò] pi[uù]|won'?t be here tomorrow|ya no estar[eé]|ci riprovo|"
    # A painless way asked for, in the six languages.
    r"painless(ly)? (way|method)|(most|least) painful way|schmerzlos\w* (art|weg|methode|sterben)|"
    r"(modo|forma|manera|maneira|jeito|fa[cç]on|mani[eè]re) (pi[uù] |m[aá]s |la plus |mais )?"
    r"(indolor[aeo]|sin dolor|sans douleur|sem dor|meno doloros\w*|menos doloros\w*|la moins douloureuse)|"
    # Chat slang for suicide.
    r"\bkms\b|sewer ?slide|unaliv(e|ing)|self[- ]?delet(e|ing)|"
    # The means at hand, named with "the": "I have the gun in the car", "the rope is in the shed".
    r"\b(have|got|hab|habe|tengo|j'ai|ho) (schon |gi[aà] |ya |already |d[eé]j[aà] )?(the|den|das|la|el|il) "
    r"(gun|rope|pistol|strick|seil|cuerda|corde|corda|pistola|arma|fusil|gewehr)\b|"
    r"\btenho (a|o) (arma|corda|pistola|rev[oó]lver)\b|"
    r"\b(the|den|das|la|el|il) (rope|gun|strick|seil|cuerda|corde|corda|pistola|arma|gewehr) "
    r"(is|ist|est|está|esta|è|sta|liegt|steht)\b|"
    # All the pills taken, or pills being saved up.
    r"\b(take|taking|tomar|tomo|tomaré|tomarei|prendre|prends|nehmen|nehme|prendere|prendo) "
    r"(all|todas|todos|tous|toutes|alle|tutte|tutti) "
    r"(the |las |los |os |as |les |die |le |i |my |mis |meus |mes |meine |le mie )?"
    r"(\w+ )?(pills|tablets|meds|pastillas|comprimidos|cachets|tabletten|pillole|pastiglie|rem[eé]dios)|"
    r"(pills|tablets|pastillas|comprimidos|cachets|tabletten|pillole|pastiglie|rem[eé]dios) "
    r"(que|that|i'?ve been|i have been|che|die ich|que je) .{0,20}"
    r"(juntando|guardando|saving|stockpiling|collecting|accumul|sammle|gesammelt|da parte|garde|"
    r"mets de c[oô]t[eé])|"
    r"(how many|quantos|quantas|cu[aá]ntos|cu[aá]ntas|quanti|quante|combien de|wie viele) .{0,40}"
    r"(sleep and never|dormir e n[aã]o|dormir y no|dormir et ne|dormire e non|schlafen und nicht)|"
    r"(how much|cu[aá]nta|quanta|quanto|combien d'|wie viel) \w+ .{0,20}(stop|kill|parar|matar|arr[eê]ter|"
    r"fermare|uccidere|stoppen|t[oö]ten)|"
    r"(stop|parar|arr[eê]ter|fermare|stoppen) (my|mi|mon|il mio|o meu|mein) "
    r"(heart|coraz[oó]n|c(oe|œ)ur|cuore|cora[cç][aã]o|herz)|"
    # A death arranged to look like an accident, a date to be dead by, a fall no one survives.
    r"look(s|ing)? like an accident|sembr\w* un incidente|parezca un accidente|parecer (um )?acidente|"
    r"ressembler [aà] un accident|wie ein(en)? unfall aussehen|"
    r"(i'?m|i am|i'?ll be) dead (next|by|on|this|tomorrow|before)|"
    r"(what height|how high|que altura|qual altura|quelle hauteur|che altezza|welcher h[oö]he).{0,40}"
    r"(surviv|sobreviv|sopravviv|[uü]berleb)|"
    r"(fall|sturz|ca[ií]da|queda|chute|caduta)\b.{0,25}(fatal|mortal|mortel|t[oö]dlich|mortale)|"
    r"(me tiro|me jogo|mi butto|me jette|werfe mich|st[uü]rze mich) .{0,25}(puente|ponte|pont|br[uü]cke|"
    r"balc|janela|ventana|finestra|fen[eê]tre|fenster|edificio|pr[eé]dio|immeuble|dach|tetto|techo|toit)|"
    # Burning oneself.
    r"burn(ing|ed|t)? myself|verbrenn\w* mi(r|ch) (\w+ ){0,6}(arm|unterarm|haut|bein|beine|h[aä]nde?)|"
    r"me (quemo|quem[eé]|quemar|queimo|queimei|queimar)|je me br[uû]l|mi brucio|bruciarmi|"
    # Letters left for family.
    r"(letters?|lettere|cartas|lettres|briefe) (to|for|per|para|pour|an|à) (mum|mom|dad|my (mum|mom|dad|"
    r"parents|kids|children|wife|husband|family)|i miei|mis padres|meus pais|mes parents|meine eltern)"
)
# Where crisis words name work, not the writer's own intent ("a suicide-prevention ward", "the
# suicide exclusion clause", "career suicide"), they are blanked before the net reads the text;
# the classifier still reads the whole message.
_NOT_SELF = _rx(
    r"suicide[- ]prevention|prevention of suicide|pr[eé]vention du suicide|prevenci[oó]n del suicidio|"
    r"prevenzione del suicidio|suizidpr[aä]vention|preven[cç][aã]o (do|ao) suic[ií]dio|"
    r"pr[eé]vention (du |de )?suicid\w*|suicide claus\w*|overdose (risk|prevention)|risk of overdose|"
    r"suicidal (people|patients|callers|clients|users|teens|youth)|"
    r"(people|patients|callers|clients) (who are|at risk of being) suicidal|"
    r"suicide (crisis |prevention )?(hot)?lines?|(crisis|hot)lines? for (people at risk of )?suicid\w*|"
    r"l[ií]nea de prevenci[oó]n del suicidio|suicide exclusion|exclusion (clause )?for suicide|"
    r"career suicide|professional suicide|suicide professionnel|"
    r"suicidio (professionale|laboral|profissional)|"
    r"suicide risk|risk of suicide|rischio (di )?suicidio|riesgo de suicidio|risque suicidaire|suizidrisiko|"
    r"self-harm (and|or) overdose admissions|overdose admissions"
)
_CAREER = _rx(
    r"\b(jobs?|work(ing|er|ers|place)?|careers?|roles?|skills?|tasks?|boss|managers?|team|colleagues?|"
    r"promotion|salary|pay|wages?|interviews?|resume|cv|hir(e|ing)|employ\w*|profession\w*|industry|"
    r"sector|learn\w*|courses?|certif\w*|ai|automat\w*|tools?|office|shifts?|clients?|customers?|"
    r"company|business|retir\w*|laid|fired|reskill\w*|upskill\w*|occupation|future|chatgpt|copilot|"
    r"problems? to solve|next step|"
    r"trabajo|empleo|carrera|aprender|travail|emploi|métier|apprendre|arbeit|beruf|stelle|lernen|"
    r"trabalho|emprego|lavoro|mestiere|imparare)\b"
)
_PERSONAL = _rx(r"\b(i|i'm|im|my|me|mine|myself)\b")
_CONCEPTUAL = _rx(r"^\s*(what|why|how|explain|define|describe|is|are|does|do|can|should)\b")


@dataclass
class Stance:
    mode: Mode
    reasons: list[str] = field(default_factory=list)
    crisis: bool = False
    injection: bool = False
    question: str = ""  # the question with injected instructions removed
    kind: str = ""  # the intent the classifier saw (coaching, sector, concept, …); "" under rules
    confidence: float = 0.0


def strip_injection(text: str) -> tuple[str, bool]:
    """Drop the sentences that try to re-instruct the coach; keep the rest of the message in the
    person's own words, line breaks included (a pasted list must survive). Matching reads a
    normalised view (see ``injection``), so fullwidth, invisible or spread letters, look-alike
    alphabets and the six supported languages are caught too."""
    return injection.remove(text, injection.MESSAGE_RULES)


def neutralise_passage(text: str) -> tuple[str, bool]:
    """A retrieved passage with the sentences that try to instruct the coach (or its reader)
    removed; True when something was removed. Retrieved passages are data, never instructions."""
    return injection.remove(text, injection.PASSAGE_RULES)


def mentions_monitoring(text: str) -> bool:
    return bool(_MONITORING.search(text))


def is_surveillance_request(text: str) -> bool:
    """A request to design or run monitoring of other workers (not a worker asking about it)."""
    return bool(_MONITORING.search(text) and _OTHERS.search(text) and _DESIGN.search(text))


def _fold(text: str) -> str:
    """Accents removed ("remédios" and "remedios" alike: people type both)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_CRISIS_FOLDED = _rx(_fold(_CRISIS.pattern))


def crisis_net(text: str) -> bool:
    """The rules' crisis net (see ``_CRISIS``), read past the words that only name work, on the
    text as written and with its accents folded."""
    text = _NOT_SELF.sub(" ", text)
    return bool(_CRISIS.search(text) or _CRISIS_FOLDED.search(_fold(text)))


# Intents about other people or work in general: a net hit beside one of these, read with this
# confidence, is answered as asked with the crisis line first rather than with support alone.
_ABOUT_OTHERS = frozenset({"team_pilot", "sector", "role_question", "concept"})
ABOUT_OTHERS_P = 0.5


def decide(
    text: str, has_role: bool, has_tasks: bool, classify: Callable[[str], Intent] | None = None
) -> Stance:
    """Which kind of reply this message needs. ``has_role``/``has_tasks`` come from the profile
    (what this message and earlier ones told us). With ``classify`` (the intent classifier) the
    learned intent decides, inside the rules' safety nets; without it, the rules alone."""
    question, injected = strip_injection(text)
    reasons = ["set aside instructions that tried to change the coach's role"] if injected else []
    # Crisis first, on the whole message: a cry for help inside an injection is still one.
    net = crisis_net(question) or crisis_net(text)
    intent = classify(question) if classify is not None and question.strip() else None
    # A lead asking how to support a colleague who spoke of suicide, a question about crisis-line
    # work: answered as asked, with the crisis line said first; any other sign gets support.
    about_others = bool(intent and intent.label in _ABOUT_OTHERS and intent.confidence >= ABOUT_OTHERS_P)
    if net and not about_others:
        return Stance("support", reasons + ["crisis"], crisis=True, injection=injected, question=question)
    if intent is not None:
        return _by_intent(intent, question, injected, reasons, has_role or has_tasks, crisis=net)
    return _by_rules(question, injected, reasons, has_role, has_tasks)


# Probabilities set before measuring, not tuned: a crisis needs less evidence than anything else
# (a false alarm costs a kind line and a helpline); a decline needs a classifier that is fairly
# sure, since declining a lead who wants to help the team is the costliest mistake after a
# missed crisis; below SURE_P the classifier is guessing among several intents.
CRISIS_P = 0.3
CRISIS_IN_DISTRESS_P = 0.15
# Below this the classifier's "crisis" is a weak read (set on the blind dev sets B-F with a model
# trained on set A alone: at 0.2 the messages met with support instead of their answer fell from
# 93 to 42 of 3,428, while every crisis item still got the crisis line).
CRISIS_LABEL_P = 0.2
DECLINE_P = 0.4
OWN_TASKS_DECLINE_P = 0.7
SURE_P = 0.3
OFF_TOPIC_P = 0.5


def _by_intent(
    intent: Intent, question: str, injected: bool, reasons: list[str], known: bool, crisis: bool = False
) -> Stance:
    """The stance from the classifier's intent, in the safe order: crisis, then surveillance,
    then distress, then the rest. ``crisis``: the net saw a sign, so the line is said first."""

    label = intent.label
    crisis_p = intent.p("crisis")
    # Crisis read weakly (the best guess, but below CRISIS_LABEL_P): the message is answered as
    # asked and the crisis line is said first, so a career question is not met with a hotline
    # alone and a person at risk still sees where to get help.
    weak = crisis or (label == "crisis" and crisis_p < CRISIS_LABEL_P)

    def stance(mode: Mode, why: list[str], **extra) -> Stance:
        extra.setdefault("crisis", weak)
        return Stance(
            mode,
            reasons + why + (["possible crisis"] if extra["crisis"] and "crisis" not in why else []),
            injection=injected,
            question=question,
            kind=intent.label,
            confidence=intent.confidence,
            **extra,
        )

    # Recall first (see CRISIS_P); a message already read as distress needs less to add the
    # crisis line, since it is met with support either way.
    if (label == "crisis" and not weak) or crisis_p >= CRISIS_P:
        return stance("support", ["crisis"], crisis=True)
    if label == "distress" and crisis_p >= CRISIS_IN_DISTRESS_P:
        # Distress with some sign of more: empathy first, then the crisis line.
        return stance("support", ["distress", "possible crisis"], crisis=True)
    # The rule stays as a net for clear cases, unless the classifier is sure this is a lead
    # planning a pilot or a worker asking about being watched (the rule's false declines).
    helped = label in ("team_pilot", "monitoring_worry") and intent.confidence >= 0.5
    # A message that carries the person's own task list or job description is about their own
    # work: the classifier must be sure before that is declined as surveillance of others.
    needed = OWN_TASKS_DECLINE_P if len(extract_tasks(question)) >= 3 else DECLINE_P
    if (label == "surveillance_request" and intent.confidence >= needed) or (
        is_surveillance_request(question) and not helped
    ):
        return stance("decline", ["worker surveillance"])
    if intent.confidence < SURE_P and known:  # unsure, mid-conversation: a follow-up to coach
        return stance("coach", [])
    # The distress words stay a net too, except where the classifier reads a lead, a concept or
    # a sector question ("introduce AI without scaring the team" is not distress).
    if label == "distress" or (_DISTRESS.search(question) and label not in _NOT_DISTRESS):
        return stance("support", ["distress"])
    if label in ("off_topic", "injection"):
        if not _CAREER.search(question) or intent.confidence >= OFF_TOPIC_P and not known:
            return stance("redirect", ["off topic"])
        return stance("coach", [])
    if not known and (label == "too_vague" or label == "coaching" and len(question.split()) <= SHORT_WORDS):
        return stance("clarify", ["too vague to coach"])  # a personal request with nothing to go on
    return stance("coach", [])


_NOT_DISTRESS = frozenset({"team_pilot", "concept", "sector", "transition", "monitoring_worry"})
SHORT_WORDS = 8


def _by_rules(question: str, injected: bool, reasons: list[str], has_role: bool, has_tasks: bool) -> Stance:
    if is_surveillance_request(question):
        return Stance("decline", reasons + ["worker surveillance"], injection=injected, question=question)
    if _DISTRESS.search(question):
        return Stance("support", reasons + ["distress"], injection=injected, question=question)
    if not question or (not _CAREER.search(question) and not has_role and not has_tasks):
        if question and len(question.split()) <= 4:  # "help me", "hi": too little to judge
            return Stance("clarify", reasons + ["too vague to coach"], injection=injected, question=question)
        return Stance("redirect", reasons + ["off topic"], injection=injected, question=question)
    if not has_role and not has_tasks and _PERSONAL.search(question):
        return Stance("clarify", reasons + ["too vague to coach"], injection=injected, question=question)
    if not has_role and not has_tasks and not _CONCEPTUAL.search(question):
        return Stance("clarify", reasons + ["too vague to coach"], injection=injected, question=question)
    return Stance("coach", reasons, injection=injected, question=question)
