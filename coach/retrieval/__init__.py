"""Retrieval: the VectorIndex seam and its engines, building the corpus index, hybrid search by scope."""
