"""Bringing in a new article: registering it and drafting claim stubs from its figures."""
