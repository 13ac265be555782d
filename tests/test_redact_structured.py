"""Structured personal data in the forms people write it (six languages): nothing of it may survive
redaction verbatim, and the career content around it (numbers that are not personal) must."""

import pytest

from coach.pipeline.redact import redact, redact_messages

# (text, secrets that must not survive, strings that must survive)
Case = tuple[str, list[str], list[str]]
EMPLOYEE_IDS: list[Case] = [
    ("My emp no. 4821, I work nights in the warehouse.", ["4821"], ["warehouse"]),
    ("staff ID: HR-2291-B — I'm in payroll for 6 years", ["HR-2291-B", "2291"], ["6 years"]),
    ("Meine Personalnummer 00481, ich bin Buchhalterin.", ["00481"], ["Buchhalterin"]),
    ("matricola 55123, lavoro in contabilità da 8 anni", ["55123"], ["8 anni"]),
    ("mon n° d'employé 7781 et je suis aide-soignante", ["7781"], ["aide-soignante"]),
    ("Badge #A-77120 gets me into the lab.", ["A-77120", "77120"], ["lab"]),
    ("payroll number 0093321 on my payslip", ["0093321"], ["payslip"]),
    ("Employee number: 48213. Team of 12.", ["48213"], ["Team of 12"]),
    ("my employee id is e48213", ["e48213"], []),
    ("número de empleado 45-8821, trabajo en logística", ["45-8821", "8821"], ["logística"]),
    ("Mitarbeiternummer: 771-204 seit 2019", ["771-204"], ["2019"]),
    ("nº de funcionário 33017, sou enfermeira", ["33017"], ["enfermeira"]),
    ("Works number 55 812, shift lead", ["55 812"], ["shift lead"]),
    ("My staff no is 9981 and I manage a team of 12.", ["9981"], ["team of 12"]),
    ("numéro de matricule : 2019-4471", ["2019-4471", "4471"], []),
    ("Personal-Nr. 004417", ["004417"], []),
    ("employee #30417 here, 10 years on the tills", ["30417"], ["10 years"]),
    ("my payroll ID is PR/00451", ["PR/00451", "00451"], []),
    ("empl. #: 55-312", ["55-312"], []),
    ("Matrikelnummer 456123, Dienstnummer 88123", ["456123", "88123"], []),
    ("clock number 4471 on the night shift", ["4471"], ["night shift"]),
    ("identifiant salarié 88412", ["88412"], []),
    ("N° de salarié 7781", ["7781"], []),
    ("número de trabajador 4481", ["4481"], []),
    ("nº de empregado 7781", ["7781"], []),
    ("My ID at work is 48213", ["48213"], []),
    ("Mi código de empleado es 4481.", ["4481"], []),
    ("Personalnummer (SAP): 004821", ["004821"], []),
    ("Employee ID (Workday): 48213, 12 direct reports", ["48213"], ["12 direct reports"]),
]

POSTCODES: list[Case] = [
    ("I live in 28013 Madrid and commute an hour.", ["28013"], ["Madrid"]),
    ("Our office is near SW1A 1AA.", ["SW1A 1AA"], []),
    ("I'm in M5V 3L9, Toronto.", ["M5V 3L9"], ["Toronto"]),
    ("Rua Augusta, 01310-100 São Paulo", ["01310-100"], ["São Paulo"]),
    ("I moved to 75011 Paris last year.", ["75011"], ["Paris"]),
    ("Wohne in 10115 Berlin-Mitte", ["10115"], []),
    ("Abito a 00184 Roma", ["00184"], ["Roma"]),
    ("Moro em 1100-148 Lisboa", ["1100-148"], ["Lisboa"]),
    ("We're at 1012 AB Amsterdam", ["1012 AB"], ["Amsterdam"]),
    ("my zip is 94110, San Francisco", ["94110"], ["San Francisco"]),
    ("Springfield, IL 62704", ["62704"], []),
    ("postcode: ls6 2ab", ["ls6 2ab"], []),
    ("I'm based in Leeds (LS6 2AB)", ["LS6 2AB"], ["Leeds"]),
    ("CEP 01310-100", ["01310-100"], []),
    ("Toronto, ON M5V3L9", ["M5V3L9"], []),
    ("c.p. 08001 Barcelona", ["08001"], ["Barcelona"]),
    ("PO Box 4412, Austin TX 78701", ["4412", "78701"], []),
    ("I live in 28013 and commute by train", ["28013"], ["commute"]),
    ("123 Main St, Springfield 62704, USA", ["62704"], ["USA"]),
    ("Prinsengracht 263, 1016 GV Amsterdam", ["1016 GV", "Prinsengracht 263"], ["Amsterdam"]),
    ("Postfach 10 11 12, 80331 München", ["10 11 12", "80331"], []),
    ("based in sw1a 1aa", ["sw1a 1aa"], []),
    ("wohne in 80331 münchen", ["80331"], []),
    ("I relocated to 1012 ab last year", ["1012 ab"], []),
    ("moro em 01310-100", ["01310-100"], []),
    ("j'habite à 75011", ["75011"], []),
]

DATES_OF_BIRTH: list[Case] = [
    ("I was born 3rd of March 1985 and I'm a nurse.", ["3rd of March 1985"], ["nurse"]),
    ("nato il 12/04/1979 a Napoli", ["12/04/1979"], []),
    ("DOB: 1985-03-03", ["1985-03-03"], []),
    ("geboren am 3. März 1985 in Köln", ["3. März 1985"], []),
    ("né le 3 mars 1985", ["3 mars 1985"], []),
    ("Nací el 3 de marzo de 1985.", ["3 de marzo de 1985"], []),
    ("nasci em 03/03/1985, sou contabilista", ["03/03/1985"], ["contabilista"]),
    ("Date of birth 03.03.1985", ["03.03.1985"], []),
    ("my birthday is March 3, 1985", ["March 3, 1985"], []),
    ("I was born on the 3rd March, 1985", ["3rd March, 1985"], []),
    ("Born: 3/3/85", ["3/3/85"], []),
    ("D.O.B. 12-Apr-1979", ["12-Apr-1979"], []),
    ("fecha de nacimiento: 12/04/1979", ["12/04/1979"], []),
    ("data di nascita 12 aprile 1979", ["12 aprile 1979"], []),
    ("Geburtsdatum: 12.04.1979", ["12.04.1979"], []),
    ("date de naissance : 12/04/1979", ["12/04/1979"], []),
    ("data de nascimento: 12 de abril de 1979", ["12 de abril de 1979"], []),
    ("I'm 45, born in April 1979.", ["April 1979"], []),
    ("nata nel 1979 a Torino", ["1979"], []),
    ("b. 1985-03-03, payroll since 2010", ["1985-03-03"], ["2010"]),
    ("DOB 03031985", ["03031985"], []),
    ("d.o.b 3 mar 85", ["3 mar 85"], []),
    ("nacida el 3-III-1985", ["3-III-1985"], []),
    ("née en 1985 à Lyon", ["1985"], []),
    ("nato a Napoli il 12 aprile 1979", ["12 aprile 1979"], []),
    ("Nació el 12 de abril del 1979", ["12 de abril del 1979"], []),
    ("Fecha nac: 12/04/1979", ["12/04/1979"], []),
    ("I'm born March 3rd '85", ["March 3rd '85", "'85"], []),
    ("born in Lisbon on 3 March 1985", ["3 March 1985"], []),
    ("geboren in Köln am 3. März 1985", ["3. März 1985"], []),
    ("née à Lyon le 3 mars 1985", ["3 mars 1985"], []),
    ("nacida en Sevilla el 3 de marzo de 1985", ["3 de marzo de 1985"], []),
    ("nascida em Braga a 12 de abril de 1979", ["12 de abril de 1979"], []),
    ("F. de nacimiento: 03/03/1985", ["03/03/1985"], []),
    ("Nascimento: 03/03/1985", ["03/03/1985"], []),
    ("nací en 1985 en Bilbao", ["1985"], []),
    ("Ich wurde am 3. März 1985 in Köln geboren", ["3. März 1985"], []),
    ("aniversário 3 de março", ["3 de março"], []),
]

