"""Career Coach: a pro-worker AI career coach that answers from cited guidance."""

__version__ = "0.1.0"
