"""Demo content: a realistic catalog for trying Etalase out and for the baker's tests."""
