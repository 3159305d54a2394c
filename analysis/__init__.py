"""Experiments on the model: designs, execution, storage, statistics, sensitivity and reports.

Modules import their heavy dependencies (SALib, dask, matplotlib) only inside the functions that
need them, so that ``run_experiments.py`` starts quickly.
"""
