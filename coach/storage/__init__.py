"""Storage: the database engine, its tables, the migrations that build them, and repositories
that take a principal and a scope on every call."""
