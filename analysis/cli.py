"""Command line of the craft-collaboration model: scenarios, runs, sweeps, comparisons, figures.

Started as ``python run_experiments.py COMMAND ...`` or as the installed ``umkm-abm COMMAND ...``
(the same commands, from any folder; results go under the folder it is started in).

    python run_experiments.py scenarios [--lang en|id]
    python run_experiments.py params [SCENARIO] [--lang en|id]
    python run_experiments.py run SCENARIO [--set NAME=VALUE]... [--reps R] [--seed S] [--months M]
                                  [--workers K] [--out DIR] [--plot] [--resume]
    python run_experiments.py sweep SCENARIO-OR-EXPERIMENT [--vary NAME=SPEC]... [--design D]
                                  [--samples N] [--set NAME=VALUE]... [--reps R] [--seed S]
                                  [--months M] [--workers K] [--backend local|dask]
                                  [--scheduler ADDRESS] [--scheduler-timeout S] [--out DIR] [--resume]
                                  [--no-plot] [--max-runs N]
    python run_experiments.py compare SCENARIO SCENARIO... [--set NAME=VALUE]... [--reps R]
                                  [--seed S] [--months M] [--out DIR] [--resume] [--lang en|id]
    python run_experiments.py plot DIR [--outcome NAME]...
    python run_experiments.py analytic SCENARIO [--set NAME=VALUE]...

Exit status: 0 done; 2 bad input (one line on stderr, no results folder written); 130
interrupted by Ctrl-C and 143 by SIGTERM (finished runs kept: repeat the command with --resume
--out DIR); 1 a machine fault (one line on stderr, details in error.log of the results folder) or
runs that failed (their errors are in manifest.json).  Heavy libraries are imported only by the
command that needs them.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path


MAX_RUNS = 100_000
"""Default largest study (runs), checked before anything is built: about a day on two cores."""


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during the runs; the finished runs are kept.  ``status`` is the exit
    status: 130 for Ctrl-C (SIGINT), 143 for SIGTERM."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class Terminated(KeyboardInterrupt):
    """SIGTERM (a batch scheduler's time limit or pre-emption), raised in the main thread where
    Ctrl-C would be, so both stop a study the same way."""


_STOPPING = {"signal": None}
"""The first stop signal received by this command, if any."""


def _on_stop_signal(signum, frame) -> None:
    """Ctrl-C or SIGTERM: the first stops the study (raised where the main thread is); any
    further one while it stops is noted and ignored, so a burst of signals (Ctrl-C pressed
    again, a scheduler's SIGTERM after a wrapper's SIGINT) never interrupts the clean-up itself."""
    if _STOPPING["signal"] is not None:
        return
    _STOPPING["signal"] = signum
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _interrupt_status(err: BaseException) -> int:
    return 143 if isinstance(err, Terminated) else 130


LINE_BREAKS = str.maketrans({char: repr(char)[1:-1] for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
"""Every character ``str.splitlines`` breaks a line at, mapped to its escape (``\\n``, ``\\x85``, ...)."""


def one_line(message: str) -> str:
    """``message`` on one line, whatever the user's input put in it."""
    return message.translate(LINE_BREAKS)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit status 2)."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n")


def positive_int(text: str) -> int:
    """An integer of at least 1 (argparse type)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def reps_value(text: str) -> int | str:
    """A positive number of replications, or 'auto' (argparse type)."""
    return "auto" if text == "auto" else positive_int(text)


def non_negative_int(text: str) -> int:
    """An integer of at least 0 (argparse type)."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def all_cores() -> int:
    """The number of CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _program_name() -> str:
    """How the user started the command line: ``run_experiments.py`` or ``umkm-abm``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name in ("run_experiments.py", "umkm-abm") else "run_experiments.py"


