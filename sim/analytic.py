"""The representative-seller market and the mean-field weaver population, solved without agents.

This is the benchmark against which the simulation is checked (tests/test_analytic.py).  It uses
the simulation's own logit (``market.utility``, ``market.choice_shares``, ``market.build_segments``,
``market.Tastes``) and production (``initial.expected_pieces``, ``production.season_factor``), with
every seller alike: one skill, one mindset, no firms, no programmes.

Market (money in Rp, flows in pieces/month).  Buyers ``B`` of a segment buy genuine silk at
price ``p`` with logit share ``s(p) = A x^-a / (C + A x^-a)``, ``x = p / market.PRICE_UNIT``,
where ``log A`` is the non-price utility of the local product and ``C`` the no-purchase option
plus the substitutes.  Supply is ``S = weavers * expected pieces * mean season factor``.

- One segment: the clearing price solves ``B s(p) = S`` in closed form in ``log p`` (derived with
  sympy and lambdified: :func:`clearing_log_price_formula`).
- Several segments, or both thread types: prices solve the clearing conditions numerically
  (scipy ``brentq`` / ``fsolve``).
- Sellers never ask less than their reservation price (``market.reservation_price``), so the
  market price is ``max(p*, reservation)``; a floor binds when it is above that price.
- Under a binding floor ``f``: quantity demanded ``D(f)``, excess supply ``S - D(f)``, and the
  share of potential pieces that find no buyer ``(S - D(f)) / S``.  (In the simulation a weaver
  whose stock reaches ``stock_cap`` stops weaving, so this excess shows as pieces not woven and
  stock carried; the simulated counterpart is ``1 - sold / (weavers * expected pieces)``.)
- The floor that maximises sellers' total revenue ``f D(f)`` and the one that maximises their
  net income ``(f - thread cost) D(f)``.

Population (months).  The mean-field ODE of :func:`population_ode` follows the weavers ``N``,
their mean age ``A`` (years), apprentices ``P`` and the youth pool ``Y``: youth start an
apprenticeship with the entry logit of ``demography.entry_probability`` at the expected income
per weaver the market pays ``N`` weavers, apprentices graduate or drop out, weavers retire by
the hazard of ``demography.monthly_retirement_probability`` at their mean age and leave at
``low_income_exit`` a month when expected income is below subsistence.  Solved with
``scipy.integrate.solve_ivp``; its steady state as a function of the floor is
:func:`steady_state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, fsolve, minimize_scalar
from scipy.special import expit
from scipy.stats import beta as beta_dist
from scipy.stats import norm

from . import demography
from .initial import expected_pieces, thread_cost
from .market import GENUINE, IMITATION, PRICE_UNIT, Tastes, build_segments, choice_shares, tastes_from, utility
from .production import RAINY_MONTHS, season_factor

YOUTH_ENTRY_AGE = 22.5
"""Years: mean age of a youth starting an apprenticeship (the pool spans 15-30)."""
YOUTH_SPAN_MONTHS = 180.0
"""Months a youth stays in the pool (15 to 30 years)."""


# ---- the logit in closed form -----------------------------------------------------------------


@lru_cache(maxsize=1)
def clearing_log_price_formula():
    """``(expression, function)``: log(p*/PRICE_UNIT) solving ``B A x^-a / (C + A x^-a) = S``.

    Derived with sympy; the function is lambdified with arguments ``(log_A, C, a, B, S)``.
    """
    y, log_a, c, a, b, s = sp.symbols("y log_A C a B S", real=True)
    share = sp.exp(log_a - a * y) / (c + sp.exp(log_a - a * y))
    solutions = sp.solve(sp.Eq(b * share, s), y)
    expr = sp.simplify(solutions[0])
    return expr, sp.lambdify((log_a, c, a, b, s), expr, "numpy")


def mean_season(params: dict) -> float:
    """Mean production factor over the 12 months of a year (1 = dry season)."""
    return float(np.mean([season_factor(m, params["rainy_factor"]) for m in range(12)]))


def pieces_per_weaver(params: dict, product: int = GENUINE) -> float:
    """Expected pieces a month of a representative weaver (skill_mean), over the year."""
    return float(expected_pieces(params, params["skill_mean"], np.array(product))) * mean_season(params)


def supply(params: dict, weavers: float, product: int = GENUINE) -> float:
    """Potential pieces a month: weavers * expected pieces * mean season factor."""
    return weavers * pieces_per_weaver(params, product)


def reservation(params: dict, product: int = GENUINE) -> float:
    """Rp: the representative seller's lowest asking price (``market.reservation_price``)."""
    from .market import reservation_price

    value = params["value_price_genuine"] if product == GENUINE else params["value_price_imitation"]
    return float(reservation_price(np.array(thread_cost(params, np.array(product)), float),
                                   np.array(value, float), np.array(params["mindset_mean"], float)))


