"""Planning and executing runs: seeds, the run list, worker processes or a Dask cluster.

A :class:`Plan` is every run of a study: each scenario x design point x replication.  Replication
``rep`` gets the same seed in every scenario and design point (common random numbers), the
``rep``-th child of ``numpy.random.SeedSequence(root_seed)``.  Runs are numbered replication
first (all points of rep 0, then rep 1, ...), so adding replications appends runs.

The model is a function ``simulate(params: dict, seed: int) -> DataFrame`` (one row per month
0..months, ``month`` then the outcome columns), or one that returns that table and a second one
of weaver ages (``month``, ``age``); either table may also be a mapping of column name to array.
It is named by an import path, ``"sim.run:simulate_columns"``
unless the environment variable ``RUN_EXPERIMENTS_MODEL`` names another ``module:function``; a
module-level callable can be passed instead.  Runs execute in a pool of spawned processes;
one worker runs a small job in this process.
With the ``dask`` backend the same runs go to a Dask cluster (an existing scheduler, or a local cluster on 127.0.0.1).
Each finished run is written at once by :mod:`analysis.storage`; results never pile up here.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.outcomes import OUTCOMES
from sim.params import InputError, resolve

from . import storage
from .designs import Design

MODEL = "sim.run:simulate_columns"
MODEL_ENV = "RUN_EXPERIMENTS_MODEL"
IN_PROCESS_RUNS = 400
"""A study of one worker with at most this many runs runs in this process: a spawned worker
spends about 0.8 s importing, more than many small studies' runs."""
BACKENDS = ("local", "dask")
Model = str | Callable[[dict[str, Any], int], pd.DataFrame]
Result = tuple[int, storage.Columns | None, storage.Columns | None, str | None]
"""(run_id, monthly table or None, weaver ages or None, error message or None)."""


def rep_seeds(root_seed: int, reps: int) -> list[int]:
    """The integer seed of each replication 0..reps-1, derived from ``root_seed``."""
    children = np.random.SeedSequence(root_seed).spawn(reps)
    return [int(child.generate_state(1)[0]) for child in children]


@dataclass
class Plan:
    """Every run of a study.  ``scenarios`` maps a name to its resolved parameters."""

    kind: str
    scenarios: dict[str, dict[str, Any]]
    design: Design | None
    reps: int
    root_seed: int
    outcomes: list[str]
    lang: str = "en"

    @classmethod
    def build(cls, kind: str, scenarios: dict[str, dict[str, Any]], design: Design | None, reps: int,
              root_seed: int, outcomes: list[str] | None = None, lang: str = "en",
              max_runs: int | None = None) -> Plan:
        """A checked plan: every design point must resolve in every scenario, and the study may
        have at most ``max_runs`` runs (no limit if None)."""
        if reps < 1:
            raise InputError(f"--reps {reps}: must be at least 1")
        total = len(scenarios) * (len(design.points) if design else 1) * reps
        if max_runs is not None and total > max_runs:
            raise InputError(f"the study has {total:,} runs, more than the maximum of {max_runs:,}: "
                             "use fewer points or replications, or allow more with --max-runs")
        if root_seed < 0:
            raise InputError(f"--seed {root_seed}: must be a non-negative integer")
        horizons = {params["months"] for params in scenarios.values()}
        if len(horizons) > 1:
            raise InputError(f"scenarios differ in months ({', '.join(map(str, sorted(horizons)))}): give --months")
        plan = cls(kind, scenarios, design, reps, root_seed, check_outcomes(outcomes), lang)
        for params in scenarios.values():
            for point in plan.points:
                resolve(point, base=params)
        return plan

    @property
    def months(self) -> int:
        return next(iter(self.scenarios.values()))["months"]

    @property
    def points(self) -> list[dict[str, Any]]:
        return self.design.points if self.design else [{}]

    @property
    def varied(self) -> list[str]:
        return self.design.names if self.design else []

    def runs(self, first_rep: int = 0) -> list[dict[str, Any]]:
        """Manifest entries (status pending) of replications ``first_rep``..``reps``-1."""
        seeds = rep_seeds(self.root_seed, self.reps)
        names, points = list(self.scenarios), self.points
        per_rep = len(names) * len(points)
        return [
            {"run_id": rep * per_rep + s * len(points) + p, "scenario": name, "rep": rep,
             "seed": seeds[rep], "point": p, "values": point, "status": "pending", "error": None}
            for rep in range(first_rep, self.reps)
            for s, name in enumerate(names)
            for p, point in enumerate(points)
        ]

    def params_for(self, run: dict[str, Any]) -> dict[str, Any]:
        """The full parameter set of one run."""
        return {**self.scenarios[run["scenario"]], **run["values"]}

    def header(self) -> dict[str, Any]:
        """The manifest fields that define the study (everything but runs and environment)."""
        return {
            "kind": self.kind,
            "scenarios": self.scenarios,
            "design": self.design.describe() if self.design else None,
            "varied": self.varied,
            "root_seed": self.root_seed,
            "months": self.months,
            "reps": self.reps,
            "outcomes": self.outcomes,
            "lang": self.lang,
        }


