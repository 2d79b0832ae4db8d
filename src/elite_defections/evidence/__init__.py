"""The evidence base: the article registry, the claims ledger, people, the reference data, the
bibliography, and the citations a statistic may carry. Imports only from core."""