@dataclass(frozen=True)
class Logit:
    """One segment's logit for the local genuine product: ``s(p) = A x^-a / (C + A x^-a)``."""

    buyers: float
    log_a: float
    c: float
    a: float

    def share(self, price):
        """Share of the segment's buyers who buy genuine silk at ``price`` (Rp)."""
        u = utility(0.0, price, 0.0, 0.0, self.a, Tastes(0.0, 0.0, 0.0)) + self.log_a
        u = np.atleast_1d(u)
        return np.array([choice_shares(np.array([ui, np.log(self.c - 1.0)]))[1] if self.c > 1 else
                         choice_shares(np.array([ui]))[1] for ui in u]).reshape(np.shape(price))

    def demand(self, price):
        """Pieces a month demanded at ``price`` (Rp)."""
        return self.buyers * self.share(price)


def local_logit(params: dict, visibility: float = 0.0, quality: float | None = None) -> Logit:
    """The local segment (every seller reaches it) for genuine silk of the representative seller."""
    seg = [s for s in build_segments(params) if s.name == "local"][0]
    tastes = tastes_from(params)
    q = params["skill_mean"] if quality is None else quality
    log_a = float(utility(q, PRICE_UNIT, visibility, 1.0, seg.price_sens, tastes))
    subs = [utility(s.quality, s.price, s.visibility, s.genuine, seg.price_sens, tastes) for s in seg.substitutes]
    c = 1.0 / float(choice_shares(np.array(subs, float))[0])   # 1 + sum exp(u_substitute)
    return Logit(seg.buyers, log_a, c, seg.price_sens)


def clearing_price(params: dict, weavers: float, visibility: float = 0.0) -> float:
    """Rp: the one-segment clearing price p* (closed form), where demand equals potential supply."""
    lg = local_logit(params, visibility)
    s = supply(params, weavers)
    if s >= lg.buyers:
        return 0.0
    if s <= 0:
        return np.inf
    _, f = clearing_log_price_formula()
    return PRICE_UNIT * float(np.exp(f(lg.log_a, lg.c, lg.a, lg.buyers, s)))


def clearing_price_numeric(params: dict, weavers: float, visibility: float = 0.0) -> float:
    """Rp: the same p* by ``brentq`` on log price (a check on the closed form)."""
    lg = local_logit(params, visibility)
    s = supply(params, weavers)
    return float(np.exp(brentq(lambda lp: lg.demand(np.exp(lp)) - s, np.log(1e3), np.log(1e9))))


# ---- the market with and without a floor -------------------------------------------------------


@dataclass(frozen=True)
class MarketState:
    """The representative market in a month: price (Rp), pieces a month, shares in [0,1]."""

    floor: float
    price: float
    clearing_price: float
    supply: float
    quantity: float
    excess_supply: float
    unsold_share: float
    revenue: float
    income_per_weaver: float
    binding: bool


def market_state(params: dict, weavers: float | None = None, floor: float | None = None,
                 visibility: float = 0.0) -> MarketState:
    """Price, quantity sold and unsold share of ``weavers`` genuine-silk sellers under ``floor`` (Rp).

    ``floor`` defaults to the params' ``floor_price`` (0 = none); ``weavers`` to ``n_weavers``.
    Income per weaver (Rp/month) is revenue less thread for the pieces sold (made = sold in the
    long run).
    """
    n = params["n_weavers"] if weavers is None else weavers
    f = params["floor_price"] if floor is None else floor
    lg = local_logit(params, visibility)
    s = supply(params, n)
    p_star = clearing_price(params, n, visibility)
    free_price = max(p_star, reservation(params))
    price = max(free_price, f)
    quantity = min(s, float(lg.demand(price)))
    cost = float(thread_cost(params, np.array(GENUINE)))
    return MarketState(f, price, p_star, s, quantity, s - quantity, (s - quantity) / s if s > 0 else 0.0,
                       price * quantity, (price - cost) * quantity / n if n > 0 else 0.0, f > free_price)


