"""The tasks page (a script st.navigation runs): the view, given this run's services and principal."""

from ui.context import current
from ui.views.tasks import tasks_page

tasks_page(*current())
