"""Task lists in the forms people write them, in the six supported languages: numbered inline,
"1. … 2. …" on one line, bulleted, comma- or semicolon-separated, one per line without
punctuation, and in prose. Questions and single tasks are not lists."""

import pytest

from coach.exposure.tasks import extract_tasks

PAY = ["reconcile invoices", "chase late payments", "month-end close"]

LISTS = [
    # --- numbered, inline and on lines ------------------------------------------------------
    ("1) reconcile invoices 2) chase late payments 3) month-end close", PAY),
    ("1. reconcile invoices 2. chase late payments 3. month-end close", PAY),
    ("My tasks: 1) reconcile invoices, 2) chase late payments, 3) month-end close.", PAY),
    ("(1) reconcile invoices (2) chase late payments (3) month-end close", PAY),
    ("I do three things: 1. reconcile invoices; 2. chase late payments; 3. month-end close", PAY),
    ("1 - reconcile invoices\n2 - chase late payments\n3 - month-end close", PAY),
    ("1. Reconcile invoices\n2. Chase late payments\n3. Month-end close", [t.capitalize() for t in PAY]),
    # --- bullets ----------------------------------------------------------------------------
    ("- reconcile invoices\n- chase late payments\n- month-end close", PAY),
    ("• reconcile invoices • chase late payments • month-end close", PAY),
    ("My week:\n* reconcile invoices\n* chase late payments\n* month-end close", PAY),
    # --- comma- and semicolon-separated -----------------------------------------------------
    ("I do invoicing, payroll, and supplier calls", ["invoicing", "payroll", "supplier calls"]),
    ("I do invoicing, payroll and supplier calls.", ["invoicing", "payroll", "supplier calls"]),
    ("invoicing; payroll; supplier calls", ["invoicing", "payroll", "supplier calls"]),
    ("reconcile invoices, chase late payments, month-end close", PAY),
    # "my tasks:" then a comma list, with a short qualifier before the colon, in each language
    (
        "mis tareas: facturar, conciliar el banco y cerrar el mes. ¿qué se automatiza?",
        ["facturar", "conciliar el banco", "cerrar el mes"],
    ),
    (
        "meine aufgaben als teamassistenz: termine koordinieren, protokolle schreiben, reisen buchen",
        ["termine koordinieren", "protokolle schreiben", "reisen buchen"],
    ),
    (
        "mes tâches : saisie des factures, relances clients, clôture",
        ["saisie des factures", "relances clients", "clôture"],
    ),
    ("le mie mansioni in negozio: cassa, inventario, vetrine", ["cassa", "inventario", "vetrine"]),
    (
        "My duties at the clinic: triage calls, book scans, chase results",
        ["triage calls", "book scans", "chase results"],
    ),
    (
        "I handle scheduling, stock orders and staff training",
        ["scheduling", "stock orders", "staff training"],
    ),
    ("I'm in charge of rotas, ordering and cashing up.", ["rotas", "ordering", "cashing up"]),
    ("I look after payroll and vendor contracts.", ["payroll", "vendor contracts"]),
    (
        "I'm a nurse and I handle meds, charting and handoffs, what should I learn?",
        ["meds", "charting", "handoffs"],
    ),
    # --- one per line without punctuation ---------------------------------------------------
    ("reconcile invoices\nchase late payments\nmonth-end close", PAY),
    ("Here's what I do:\nreconcile invoices\nchase late payments\nmonth-end close", PAY),
    ("answer tickets\nwrite release notes", ["answer tickets", "write release notes"]),
    # --- prose ------------------------------------------------------------------------------
    (
        "Most of my week goes on reconciling accounts, chasing late payments and preparing "
        "the month-end close.",
        ["reconciling accounts", "chasing late payments", "preparing the month-end close"],
    ),
    (
        "I'm a bookkeeper. I spend most of my time reconciling accounts, chasing late payments "
        "and preparing the month-end close. What should I learn?",
        ["reconciling accounts", "chasing late payments", "preparing the month-end close"],
    ),
    (
        "My day is spent answering calls, booking appointments and filing records.",
        ["answering calls", "booking appointments", "filing records"],
    ),
    (
        "My job involves grading essays, planning lessons and meeting parents.",
        ["grading essays", "planning lessons", "meeting parents"],
    ),
    # --- Spanish ----------------------------------------------------------------------------
    (
        "Mis tareas son: facturación, nóminas y llamadas a proveedores.",
        ["facturación", "nóminas", "llamadas a proveedores"],
    ),
    (
        "Me encargo de la facturación, las nóminas y las llamadas a proveedores.",
        ["facturación", "nóminas", "llamadas a proveedores"],
    ),
    (
        "1) conciliar facturas 2) reclamar pagos atrasados 3) cierre de mes",
        ["conciliar facturas", "reclamar pagos atrasados", "cierre de mes"],
    ),
    # --- French -----------------------------------------------------------------------------
    (
        "Je m'occupe de la facturation, de la paie et des appels aux fournisseurs.",
        ["facturation", "paie", "appels aux fournisseurs"],
    ),
    (
        "Mes tâches sont : rapprocher les factures ; relancer les impayés ; clôturer le mois",
        ["rapprocher les factures", "relancer les impayés", "clôturer le mois"],
    ),
    (
        "Je passe la plupart de mon temps à rapprocher les comptes, relancer les retards de "
        "paiement et préparer la clôture mensuelle.",
        ["rapprocher les comptes", "relancer les retards de paiement", "préparer la clôture mensuelle"],
    ),
    # --- German -----------------------------------------------------------------------------
    (
        "Ich kümmere mich um die Rechnungen, die Lohnabrechnung und die Lieferantenanrufe.",
        ["Rechnungen", "Lohnabrechnung", "Lieferantenanrufe"],
    ),
    (
        "Meine Aufgaben sind: Rechnungen prüfen, Mahnungen schreiben und den Monatsabschluss machen.",
        ["Rechnungen prüfen", "Mahnungen schreiben", "Monatsabschluss machen"],
    ),
    (
        "1. Rechnungen abgleichen 2. Zahlungen anmahnen 3. Monatsabschluss",
        ["Rechnungen abgleichen", "Zahlungen anmahnen", "Monatsabschluss"],
    ),
    # --- Portuguese -------------------------------------------------------------------------
    (
        "As minhas tarefas são faturação, folha de pagamento e chamadas a fornecedores.",
        ["faturação", "folha de pagamento", "chamadas a fornecedores"],
    ),
    (
        "Sou responsável pela faturação, pelos salários e pelo contacto com fornecedores.",
        ["faturação", "salários", "contacto com fornecedores"],
    ),
    (
        "Eu cuido da agenda, dos pagamentos e do arquivo.",
        ["agenda", "pagamentos", "arquivo"],
    ),
    # --- Italian ----------------------------------------------------------------------------
    (
        "Mi occupo di fatturazione, buste paga e chiamate ai fornitori.",
        ["fatturazione", "buste paga", "chiamate ai fornitori"],
    ),
    (
        "I miei compiti sono: riconciliare le fatture; sollecitare i pagamenti; chiusura mensile",
        ["riconciliare le fatture", "sollecitare i pagamenti", "chiusura mensile"],
    ),
    (
        "Passo la maggior parte del tempo a riconciliare conti, sollecitare pagamenti e "
        "preparare la chiusura mensile.",
        ["riconciliare conti", "sollecitare pagamenti", "preparare la chiusura mensile"],
    ),
]