def best_floors(params: dict, weavers: float | None = None, visibility: float = 0.0) -> dict:
    """Floors (Rp) that maximise sellers' total revenue and their net income (revenue less thread).

    With the logit, revenue ``f D(f)`` falls for every floor above p* once ``a (1 - s) > 1``;
    then the revenue-maximising floor is the market price itself (no binding floor).
    """
    n = params["n_weavers"] if weavers is None else weavers
    lo = market_state(params, n, 0.0, visibility).price

    def best(objective):
        res = minimize_scalar(lambda lf: -objective(np.exp(lf)), bounds=(np.log(lo), np.log(20 * lo)),
                              method="bounded")
        return float(np.exp(res.x)) if -res.fun > objective(lo) else lo

    rev = best(lambda f: market_state(params, n, f, visibility).revenue)
    net = best(lambda f: market_state(params, n, f, visibility).income_per_weaver)
    return {"revenue_max_floor": rev, "revenue_at_best": market_state(params, n, rev, visibility).revenue,
            "net_max_floor": net, "net_income_at_best": market_state(params, n, net, visibility).income_per_weaver}


def local_shares(params: dict, seg, prices, visibility: float = 0.0) -> np.ndarray:
    """Shares of a segment's buyers who buy the representative seller's genuine and imitation
    piece at ``prices`` (Rp; NaN for a type not on offer), against the substitutes and not buying."""
    tastes = tastes_from(params)
    u = [utility(params["skill_mean"], prices[k], visibility, 1.0 - k, seg.price_sens, tastes)
         if np.isfinite(prices[k]) else -np.inf for k in (0, 1)]
    subs = [utility(s.quality, s.price, s.visibility, s.genuine, seg.price_sens, tastes) for s in seg.substitutes]
    return choice_shares(np.array(u + subs, float))[1:3]


def two_type_prices(params: dict, weavers: float | None = None, visibility: float = 0.0) -> dict:
    """Genuine and imitation prices (Rp) clearing every segment together (``fsolve``).

    Each thread type's supply is ``genuine_share`` (or the rest) of the weavers; buyers of every
    segment the type reaches choose among both local types and the substitutes.  Segments other
    than local are reached only through firms (``firm_tie_share`` of the supply when
    ``n_firms > 0``), which is counted here as the type being on offer there.
    """
    n = params["n_weavers"] if weavers is None else weavers
    firms = params["n_firms"] > 0 and params["firm_tie_share"] > 0
    segs = [s for s in build_segments(params) if s.buyers > 0 and (s.name == "local" or
                                                                  (firms and s.name in ("national", "regional")))]
    share_g = params["genuine_share"]
    supplies = np.array([supply(params, n * share_g, GENUINE), supply(params, n * (1 - share_g), IMITATION)])

    def demand(log_prices):
        prices = np.where(supplies > 0, PRICE_UNIT * np.exp(log_prices), np.nan)
        return sum((seg.buyers * local_shares(params, seg, prices, visibility) for seg in segs), np.zeros(2))

    present = supplies > 0
    guess = np.log(np.array([params["price_genuine_init"], params["price_imitation_init"]]) / PRICE_UNIT)

    def gap(lp):
        full = np.where(present, lp, guess)
        return np.where(present, np.log(demand(full) + 1e-12) - np.log(np.maximum(supplies, 1e-12)), lp - guess)

    lp = fsolve(gap, guess)
    prices = PRICE_UNIT * np.exp(lp)
    return {"price_genuine": float(prices[0]) if present[0] else np.nan,
            "price_imitation": float(prices[1]) if present[1] else np.nan,
            "quantity_genuine": float(demand(lp)[0]), "quantity_imitation": float(demand(lp)[1])}


def demand_scale_for(params: dict, price_genuine: float) -> float:
    """The ``demand_scale`` at which :func:`two_type_prices` clears genuine silk at
    ``price_genuine`` (Rp), the other parameters as given: how large the market must be for the
    observed price to hold under other buyers' price sensitivities (``brentq`` on log scale)."""
    def gap(log_scale):
        return np.log(two_type_prices({**params, "demand_scale": float(np.exp(log_scale))})["price_genuine"]
                      / price_genuine)

    return float(np.exp(brentq(gap, np.log(1e-3), np.log(1e3))))