EMAILS: list[Case] = [
    ("write to ana [at] mail [dot] com", ["ana [at] mail [dot] com", "mail [dot] com"], []),
    ("Kontakt: ana(at)mail.de", ["ana(at)mail.de", "mail.de"], []),
    ("ANA.PEREZ@GMAIL.COM is my mail", ["ANA.PEREZ@GMAIL.COM", "PEREZ"], []),
    ("use ana+jobs@gmail.com for replies", ["ana+jobs@gmail.com", "ana+jobs"], []),
    ("mi correo es ana punto perez arroba gmail punto com", ["arroba gmail punto com"], []),
    ("mon mail : ana.perez at orange dot fr", ["ana.perez", "orange dot fr"], []),
    ("e-mail: ana_perez (at) web (dot) de", ["ana_perez", "web (dot) de"], []),
    ("email me: ana.perez@acme-corp.co.uk", ["ana.perez@acme-corp.co.uk", "acme-corp.co.uk"], []),
    ("mail ana{at}gmx{dot}net", ["ana{at}gmx{dot}net", "gmx{dot}net"], []),
    ("ana @ gmail . com", ["gmail . com"], []),
    ("ana (a) gmail.com", ["gmail.com"], []),
    ("schreib an ana [ät] web [punkt] de", ["web [punkt] de"], []),
    ("ana arobase orange point fr", ["orange point fr"], []),
    ("ana chiocciola libero punto it", ["libero punto it"], []),
    ("ana.perez＠gmail.com", ["gmail.com", "ana.perez"], []),
]

NATIONAL_IDS: list[Case] = [
    ("SSN 123-45-6789", ["123-45-6789"], []),
    ("my social is 123 45 6789", ["123 45 6789"], []),
    ("NI number: QQ 12 34 56 C", ["QQ 12 34 56 C", "QQ 12"], []),
    ("National Insurance AB123456C", ["AB123456C"], []),
    ("DNI 12345678-Z", ["12345678-Z", "12345678"], []),
    ("mi NIE es X-1234567-L", ["X-1234567-L", "1234567"], []),
    ("codice fiscale RSSMRA85C03H501Z", ["RSSMRA85C03H501Z"], []),
    ("CF: rssmra85c03h501z", ["rssmra85c03h501z"], []),
    ("Steuer-ID 12 345 678 901", ["12 345 678 901", "678 901"], []),
    ("meine Steueridentifikationsnummer ist 12345678901", ["12345678901"], []),
    ("numéro de sécurité sociale 1 85 03 75 116 001 42", ["1 85 03 75 116 001 42", "75 116"], []),
    ("NIR 185037511600142", ["185037511600142"], []),
    ("CPF 123.456.789-09", ["123.456.789-09", "456.789"], []),
    ("meu CPF é 12345678909", ["12345678909"], []),
    ("NIF 123456789", ["123456789"], []),
    ("passport number 533380006", ["533380006"], []),
    ("Passport: X1234567", ["X1234567"], []),
    ("Reisepass C01X00T47", ["C01X00T47"], []),
    ("passeport n° 12AB34567", ["12AB34567"], []),
    ("passaporto YA1234567", ["YA1234567"], []),
    ("pasaporte PAA123456", ["PAA123456"], []),
    ("carta d'identità CA00000AA", ["CA00000AA"], []),
    ("Personalausweis L01X00T47", ["L01X00T47"], []),
    ("CF RSSMRA 85C03 H501Z", ["RSSMRA 85C03 H501Z", "85C03"], []),
    ("cartão de cidadão 12345678 9 ZZ1", ["12345678", "ZZ1"], []),
    ("carta d'identità n. CA00000AA", ["CA00000AA"], []),
    ("RG 12.345.678-9", ["12.345.678-9"], []),
    ("numero de seguridad social 28/12345678/90", ["12345678", "78/90"], []),
    ("Mein Personalausweis hat die Nummer L01X00T47", ["L01X00T47"], []),
    ("Sozialversicherungsnummer 12 120385 M 012", ["120385", "M 012"], []),
    ("DNI 12.345.678 Z", ["12.345.678"], []),
    ("Mi número de la Seguridad Social es 281234567890", ["281234567890"], []),
]

# Chat forms: a cue, then a few words, then the date; month names, ISO, spelled out, no year.
DATES_OF_BIRTH_CHAT: list[Case] = [
    ("my bday is june 2nd 84, do I tell HR?", ["june 2nd 84"], ["HR"]),
    ("the form says DOB in dd/mm/yyyy so I typed 02/06/1984", ["02/06/1984"], ["dd/mm/yyyy"]),
    ("they asked my date of birth which is 2 jun 1984 for the vetting", ["2 jun 1984"], ["vetting"]),
    ("born in 1984 on june the 2nd, now a forklift driver", ["june the 2nd", "1984"], ["forklift driver"]),
    ("born on the second of june nineteen eighty-four", ["second of june nineteen eighty-four"], []),
    ("f. nac 2.6.1984, soy cocinero", ["2.6.1984"], ["cocinero"]),
    ("mi cumple es el 2 de junio del 84", ["2 de junio del 84"], []),
    ("ddn 02.06.84, je suis cariste", ["02.06.84"], ["cariste"]),
    ("ma date de naissance (2 juin 1984) pour la mutuelle", ["2 juin 1984"], ["mutuelle"]),
    ("da steht geb.-datum und ich schrieb 1984-06-02", ["1984-06-02"], []),
    ("pedem dt nasc e coloquei 1984-06-02", ["1984-06-02"], []),
    ("data de nasc.: 02/06/1984", ["02/06/1984"], []),
    ("faço anos a 2 de junho e sou rececionista", ["2 de junho"], ["rececionista"]),
    ("compio gli anni il 2 giugno, classe 1984, sono magazziniere", ["2 giugno", "1984"], ["magazziniere"]),
]