# A working day told as "I <verb> …" clauses, three or more in one sentence.
LISTS += [
    (
        "Most days I sort the incoming post, then I answer the phones, I book the meeting rooms, "
        "and before I leave I update the visitor log. What should I learn?",
        ["sort the incoming post", "answer the phones", "book the meeting rooms", "update the visitor log"],
    ),
    (
        "je trie les commandes, je prépare les colis et je relance les transporteurs. et après ?",
        ["trie les commandes", "prépare les colis", "relance les transporteurs"],
    ),
]

NOT_LISTS = [
    "What's my next problem to solve?",
    "What skills should I learn to move into data analysis?",
    "I'm a payroll clerk. How will AI change my job?",
    "I spend most of my time reconciling accounts.",
    "I'm responsible for payroll.",
    "I do invoicing.",
    "I work in logistics and I am worried about AI.",
    "I handle payroll for a company of 300 people and I love it.",
    "Hi\nI'm a nurse\nWhat should I learn next?",
    "1. Should I retrain?\n2. Is coding dead?",
    "¿Cuál es mi próximo problema a resolver?",
    "Je m'occupe de la facturation.",
    "Ich bin Krankenpfleger und frage mich, was ich lernen soll.",
    "Qual é o meu próximo problema a resolver?",
    "Mi occupo di fatturazione.",
    "I have 2 kids and 3 dogs, should I retrain?",
    "Version 1. of the plan is fine. 2. questions remain",
    "Hi, I'm Anna, a nurse",
    "I think I should move on, I feel stuck, I want something new and I hate Mondays.",
    "I was a nurse, I am now a teacher, I love it and I want more.",
    "",
]


@pytest.mark.parametrize(("message", "expected"), LISTS)
def test_task_lists_are_found_in_the_forms_people_write_them(message, expected):
    assert extract_tasks(message) == expected


@pytest.mark.parametrize("message", NOT_LISTS)
def test_questions_and_single_tasks_are_not_lists(message):
    assert extract_tasks(message) == []
