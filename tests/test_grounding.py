from coach.grounding import check_grounding

NAMES = {"role/plumber": ["plumber"], "role/paralegal": ["paralegal"], "skill/prompting": ["prompting"]}


def test_sentences_naming_entries_outside_the_sources_are_dropped():
    text = "Paralegals review documents. You could become a plumber. Practise prompting daily."
    out, notes = check_grounding(
        text, {"role/paralegal", "skill/prompting"}, NAMES, ["Paralegals review documents."]
    )
    assert out == "Paralegals review documents. Practise prompting daily."
    assert len(notes) == 1 and "'plumber'" in notes[0]


def test_invented_figures_are_dropped_but_quoted_ones_kept():
    sources = ["Human raters gave an exposure beta of 0.45 for this occupation."]
    text = "The exposure beta is 0.45. AI will remove 73% of these jobs."
    out, notes = check_grounding(text, set(), NAMES, sources)
    assert out == "The exposure beta is 0.45."
    assert "73%" in notes[0]


def test_a_name_that_appears_in_the_source_text_is_allowed():
    out, notes = check_grounding("Talk to a plumber.", set(), NAMES, ["Ask the plumber on site."])
    assert out == "Talk to a plumber." and notes == []
