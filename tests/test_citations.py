from coach.pipeline.citations import attribute_uncited, clean_citations


def test_citations_pointing_at_nothing_are_removed_and_rest_renumbered():
    text, order = clean_citations("Payroll first [3]. Then tax [9]. Both [3, 1]. Bad [0].", 3)
    assert text == "Payroll first [1]. Then tax. Both [1][2]. Bad."
    assert order == [3, 1]


def test_no_citations_gives_no_sources():
    assert clean_citations("Plain text.", 4) == ("Plain text.", [])


def test_uncited_sentences_supported_by_a_source_get_its_number():
    sources = ["Electricians install wiring panels and fixtures following the electrical code."]
    text = "Electricians install wiring panels and fixtures on site.\nBake bread at dawn every morning."
    out = attribute_uncited(text, sources)
    assert out.splitlines()[0] == "Electricians install wiring panels and fixtures on site [1]."
    assert out.splitlines()[1] == "Bake bread at dawn every morning."  # unsupported: stays uncited


def test_sentences_already_cited_are_left_alone():
    assert attribute_uncited("Wiring panels and fixtures matter [2].", ["wiring panels fixtures matter"]) == (
        "Wiring panels and fixtures matter [2]."
    )
