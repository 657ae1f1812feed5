"""Per-server state in a database: settings, follows, exit polls and the record of what was
announced where (SQLAlchemy tables, Alembic migrations, one class for the queries)."""