def build_parser() -> Parser:
    """The parser of every command."""
    parser = Parser(prog=_program_name(), description="Experiments with the craft-collaboration model.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    scenarios = commands.add_parser("scenarios", help="list the scenarios")
    _add_lang(scenarios)
    scenarios.set_defaults(handler=cmd_scenarios)
    params = commands.add_parser("params", help="every parameter: value, unit, range, source")
    params.add_argument("scenario", nargs="?", default="baseline", help="scenario name or .toml path")
    _add_lang(params)
    params.set_defaults(handler=cmd_params)

    run = commands.add_parser("run", help="replications of one scenario")
    run.add_argument("scenario", help="scenario name or .toml path")
    _add_set(run)
    _add_common(run, months=True)
    run.add_argument("--plot", action="store_true", help="draw figures into DIR/figures")
    _add_lang(run)
    run.set_defaults(handler=cmd_run)

    sweep = commands.add_parser("sweep", help="a designed experiment over parameters")
    sweep.add_argument("target", metavar="SCENARIO-OR-EXPERIMENT", help="scenario or experiment file")
    sweep.add_argument("--vary", action="append", default=[], metavar="NAME=SPEC",
                       help="vary NAME over LO:HI:N (or LO:HI) or v1,v2,... (repeatable)")
    sweep.add_argument("--design", metavar="DESIGN", help="grid (default), lhs, sobol or morris")
    sweep.add_argument("--samples", type=positive_int, metavar="N",
                       help="lhs points, sobol base samples (a power of two) or morris trajectories")
    _add_set(sweep)
    _add_common(sweep, months=True, defaults=False)
    sweep.add_argument("--backend", choices=("local", "dask"), default="local", help="local processes or Dask")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)")
    sweep.add_argument("--scheduler-timeout", type=float, default=10.0, metavar="SECONDS",
                       help="how long to wait for the scheduler to answer before giving up (default 10)")
    sweep.add_argument("--no-plot", action="store_true", help="skip the figures")
    _add_lang(sweep)
    sweep.set_defaults(handler=cmd_sweep)

    compare = commands.add_parser("compare", help="scenarios side by side, with a report")
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more scenarios")
    _add_set(compare)
    _add_common(compare, months=True)
    _add_lang(compare)
    compare.set_defaults(handler=cmd_compare)

    plot = commands.add_parser("plot", help="figures from a results folder")
    plot.add_argument("folder", metavar="DIR", help="results folder")
    plot.add_argument("--outcome", action="append", metavar="NAME", help="outcome to plot (repeatable)")
    plot.add_argument("--lang", choices=("en", "id"), help="language of the figures and messages (default: the folder's)")
    plot.set_defaults(handler=cmd_plot)

    analytic = commands.add_parser("analytic", help="the representative-seller market and population, solved")
    analytic.add_argument("scenario", help="scenario name or .toml path")
    _add_set(analytic)
    analytic.set_defaults(handler=cmd_analytic, months=None)

    robust = commands.add_parser("robust", help="each policy's effect across plausible worlds, and what decides it")
    robust.add_argument("policies", nargs="+", metavar="POLICY", help="one or more policy scenarios")
    robust.add_argument("--against", default="baseline", metavar="SCENARIO",
                        help="the reference scenario (default baseline)")
    robust.add_argument("--worlds", type=positive_int, default=200, metavar="N",
                        help="plausible worlds: a Latin hypercube over the assumed parameters' plausible ranges (default 200)")
    robust.add_argument("--include", action="append", default=[], choices=("estimated", "measured"),
                        help="also sample the parameters of this status (repeatable; default: assumed only)")
    _add_set(robust)
    _add_common(robust, months=True, defaults=False)
    robust.add_argument("--backend", choices=("local", "dask"), default="local", help="local processes or Dask")
    robust.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)")
    robust.add_argument("--lang", choices=("en", "id"), default="en", help="report language")
    robust.set_defaults(handler=cmd_robust)
    return parser


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("en", "id"), default="en",
                        help="language of the report, figures and terminal lines (en or id)")


def _add_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="set a parameter (repeatable; see 'params')")