def check_outcomes(names: list[str] | None) -> list[str]:
    """``names`` (all outcomes if None), each a known outcome, else an :class:`InputError`."""
    if names is None:
        return list(OUTCOMES)
    for name in names:
        if name not in OUTCOMES:
            raise InputError(f"unknown outcome '{name}' (see sim/outcomes.py)")
    return list(dict.fromkeys(names))


def open_folder(plan: Plan, outdir: Path, argv: list[str], resume: bool) -> storage.ResultsFolder:
    """Create the results folder, or reopen it for ``--resume`` after checking it holds ``plan``."""
    storage.check_out(outdir, resume)
    if not resume:
        manifest = {"command": argv, **plan.header(), "runs": plan.runs(), **storage.environment(),
                    "started": storage.now(), "finished": None}
        return storage.ResultsFolder.create(outdir, manifest)
    _check_same_plan(storage.read_manifest(outdir), plan, outdir)
    return storage.ResultsFolder.reopen(outdir)


def _check_same_plan(manifest: dict[str, Any], plan: Plan, outdir: Path) -> None:
    header = _json(plan.header())
    for key, value in header.items():
        if key not in ("reps", "lang") and manifest.get(key) != value:
            raise InputError(f"--resume: '{outdir}' holds a different study ({key} differs)")
    keys = ("run_id", "scenario", "rep", "seed", "point", "values")
    reps = manifest.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < plan.reps:
        raise InputError(f"--resume: '{outdir}' holds a different study (reps = {reps!r})")
    # every stored run, more replications added by --reps auto included, must be the plan's
    planned = [{k: run[k] for k in keys} for run in _json(replace(plan, reps=reps).runs())]
    stored = [{k: run.get(k) for k in keys} for run in manifest["runs"]]
    if planned != stored:
        raise InputError(f"--resume: '{outdir}' holds a different study (its runs are not this study's runs)")


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def run_study(plan: Plan, folder: storage.ResultsFolder, *, workers: int, backend: str = "local",
              scheduler: str | None = None, model: Model | None = None,
              more_reps: Callable[[pd.DataFrame], int] | None = None) -> pd.DataFrame:
    """Do every pending run of ``folder``, rebuild its tables and return the summary.

    ``more_reps`` (the hook of an adaptive replication rule) is called with ``final.csv`` once
    the planned runs are done and returns how many replications to add (0 to stop).  On
    Ctrl-C the tables are rebuilt from the finished runs and ``KeyboardInterrupt`` re-raised.
    """
    model = model or os.environ.get(MODEL_ENV, MODEL)
    plan.reps = max(plan.reps, folder.manifest["reps"])
    try:
        while True:
            _do_pending(plan, folder, model, workers, backend, scheduler)
            extra = more_reps(folder.rebuild_final()) if more_reps else 0
            if extra <= 0:
                break
            first, plan.reps = plan.reps, plan.reps + extra
            folder.add_runs(plan.runs(first), plan.reps)
    finally:
        with signals_deferred():
            summary = folder.rebuild()
    return summary


