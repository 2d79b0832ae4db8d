"""Rendering the briefing: Quarto when present, else Pandoc and Typst with the same filter and
files; publishing the HTML and PDF together."""
