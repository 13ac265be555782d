"""Personal data as people type it in a chat, in passing (issue #17, evals/pii/dev2.yaml): ids after
a qualifier or in brackets, ids of more countries, addresses with a lower-case town, a flat number,
an Eircode, an Australian or Indian postcode; and the career talk near them that must stay."""

import pytest

from coach.pipeline.redact import redact

# (text, secrets that must not survive, strings that must survive)
LEAKS = [
    ("they asked for my worker id (WRK-22817) for the Data Analyst role", ["WRK-22817"], ["Data Analyst"]),
    ("mon matricule c'est 0092871, aide-soignante depuis 2012", ["0092871"], ["2012"]),
    ("Matricule salarié : M-551902, 22 personnes", ["M-551902"], ["22 personnes"]),
    ("la mia matricola aziendale è 00773412, da 5 anni", ["00773412"], ["5 anni"]),
    ("Meu RG: MG-14.392.881. Trabalho há 5 anos.", ["MG-14.392.881"], ["5 anos"]),
    ("ppsn 1234567TA, chef in Cork", ["1234567TA"], ["chef"]),
    ("Aadhaar and PAN ABCPE1234F, Java developer", ["ABCPE1234F"], ["Java"]),
    ("driving licence number MORGA753116SM9IJ for the delivery job", ["MORGA753116SM9IJ"], ["delivery"]),
    ("sort code 20-00-00 please", ["20-00-00"], []),
    ("conta corrente 56789-0, Banco do Brasil", ["56789-0"], ["Banco do Brasil"]),
    ("dn 30-06-1980, cozinheiro", ["30-06-1980"], ["cozinheiro"]),
    ("meine adresse ist am Rosenhof 7 in 50667 köln, seit 2020", ["Rosenhof 7", "50667"], ["2020"]),
    ("mon adresse c'est 45 bd de la Liberté 59000 lille", ["59000"], []),
    ("Address: 12 Main Street, Co. Cork, P31 X2Y4.", ["P31 X2Y4"], []),
    ("eircode d02 af30, call centre", ["d02 af30"], ["call centre"]),
    ("I'm at 45 Smith St, Fitzroy VIC 3065", ["3065"], []),
    ("my address: Flat 3, 27 Queen's Avenue, Glasgow", ["Flat 3"], []),
    ("I live at Flat 302, Sai Residency, MG Road, Bengaluru 560001, Karnataka", ["Flat 302", "560001"], []),
    ("PIN code 400 076, Mumbai. 5 years in BPO.", ["400 076"], ["5 years"]),
]


@pytest.mark.parametrize("text, secrets, keep", LEAKS)
def test_chat_forms_do_not_survive(text, secrets, keep):
    clean, _ = redact(text)
    for secret in secrets:
        assert secret.lower() not in clean.lower(), clean
    for word in keep:
        assert word in clean, clean


@pytest.mark.parametrize(
    "text",
    [
        "how do I address Q3 2024 targets and Excel 2019 gaps?",
        "L'azienda conta 1500 dipendenti; agência de 200 pessoas.",
        "I'm at Amazon 3 days a week and live at home, Tesco 4500 payslips a month.",
        "Unit 4 of the course covers SQL; VIC 3000 staff; Siemens SA 2019 report.",
        "Im Team arbeiten 12 Leute, im januar 2020 angefangen.",
        "I handle 300 account numbers per week and pan 12 trays.",
        # lines of knowledge/ that were once changed: a SOC code, a citation, "at the point it"
        "give Editors (SOC 27-3041) 0.37, among the higher scores",
        "For Public Safety Telecommunicators (43-5031.00), Eloundou et al. (2023), report",
        "the American Bar Association's Formal Opinion 512 (2024) says lawyers",
        "rather than catching faults at the end, or work at the point it is done.",
    ],
)
def test_career_talk_near_the_new_cues_survives(text):
    assert redact(text) == (text, {})


def test_a_job_title_after_a_name_is_not_a_second_name():
    clean, _ = redact("Reference: Dr. Helen Fitzgerald, Ward Manager, St James's Hospital")
    assert "Fitzgerald" not in clean and "Ward Manager" in clean


def test_im_without_apostrophe_introduces_a_name():
    clean, _ = redact("hi, im kelly o'brien and i've been a teaching assistant for 6 years")
    assert "o'brien" not in clean and "teaching assistant" in clean
