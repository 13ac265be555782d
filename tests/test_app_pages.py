"""The multi-page app with accounts (COACH_AUTH=local), driven by Streamlit's AppTest: sign-up by
invite, sign-in, the pages, isolation between two people, and the admin page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coach.config import PROJECT_ROOT
from tests.factories import local_accounts_app

PASSWORD = "correct horse battery"


@pytest.fixture
def local(monkeypatch, corpus_settings):
    """Local accounts over the small corpus; returns the account service on the same database."""
    with local_accounts_app(monkeypatch, corpus_settings) as (accounts, _):
        yield accounts


def start() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()


def sign_up(at: AppTest, code: str, name: str) -> AppTest:
    at.text_input(key="signup-code").input(code)
    at.text_input(key="signup-name").input(name)
    at.text_input(key="signup-password").input(PASSWORD)
    next(b for b in at.button if b.label == "Create account").click().run()
    return at


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin-name").input(name)
    at.text_input(key="signin-password").input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    return at


def page_text(at: AppTest) -> str:
    return " ".join(md.value for md in at.markdown) + " ".join(c.value for c in at.caption)


def test_signed_out_visitors_see_only_the_sign_in_page(local):
    at = start()
    assert not at.exception
    assert not at.chat_input and [t.label for t in at.tabs] == ["Sign in", "Create an account"]
    assert "coach accounts invite --admin" in page_text(at)  # no admin yet: says how to start


def test_sign_up_chat_sign_out_and_sign_in_again(local):
    at = sign_up(start(), local.operator_invite(), "bea")
    assert not at.exception and at.chat_input
    at.chat_input[0].set_value("I'm a payroll clerk. What's my next problem to solve?").run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert not at.chat_input  # back on the sign-in page
    at = sign_in(start(), "bea", "wrong password!")
    assert any("wrong" in e.value for e in at.error)
    at = sign_in(at, "bea")
    assert [m.name for m in at.chat_message] == ["user", "assistant"]  # the history is theirs


def test_a_second_person_sees_nothing_of_the_first(local):
    first = sign_up(start(), local.operator_invite(), "bea")
    first.chat_input[0].set_value("I'm a payroll clerk handling garnishments. What next?").run()
    second = sign_up(start(), local.operator_invite(), "cyd")
    assert not second.chat_message
    for path in ("ui/pages/plan.py", "ui/pages/tasks.py", "ui/pages/privacy.py"):
        second.switch_page(path).run()
        assert not second.exception
        assert "garnishment" not in page_text(second).lower()
    second.switch_page("ui/pages/plan.py").run()
    assert "No plan yet" in " ".join(i.value for i in second.info)
    with pytest.raises(ValueError):
        second.switch_page("ui/pages/admin.py").run()  # not registered for a member


def test_my_plan_marks_items_done_and_my_tasks_maps_them(local):
    at = sign_up(start(), local.operator_invite(), "bea")
    at.chat_input[0].set_value("I'm a payroll clerk. What's my next problem to solve?").run()
    at.switch_page("ui/pages/plan.py").run()
    assert not at.exception and at.checkbox
    at.checkbox[0].check().run()
    assert "1 of" in at.get("progress")[0].proto.text
    at.switch_page("ui/pages/tasks.py").run()
    at.text_area[0].input("Run payroll\nAnswer pay questions\nHandle garnishments")
    next(b for b in at.button if b.label == "Save and map").click().run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1 and "Saved 3 tasks" in at.success[0].value


def test_the_admin_page_lists_accounts_and_makes_invites_but_shows_nothing_personal(local):
    member = sign_up(start(), local.operator_invite(), "bea")
    member.chat_input[0].set_value("I'm a payroll clerk handling garnishments. What next?").run()
    at = sign_up(start(), local.operator_invite("admin"), "ada")
    at.switch_page("ui/pages/admin.py").run()
    assert not at.exception
    names = list(at.dataframe[0].value["name"])
    assert sorted(names) == ["ada", "bea"]
    assert "garnishment" not in page_text(at).lower() and "payroll" not in str(at.dataframe[0].value).lower()
    next(b for b in at.button if b.label == "Create invite code").click().run()
    code = at.code[0].value
    assert local.sign_up(code, "cyd", PASSWORD).role == "member"


def test_tampering_with_session_state_or_the_url_reaches_no_one_else(local):
    first = sign_up(start(), local.operator_invite(), "bea")
    first.chat_input[0].set_value("I'm a payroll clerk handling garnishments. What next?").run()
    bea = next(a for a in local.list_accounts(local.sign_up(local.operator_invite("admin"), "ada", PASSWORD)))
    # A forged token, a user id in the URL, and a stale message list in the session: none of
    # them identifies anyone; the visitor stays on the sign-in page.
    at = start()
    at.session_state["auth_token"] = "forged-token"
    at.query_params["user"] = bea.user_id
    at.query_params["user_id"] = bea.user_id
    at.run()
    assert not at.chat_input and not at.chat_message
    assert "garnishment" not in page_text(at).lower()
    # A signed-in second person who puts the first one's id in the URL still sees only their own.
    second = sign_up(start(), local.operator_invite(), "cyd")
    second.query_params["user"] = bea.user_id
    second.run()
    assert not second.chat_message


def test_single_sign_on_without_a_provider_configured_says_so(monkeypatch, local):
    monkeypatch.setenv("COACH_AUTH", "oidc")
    import streamlit as st

    st.cache_resource.clear()
    at = start()
    assert not at.exception and not at.chat_input
    assert "Single sign-on is not available right now" in at.error[0].value
    assert "not configured" in at.error[0].value


def test_the_teams_page_lists_team_documents_for_members_only(local):
    admin = local.sign_up(local.operator_invite("admin"), "ada", PASSWORD)
    from coach.bootstrap import build_coach, build_services
    from coach.config import load_settings

    services = build_services(load_settings(), build_coach(load_settings()).coach)
    team = services.teams.create(admin, "Payroll pilot")
    local.sign_up(local.operator_invite(), "lee", PASSWORD)
    services.teams.add_member(admin, team, "lee", role="admin")
    lead = local.principal_for(local.sign_in("lee", PASSWORD))
    services.uploads.upload(lead, team, "ladder.md", b"# Ladder\n\n## Step one\nOwn the exceptions.\n")
    at = sign_in(start(), "lee")
    at.switch_page("ui/pages/teams.py").run()
    assert not at.exception
    assert list(at.dataframe[0].value["file"]) == ["ladder.md"]
    assert "Insights" in [h.value for h in at.subheader]
    assert any("fewer than 5 members, so no figure is shown" in i.value for i in at.info)
    at.switch_page("ui/pages/privacy.py").run()
    assert "What my team sees: Payroll pilot" in [h.value for h in at.subheader]
    outsider = sign_up(start(), local.operator_invite(), "bob")
    outsider.switch_page("ui/pages/teams.py").run()
    assert "not in a team" in outsider.info[0].value and not outsider.dataframe
    outsider.switch_page("ui/pages/privacy.py").run()
    assert not [h.value for h in outsider.subheader if h.value.startswith("What my team sees")]
    services.close()
