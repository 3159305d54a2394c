"""The collaboration network among organisations (docs/ODD.md §7.19): the dinas, a CSR partner, the
partner organisations (practitioners, a college, a cooperative), the firms and the weaver groups.

Ties form through joint activities and fade without them.  Each month every tie shrinks by
``tie_decay``; a joint activity this month strengthens it by ``tie_gain`` of the gap to 1:

- dinas - weaver group: the dinas visited the group or held a forum with it;
- dinas - firm: the firm was visited, trained, shown at an exhibition, helped to certification
  or came to a forum (its contact stamp is this month);
- CSR partner - weaver group: the partner works with members of the group this month;
- partner organisation - dinas, and partner organisation - firm: the partners run the month's
  joint programme (e-commerce training or exhibition, Indrawati & Pambudi n.d.) with the dinas
  and with the firms that took part.

Weaver groups are also tied to the firms their weavers sell through (trade, strength 1 while a
member sells there).  An organisation's link to the collaboration is its strongest tie to the
core (dinas, CSR partner, partner organisations), or, for a weaver group, through a firm it
trades with (the product of the two ties); DeSeve's network indicator is the mean link.

The collaboration also keeps the record of its forums (regular meetings): the last month each
weaver group sent a member to one and each firm attended one, which DeSeve's commitment and
governance indicators read (``sim/indicators.py``).
"""

from __future__ import annotations

import numpy as np

from .agents import NEVER


class Collaboration:
    """Tie strengths [0,1] between the collaboration's core and the organisations."""

    def __init__(self, n_groups: int, n_firms: int, partners: int):
        self.dinas_group = np.zeros(n_groups)
        self.csr_group = np.zeros(n_groups)
        self.dinas_firm = np.zeros(n_firms)
        self.partner_firm = np.zeros(n_firms)
        self.partner_dinas = 0.0
        self.partners = partners
        self.group_forum = np.full(n_groups, NEVER, np.int32)
        self.firm_forum = np.full(n_firms, NEVER, np.int32)

    def forum(self, model, groups: np.ndarray) -> None:
        """A forum this month: ``groups`` (group numbers) sent a member; every firm attends."""
        self.group_forum[groups] = model.month
        self.firm_forum[:] = model.month
        model.now.flow["forums"] += 1

    def update(self, model) -> None:
        """Step 9: ties fade, and this month's joint activities strengthen them."""
        p, month, w, f = model.p, model.month, model.weavers, model.firms
        keep, gain = 1.0 - p["tie_decay"], p["tie_gain"]

        def grow(tie, joint):
            tie = tie * keep
            return np.where(joint, tie + gain * (1.0 - tie), tie)

        self.dinas_group = grow(self.dinas_group, model.dinas.group_last_visit == month)
        members = np.zeros(self.csr_group.size, bool)
        if model.csr is not None and model.csr.is_active(month):
            working = model.csr.members[w.active[model.csr.members]]
            members[np.unique(w.group[working])] = True
        self.csr_group = grow(self.csr_group, members)
        self.dinas_firm = grow(self.dinas_firm, f.last_contact == month)
        joint = model.now.joint_programme and self.partners > 0
        self.partner_firm = grow(self.partner_firm, joint & (f.joined == month))
        self.partner_dinas = float(grow(np.array(self.partner_dinas), joint))

    def links(self, model, census) -> np.ndarray:
        """Each organisation's link [0,1] to the collaboration: weaver groups with members, firms,
        an active CSR partner (1: it is part of the core) and the partner organisations (their tie
        to the dinas).  ``census`` is the month's ``indicators.Census`` (active weavers' groups and
        firms, the groups with members)."""
        firm_link = np.maximum(self.dinas_firm, self.partner_firm)
        group_link = np.maximum(self.dinas_group, self.csr_group)
        through_firm = np.append(firm_link, 0.0)[census.firm]  # per active weaver; firm -1 (none): 0
        np.maximum.at(group_link, census.group, through_firm)
        parts = [group_link[census.groups_alive], firm_link, np.full(self.partners, self.partner_dinas)]
        if model.csr is not None and model.csr.is_active(model.month):
            parts.append(np.ones(1))
        return np.concatenate(parts)
