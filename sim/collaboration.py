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
    """Tie strengths [0,1] between the collaboration's core and the organisations.

    Every tie lives in one array, ``ties``, so that a month's fading and strengthening is one pass
    over it; its parts are views of it by name: dinas - weaver group, CSR partner - weaver group,
    dinas - firm, partner organisations - firm (one value per group or firm) and partner
    organisations - dinas (one value)."""

    def __init__(self, n_groups: int, n_firms: int, partners: int):
        sizes = (n_groups, n_groups, n_firms, n_firms, 1)
        self.ties = np.zeros(sum(sizes))
        (self.dinas_group, self.csr_group, self.dinas_firm, self.partner_firm,
         self.partner_dinas) = np.split(self.ties, np.cumsum(sizes)[:-1])
        self.partners = partners
        self.group_forum = np.full(n_groups, NEVER, np.intp)
        self.firm_forum = np.full(n_firms, NEVER, np.intp)

    def forum(self, model, groups: np.ndarray) -> None:
        """A forum this month: ``groups`` (group numbers) sent a member; every firm attends."""
        self.group_forum[groups] = model.month
        self.firm_forum[:] = model.month
        model.now.flow["forums"] += 1

    def update(self, model) -> None:
        """Step 9: ties fade, and this month's joint activities strengthen them."""
        p, month, w, f = model.p, model.month, model.weavers, model.firms
        csr_members = np.zeros(self.csr_group.size, bool)
        if model.csr is not None and model.csr.is_active(month):
            working = model.csr.members[w.active[model.csr.members]]
            csr_members[w.group[working]] = True
        joint_programme = model.now.joint_programme and self.partners > 0
        joint = np.concatenate([model.dinas.group_last_visit == month, csr_members, f.last_contact == month,
                                joint_programme & (f.joined == month), [joint_programme]])
        faded = self.ties * (1.0 - p["tie_decay"])
        self.ties[:] = np.where(joint, faded + p["tie_gain"] * (1.0 - faded), faded)

    def links(self, model, census) -> np.ndarray:
        """Each organisation's link [0,1] to the collaboration: weaver groups with members, firms,
        an active CSR partner (1: it is part of the core) and the partner organisations (their tie
        to the dinas).  ``census`` is the month's ``indicators.Census`` (active weavers' groups and
        firms, the groups with members)."""
        firm_link = np.maximum(self.dinas_firm, self.partner_firm)
        group_link = np.maximum(self.dinas_group, self.csr_group)
        through_firm = np.concatenate((firm_link, (0.0,)))[census.firm]  # per active weaver; firm -1 (none): 0
        np.maximum.at(group_link, census.group, through_firm)
        parts = [group_link[census.groups_alive], firm_link, self.partner_dinas.repeat(self.partners)]
        if model.csr is not None and model.csr.is_active(model.month):
            parts.append(np.ones(1))
        return np.concatenate(parts)
