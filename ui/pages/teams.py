"""The Teams page (a script st.navigation runs): the view, given this run's services and principal."""

from ui.context import current
from ui.views.teams import teams_page

teams_page(*current())
