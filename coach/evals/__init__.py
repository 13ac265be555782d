"""Evaluation: cases with rubrics, the checks, the runner and its report."""
