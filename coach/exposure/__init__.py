"""Task-level AI exposure: the task mapper, the shipped model and its weights, the open-data import."""
