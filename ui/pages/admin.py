"""The admin page (a script st.navigation runs): the view, given this run's services and principal."""

from ui.context import current
from ui.views.admin import admin_page

admin_page(*current())
