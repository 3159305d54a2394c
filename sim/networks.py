"""Weaver-weaver ties: a small-world network clustered by village, as a sparse matrix.

Ties carry mindset, understanding, programme information and observed enforcement (MODEL.md s2).
The graph is drawn with networkx's Watts-Strogatz generator, seeded from the model's generator;
weavers are numbered village by village, so ring neighbours share a village and the rewired ties
are the links between villages.  Social influence needs neighbour means every month, so the graph
is kept as a scipy CSR matrix; a new weaver is tied to its mentor and to weavers of its village.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp


class WeaverNetwork:
    """Undirected ties between weaver rows, with neighbour sums and means over active weavers.

    The initial graph is a CSR matrix; ties of weavers who join later are few and kept as an edge
    list added with ``np.bincount``, which avoids rebuilding the matrix as the population grows.
    """

    def __init__(self, rng: np.random.Generator, n: int, degree: int, rewire: float):
        self.size = n
        self.enabled = degree >= 2 and n > degree
        edges = np.zeros((0, 2), np.int64)
        if self.enabled:
            graph = nx.watts_strogatz_graph(n, degree, rewire, seed=rng)
            edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2)
        src, dst = np.concatenate([edges[:, 0], edges[:, 1]]), np.concatenate([edges[:, 1], edges[:, 0]])
        self._base = sp.csr_matrix((np.ones(src.size), (src, dst)), shape=(n, n))
        self._base.sum_duplicates()
        self._base.data[:] = 1.0
        self._n0 = n
        self._src = np.zeros(0, np.int64)
        self._dst = np.zeros(0, np.int64)

    def add_node(self, row: int, partners: np.ndarray) -> None:
        """Grow to include weaver ``row`` tied to ``partners`` (weaver rows)."""
        self.size = max(self.size, row + 1)
        partners = np.unique(np.asarray(partners, dtype=np.int64))
        if self.enabled and partners.size:
            mine = np.full(partners.size, row, np.int64)
            self._src = np.concatenate([self._src, mine, partners])
            self._dst = np.concatenate([self._dst, partners, mine])

    def _sums(self, columns: np.ndarray) -> np.ndarray:
        """Per weaver, the sum over its ties of each column of ``columns`` (weavers x k).

        All columns go through one sparse product: the call, not the arithmetic, is what a
        month of a 1,000-weaver model pays for."""
        out = np.zeros(columns.shape)
        out[: self._n0] = self._base @ columns[: self._n0]
        if self._src.size:
            np.add.at(out, self._src, columns[self._dst])
        return out

    def neighbour_sums(self, columns: list[np.ndarray], active: np.ndarray) -> list[np.ndarray]:
        """Sums of several columns over each weaver's active neighbours."""
        stacked = np.column_stack(columns) * active[:, None]
        return list(self._sums(stacked).T)

    def neighbour_means(self, columns: list[np.ndarray], active: np.ndarray,
                        isolated: list[np.ndarray | float] | None = None) -> list[np.ndarray]:
        """Means of several columns over active neighbours (one sparse product for all).

        A weaver with no active neighbour gets ``isolated[i]`` (default: its own value)."""
        weights = active.astype(float)
        sums = self._sums(np.column_stack([weights, *columns]) * weights[:, None])
        count = sums[:, 0]
        has = count > 0
        safe = np.maximum(count, 1)
        isolated = isolated or columns
        return [np.where(has, sums[:, 1 + i] / safe, alone) for i, alone in enumerate(isolated)]

    def neighbour_mean(self, values: np.ndarray, active: np.ndarray) -> np.ndarray:
        """Mean of ``values`` over active neighbours; a weaver with none keeps its own value."""
        return self.neighbour_means([values], active)[0]
