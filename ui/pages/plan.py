"""The plan page (a script st.navigation runs): the view, given this run's services and principal."""

from ui.context import current
from ui.views.plan import plan_page

plan_page(*current())
