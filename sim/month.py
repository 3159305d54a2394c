"""What the steps of one month hand each other: flows, contacts, aid, the floor's state this
month and what was offered and sold.  A new :class:`Month` is made at the start of every step,
so nothing in it outlives its month; what must carry over lives in the actors' tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .market import Offers

FLOWS = ("entrants", "exits", "invited", "participants", "completed", "firm_invited", "firm_participants",
         "promised", "delivered", "dinas_spend", "csr_spend", "inspections", "fines", "fines_rp", "kur_loans", "mentored", "holding",
         "forums")
"""Monthly flows counted during a month and kept in the model's log for rolling indicators."""


@dataclass
class Month:
    """The shared state of one month (weaver arrays are indexed by weaver row)."""

    number: int
    """The month (0 at initialisation)."""
    followed: np.ndarray
    """bool: trained skill is kept this month (a follow-up visit, CSR monitoring, the training itself)."""
    aid_share: np.ndarray
    """[0,1]: share of a piece's thread cost the dinas pays this month (material aid)."""
    flow: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FLOWS, 0))
    """Counts and spending of this month (``FLOWS``)."""
    floor_on: bool = False
    """The floor is in force this month."""
    joint_programme: bool = False
    """An e-commerce training or an exhibition ran this month (run with any partner organisations)."""
    exhibitors: np.ndarray | None = None
    """bool per weaver row: its pieces are shown at this month's exhibition and reach the
    regional segment (None in a month without one)."""
    caught: np.ndarray | None = None
    """bool: undercut the floor and were fined this month."""
    at_floor: np.ndarray | None = None
    """bool: asked the floor price because their own price was below it."""
    compliance: float = 1.0
    """Share of bound weavers with pieces on offer whose pieces were not sold below the floor."""
    product: np.ndarray | None = None
    """Product type (``market.GENUINE`` or ``IMITATION``) each weaver weaves and sells this month
    (its choice of thread comes after the market)."""
    piece_cost: np.ndarray | None = None
    """Rp: thread cost of one of each weaver's pieces this month."""
    work: np.ndarray | None = None
    """Pieces' worth of weaving each weaver did this month (its thread bought before weaving)."""
    offers: Offers | None = None
    """What every weaver brought to market (buyer price, quality, units, channels)."""
    substitutes: int = 0
    """Substitute pieces (songket, printed cloth) bought this month."""

    @classmethod
    def start(cls, number: int, n_weavers: int) -> Month:
        return cls(number, np.zeros(n_weavers, bool), np.zeros(n_weavers))

    def add_weavers(self, n: int) -> None:
        """Weavers who joined this month: not followed, no aid, not at the exhibition."""
        self.followed = np.concatenate([self.followed, np.zeros(n, bool)])
        self.aid_share = np.concatenate([self.aid_share, np.zeros(n)])
        if self.exhibitors is not None:
            self.exhibitors = np.concatenate([self.exhibitors, np.zeros(n, bool)])
