"""The package's layers, lowest first. A module imports only from its own layer and those before
it (tests/test_architecture.py holds the package to this); the notebooks use the layers up to
`NOTEBOOK_LAYERS`, so only those can change a notebook's results (see `freshness`)."""

LAYERS = ("core", "evidence", "analysis", "checks", "crosscheck", "narrative", "intake", "render", "engine")
# The layers the notebooks import; the rest (and the package's root modules, the command line)
# are the build's own: changing them never reruns a notebook.
NOTEBOOK_LAYERS = LAYERS[:LAYERS.index("narrative") + 1]
