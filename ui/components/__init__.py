"""Pieces of pages: an answer with its parts, the profile panel."""
