"""What the tests share besides fixtures (those are in tests/conftest.py): where the official files
are (`data`), the bot built offline (`bots`), a throwaway PostgreSQL server (`postgres`), the
Library's 2024 candidates as nominations (`nominations`), and the child process of the delivery
tests (`replay_child`, run by path)."""
