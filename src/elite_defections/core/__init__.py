"""The foundation every other layer stands on: paths, errors, loading helpers, intervals, number
formatting and wording, the statistic type, the parameters and what a result was computed from.
Imports nothing else from the package."""