@contextlib.contextmanager
def signals_deferred():
    """Hold Ctrl-C and SIGTERM until the block ends, then deliver them: the closing bookkeeping
    (final.csv, summary.csv, the manifest) is never cut off half way, so the manifest agrees with
    the parts on disk whenever the process ends.  A no-op outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig, handler in handlers.items():
        if handler is not None:
            signal.signal(sig, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            if handler is not None:
                signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def _do_pending(plan: Plan, folder: storage.ResultsFolder, model: Model, workers: int, backend: str,
                scheduler: str | None) -> None:
    pending = folder.pending()
    tasks = ((run["run_id"], plan.params_for(run), run["seed"]) for run in pending)
    failed = 0
    with _progress(len(pending)) as bar:
        stream = execute(tasks, model, workers=workers, backend=backend, scheduler=scheduler,
                         total=len(pending))
        try:
            for run_id, frame, ages, error in stream:
                if error is None:
                    folder.record(run_id, frame, ages)
                else:
                    folder.record_failure(run_id, error)
                    failed += 1
                    bar.set_postfix_str(f"failed {failed}")
                bar.update()
        finally:
            stream.close()


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="run", desc="runs", disable=not sys.stderr.isatty(), dynamic_ncols=True)


def execute(tasks: Iterable[tuple[int, dict[str, Any], int]], model: Model, *, workers: int,
            backend: str = "local", scheduler: str | None = None, total: int) -> Iterator[Result]:
    """Run ``(run_id, params, seed)`` tasks and yield each result as it finishes (any order).

    At most two runs per worker are in flight, so an interrupt loses no more than those.
    """
    if backend not in BACKENDS:
        raise InputError(f"unknown backend '{backend}' (known: {', '.join(BACKENDS)})")
    if backend == "local" and workers == 1 and total <= IN_PROCESS_RUNS:
        yield from (run_task(task, model) for task in tasks)
        return
    pool = LocalPool(workers) if backend == "local" else DaskPool(workers, scheduler)
    with pool:
        yield from _stream(pool, iter(tasks), model, window=2 * pool.slots)


def _stream(pool, tasks: Iterator, model: Model, window: int) -> Iterator[Result]:
    pending = {}
    for task in itertools.islice(tasks, window):
        pending[pool.submit(run_task, task, model)] = task[0]
    while pending:
        for future in pool.wait_first(list(pending)):
            run_id = pending.pop(future)
            yield pool.result(future, run_id)
            task = next(tasks, None)
            if task is not None:
                pending[pool.submit(run_task, task, model)] = task[0]


def run_task(task: tuple[int, dict[str, Any], int], model: Model) -> Result:
    """Run one task; an exception in the model becomes an error message, not a crash."""
    run_id, params, seed = task
    try:
        out = load_model(model)(params, seed)
    except Exception as err:  # a failing run is recorded and the study goes on
        return run_id, None, None, f"{type(err).__name__}: {err}"
    frame, ages = out if isinstance(out, tuple) else (out, None)
    return run_id, frame, ages, None


def load_model(model: Model) -> Callable[[dict[str, Any], int], pd.DataFrame]:
    """The model function: ``model`` itself, or the ``module:function`` it names."""
    return model if callable(model) else _import(model)


@functools.lru_cache(maxsize=4)
def _import(path: str) -> Callable:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
"""Ctrl-C and a batch scheduler's SIGTERM: the parent stops the study, workers ignore them."""


