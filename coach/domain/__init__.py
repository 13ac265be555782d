"""Pydantic models only: the answer and its parts, plans, profiles, task maps, principals and scopes."""
