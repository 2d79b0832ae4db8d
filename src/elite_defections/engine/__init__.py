"""The build: the notebooks' pipeline and kernels, freshness of results, the build lock, the
sensitivity runs, the diff between builds."""
