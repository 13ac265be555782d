"""The views of the app's pages, each a function of the services and the principal."""
