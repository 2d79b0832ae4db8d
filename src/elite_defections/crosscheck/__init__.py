"""The cross-check: claims of one quantity compared across articles, relative dates, and the
sources' grades. Imports from the layers below."""