def genuine_elasticities(params: dict, weavers: float | None = None, visibility: float = 0.0) -> dict:
    """Own-price elasticity of demand for genuine silk in each segment and overall, at the prices
    of :func:`two_type_prices`: in a logit the elasticity of an option's demand to its own price is
    ``-a_p (1 - s)``, ``a_p`` the segment's price sensitivity and ``s`` the option's share of the
    segment's buyers (buyers who do not buy count in the denominator).  The overall elasticity
    weights the segments by the genuine pieces they buy.  Returns ``{segment: (elasticity,
    pieces a month)}`` and ``"overall"``."""
    n = params["n_weavers"] if weavers is None else weavers
    two = two_type_prices(params, n, visibility)
    prices = np.array([two["price_genuine"], two["price_imitation"]])
    out = {}
    for seg in build_segments(params):
        if seg.buyers <= 0:
            continue
        share = float(local_shares(params, seg, prices, visibility)[0])
        out[seg.name] = (-seg.price_sens * (1.0 - share), seg.buyers * share)
    weights = np.array([q for _, q in out.values()])
    values = np.array([e for e, _ in out.values()])
    out["overall"] = (float(values @ weights / weights.sum()) if weights.sum() > 0 else np.nan, float(weights.sum()))
    return out


# ---- the mean-field weaver population ----------------------------------------------------------


def _graduation_rate(params: dict) -> tuple[float, float]:
    """Monthly graduation rate g and dropout d such that g / (g + d) is the chance to finish."""
    d = params["apprentice_dropout"] * (1.0 - 0.5 * params["youth_interest_mean"])
    lengths = np.arange(params["apprentice_min_months"], params["apprentice_max_months"] + 1)
    finish = float(np.mean((1.0 - d) ** lengths))
    g = d * finish / (1.0 - finish) if finish < 1 else 1.0 / float(lengths.mean())
    return g, d


def population_ode(params: dict, floor: float | None = None):
    """Right-hand side ``f(t, [N, A, P, Y])`` of the mean-field population (per month).

    N weavers, A their mean age (years), P apprentices, Y youth in the pool.  The cohort
    ``n_youth / 15`` a year joins the pool and youth leave it after 15 years.
    """
    f_level = params["floor_price"] if floor is None else floor
    g, d = _graduation_rate(params)
    wage = max(params["outside_wage"], demography.WAGE_FLOOR)
    subsistence = params["subsistence_share"] * params["outside_wage"]
    # interest is Beta(5m, 5(1-m)) as drawn in sim.initial.beta_draws: average the logit over it
    m = float(np.clip(params["youth_interest_mean"], 0.01, 0.99))
    nodes, weights = np.polynomial.legendre.leggauss(24)
    interest = 0.5 * (nodes + 1.0)
    weights = 0.5 * weights * beta_dist.pdf(interest, 5 * m, 5 * (1 - m))
    weights = weights / weights.sum()
    if params["skill_sd"] > 0:
        master_share = float(norm.sf(params["master_skill"], params["skill_mean"], params["skill_sd"]))
    else:
        master_share = float(params["skill_mean"] >= params["master_skill"])
    masters = params["mentor_capacity"] * master_share
    seats_programme = params["programme_seats"] * params["youth_programme"]

    def rhs(t, state):
        n, age, app, pool = np.maximum(state, [1e-6, 0.0, 0.0, 0.0])
        income = market_state(params, n, f_level if t >= params["floor_start_month"] else 0.0).income_per_weaver
        peers = np.full(interest.size, app / (pool + app) if pool + app > 0 else 0.0)  # started in the last year
        entry = float(weights @ demography.entry_probability(params, np.full(interest.size, income), interest, peers))
        seats = max(masters * n + seats_programme - app, 0.0)
        starts = min(entry * pool, seats)
        retire = float(demography.monthly_retirement_probability(np.array([age]),
                                                                 params["retirement_age_max"])[0])
        # exit after sustained low income: a smooth switch around the subsistence line
        low = params["low_income_exit"] * float(expit((subsistence - income) / (0.002 * wage)))
        grads = g * app
        dn = grads - (retire + low) * n
        dage = 1.0 / 12.0 + grads / n * (YOUTH_ENTRY_AGE + 0.75 - age)
        dapp = starts - (g + d) * app
        dpool = params["n_youth"] / YOUTH_SPAN_MONTHS - pool / YOUTH_SPAN_MONTHS - starts
        return [dn, dage, dapp, dpool]

    return rhs