def _add_common(parser: argparse.ArgumentParser, months: bool, defaults: bool = True) -> None:
    if defaults:
        parser.add_argument("--reps", type=reps_value, default=10,
                            help="replications (default 10), or 'auto': add replications until the headline "
                                 "outcomes' 95 %% intervals are within --precision of their means")
        parser.add_argument("--precision", type=float, default=0.05,
                            help="with --reps auto: relative half-width to reach (default 0.05, at most 200 reps)")
    else:
        parser.add_argument("--reps", type=positive_int, default=None, help="replications (default 10)")
    parser.add_argument("--seed", type=non_negative_int, default=0 if defaults else None,
                        help="root seed (default 0)")
    if months:
        parser.add_argument("--months", type=positive_int, help="months to simulate (default: the scenario's)")
    parser.add_argument("--workers", type=positive_int, default=all_cores(), help="worker processes (default: all cores)")
    parser.add_argument("--out", metavar="DIR", help="results folder (default: a new folder under results/)")
    parser.add_argument("--resume", action="store_true", help="finish the unfinished runs of --out DIR")
    parser.add_argument("--max-runs", type=positive_int, default=MAX_RUNS,
                        help=f"refuse a study of more runs than this (default {MAX_RUNS:,})")


# ---- commands ---------------------------------------------------------------------------------


def cmd_scenarios(args: argparse.Namespace) -> int:
    from analysis import lang as words
    from sim.scenarios import list_scenarios

    rows = list_scenarios()
    translated = words.glossary()["scenario"]
    width = max((len(name) for name, _ in rows), default=0)
    for name, description in rows:
        if name in translated:
            description = words.text(f"scenario.{name}", args.lang)
        print(f"{name.ljust(width)}  {description}".rstrip())
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    from analysis import lang as words
    from sim.params import PARAMS
    from sim.scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    values = scenario.values
    resolved = scenario.params
    lang = args.lang
    rows = [tuple(words.text(f"params.{key}", lang) for key in ("name", "value", "unit", "valid", "plausible",
                                                                   "status", "source"))]
    rows += [(p.name, _show(resolved[p.name], lang) + (" *" if p.name in values else ""),
              words.unit_text(p.unit, lang), _range(p, lang), _plausible(p, lang),
              words.text(f"params.{p.status}", lang) + (words.text("params.lever", lang) if p.lever else ""), p.source)
             for p in PARAMS]
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    for row in rows:
        print("  ".join(text.ljust(w) for text, w in zip(row, widths)) + "  " + row[6])
    print(words.text("params.footer", lang, scenario=scenario.name))
    return 0


def _range(param, lang: str) -> str:
    """A parameter's valid values in words: "10 to 20,000" ("10 s.d. 20.000"), a choice's values, true or false."""
    from analysis import lang as words

    if param.kind == "choice":
        return words.text("params.one_of", lang, choices=", ".join(param.choices))
    if param.kind == "bool":
        return words.text("params.true_false", lang)
    return words.text("table.range", lang, low=_show(param.lo, lang), high=_show(param.hi, lang))


def _plausible(param, lang: str) -> str:
    """A parameter's plausible range in words ("fixed" when held at its default)."""
    from analysis import lang as words

    if param.plausible is None:
        return words.text("params.fixed", lang)
    low, high = param.plausible
    return words.text("table.range", lang, low=_show(low, lang), high=_show(high, lang))


def _show(value: object, lang: str = "en") -> str:
    """A setting as typed on the command line (true, needs), numbers with the language's separators."""
    from analysis.lang import plain_number

    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return value
    return plain_number(value, lang)


def cmd_run(args: argparse.Namespace) -> int:
    from analysis.runner import Plan

    scenario, params = _scenario_params(args.scenario, args)
    plan = Plan.build("run", {scenario: params}, None, _planned_reps(args), args.seed, lang=args.lang,
                      max_runs=args.max_runs)
    folder, summary = _study(args, plan, scenario)
    if args.plot:
        _figures(folder.path, folder.manifest["lang"])
    return _report(folder, summary, table=True)