# Employee, national and bank numbers after the cues people use, and ids with a recognisable shape.
IDS_MORE: list[Case] = [
    ("I, employee ref KLM/4471/09, raise a grievance", ["KLM/4471/09", "4471"], ["grievance"]),
    ("con el nº de matrícula ABCD-12345 entro al sistema", ["ABCD-12345", "12345"], []),
    ("legajo 22.913, me cambiaron el turno", ["22.913"], ["turno"]),
    ("Matricule salarié : RATP-4410-77", ["RATP-4410-77", "4410"], []),
    ("nº mecanográfico 55120, pedi horário flexível", ["55120"], ["horário flexível"]),
    ("n.º de colaborador 4471 na fábrica", ["4471"], ["fábrica"]),
    ("my employee id there was ABC-443210, night supervisor", ["ABC-443210", "443210"], ["night supervisor"]),
    ("my green card number is MSC1234567890 and e-verify failed", ["MSC1234567890"], ["e-verify"]),
    ("NRIC T0123456G for the portal", ["T0123456G"], []),
    ("my CURP is PEGJ850315HDFRRN09", ["PEGJ850315HDFRRN09"], []),
    ("piden el PEGJ850315HDFRRN09 para la beca", ["PEGJ850315HDFRRN09"], ["beca"]),
    ("cf: mrt pla 82 a41 h501 u", ["mrt pla 82 a41 h501 u", "h501"], []),
    ("Codice Fiscale: VRD GPP 75 E12 F205 X", ["VRD GPP 75 E12 F205 X", "F205"], []),
    ("sort code 20-11-22 account 55102938 for the final pay", ["55102938"], ["final pay"]),
    ("agência 1234 conta 55219-3 itaú para o salário", ["1234", "55219-3"], ["salário"]),
]

PHONES_MORE: list[Case] = [
    ("my ssn its 5 1 2 - 4 4 - 9 0 8 1 for the w-4", ["5 1 2 - 4 4 - 9 0 8 1"], ["w-4"]),
    ("whatsapp al 3 4 7 - 5 5 1 - 2 0 9 8", ["3 4 7 - 5 5 1 - 2 0 9 8"], []),
    ("number: oh seven seven one two, three four five, six seven eight", ["three four five, six seven"], []),
    ("appelle-moi au zéro sept, onze, vingt-deux, trente-trois, quarante-quatre", ["trente-trois"], []),
    ("Tel.: +33 (0) 1 / 4455 6677", ["4455 6677", "(0) 1 / 4455"], []),
]

ADDRESSES_MORE: list[Case] = [
    ("they posted it to 9 willow way, cb4 2ja last week", ["9 willow way", "cb4 2ja"], ["last week"]),
    ("letters go to 14c, the green, le2 7ab", ["14c, the green", "le2 7ab"], []),
    ("i live at 40 station road m20 and work in salford", ["40 station road", "m20"], ["salford"]),
    ("I live in 212 w 85th st, 10024, doorman jobs?", ["212 w 85th st", "10024"], ["doorman"]),
    ("Current address\n7 Hawthorn Grove\nLeeds\nLS8 1AB", ["7 Hawthorn Grove", "LS8 1AB"], ["Leeds"]),
    ("the flat is at Top Farm Cottage, Little Harwood BB1 5NE", ["Top Farm Cottage", "BB1 5NE"], []),
    ("caravan plot 22, seaview park, tq4 6hb is home", ["plot 22", "tq4 6hb"], []),
    ("mail goes to gpo box 1190 sydney nsw 2001 now", ["box 1190", "2001"], []),
    ("unit 3/18 Smith St, Fitzroy VIC 3065 is my place", ["3/18 Smith St", "3065"], []),
    ("vivo en calle del pinar 14, 2ºA, 46001 valencia", ["calle del pinar 14", "46001"], ["valencia"]),
    ("c/ mayor 3 bajo dcha, 24001 leon", ["c/ mayor 3", "24001"], []),
    ("pasaje las rosas 880, depto 5, providencia", ["pasaje las rosas 880"], ["providencia"]),
    ("mon adresse c 14 bd victor hugo 06000 nice", ["14 bd victor hugo", "06000"], []),
    ("je vis chemin des Lilas 4, 1800 Vevey", ["chemin des Lilas 4", "1800"], ["Vevey"]),
    ("ich wohne in der lindenstraße 12/3/4, 1070, wien", ["lindenstraße 12/3/4", "1070"], []),
    ("bern 3011, kramgasse 49 – neuer job in thun", ["3011", "kramgasse 49"], ["thun"]),
    ("wir wohnen am birkenweg 8, 1. OG rechts, 38100 braunschweig", ["birkenweg 8", "38100"], []),
    ("moro na rua das flores 210, apto 31, CEP 04094-050", ["rua das flores 210", "04094-050"], []),
    ("moro em av. paulista 900 bloco a ap 12, sp", ["av. paulista 900"], []),
    ("o meu código postal é 4000-322 porto", ["4000-322"], ["porto"]),
    ("CEP 22041001 - curso perto?", ["22041001"], []),
    ("mi cp es 41001, hay cursos?", ["41001"], []),
    ("abito in via mazzini 22, cap 37121 verona", ["via mazzini 22", "37121"], ["verona"]),
    ("cap 10121, corsi gratuiti in zona?", ["10121"], []),
    ("sto in p.zza garibaldi 5 sc. A, 43121 parma", ["p.zza garibaldi 5", "43121"], []),
    ("alloggio in vicolo dei fiori 3/b, 39100.", ["vicolo dei fiori 3/b", "39100"], []),
    ("moro na Rua Vila de Rei 9, 2.º esq, 1500-101, lisboa", ["Rua Vila de Rei 9", "1500-101"], []),
    ("av. da liberdade 110, 1250-146 lisboa", ["av. da liberdade 110", "1250-146"], ["lisboa"]),
    ("moving to 12 high st, bristol bs1 4dj", ["12 high st", "bs1 4dj"], ["bristol"]),
    ("apt 4b, 300 e 57th st, new york, ny 10022", ["300 e 57th st", "10022"], ["new york"]),
    ("wohnhaft in 1010 wien, stephansplatz 1", ["1010", "stephansplatz 1"], ["wien"]),
]

PROFILES_MORE: list[Case] = [
    ("mon book est sur malt.es/profile/anagarcia", ["malt.es/profile/anagarcia", "anagarcia"], []),
    ("check talent.example-jobs.de/in/jan-meyer-42 too", ["jan-meyer-42"], []),
    ("find me on codeberg.org/user/devana42 for code", ["devana42"], ["code"]),
]

