"""The market: demand segments, outside substitutes, logit choice, clearing and asking prices.

Each month each segment's potential buyers choose among the local genuine-silk offer, the local
mixed/imitation offer, the substitutes (songket and other regions' textiles; printed or
machine-made imitations) and not buying, by multinomial logit on

    u = a_q * quality - a_p * log(price / Rp 100,000) + a_v * visibility + a_g * genuine

(docs/ODD.md §7), so that demand slopes down and substitution to imitations and songket is explicit.
A local product type is valued at the stock-weighted mean quality and log price of the offers
buyers in that segment can reach.  The buyers who chose a local type then go to individual sellers
of that type in proportion to the seller's stock and attractiveness
``exp(a_q q_i - a_p log p_i)``; a seller sells at most what it offers, and buyers who found a
seller sold out try another seller of the type.

Segments and who reaches them: ``national`` (online and national buyers: sellers through a firm
with digital capability), ``regional`` (tourist and regional buyers: sellers through a firm with a
regional channel, and the sellers shown at an exhibition that month), ``procurement`` (government buying
from certified UMKM, Bintarti & Enjelina n.d.) and ``local`` (ceremonial buyers in the regency:
every seller). Segments are served in that order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

PRICE_UNIT = 100_000.0
"""Rp: prices enter utility as log(price / PRICE_UNIT)."""

GENUINE, IMITATION = 0, 1
UNREACHED = 2
"""Option code of a seller a segment cannot reach (beside the product types GENUINE, IMITATION)."""
ALLOCATION_ROUNDS = 4
"""Times buyers who reached a sold-out seller try again among sellers with stock."""


@dataclass(frozen=True)
class Substitute:
    """An outside product: price in Rp, quality and visibility in [0,1], genuineness in [0,1]."""

    name: str
    price: float
    quality: float
    visibility: float
    genuine: float


@dataclass(frozen=True, eq=False)
class Segment:
    """A demand segment: potential buyers a month, price sensitivity, who can reach it.  Each one
    is its own (compared and hashed by identity), so that looking up its substitutes' utilities
    each month is quick."""

    name: str
    buyers: float
    price_sens: float
    channel: str
    substitutes: tuple[Substitute, ...]


@dataclass(frozen=True)
class Tastes:
    """Weights of quality, visibility and genuineness in every segment's utility."""

    quality: float
    visibility: float
    genuine: float




def tastes_from(params: dict) -> Tastes:
    return Tastes(params["taste_quality"], params["taste_visibility"], params["taste_genuine"])


def build_segments(params: dict) -> tuple[Segment, ...]:
    """The demand segments of docs/ODD.md §2 from the parameters.

    Buyers are given per 1,000 weavers at month 0 and scaled by ``demand_scale``: the number of
    weavers is uncertain (200-5,000) while prices are observed, so the market is sized to the
    assumed craft so that the calibrated prices hold whatever count is assumed.
    """
    songket = Substitute("songket", params["songket_price"], params["songket_quality"],
                         params["songket_visibility"], params["songket_genuine"])
    printed = Substitute("printed", params["printed_price"], params["printed_quality"],
                         params["printed_visibility"], 0.0)
    scale = params["demand_scale"] * params["n_weavers"] / 1000.0
    return (
        Segment("national", params["buyers_national"] * scale, params["price_sens_national"],
                "national", (songket, printed)),
        Segment("regional", params["buyers_regional"] * scale, params["price_sens_regional"],
                "regional", (songket, printed)),
        Segment("procurement", params["procurement_share"] * params["buyers_local"] * scale,
                params["procurement_price_sens"], "certified", (songket, printed)),
        Segment("local", params["buyers_local"] * scale, params["price_sens_local"], "all",
                (songket, printed)),
    )