def cmd_compare(args: argparse.Namespace) -> int:
    from analysis.runner import Plan
    from sim.params import InputError

    if len(args.scenarios) < 2:
        raise InputError("compare needs at least two scenarios")
    scenarios = dict(_scenario_params(name, args) for name in args.scenarios)
    if len(scenarios) < len(args.scenarios):
        raise InputError("compare: a scenario is named twice")
    plan = Plan.build("compare", scenarios, None, _planned_reps(args), args.seed, lang=args.lang,
                      max_runs=args.max_runs)
    folder, summary = _study(args, plan, "-".join(scenarios))
    writer = _optional("analysis.report", "write_compare_report")
    if writer is not None:
        writer(folder.path, lang=args.lang)
    code = _report(folder, summary, table=True)
    from analysis.robust_report import holds_across_worlds

    for line in holds_across_worlds(next(iter(scenarios)), list(scenarios)[1:], args.lang, root=folder.path.parent):
        print(line)
    return code


def cmd_sweep(args: argparse.Namespace) -> int:
    from analysis import designs, experiments, sensitivity
    from analysis.runner import Plan
    from sim.params import InputError, parse_assignments

    if args.scheduler is not None and not args.scheduler.strip():
        raise InputError("--scheduler '' is empty: give the scheduler's address, tcp://HOST:PORT")
    if args.scheduler and args.backend != "dask":
        raise InputError("--scheduler needs --backend dask")
    if args.backend == "dask":
        _require_dask()
    options = experiments.Options(
        design=args.design, samples=args.samples, reps=args.reps, months=args.months, seed=args.seed,
        fixed=parse_assignments(args.set), axes=[designs.parse_spec(*_split_vary(v)) for v in args.vary],
        max_runs=args.max_runs,
    )
    exp = experiments.load(args.target, options)
    plan = Plan.build("sweep", {exp.scenario.name: exp.params}, exp.design, exp.reps, exp.seed, exp.outcomes,
                      lang=args.lang, max_runs=args.max_runs)
    folder, summary = _study(args, plan, exp.name)
    print(_say("cli.design", args.lang, design=exp.design.name, points=len(exp.design.points), reps=plan.reps))
    if not folder.counts()["pending"]:
        indices, skipped = sensitivity.write_indices(folder.path)
        if indices is not None:
            print(_say("cli.indices", args.lang, path=indices))
        if skipped:
            print(f"note: no indices for {', '.join(skipped)} (missing values)", file=sys.stderr)
    paths = [] if args.no_plot else _figures(folder.path, folder.manifest["lang"])
    if folder.counts()["done"]:
        _sweep_report(folder.path, folder.manifest["lang"], paths)
    return _report(folder, summary, table=False)


def _sweep_report(path: Path, lang: str, figures: list[Path]) -> None:
    """Write the sweep's report.md and report.html showing ``figures``; print its summary."""
    writer = _optional("analysis.sweep_report", "write_sweep_report")
    if writer is None:
        return
    md_path, lines = writer(path, lang=lang, paths=figures)
    for line in lines:
        print(line)
    print(_say("robust.where", lang, path=md_path.with_suffix(".html")))


def cmd_plot(args: argparse.Namespace) -> int:
    from analysis import resultset
    from analysis.runner import check_outcomes
    from sim.params import InputError

    outcomes = check_outcomes(args.outcome) if args.outcome else None
    plot = _optional("analysis.figures", "plot_results")
    if plot is None:
        return 1
    folder = Path(args.folder)
    results = resultset.load(folder)
    if (folder / "figures").exists() and not (folder / "figures").is_dir():
        raise InputError(f"'{folder / 'figures'}' is a file: move it away so that figures can be drawn there")
    if results.skipped:
        print(f"note: skipped what could not be read: {', '.join(results.skipped)}", file=sys.stderr)
    lang = args.lang or results.manifest.get("lang", "en")
    lang = lang if lang in ("en", "id") else "en"
    try:
        plot(folder, outcomes=outcomes, lang=lang, results=results)
    except (KeyError, ValueError, TypeError, ArithmeticError, IndexError) as err:
        raise InputError(f"'{folder}' cannot be drawn: its tables do not fit its manifest "
                         f"({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''})") from None
    print(_say("cli.figures", lang, folder=folder / "figures"))
    return 0


