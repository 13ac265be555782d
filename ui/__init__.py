"""The browser app: a thin Streamlit view over the services in ``coach``."""
