"""The answer pipeline: input cleaning, stance rules, prompts, the coach, post-processing,
redaction, plans and export."""