def cmd_analytic(args: argparse.Namespace) -> int:
    from sim.analytic import report
    from sim.params import InputError

    name, params = _scenario_params(args.scenario, args)
    try:
        text = report(params)
    except (ValueError, ArithmeticError) as err:  # no equilibrium for these values
        raise InputError(f"the representative-seller market and population of '{name}' have no solution "
                         f"for these parameter values ({str(err).splitlines()[0]})") from None
    print(text)
    return 0


def cmd_robust(args: argparse.Namespace) -> int:
    from analysis import robust, robust_report
    from analysis.runner import Plan
    from sim.params import InputError

    if args.backend == "dask":
        _require_dask()
    names = [args.against, *args.policies]
    scenarios = dict(_scenario_params(name, args) for name in names)
    if len(scenarios) < len(names):
        raise InputError("robust: a scenario is named twice (a policy cannot be its own reference)")
    reps = args.reps if args.reps is not None else robust.DEFAULT_REPS
    seed = args.seed if args.seed is not None else 0
    design = robust.world_design(scenarios, args.worlds, seed, ("assumed", *args.include), max_points=args.max_runs)
    plan = Plan.build("robust", scenarios, design, reps, seed, lang=args.lang, max_runs=args.max_runs)
    print(robust_report.plan_line(plan, args.lang))
    folder, summary = _study(args, plan, "-".join(scenarios))
    if not folder.counts()["pending"]:
        tables = robust.analyse(folder.path)
        report = robust_report.write(folder.path, tables, args.lang)
        for line in robust_report.sentences(tables, args.lang):
            print(line)
        print(robust_report.where_line(report, args.lang))
    return _report(folder, summary, table=False)


# ---- helpers ----------------------------------------------------------------------------------


def _split_vary(item: str) -> tuple[str, str]:
    from sim.params import InputError

    name, sep, spec = item.partition("=")
    if not sep or not name.strip():
        raise InputError(f"--vary {item!r} is not of the form NAME=SPEC")
    return name.strip(), spec


def _scenario_params(name: str, args: argparse.Namespace) -> tuple[str, dict]:
    """A scenario's name and its parameters with ``--set`` and ``--months`` applied."""
    from sim.params import parse_assignments, resolve
    from sim.scenarios import load_scenario

    scenario = load_scenario(name)
    overrides = parse_assignments(args.set)
    label = set_label(scenario.name, overrides)
    if args.months is not None:
        overrides["months"] = args.months
    return label, resolve(overrides, base=scenario.values)


def set_label(name: str, overrides: dict) -> str:
    """What a scenario changed with --set is: "baseline + floor_price = Rp 1,000,000" (the name alone without)."""
    from sim.params import REGISTRY

    def shown(key, value):
        return f"Rp {value:,.0f}" if REGISTRY[key].unit.startswith("Rp") else _show(value)

    return " + ".join([name, *(f"{key} = {shown(key, value)}" for key, value in overrides.items())])


def folder_label(label: str) -> str:
    """A scenario label as part of a folder name: "baseline+floor_price=1000000"."""
    return "".join(char for char in label.replace("Rp ", "") if char.isalnum() or char in "_+=-.")


def _planned_reps(args: argparse.Namespace) -> int:
    """Replications to plan: the pilot when --reps auto (checked before any run)."""
    from analysis.adaptive import PILOT
    from sim.params import InputError

    if args.reps != "auto":
        return args.reps
    if not 0 < args.precision < 1:
        raise InputError(f"--precision {args.precision}: allowed between 0 and 1 (exclusive)")
    return PILOT


