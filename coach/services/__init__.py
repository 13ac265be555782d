"""Services the edges call: each takes the principal resolved at the edge."""
