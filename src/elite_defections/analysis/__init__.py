"""The analysis the notebooks run: arrivals, the two eras, the diplomats, and their charts.
Imports from core and evidence."""