def _study(args: argparse.Namespace, plan, label: str):
    """Open the results folder and do the runs; returns (folder, summary)."""
    from analysis import runner, storage
    from sim.params import InputError

    if args.out is not None and not args.out.strip():
        raise InputError("--out '' is empty: give a folder, or leave --out out for a new one under results/")
    if args.resume and not args.out:
        raise InputError("--resume needs --out DIR (the folder to finish)")
    timeout = getattr(args, "scheduler_timeout", 10.0)
    if not 0 < timeout <= 3600:
        raise InputError(f"--scheduler-timeout {timeout:g}: allowed more than 0 and at most 3600 seconds")
    runner.check_backend(getattr(args, "backend", "local"), getattr(args, "scheduler", None), timeout)
    outdir = Path(args.out) if args.out else storage.default_folder(args.command, folder_label(label))
    if args.resume and outdir.is_dir():
        _ACTIVE["folder"] = outdir  # a fault while reopening it is logged there
    try:
        folder = runner.open_folder(plan, outdir, ["run_experiments.py", *args.argv], args.resume)
    except OSError as err:
        raise storage.folder_error(outdir, err) from None
    _ACTIVE["folder"] = outdir
    if folder.damaged:
        print(f"--resume: {len(folder.damaged)} damaged part(s) removed, their runs are done again: "
              f"{', '.join(folder.damaged)}", file=sys.stderr)
    try:
        adaptive = _adaptive(args)
        summary = runner.run_study(plan, folder, workers=args.workers, backend=getattr(args, "backend", "local"),
                                   scheduler=getattr(args, "scheduler", None), more_reps=adaptive)
        if adaptive is not None:
            folder.manifest["reps_auto"] = adaptive.record()
            folder.save(force=True)
            print(f"--reps auto: {adaptive.record()['reps']} replications ({adaptive.record()['reason']})")
    except KeyboardInterrupt as err:
        counts = folder.counts()
        print(f"interrupted: {counts['done']} of {sum(counts.values())} runs finished and kept in {outdir}; "
              f"finish with the same command and --resume --out {outdir}", file=sys.stderr)
        raise Interrupted(_interrupt_status(err)) from None
    return folder, summary


def _require_dask() -> None:
    """Dask distributed is an optional extra: say how to install it, before any folder is made."""
    import importlib.util

    from sim.params import InputError

    if importlib.util.find_spec("distributed") is None:
        raise InputError("--backend dask needs Dask distributed, which is not installed: "
                         "pip install \"umkm-craft-abm[dask]\" (in a checkout: pip install -e \".[dask]\")")


def _adaptive(args: argparse.Namespace):
    """The --reps auto stopping rule, or None."""
    if getattr(args, "reps", None) != "auto":
        return None
    from analysis.adaptive import AdaptiveReps

    return AdaptiveReps(rel_precision=args.precision)


def _optional(module: str, function: str):
    """``module.function``, or None with a note on stderr when the module is missing."""
    import importlib

    try:
        return getattr(importlib.import_module(module), function)
    except ModuleNotFoundError as err:
        if err.name != module:
            raise
    print(f"note: {module} is not available; results are written without its output", file=sys.stderr)
    return None


def _figures(path: Path, lang: str) -> list[Path]:
    """Draw every figure of a results folder; return the files written (none without analysis.figures)."""
    plot = _optional("analysis.figures", "plot_results")
    return [] if plot is None else plot(path, outcomes=None, lang=lang)


def _say(key: str, lang: str, **values) -> str:
    """A terminal line in the user's language (from the glossary)."""
    from analysis import lang as words

    return words.text(key, lang, **values)


def _report(folder, summary, table: bool) -> int:
    """Print where the results are (and the headline table); 1 if any run failed."""
    from analysis.stats import headline_table

    counts = folder.counts()
    lang = folder.manifest.get("lang", "en")
    print(_say("cli.results", lang, folder=folder.path, done=counts["done"], failed=counts["failed"]))
    if table:
        year, last_year = _last_year(folder)
        if last_year is None:
            print(_say("cli.table", lang, month=folder.manifest["months"]))
        else:
            summary = last_year
            print(_say("cli.table_year", lang, year=year, first=12 * year - 11, last=12 * year))
        print(headline_table(summary, lang=lang))
    if counts["failed"]:
        print(f"{counts['failed']} runs failed (errors in {folder.path / 'manifest.json'}); "
              f"retry them with --resume --out {folder.path}", file=sys.stderr)
        return 1
    return 0