# Unusual forms: rural places, plots, form fields, lower-case postcodes at the end of an address line,
# ids of many countries after the word for their document, masked ids, provider-only emails.
UNUSUAL: list[Case] = [
    ("lieu-dit les trois chênes, 19300 égletons", ["les trois chênes", "19300"], ["égletons"]),
    ("frazione colle basso 14, 06081 assisi", ["colle basso 14", "06081"], ["assisi"]),
    ("camino del molino s/n, 18600 motril", ["camino del molino s/n", "18600"], ["motril"]),
    ("carrera 9 # 71-20, piso 4, medellín", ["9 # 71-20"], ["medellín"]),
    ("quadra 8, lote 21, setor sul", ["quadra 8", "lote 21"], ["setor sul"]),
    ("plot 52, sector g-9/1, rawalpindi 46000", ["plot 52", "46000"], ["rawalpindi"]),
    ("4-7-2 nishi-machi, minato-ku, osaka 552-0007", ["4-7-2 nishi-machi", "552-0007"], []),
    ("casilla de correos 45, 8400 bariloche", ["casilla de correos 45", "8400"], ["bariloche"]),
    ("rural route 2, box 31, morden mb r6m 1a4", ["box 31", "r6m 1a4"], []),
    ("Hausnummer: 12a, Straße: Am Weiher", ["12a", "Am Weiher"], []),
    ("The Old Bakery, Little Dunmow, CM6 3HT", ["The Old Bakery", "CM6 3HT"], []),
    ("Lilac Cottage, Mill Lane, Hawes, DL8 3NS", ["Lilac Cottage", "DL8 3NS"], []),
    ("I live at 7 garrison lines, catterick dl9 4bb", ["7 garrison lines", "dl9 4bb"], []),
    ("c/o my cousin, 15 tern avenue, glenmore park 2745 — for the payslips", ["2745"], ["payslips"]),
    ("corso vittorio 12, 2° piano, 10128 to", ["10128"], []),
    ("maintenant au 8 rue des lilas\n35000 rennes, je cherche en logistique", ["35000"], ["logistique"]),
    ("my ni number, it's zt 12 34 56 a — do I give it now?", ["zt 12 34 56 a"], []),
    ("mine is jh654321c, typed wrong twice", ["jh654321c"], []),
    ("the letter shows SSN ***-**-4410 only", ["***-**-4410"], []),
    ("nómina: DNI ****5566K", ["****5566K"], []),
    ("my residence card is number BRQ8814402 for the job", ["BRQ8814402"], []),
    ("mi cédula de extranjería es E4471209, trabajo en obra", ["E4471209"], ["obra"]),
    ("aufenthaltserlaubnis nr. K7M21P9XZ, gilt die?", ["K7M21P9XZ"], []),
    ("sou moçambicano, bilhete de identidade 110100923344B", ["110100923344B"], []),
    ("personal: k.arslan (klammeraffe) web (punkt) de", ["k.arslan (klammeraffe) web (punkt) de"], []),
    ("or my backup, lenamoss [at] hotmail, whichever", ["lenamoss [at] hotmail"], []),
    ("b. 3 sep 1988 — should that stay on the CV?", ["3 sep 1988"], ["CV"]),
    ("nasci a 2 de novembro de 1979 e sou eletricista", ["2 de novembro de 1979"], ["eletricista"]),
    ("born on the second of august 1985 — forklift driver since 2010", ["1985"], ["since 2010"]),
    ("my share code is K4T 9PX 2MQ for the new agency", ["K4T 9PX 2MQ", "2MQ"], ["agency"]),
    ("Favoritner Straße 88/4/12, Wien", ["88/4/12", "/4/12"], ["Wien"]),
    ("flat at #11-204, blk 33 jurong west st 41, singapore 640033", ["#11-204", "640033"], []),
]

# Emails typed letter by letter or behind a quote, and addresses in more countries' forms.
DISGUISED: list[Case] = [
    ("mail: k a t j a . b 9 @ w e b . d e thanks", ["k a t j a . b 9 @ w e b . d e"], ["thanks"]),
    ("write to 't_okafor' at yahoo about the shift", ["t_okafor"], ["shift"]),
    ("cv sent from s.tanaka at nifty dot ne dot jp today", ["s.tanaka", "nifty"], ["today"]),
    ("escribe a lrojas arroba udec punto cl si quieres", ["lrojas", "udec"], ["si quieres"]),
    ("〒060-0042 Sapporo, a warehouse job near home", ["060-0042"], ["warehouse job"]),
    ("I rent at 1-22-7 Ebisu-Minami, Shibuya-ku, need a visa job", ["1-22-7 Ebisu"], ["visa job"]),
    ("Fukuoka-shi Hakata-ku Gion 4-11-3, night cook", ["Gion 4-11-3", "4-11-3"], ["night cook"]),
    ("mieszkam: ul. Kwiatowa 8 m. 12, 61-720 Poznań", ["Kwiatowa 8", "61-720"], ["Poznań"]),
    ("os. Słoneczne 4/19, 30-081 Kraków; szukam pracy", ["Słoneczne 4/19", "30-081"], ["szukam pracy"]),
    ("12 Station Cottages, Little Dunham, a farm job", ["12 Station Cottages"], ["farm job"]),
    ("vivo en Rúa Nova 41, Lugo, soy cocinero", ["Rúa Nova 41"], ["cocinero"]),
    ("alloggio: Lungomare Colombo 17, Rimini, cameriera", ["Lungomare Colombo 17"], ["cameriera"]),
    ("Résidence Les Tilleuls, bât. C, Lyon : je cherche", ["Les Tilleuls, bât. C"], ["je cherche"]),
    ("Quartier Médina, rue 14, porte 208, Dakar, chauffeur", ["rue 14, porte 208"], ["chauffeur"]),
    ("wohne An der Linde 12, 79098 Freiburg, Pflegekraft", ["An der Linde 12", "79098"], ["Pflegekraft"]),
    ("endereço: Rua do Sol, s/n, Centro, pedreiro", ["Rua do Sol, s/n"], ["pedreiro"]),
    ("we live at [address], Midrand 2066 and I drive a truck", ["2066"], ["drive a truck"]),
]

