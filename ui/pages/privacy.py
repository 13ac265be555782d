"""The privacy page (a script st.navigation runs): the view, given this run's services and principal."""

from ui.context import current
from ui.views.privacy import privacy_page

privacy_page(*current())