def _last_year(folder):
    """(year, summary of the headline outcomes' annual means of the last full year), the horizon
    the reports use (prices, incomes and sales swing with the seasons); (0, None) for runs
    shorter than a year."""
    from analysis import resultset
    from analysis.compare_stats import annual_means
    from analysis.stats import HEADLINE, summarise

    year = int(folder.manifest["months"]) // 12
    if year < 1:
        return 0, None
    means = annual_means(resultset.timeseries(folder.path, list(HEADLINE)), year, list(HEADLINE))
    return year, summarise(means, ["scenario"], list(HEADLINE)) if not means.empty else None


_ACTIVE: dict[str, Path | None] = {"folder": None}
"""The results folder the command is writing, once it exists: where a fault's log goes."""


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit status (see the module docstring).

    Bad input is one line and status 2; Ctrl-C 130 and SIGTERM 143, finished runs kept; any
    other fault one line and status 1, its details in ``error.log`` of the results folder."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    from sim.params import InputError

    _ACTIVE["folder"] = None
    _STOPPING["signal"] = None
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = ({sig: signal.signal(sig, _on_stop_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
                if in_main_thread else {})
    try:
        return args.handler(args)
    except InputError as err:
        print(f"error: {one_line(str(err))}", file=sys.stderr)
        return 2
    except Interrupted as err:
        return err.status
    except KeyboardInterrupt as err:
        print("interrupted before any run was stored: nothing to resume", file=sys.stderr)
        return _interrupt_status(err)
    except BrokenPipeError:  # output piped into a reader that stopped early (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # a machine fault or a defect: one line, the details in a log
        return _fault(err, argv)
    finally:
        for sig, handler in previous.items():
            try:
                signal.signal(sig, signal.SIG_IGN if _STOPPING["signal"] is not None else handler)
            except (TypeError, ValueError):  # a handler installed from C cannot be restored
                pass


def _fault(err: Exception, argv: list[str]) -> int:
    """Report a fault in one line on stderr, with its details in a log; returns 1."""
    import tempfile
    import traceback
    from datetime import datetime

    from analysis.runner import MachineFault
    from analysis.storage import LOG

    if isinstance(err, MachineFault):
        what = str(err)
    elif isinstance(err, OSError):
        what = f"{err.strerror or type(err).__name__}" + (f": '{err.filename}'" if err.filename else "")
    else:
        what = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    folder = _ACTIVE["folder"]
    details = (f"{datetime.now().astimezone().isoformat(timespec='seconds')} {' '.join(argv)}\n"
               + "".join(traceback.format_exception(err)))
    log = None
    for candidate in ([folder / LOG] if folder is not None and folder.is_dir() else []) + [
            Path(tempfile.gettempdir()) / f"umkm-abm-error-{os.getpid()}.log"]:
        try:
            with open(candidate, "a", encoding="utf-8") as handle:
                handle.write(details)
            log = candidate
            break
        except OSError:
            continue
    hint = (f"; finished runs are kept in {folder}: continue with the same command and --resume --out {folder}"
            if folder is not None and folder.is_dir() else "")
    where = f" (details in {log})" if log else " (no log could be written)"
    print(f"error: {what}{hint}{where}", file=sys.stderr)
    return 1


def console() -> None:
    """Entry point of ``umkm-abm`` and ``python run_experiments.py``.

    After an interrupt or a fault the process ends at once, without waiting for worker threads
    that may be blocked reading from a worker that was killed mid-message (their results are
    not recorded anyway)."""
    status = main()
    if status in (1, 130, 143):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    console()