# Fourth round: full-width and doubled at signs, a provider's local part alone, links read out as words,
# rural route boxes, compact codes after their label, South Asian and Singapore address lines, German
# address blocks, birth dates spaced, compact, spelled in other languages or after a cohort word, work
# logins and Brazilian branch and account pairs.
FOURTH_ROUND: list[Case] = [
    ("write to me at ｊｏ．ｂｅｌｌ＠ｇｍａｉｌ．ｃｏｍ please", ["ｊｏ．ｂｅｌｌ"], ["please"]),
    ("reach me: sam_lee77@@outlook.com", ["sam_lee77"], []),
    ("my hotmail is dock.worker_81, thanks", ["dock.worker_81"], ["thanks"]),
    ("contact: rigger_09 ＠ yahoo ． com for the site job", ["rigger_09"], ["site job"]),
    ("find me at github dot com slash tomas-welds", ["tomas-welds"], []),
    ("HCR 3 Box 118, Moab UT 84532, ranch hand", ["HCR 3 Box 118", "84532"], ["ranch hand"]),
    ("postcode is m4b1b3, warehouse jobs nearby?", ["m4b1b3"], ["warehouse"]),
    ("mon code postal c'est 69007, je fais du ménage", ["69007"], ["ménage"]),
    (
        "h. no. 8, 5th cross, 1st main, mysuru 570009 — delivery job",
        ["5th cross", "570009"],
        ["delivery job"],
    ),
    ("we live at 22 c, gali 3, sector 9, faridabad 121006", ["gali 3", "121006"], ["faridabad"]),
    ("HDB: blk 208 bishan st 23 #05-211, cleaner", ["bishan st 23", "#05-211"], ["cleaner"]),
    ("Résidence du Parc, appartement 14, Nantes", ["du Parc, appartement 14"], ["Nantes"]),
    ("Bewerbung\nZum Steinbruch 4\n35390 Gießen", ["Zum Steinbruch 4", "35390"], ["Gießen"]),
    ("Ortsteil Kleinhausen Nr. 12, 94469 Deggendorf", ["Kleinhausen Nr. 12", "94469"], ["Deggendorf"]),
    ("R. das Flores 88, ap 3, Curitiba, 80010 120", ["das Flores 88", "80010 120"], ["Curitiba"]),
    ("born 21 / 11 / 1979, is that too old for an apprenticeship?", ["21 / 11 / 1979"], ["apprenticeship"]),
    ("b. 2 Feb '91, forklift licence", ["2 Feb '91"], ["forklift licence"]),
    ("DOB field: I typed 19910417 there", ["19910417"], []),
    ("sono del 12/5/79, troppo vecchio per il magazzino?", ["12/5/79"], ["magazzino"]),
    (
        "nací el catorce de julio de mil novecientos noventa, soy camarero",
        ["catorce de julio", "novecientos"],
        ["camarero"],
    ),
    ("Jahrgang 91, exakt 14.2.91, Lagerist", ["14.2.91"], ["Lagerist"]),
    ("classe '68, il 02-03-1968 per la precisione", ["02-03-1968"], []),
    ("my warehouse login is mkrausz and the roster app", ["mkrausz"], ["roster app"]),
    ("the login: t.okoye3", ["t.okoye3"], []),
    ("matrícula interna 55-0192, turno de noche", ["55-0192"], ["turno de noche"]),
    ("ag 3321 c/c 0045871-2 no banco, me pagaram errado", ["0045871-2", "3321"], ["pagaram errado"]),
]

# Fifth round: emails and addresses as pasted (HTML entities, URL and JSON escapes, emoji, OCR
# misreadings, form fields, vCards), halves of an address, and more countries' shapes.
PASTED: list[Case] = [
    ("reach me: tomas.reyes&#64;mailbox.org please", ["tomas.reyes"], ["please"]),
    ("reach me: t&#x6f;mas&#x40;acme&#x2e;io please", ["mas&#x40;acme"], ["please"]),
    ("[write](mailto:priya.n%40uni-leeds.ac.uk) to me", ["priya.n%40uni"], ["to me"]),
    ('"contact": "devi.kumar\\u0040outlook.com"', ["devi.kumar"], ['"contact"']),
    ("my mail is kofi.m &commat; yahoo&period;com", ["kofi.m"], []),
    ("use jamal.b#hotmail.co.uk (swap the hash)", ["jamal.b"], ["swap the hash"]),
    ("it's nadia 🦊 outlook.com lol", ["nadia"], ["lol"]),
    ("first half of my email is sven.ek.81, rest later", ["sven.ek.81"], ["rest later"]),
    ("send to greta.holm@ then the company domain", ["greta.holm@"], ["company domain"]),
    ("write to ana [dot] lima [at] proton [dot] me", ["ana [dot] lima"], []),
    ("its j dot mwangi 7 at gmail ok", ["mwangi 7"], []),
    ("reversed for bots: moc.liamg@nosduh_k", ["nosduh"], ["reversed for bots"]),
    ("home: 9 Mi11 Lane, Hex4am, NE46 3PQ", ["9 Mi11 Lane", "NE46 3PQ"], []),
    ("Anschrift: Lindenstra&szlig;e 4, 1O115 Berlin", ["4, 1O115", "1O115"], ["Berlin"]),
    ("Postal&nbsp;address: 4 Elm Rd, Perth WA&nbsp;6000", ["6000", "4 Elm Rd"], []),
    ('{"zip": "02139", "street": "88 Vassar St"}', ["02139", "88 Vassar"], ['"zip"']),
    ("| PLZ | 80331 |\n| Straße | Sendlinger Str. 7 |", ["80331", "Sendlinger"], ["| PLZ |"]),
    ("ADR;TYPE=work:;;Kungsgatan 5;Stockholm;;111 43;Sverige", ["Kungsgatan 5", "111 43"], ["Sverige"]),
    ("I'm on Church Lane, number 7, Kettering", ["Church Lane, number 7"], []),
    ("vivo en la Avenida Libertad, número 30, Murcia", ["Libertad, número 30"], ["Murcia"]),
    ("Addr: Vesterbrogade 12, 2. th., 1620 København V", ["Vesterbrogade 12", "1620"], []),
    ("Oslo address: Bogstadveien 20 H0201, 0355 Oslo", ["Bogstadveien 20", "0355"], []),
    ("ul. Piękna 3, 00-549 Warszawa", ["00-549"], ["Warszawa"]),
    ("my zip is four-one-two-zero-six", ["four-one-two-zero-six"], []),
    ("zip code one oh two two three", ["one oh two two three"], []),
    ("A-1070 Wien is where I live now", ["A-1070"], ["Wien"]),
    ("Brasília: SQS 104 Bloco C ap 305", ["104 Bloco C ap 305"], []),
    ("del parque central 300 metros al sur y 50 al este, casa verde", ["300 metros al sur"], []),
    ("my postcode is LS6 then I forgot the rest", ["LS6"], ["forgot the rest"]),
    ("12 Heol y Nant, Caerphilly", ["12 Heol y Nant"], ["Caerphilly"]),
    ("Adresse : 3 clos des Vignes, 21000 Dijon", ["3 clos des Vignes", "21000"], ["Dijon"]),
    ("Gangnam office: 12, Seolleung-ro 86-gil", ["Seolleung-ro 86-gil"], []),
    ("3 lotissement Les Pins 🌲 33610 Cestas", ["3 lotissement Les Pins", "33610"], ["Cestas"]),
    ("bin in der Ahornallee, Nr. 9, in Fulda", ["Ahornallee, Nr. 9"], ["Fulda"]),
    ("Physical: Erf 1187, Stellenbosch [postcode]", ["Erf 1187"], []),
    ("c'est 38130, Échirolles-Ouest pour le trajet", ["38130"], []),
    ("mail: ana<span>@</span>acme.org, thanks", ["ana<span>@</span>acme"], ["thanks"]),
    ("ｊｏ．ｗｕ＠ｇｍａｉｌ．ｃｏｍ is my phone's way of typing it", ["ｊｏ．ｗｕ"], ["phone's way"]),
    ("escaped by the editor: ana\\_perez\\@acme.org", ["ana\\_perez"], ["escaped by the editor"]),
    (
        "{'postalCode': 'LS1 4AB', 'streetAddress': '12 Queen St', 'city': 'Leeds'}",
        ["LS1 4AB", "12 Queen"],
        ["Leeds"],
    ),
    (
        '{"homeStreet": "Queen\'s Road 4", "billingZip": "90210", "role": "cook"}',
        ["Queen's Road 4", "90210"],
        ["cook"],
    ),
]
# The sixth round: chat forms of addresses and a form's fields named before their values.
SIXTH_ROUND: list[Case] = [
    ("Calle 10 Sur # 52-31, Cali, busco trabajo de cocinero", ["Calle 10 Sur # 52-31"], ["cocinero"]),
    ("moro na Rua Direita, n.º 112, em Viseu", ["Rua Direita, n.º 112"], ["Viseu"]),
    ("sto in Vico Pace 7, a Salerno, faccio il magazziniere", ["Vico Pace 7"], ["magazziniere"]),
    ("j'habite 8 résidence la Pinède, 13008 Marseille", ["8 résidence la Pinède", "13008"], ["Marseille"]),
    ("Elbchaussee 212, 22605 Hamburg", ["Elbchaussee 212", "22605"], ["Hamburg"]),
    ("wohne in der Harburger Chaussee 9, Schichtarbeit ok", ["Harburger Chaussee 9"], ["Schichtarbeit"]),
    ("Home: 4 Rimu Road, Glen Eden, Auckland 0602. Forklift ticket", ["4 Rimu Road", "0602"], ["Forklift"]),
    (
        "Home: 30 Tui Street, Frankton, Hamilton 3204. I drive trucks",
        ["30 Tui Street", "3204"],
        ["I drive trucks"],
    ),
    ("I went to 9 Mill Lane, Leeds 2019. Got the job", ["9 Mill Lane"], ["Leeds 2019"]),
    ("vivo en el 46021 de Valencia y busco turno de noche", ["46021"], ["Valencia", "turno de noche"]),
    (
        "the embassy wants my passport number and date of birth, that's K4410937 and 1988-03-27",
        ["K4410937", "1988-03-27"],
        ["embassy"],
    ),
]

