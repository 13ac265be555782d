"""The guidance corpus: knowledge files to documents and chunks, the catalog of entries, corpus checks."""