def private_segments(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """The segments of private buyers: all but government procurement, which is an institution's
    buying (the market's spin-up runs without it, docs/ODD.md §5)."""
    return tuple(seg for seg in segments if seg.name != "procurement")


def utility(quality, price, visibility, genuine, price_sens: float, tastes: Tastes):
    """Logit utility of an option (scalars or arrays; price in Rp)."""
    return log_price_utility(quality, np.log(np.asarray(price) / PRICE_UNIT), visibility, genuine, price_sens, tastes)


def log_price_utility(quality, log_price, visibility, genuine, price_sens: float, tastes: Tastes):
    """Logit utility with the price given as log(price / PRICE_UNIT)."""
    return (tastes.quality * quality - price_sens * log_price + tastes.visibility * visibility
            + tastes.genuine * genuine)


def choice_shares(utilities) -> np.ndarray:
    """Multinomial-logit shares of [no purchase, *options]; -inf marks an absent option.

    A handful of options: plain Python arithmetic, several times cheaper than numpy's at this size."""
    u = [0.0, *map(float, utilities)]
    top = max(u)
    weights = [math.exp(x - top) for x in u]
    total = sum(weights)
    return np.array([x / total for x in weights])


@lru_cache(maxsize=64)
def substitute_utilities(segment: Segment, tastes: Tastes) -> tuple[float, ...]:
    """Utilities of a segment's substitutes (constant for a run, so computed once)."""
    return tuple(float(utility(s.quality, s.price, s.visibility, s.genuine, segment.price_sens, tastes))
                 for s in segment.substitutes)


@dataclass
class Offers:
    """What local sellers bring to market this month (arrays over sellers).

    ``price`` is the buyer's price in Rp (the weaver's asking price times any firm markup),
    ``units`` pieces offered (stock carried plus this month's production), ``channels`` a boolean
    mask per channel name (``national``, ``regional``, ``certified``) of the sellers who reach it;
    every seller reaches the channel ``all``.
    """

    price: np.ndarray
    quality: np.ndarray
    product: np.ndarray
    units: np.ndarray
    channels: dict[str, np.ndarray]

    def __post_init__(self):
        self.log_price = np.log(self.price / PRICE_UNIT)


@dataclass
class Sales:
    """Market outcome: pieces each seller sold, and substitute pieces bought."""

    sold: np.ndarray
    substitute_units: int


def allocate(rng: np.random.Generator, buyers: int, weights: np.ndarray, left: np.ndarray,
             rounds: int = ALLOCATION_ROUNDS) -> np.ndarray:
    """Send ``buyers``, fewer than the pieces on offer, to sellers in proportion to
    ``weights * left``, capped by stock; ``left`` (pieces each seller has) is reduced in place and
    returned.

    Buyers who reach a sold-out seller try again among sellers with stock, up to ``rounds`` times.
    (When buyers are at least as many as the pieces, every seller sells out: ``_clear_segment``
    settles that without a draw.)
    """
    for _ in range(rounds):
        if buyers <= 0:
            break
        w = weights * left
        total = w.sum()
        if total <= 0:
            break
        take = np.minimum(rng.multinomial(buyers, w / total), left)
        left -= take
        buyers -= int(take.sum())
    return left


def demand_factor(params: dict, month: int) -> float:
    """Potential buyers relative to month 0 after the trend: (1 + ``demand_trend``) ^ (month / 12)
    (1 before month 0: the spin-up settles today's market)."""
    return (1.0 + params["demand_trend"]) ** (max(month, 0) / 12.0)


def clear(rng: np.random.Generator, segments: tuple[Segment, ...], offers: Offers, tastes: Tastes,
          visibility: float, factor: float = 1.0) -> Sales:
    """Serve each segment's buyers (times ``factor``, the demand trend) in turn; returns what each
    seller sold.

    Only sellers with pieces take part, so the offers are cut to them once (positions below are
    positions among those sellers)."""
    sellers = (offers.units > 0).nonzero()[0]
    units = offers.units[sellers]
    left = units.astype(float)  # pieces still unsold: whole numbers, held as the floats they weight
    quality, log_price = offers.quality[sellers], offers.log_price[sellers]
    product = offers.product[sellers].astype(np.intp, copy=False)
    substitutes = 0
    for seg in segments:
        buyers = round(seg.buyers * factor)
        if buyers > 0:
            # each seller's option in this segment: its product type, or UNREACHED
            option = product if seg.channel == "all" else np.where(offers.channels[seg.channel][sellers], product, UNREACHED)
            substitutes += _clear_segment(rng, seg, buyers, tastes, visibility, option, left, quality, log_price)
    sold = np.zeros(offers.units.size, np.int64)
    sold[sellers] = units - left.astype(np.int64)
    return Sales(sold, substitutes)


def type_utilities(seg: Segment, tastes: Tastes, visibility: float, option: np.ndarray, left: np.ndarray,
                   quality: np.ndarray, log_price: np.ndarray, stock: list[float]) -> list[float]:
    """Utility of the genuine and of the imitation offer to a segment: each type's offers valued at
    the stock-weighted mean quality and mean log price (a geometric-mean price); -inf for a type
    with no pieces left among the sellers the segment reaches (``stock``: pieces left per option)."""
    quality_sum = np.bincount(option, left * quality, minlength=3).tolist()
    log_price_sum = np.bincount(option, left * log_price, minlength=3).tolist()
    return [log_price_utility(quality_sum[k] / stock[k], log_price_sum[k] / stock[k], visibility,
                              1.0 - k, seg.price_sens, tastes) if stock[k] > 0 else -math.inf
            for k in (GENUINE, IMITATION)]


def _clear_segment(rng, seg, buyers, tastes, visibility, option, left, quality, log_price) -> int:
    """One segment: buyers choose a type or an outside option, then sellers of the chosen type.

    ``option`` is each seller's product type, or UNREACHED; ``left`` (pieces still unsold) is
    updated in place.  Returns the substitute pieces sold."""
    stock = np.bincount(option, left, minlength=3).tolist()
    utilities = type_utilities(seg, tastes, visibility, option, left, quality, log_price, stock)
    counts = rng.multinomial(buyers, choice_shares([*utilities, *substitute_utilities(seg, tastes)])).tolist()
    in_stock = left > 0  # sales of one type leave the other's stock as it was
    for k in (GENUINE, IMITATION):
        wanted = counts[1 + k]
        if wanted == 0:
            continue
        if wanted >= stock[k]:  # every seller of the type sells out
            left[option == k] = 0
            continue
        rows = ((option == k) & in_stock).nonzero()[0]
        attract = np.exp(tastes.quality * quality[rows] - seg.price_sens * log_price[rows])
        left[rows] = allocate(rng, wanted, attract, left[rows])
    return sum(counts[3:])


def reservation_price(thread_cost: np.ndarray, value_price: np.ndarray, mindset: np.ndarray) -> np.ndarray:
    """Lowest price a seller accepts: thread cost for a fast seller, the value price for mindset 1."""
    return thread_cost + mindset * (value_price - thread_cost)


def adjust_prices(price: np.ndarray, offered: np.ndarray, sold: np.ndarray, mindset: np.ndarray,
                  reservation: np.ndarray, cut: float, rise: float) -> np.ndarray:
    """Next month's asking prices (Rp) after this month's sales.

    A seller who sold out raises its price by ``rise``; one left with pieces cuts it by up to
    ``cut`` times the unsold share, scaled by (1 - mindset); nobody asks less than its
    reservation price, so a seller whose mindset turned toward value raises its price to it
    (Tuzzahra et al. 2026: "yang penting sutera cepet laku tanpa melihat harganya").  A seller with
    nothing to offer keeps its price.
    """
    unsold_share = (offered - sold) / np.maximum(offered, 1)
    sold_out = sold >= offered  # both this and the unsold share are read only where pieces were offered
    change = np.where(sold_out, 1.0 + rise, 1.0 - cut * (1.0 - mindset) * unsold_share)
    return np.where(offered > 0, np.maximum(price * change, reservation), price)


def sell(model, offers: Offers) -> Sales:
    """Step 7: buyers in every segment choose among the offers, substitutes and not buying."""
    sales = clear(model.streams["market"], model.segments, offers, model.tastes, model.visibility,
                  demand_factor(model.p, model.month))
    model.now.offers = offers
    model.now.substitutes = sales.substitute_units
    return sales