# Forms found by a brainstorm of email disguises and house-address conventions and by two blind sets
# (evals/pii/dev9.yaml, dev10.yaml), 2026-12-03.
FIFTH_ROUND: list[Case] = [
    ("my contact is anaperez at gmail, I'm a nurse", ["anaperez"], ["nurse"]),
    ("write to anaperez on gmail for the rota", ["anaperez"], ["rota"]),
    ("my email address is jdoherty at gmail", ["jdoherty"], []),
    ("ana.perez em gmail ponto com, sou enfermeira", ["ana.perez"], ["enfermeira"]),
    ("ana.perez bei gmx punkt de für die Bewerbung", ["ana.perez"], ["Bewerbung"]),
    ("mi correo es anaperez88 de gmail punto com", ["anaperez88"], []),
    ("ana.perez-at-gmail-dot-com on the CV", ["ana.perez"], ["CV"]),
    ("anaperez 'at' gmail 'dot' com please", ["anaperez"], ["please"]),
    ("anaperez_at_gmail_dot_com please", ["anaperez"], ["please"]),
    ("ana period perez at gmail period com", ["perez at gmail"], []),
    ("email (personal): ana_perez_1990", ["ana_perez_1990"], []),
    ("mi correo: anaperez, gracias", ["anaperez"], ["gracias"]),
    ("ana.perez gmail.com is my address", ["ana.perez"], []),
    ("ana.perez﹫gmail.com for the agency", ["ana.perez"], ["agency"]),
    ("a-n-a-p-e-r-e-z at gmail", ["a-n-a-p-e-r-e-z"], []),
    ("the one that bounced was jrodriguez@gmailcom", ["jrodriguez"], []),
    (
        "now I use this:\npablo.ibarra.\ndlamini77@webmail.co.za\nthanks",
        ["pablo.ibarra.", "dlamini77"],
        ["thanks"],
    ),
    ("Mon courriel c'est f.tremblay (arobas) videotron (point) ca", ["f.tremblay"], []),
    ("el correo es tere.gzz@gmail.com (tere punto gzz)", ["tere punto gzz"], []),
    ("ana.perez @ g m a i l . c o m for the CV", ["ana.perez"], ["CV"]),
    ("hello at anaperez.design for freelance work", ["anaperez"], ["freelance work"]),
    ("ana.perezATgmail.com", ["ana.perez"], []),
    ("my work address was anaperez@empresa for HR", ["anaperez"], ["HR"]),
    ("Reply to rgupta(at)iitalumni(dot)in with the summary", ["rgupta"], ["summary"]),
    # staff numbers read from their sentence (staff_ids.py, dev13's lessons)
    ("my badge says K/7731/02 under the photo, is that a temp badge?", ["K/7731/02"], ["temp badge"]),
    ("soy el operario 5528 de la línea 2 en la planta", ["5528"], ["línea 2"]),
    ("Stempelkarte Nr. 618, der Chef sagt ich hätte nicht gestempelt", ["618"], ["Chef"]),
    ("No SAP meu número pessoal é 00718230, no Workday aparece 718230-PT", ["00718230", "718230-PT"], []),
    ("Codice timbratura 0719: il marcatempo segna uscita alle 16:00", ["0719"], ["16:00"]),
    ("the ID on my lanyard is 'DHL 2298 844' and I need it for the report", ["2298 844"], ["report"]),
    ("I'm number 431 on the shop floor, the supervisor calls us by number", ["431"], ["shop floor"]),
    ("sou o funcionário 712 na obra, isso é normal?", ["712"], ["obra"]),
    ("They asked for my personnel number on the form. It's 5520-31. Must I?", ["5520-31"], ["Must I"]),
    ("Chapa 3391 — sou operador de máquina", ["3391"], ["operador de máquina"]),
    ("I live at 17 Sycamore Cl, Ely CB7 4DL", ["17 Sycamore Cl", "CB7 4DL"], []),
    ("Drottninggatan 5, 111 51 Stockholm, welder", ["Drottninggatan 5", "111 51"], ["welder"]),
    ("my address is Glorieta de Bilbao 1, cook", ["Glorieta de Bilbao 1"], ["cook"]),
    ("I live at Auf dem Berg 7 and drive a bus", ["Auf dem Berg 7"], ["drive a bus"]),
    ("my address is 14 Riverside, Ely", ["14 Riverside"], ["Ely"]),
    ("I live at Rose Cottage, Main Road, Hexham", ["Rose Cottage"], ["Hexham"]),
    ("Jungfernstieg 7, 20354 Hamburg", ["Jungfernstieg 7", "20354"], ["Hamburg"]),
    ("11 Orchard End\n35390 Gießen", ["11 Orchard End", "35390"], ["Gießen"]),
    ("1187 Calle Loma Vista, San Diego, CA 92101 - agency", ["1187 Calle Loma Vista", "92101"], ["agency"]),
    ("42 oak st apt 3 brooklyn ny 11215 is where they send it", ["42 oak st", "11215"], []),
    ("[address]\nColumbus\nOH\n43215", ["43215"], ["Columbus"]),
    ("mi código postal es el 08025, ¿hay trabajos?", ["08025"], ["trabajos"]),
    ("Meine Postleitzahl ist 04109, welche Pflegeheime?", ["04109"], ["Pflegeheime"]),
    ("Ich wohne „Zur alten Mühle 2“ in 54329 Konz", ["Zur alten Mühle 2", "54329"], ["Konz"]),
    ("abito in via san francesco numero diciassette a cagliari, 09124", ["numero diciassette", "09124"], []),
    ("Address: seventeen Orchard Way, Didcot, OX11 7AA", ["seventeen Orchard Way", "OX11 7AA"], ["Didcot"]),
    ("I live on 45th Street, number 318, apartment 2R", ["45th Street, number 318"], []),
    ("Digital address GA-492-7731. Should I list it?", ["GA-492-7731"], ["Should I list it"]),
    ("Casa 14, Urbanización Los Pinos, Quito 170135.", ["170135"], []),
    ("Old address: Osaka-shi, Kita-ku, Tenjinbashi 3-chome 8-12", ["Tenjinbashi 3-chome 8-12"], []),
    (
        "My address in Kerala: Thekkumthala House, Kumaranalloor P.O., Kottayam, Kerala - 686016",
        ["Kumaranalloor P.O.", "686016"],
        ["Kottayam"],
    ),
    ("soy inquilina de Av. Pellegrini 1234, Rosario (S2000), necesito rescindir", ["S2000"], ["rescindir"]),
    ("demeurant Chaussée de Mons 88, 7000 Mons", ["Chaussée de Mons 88", "7000"], []),
    ("PLZ/Ort: 8010 Graz", ["8010"], ["Graz"]),
    ("Wohnung: Oberdorf 47, 6631 Lermoos", ["Oberdorf 47", "6631"], ["Lermoos"]),
    ("alte adresse: am mühlbach 9, 94469 deggendorf", ["am mühlbach 9", "94469"], []),
    (
        "morada antiga: lugar da igreja, casal novo, 3220-154 miranda do corvo",
        ["lugar da igreja", "3220-154"],
        [],
    ),
    (
        "Mi dirección ahora es Lugar de Outeiro 7, Parroquia de Bando, 15893 Santiago",
        ["Lugar de Outeiro 7", "15893"],
        [],
    ),
]


