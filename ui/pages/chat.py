"""The Coach page (a script st.navigation runs): the view, given this run's services and principal."""

from ui.context import current
from ui.views.chat import chat_page

chat_page(*current())
