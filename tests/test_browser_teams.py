"""A team pilot in a real browser (Playwright, Debian's chromium): an admin creates a team,
invites members and uploads a PDF and a DOCX; a member's answer cites the upload, a person
outside the team never gets it; the team's insights stay suppressed until five members have used
the coach (and their week has ended), then show."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import docx
import pytest

from coach.storage.aggregates import week_start
from coach.storage.database import Database
from coach.storage.tables import ActivityRow, PlanItemRow, TeamMemberRow
from tests.factories import make_pdf
from tests.fixtures_browser import EXPANDER, local_accounts_app, send_chat, sidebar, sign_up, wait_idle

pytestmark = pytest.mark.browser

QUESTION = "What does the Quillfeather exceptions ladder say about career growth?"
ROLE_QUESTION = "I'm a payroll clerk. What's my next problem to solve?"
PDF_TITLE = "Quillfeather exceptions ladder"
DOCX_TITLE = "Quillfeather career framework"


def pdf_guide() -> bytes:
    return make_pdf(
        [
            [
                "Payroll clerks at Quillfeather climb the exceptions ladder.",
                "Own the Quillfeather exceptions.",
            ],
            ["Second rung: audit the Quillfeather exceptions ladder with AI drafts, then sign off."],
        ],
        title=PDF_TITLE,
    )


def docx_framework() -> bytes:
    document = docx.Document()
    document.core_properties.title = DOCX_TITLE
    document.add_heading("Growing at Quillfeather", level=1)
    document.add_paragraph("Quillfeather payroll analysts mentor clerks through the exceptions ladder.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pilot(serve_app, tmp_path_factory):
    url, accounts, database = local_accounts_app(serve_app, tmp_path_factory.mktemp("team-pilot"))
    yield url, accounts, database
    database.close()


def go(page, name: str) -> None:
    """Open a page from the sidebar navigation (keeps the signed-in session)."""
    sidebar(page).get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    wait_idle(page)


def new_invite(page, previous: list[str]) -> str:
    """Press the invite button and read the new code (the old one stays until the rerun ends)."""
    page.get_by_role("button", name="Create a team invite code").click()
    code = page.locator('[data-testid="stCode"]').last
    page.wait_for_function(
        "([el, old]) => el && el.innerText.trim() && !old.includes(el.innerText.trim())",
        arg=[code.element_handle(), previous],
    )
    wait_idle(page)
    previous.append(code.inner_text().strip())
    return previous[-1]


def sources_of(reply) -> str:
    expander = reply.locator(EXPANDER).filter(has_text=re.compile(r"Sources \(\d+\)"))
    expander.locator("summary").click()
    return expander.inner_text()


def happened_last_week(database: Database) -> None:
    """Everything so far happened in the middle of last week: that week has ended, so its
    figures are released (when enough members were active in it)."""
    moment = week_start(datetime.now(UTC)) - timedelta(days=4)
    with database.write() as session:
        for member in session.query(TeamMemberRow):
            member.joined_at = min(member.joined_at.replace(tzinfo=UTC), moment - timedelta(hours=1))
        for row in session.query(ActivityRow):
            row.at = moment
        for item in session.query(PlanItemRow):
            item.created_at = moment
            item.done_at = moment if item.done_at else None


def insights_text(page) -> str:
    # Leave and come back: clicking the page already shown may not rerun it, and the figures
    # read would be the ones rendered before the last members joined.
    go(page, "My plan")
    go(page, "Teams")
    page.get_by_role("heading", name="Insights").last.wait_for()
    wait_idle(page)
    return page.inner_text("body")


def test_a_team_pilot_from_upload_to_insights(page, pilot):
    url, accounts, database = pilot
    sign_up(page, url, accounts.operator_invite("admin"), "ada")
    go(page, "Admin")
    page.get_by_label("New team name").fill("Quillfeather payroll")
    page.get_by_label("Its first team admin (user name, optional)").fill("ada")
    page.get_by_role("button", name="Create team").click()
    wait_idle(page)
    go(page, "Teams")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [
            {"name": "ladder.pdf", "mimeType": "application/pdf", "buffer": pdf_guide()},
            {
                "name": "framework.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": docx_framework(),
            },
        ]
    )
    page.get_by_role("button", name="Index these documents").click()
    page.get_by_text("framework.docx: 1 sections").wait_for(timeout=120_000)
    assert "ladder.pdf: 2 sections" in page.inner_text("body")
    codes: list[str] = []
    for _ in range(5):
        new_invite(page, codes)
    assert len(set(codes)) == 5
    assert "fewer than 5 members, so no figure is shown" in insights_text(page)

    browser = page.context.browser
    members = []
    for n, code in enumerate(codes):
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        member = context.new_page()
        sign_up(member, url, code, f"member{n}")
        if n == 0:
            cited = sources_of(send_chat(member, QUESTION))
            assert PDF_TITLE in cited, cited  # cited like a corpus entry: title, then page
            assert "ladder.pdf" in cited and "page 2" in cited.lower(), cited
        send_chat(member, ROLE_QUESTION)
        members.append(context)
        if n == 3:  # four members have used the coach, and their week has ended
            happened_last_week(database)
            text = insights_text(page)
            assert "Nothing to show yet" in text and "My role and its tasks" not in text
    outsider_context = browser.new_context()
    outsider = outsider_context.new_page()
    sign_up(outsider, url, accounts.operator_invite(), "outsider")
    reply = send_chat(outsider, QUESTION)
    outside = reply.inner_text() + sources_of(reply)
    assert "Quillfeather" not in outside.replace(QUESTION, "")
    for context in [*members, outsider_context]:
        context.close()

    text = insights_text(page)
    assert "Nothing to show yet" in text  # five have used it, but this week has not ended
    happened_last_week(database)
    text = insights_text(page)
    assert "Active members per week" in text and "What people ask about" in text
    assert "My role and its tasks: 5" in text and "Active members per week" in text
    assert "Plan progress" in text
    assert "Nothing to show yet" not in text
    for private in ("member0", "member1", "outsider", "Quillfeather exceptions ladder?"):
        assert private not in text
    page.get_by_role("button", name="Download these figures (CSV)").wait_for()
