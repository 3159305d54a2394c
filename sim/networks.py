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
    """Undirected ties between weaver rows, with neighbour averages over active weavers."""

    def __init__(self, rng: np.random.Generator, n: int, degree: int, rewire: float):
        self._src: list[np.ndarray] = []
        self._dst: list[np.ndarray] = []
        if degree >= 2 and n > degree:
            graph = nx.watts_strogatz_graph(n, degree, rewire, seed=rng)
            edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2)
            self._add(edges[:, 0], edges[:, 1])
        self.size = n
        self._matrix: sp.csr_matrix | None = None

    @property
    def enabled(self) -> bool:
        return bool(self._src)

    def _add(self, a: np.ndarray, b: np.ndarray) -> None:
        self._src.append(np.concatenate([a, b]))
        self._dst.append(np.concatenate([b, a]))
        self._matrix = None

    def add_node(self, row: int, partners: np.ndarray) -> None:
        """Grow to include weaver ``row`` tied to ``partners`` (weaver rows)."""
        self.size = max(self.size, row + 1)
        partners = np.asarray(partners, dtype=np.int64)
        if self.enabled and partners.size:
            self._add(np.full(partners.size, row, np.int64), partners)
        self._matrix = None

    @property
    def matrix(self) -> sp.csr_matrix:
        """The adjacency matrix (weaver rows x weaver rows), rebuilt after growth."""
        if self._matrix is None:
            if self.enabled:
                src, dst = np.concatenate(self._src), np.concatenate(self._dst)
                data = np.ones(src.size)
                self._matrix = sp.csr_matrix((data, (src, dst)), shape=(self.size, self.size))
                self._matrix.sum_duplicates()
                self._matrix.data[:] = 1.0
            else:
                self._matrix = sp.csr_matrix((self.size, self.size))
        return self._matrix

    def neighbour_sum(self, values: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sum of ``values`` over each weaver's active neighbours, and how many there are."""
        weights = active.astype(float)
        a = self.matrix
        return a @ (values * weights), a @ weights

    def neighbour_mean(self, values: np.ndarray, active: np.ndarray) -> np.ndarray:
        """Mean of ``values`` over active neighbours; a weaver with none keeps its own value."""
        total, count = self.neighbour_sum(values, active)
        return np.where(count > 0, total / np.maximum(count, 1), values)

    def degree(self, row: int) -> int:
        return int(self.matrix.indptr[row + 1] - self.matrix.indptr[row])