@contextlib.contextmanager
def _stop_signals_blocked():
    """Hold Ctrl-C and SIGTERM back while worker processes are spawned, so that each starts with
    them blocked (a blocked signal stays blocked across fork and exec) until its initialiser
    ignores them: a signal sent to the whole process group while a worker is still importing
    would otherwise print that worker's traceback.  The parent receives any signal that came
    meanwhile as soon as the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class MachineFault(RuntimeError):
    """A fault of the machine, not of the input (a worker killed, a scheduler lost): the study
    stops, its finished runs are kept, and ``--resume`` goes on from there."""


def _worker_init() -> None:
    """Worker initialiser: Ctrl-C and SIGTERM are the parent's to handle (it stops the workers
    itself, sent to the whole process group or not), and the worker dies with its parent even
    if the parent is killed outright (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked since the parent spawned it
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        if os.getppid() == 1:  # the parent was gone before the request was made
            os._exit(1)


class LocalPool:
    """Spawned worker processes, one executor for the whole study.

    A finished model is freed on Mesa 3.5, and a worker's memory grows by only some 30 KB of native
    heap a baseline run (``benchmarks/bench_worker_memory.py``: 186 to 249 MB over 2,000 runs), so
    workers are not replaced."""

    def __init__(self, workers: int):
        self.slots = workers
        self.executor = None

    def __enter__(self) -> LocalPool:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with _stop_signals_blocked():
            self.executor = ProcessPoolExecutor(max_workers=self.slots, initializer=_worker_init,
                                                mp_context=multiprocessing.get_context("spawn"))
        return self

    def submit(self, fn: Callable, *args: Any):
        from concurrent.futures.process import BrokenProcessPool

        try:
            with _stop_signals_blocked():  # a submit may spawn a worker
                return self.executor.submit(fn, *args)
        except BrokenProcessPool:
            raise MachineFault(WORKER_DIED) from None

    def wait_first(self, futures: list) -> set:
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED).done

    def result(self, future, run_id: int) -> Result:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            raise MachineFault(WORKER_DIED) from None
        except Exception as err:  # the run could not be sent back (e.g. it cannot be pickled)
            return run_id, None, None, f"{type(err).__name__}: {err}"

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.executor.shutdown(wait=True)
            return
        # Interrupted: runs in flight are not waited for (their results are simply not
        # recorded).  Workers are killed rather than asked, and the executor is shut down from
        # another thread with a time limit: its manager thread may hold the executor's lock while
        # it waits for a result a killed worker was sending.
        processes = list(getattr(self.executor, "_processes", {}).values())
        for process in processes:
            process.kill()
        closer = threading.Thread(target=self.executor.shutdown, kwargs={"wait": False, "cancel_futures": True},
                                  daemon=True)
        closer.start()
        closer.join(timeout=5)
        for process in processes:
            process.join(timeout=5)


WORKER_DIED = "a worker process died (killed from outside, or by the system for lack of memory)"


def check_backend(backend: str, scheduler: str | None, timeout: float = 10.0) -> None:
    """Fail before any folder is made when the backend cannot work: an unknown backend or a
    malformed scheduler address (:class:`InputError`), a scheduler that does not answer within
    ``timeout`` seconds (:class:`MachineFault`)."""
    if backend not in BACKENDS:
        raise InputError(f"unknown backend '{backend}' (known: {', '.join(BACKENDS)})")
    if backend != "dask" or not scheduler:
        return
    from distributed import Client
    from distributed.comm import parse_address, parse_host_port

    try:
        scheme, location = parse_address(scheduler)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)  # a HOST:PORT, before any connection is tried
        Client(scheduler, timeout=timeout, set_as_default=False).close()
    except (ValueError, TypeError) as err:
        raise InputError(f"--scheduler '{scheduler}' is not a scheduler address (tcp://HOST:PORT): "
                         f"{str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
    except (OSError, TimeoutError) as err:
        raise MachineFault(f"no Dask scheduler answers at '{scheduler}' within {timeout:g} s "
                           f"({type(err).__name__})") from None


class DaskPool:
    """A Dask cluster: the scheduler at ``scheduler``, or a local one on 127.0.0.1."""

    def __init__(self, workers: int, scheduler: str | None):
        self.workers, self.scheduler = workers, scheduler
        self.cluster = None

    def __enter__(self) -> DaskPool:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(host="127.0.0.1", n_workers=self.workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        self.slots = max(1, sum(self.client.nthreads().values()))
        return self

    def submit(self, fn: Callable, *args: Any):
        return self.client.submit(fn, *args, pure=False)

    def wait_first(self, futures: list) -> set:
        from distributed import wait

        return wait(futures, return_when="FIRST_COMPLETED").done

    def result(self, future, run_id: int) -> Result:
        from distributed.client import FutureCancelledError

        try:
            return future.result()
        except (OSError, FutureCancelledError) as err:  # the scheduler was lost
            raise MachineFault(f"the Dask cluster was lost ({type(err).__name__})") from None
        except Exception as err:  # a worker was lost while running it
            return run_id, None, None, f"{type(err).__name__}: {err}"
        finally:
            future.release()

    def __exit__(self, exc_type, exc, tb) -> None:
        import logging

        # Closing after an interrupt or a lost worker: Dask logs and raises about the runs it
        # cancels, which are simply not recorded.
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        for close in (self.client.close, *([self.cluster.close] if self.cluster is not None else [])):
            try:
                close(timeout=10)
            except (Exception, KeyboardInterrupt):
                if exc_type is None:
                    raise