CASES = (
    SIXTH_ROUND
    + PASTED
    + EMPLOYEE_IDS
    + POSTCODES
    + DATES_OF_BIRTH
    + EMAILS
    + NATIONAL_IDS
    + DATES_OF_BIRTH_CHAT
    + IDS_MORE
    + PHONES_MORE
    + ADDRESSES_MORE
    + PROFILES_MORE
    + UNUSUAL
    + DISGUISED
    + FOURTH_ROUND
    + FIFTH_ROUND
)


@pytest.mark.parametrize("text, secrets, keep", CASES)
def test_structured_data_does_not_survive(text, secrets, keep):
    clean, counts = redact(text)
    for secret in secrets:
        assert secret.lower() not in clean.lower(), clean
    for word in keep:
        assert word in clean, clean
    assert counts


@pytest.mark.parametrize("text, secrets, keep", CASES[::7])
def test_structured_data_in_the_history_does_not_survive(text, secrets, keep):
    from langchain_core.messages import AIMessage, HumanMessage

    messages = [HumanMessage(text), AIMessage("Noted."), HumanMessage("What next?")]
    copies, _ = redact_messages(messages)
    for secret in secrets:
        assert secret.lower() not in str(copies[0].content).lower()


# Career talk with numbers that are not personal: it must come back unchanged.
UNCHANGED = [
    "I earn €42,000 a year and have 10 years of experience.",
    "I lead a team of 12 and we passed ISO 9001 in 2019.",
    "Learning Python 3.12 and SQL; 40% of my week is reporting.",
    "In 2019 I moved into payroll; since 2021 I run month-end close.",
    "We process 4500 payslips a month for 350 employees.",
    "Our audit is on 12/04/2024 and the review on 3 March 2025.",
    "Trabajo 40 horas a la semana desde 2018, con un equipo de 15 personas.",
    "Ich arbeite seit 2015 bei einer Firma mit 10000 Mitarbeitern.",
    "Je gère un budget de 250 000 € depuis mars 2020.",
    "Lavoro da 12 anni nel settore, con un fatturato di 3,5 milioni.",
    "Trabalho há 7 anos; o projeto começou em 15 de maio de 2022.",
    "My employer gave a 3% raise in 2023 and the 2024 survey had 87 staff.",
    "I work 37.5 hours a week, shift 2 of 3, ward 7B.",
    "The release was version 2.4.1 on 2024-06-01, ticket count 1250 items.",
    "I was born to do this job, I have done it for 20 years.",
    "I was born in Lisbon and in 2019 moved to Porto.",
    "Plan b. 2019 budget is tight.",
    "In 2019 HR Manager roles opened; in 2023 IT Director roles did.",
    "I moved 20000 records to SAP and I'm living on 35000 a year.",
    "Our 4000 EU Citizens survey, clock 24 hours, personal 2 cents.",
    "We moved 12000 customers to the cloud; 2000 PC Users and 1200 QC Inspectors.",
    "We live in a 24/7 world; the passport office processed 12000 applications in 2019.",
    "ID card readers at 300 sites; tax code 2024 changes affect 1500 employees.",
    "fecha de entrega 12/04/2024; aniversário da empresa em 12 de março; N° 1 in sales for 3 years.",
    "I moved in 2019 to Madrid and relocated in 2021 as a nurse; we moved 1500 km.",
    # words the new street, postcode, phone and id rules read, in career talk
    "I applied via Indeed 3 times; we had 2 close calls and 4 training sessions.",
    "ich habe am arbeitsplatz 3 monitore und mein arbeitsweg dauert 45 minuten.",
    "the staff survey 2023 and the employee handbook 2024 went out.",
    "q3 2nd round, fy24 3rd quarter, an a4 5pp handout, b2 level German.",
    "5 cours de python et 3 place settings for the gala.",
    "le groupe compte 120 000 salariés et 250000 clients.",
    "I managed a key account 250000 customers strong.",
    "we ran sprints 1 2 3 4 5 6 7 last quarter, rota 4 on 4 off.",
    "salary cap 50000 for the team and a cap of 20 hours.",
    # look-alikes of the fifth round's rules
    "Email assistants in Outlook and Gmail draft carrier follow-ups.",
    "I worked 5 years at Yahoo as an engineer; the team at Yahoo HR said no.",
    "I rely on gmail and outlook; sono su gmail; ich bin bei GMX.",
    "en lugar de ir a la oficina, trabajo desde casa 3 días.",
    "I work in Building 7 off Route 66. We just got ISO 9001 certified.",
    "I'm at 40 Hours a week; I live at 10 Minutes from the depot.",
    "Im Durchschnitt 30 Anrufe pro Stunde, im Team 5 Leute.",
    "lunch@noon with the team, then the SQL@scale meetup.",
    "I have been a driver for 12 years and drove 4500 routes; payroll for 850 staff, budget 1200000.",
    "We use Workday 2024R2 for payroll and I passed the PL-300 exam; my p60 says 1257L.",
    "Im Personalwesen arbeite ich seit 2015 mit 3000 Akten und der Rechnung RE-2025-1187.",
    "can you check my signature? Payroll Officer, Ext. 4417",
    "I'm 300 miles from home and worked 2019-2023 on the 0900-1700 shift.",
    "My shift pattern is N4 and the rota has 24 shifts; invoice INV-2026-0481 is paid.",
    "tenho 2 anos de experiência na rua como vendedor 5 dias por semana.",
    "piazza affari 2019 listing, la classe 2019 del master.",
    "the anniversary of the company on 12 March 2019 was fun.",
    "revenue grew +12 000 000 € last year, +15% yoy.",
    "I moved in 2019 to Vienna and we moved 1500 boxes; ich wohne seit 2019 in Graz.",
    "we were based in 1200 sites and living in 2 cities, in 3000 stores across 4 states.",
    # words the rules for unusual addresses and ids read
    "my w-2 box 1 shows 38,100 and box 12 code e; I sold a lot 14, then 12000 customers later quit.",
    "card reader model HID5427CK, pin 3 on the board, visa sponsorship for 120000 a year?",
    "route 66, exit 12, then the depot; sector 4, zone b; unit 3, module 4 of the course.",
    "in 2019, 4500 payslips; by 2023, 1200 errors; a team of 40, floor 3, desk 12.",
    # words the rules for disguised emails and more countries' addresses read
    "I joined in 2019 at Yahoo, i.e. at yahoo I led 3 teams; see et al. Nature 12 for the study.",
    "Im Jahr 2019, am Montag 3, hatten wir 10-120 Tickets; score 3 @ 5 . 2 on the test.",
    "the goal is net zero by 2050, we plan 2040 targets and 3 rounds of review.",
    # words the fourth round's rules read: a public helpline, law numbers, logins that are broken,
    # a plant's layout, a time after "email:", a home town, a ticket near a birth-date question
    "I rang the free advice helpline on 0808 802 0000 last week.",
    "a reforma da Lei 14.020/2020 mudou o meu contrato",
    "ho fatto il corso primo soccorso D.M. 388/2003 in azienda",
    "my login is broken again and the rota app is slow",
    "sector 4, block 2 and lane 3 are my areas on the warehouse floor",
    "email: 10.30am works for the interview",
    "soy de Sevilla y trabajé del 2015 al 2019 en hostelería",
    "in 2019, 2nd phase, 3rd stage of the rollout",
    "worked OT sunday 12, monday 8",
    "the ticket is 19850723 and my DOB question is separate",
    # what the fifth round's rules read: entities and symbols in prose, group mentions and code,
    # gates and ranges before a capital, a document's number, OCR-like product names
    "R&D; AT&T and P&G &amp; H&M are on my list; 40% of jobs, a 20%-30% raise",
    "I use C# and F# daily and apply via Indeed #3; score 5*4",
    "ping @here or @everyone in Slack, and @Override in Java is fine",
    "in Angular I used @Input and @Component, and @dataclass(frozen=True) in Python",
    "Departure gate 44 at Heathrow is where I work security",
    "we shipped 10-100 units, 20-300 Employees in 3 sites",
    "PO 4500012345 and invoice no. 20240117 are on the delivery note",
    "npm install react@latest and our format is firstname.lastname@ plus the domain",
    "Win10, Office365, COVID19, O2 Arena, ISO9001, H1B visa, B1 English, S01E01",
    "I manage 15000, London is expensive; I got 45000, Paris is dear",
    "email me about the job that starts with v2.1 of the app",
    "de la oficina 200 metros hasta el metro, y la formation code CPF RS5487",
    "| Role | Bus driver |\n| Years | 12 |",
    '{"role": "Recepcionista", "years": "4"}',
    "in Stockholm I worked at Storgatan Consulting for 5 years",
    # a team mailbox without its domain names nobody; an ordinal floor is not a house number
    "I moderate the help@ inbox and the careers@ one, about 40 mails a day",
    "the interview is at Av. Brasil, no 3º andar, at 10h",
    # a year after a town is a year unless it ends an address right after the street
    "I studied in Leeds, Manchester 2019. Then I moved on",
    "la sede è in Via Roma, no 2° piano",
    # an id cue far from a code is not the code's name
    "I need a visa for the trip, and the booking code they sent is BK2024-7781",
]


def test_only_the_decoded_span_is_replaced():
    # the shadow copy is for matching: what the rules leave alone comes back byte for byte
    text = "R&amp;D lead &ndash; mail ana&#46;b&#64;acme&#46;org&nbsp;or 📞 later"
    clean, counts = redact(text)
    assert clean == "R&amp;D lead &ndash; mail [email]&nbsp;or 📞 later"
    assert counts == {"email": 1}


def test_date_after_a_birthday_is_not_a_birth_date():
    clean, _ = redact("my birthday is 02.05.91 and the contract ends 31.03.27")
    assert "02.05.91" not in clean
    assert "31.03.27" in clean


@pytest.mark.parametrize("text", UNCHANGED)
def test_career_numbers_survive(text):
    assert redact(text) == (text, {})
