"""Per-server state in a database: settings, follows and the record of what was announced where."""
