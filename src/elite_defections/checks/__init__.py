"""Verdicts on the ledger's claims: the verdict helpers, the check kinds and the ledger's checks.
Imports from core, evidence and analysis."""