def solve_population(params: dict, months: int | None = None, floor: float | None = None):
    """``solve_ivp`` of :func:`population_ode` from month 0; returns the solution (t in months)."""
    horizon = params["months"] if months is None else months
    y0 = [params["n_weavers"], params["weaver_age_median"], 0.0, params["n_youth"]]
    return solve_ivp(population_ode(params, floor), (0, horizon), y0, t_eval=np.arange(horizon + 1),
                     method="LSODA", rtol=1e-6, atol=1e-6)


def steady_state(params: dict, floor: float | None = None, months: int = 6000) -> dict:
    """Long-run weavers, mean age (years) and income per weaver (Rp/month) under ``floor`` (Rp)."""
    sol = solve_population(params, months, floor)
    n, age = float(sol.y[0, -1]), float(sol.y[1, -1])
    f_level = params["floor_price"] if floor is None else floor
    st = market_state(params, n, f_level)
    return {"floor": f_level, "weavers": n, "mean_age": age, "price": st.price,
            "income_per_weaver": st.income_per_weaver, "quantity": st.quantity}


# ---- the report of ``run_experiments.py analytic`` ---------------------------------------------


def report(params: dict, floors=None) -> str:
    """Figures of the representative-seller market and population, as plain text (Rp, months)."""
    n = params["n_weavers"]
    expr, _ = clearing_log_price_formula()
    free = market_state(params, n, 0.0)
    lines = [
        f"log(p*/{PRICE_UNIT:,.0f}) = {expr}",
        f"weavers {n:,}; potential supply {free.supply:,.1f} pieces/month "
        f"({pieces_per_weaver(params):.3f} per weaver, mean season {mean_season(params):.3f})",
        f"clearing price p* (closed form) Rp {free.clearing_price:,.0f}; by brentq Rp "
        f"{clearing_price_numeric(params, n):,.0f}; reservation price Rp {reservation(params):,.0f}",
        f"without a floor: price Rp {free.price:,.0f}, sold {free.quantity:,.1f} pieces/month, "
        f"unsold share {free.unsold_share:.3f}, income Rp {free.income_per_weaver:,.0f}/weaver/month",
    ]
    if params["genuine_share"] < 1 or params["n_firms"] > 0:
        two = two_type_prices(params, n)
        lines.append(f"both thread types, every segment reached (fsolve): genuine Rp {two['price_genuine']:,.0f}, "
                     f"imitation Rp {two['price_imitation']:,.0f}")
        lines.append("own-price elasticity of genuine demand at these prices (-a_p (1 - share)), genuine pieces/month:")
        for name, (elasticity, pieces) in genuine_elasticities(params, n).items():
            lines.append(f"  {name:<12} {elasticity:>6.2f}  {pieces:>10,.1f}")
    floors = sorted({params["floor_price"], 500_000, 750_000, 1_000_000} if floors is None else floors)
    lines.append("floor (Rp)    price (Rp)  sold/month  excess/month  unsold  income (Rp/weaver/month)  binding")
    for f in floors:
        st = market_state(params, n, f)
        lines.append(f"{f:>10,.0f}  {st.price:>12,.0f}  {st.quantity:>10,.1f}  {st.excess_supply:>12,.1f}  "
                     f"{st.unsold_share:>6.3f}  {st.income_per_weaver:>24,.0f}  {'yes' if st.binding else 'no'}")
    best = best_floors(params, n)
    lines.append(f"floor maximising sellers' revenue: Rp {best['revenue_max_floor']:,.0f} "
                 f"(Rp {best['revenue_at_best']:,.0f}/month); maximising net income: Rp "
                 f"{best['net_max_floor']:,.0f} (Rp {best['net_income_at_best']:,.0f}/weaver/month)")
    sol = solve_population(params)
    months = params["months"]
    lines.append(f"population ODE (floor Rp {params['floor_price']:,.0f} from month {params['floor_start_month']}): "
                 f"weavers at month {months} {sol.y[0, -1]:,.1f}, mean age {sol.y[1, -1]:.1f} years")
    lines.append("steady state by floor: floor (Rp), weavers, income (Rp/weaver/month)")
    for f in floors:
        ss = steady_state(params, f)
        lines.append(f"{f:>10,.0f}  {ss['weavers']:>10,.1f}  {ss['income_per_weaver']:>12,.0f}")
    return "\n".join(lines)


__all__ = ["clearing_log_price_formula", "clearing_price", "clearing_price_numeric", "market_state",
           "best_floors", "two_type_prices", "genuine_elasticities", "demand_scale_for", "population_ode", "solve_population", "steady_state",
           "supply", "pieces_per_weaver", "mean_season", "report", "RAINY_MONTHS"]
