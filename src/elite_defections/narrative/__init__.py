"""What the briefing says: the key judgments, the wording of findings, and the exports."""
