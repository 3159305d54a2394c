"""Weaver-weaver ties: a small-world network clustered by village, as a sparse matrix.

Ties carry mindset, understanding, programme information and observed enforcement (docs/ODD.md §2).
The graph is a Watts-Strogatz small world (``small_world_edges``, drawn with numpy from the model's
``network`` stream; tests/test_networks.py checks it against networkx's generator); weavers are
numbered village by village, so ring neighbours share a village and the rewired ties are the
links between villages.  Social influence needs neighbour means every month, so the graph
is kept as a scipy CSR matrix; a new weaver is tied to its mentor and to weavers of its village.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


MAX_REDRAWS = 100
"""Rounds of redrawing rewired ties that landed on a self-loop or an existing tie; a tie still
without a free node after them stays on the ring."""


def small_world_edges(rng: np.random.Generator, n: int, degree: int, rewire: float) -> np.ndarray:
    """Watts-Strogatz ties over ``n`` nodes as an (edges x 2) array of node numbers.

    A ring where each node is tied to its ``degree // 2`` nearest neighbours on each side; the
    far end of each tie moves, with probability ``rewire``, to a node drawn uniformly at random
    (Watts & Strogatz 1998, as in networkx's ``watts_strogatz_graph``).  A moved end that lands on
    the node itself or on a pair already tied is drawn again, so the graph stays simple and keeps
    ``n * (degree // 2)`` ties.  All ties are drawn at once rather than one node at a time.
    """
    near = np.arange(n, dtype=np.int64)
    u = np.tile(near, degree // 2)
    ring = (u + np.repeat(np.arange(1, degree // 2 + 1), n)) % n
    v = ring.copy()
    moved = rng.random(u.size) < rewire
    todo = moved.nonzero()[0]
    for _ in range(MAX_REDRAWS):
        if todo.size == 0:
            break
        v[todo] = rng.integers(0, n, todo.size)
        key = np.minimum(u, v) * n + np.maximum(u, v)
        order = np.lexsort((moved, key))      # within a pair, the ring tie (not moved) first
        repeated = np.zeros(u.size, bool)
        repeated[order[1:]] = key[order[1:]] == key[order[:-1]]
        todo = (repeated | (u == v)).nonzero()[0]
    v[todo] = ring[todo]  # none left in practice; a tie that found no free node stays on the ring
    return np.column_stack([u, v])


class WeaverNetwork:
    """Undirected ties between weaver rows, with neighbour sums and means over active weavers.

    The ties are kept as CSR tie lists (row lengths and column numbers) and used as a scipy sparse
    matrix.  A weaver who joins is the last row; its ties are appended to its partners' rows (it
    has the highest number, so each row's columns stay sorted) and form its own row; the matrix is
    made again from the lists the next time it is used.
    """

    def __init__(self, rng: np.random.Generator, n: int, degree: int, rewire: float):
        self.enabled = degree >= 2 and n > degree
        edges = small_world_edges(rng, n, degree, rewire) if self.enabled else np.zeros((0, 2), np.int64)
        src, dst = np.concatenate([edges[:, 0], edges[:, 1]]), np.concatenate([edges[:, 1], edges[:, 0]])
        matrix = sp.csr_matrix((np.ones(src.size), (src, dst)), shape=(n, n))
        matrix.sum_duplicates()
        self._indices = matrix.indices.astype(np.int64)
        self._degree = np.diff(matrix.indptr).astype(np.int64)
        self._matrix: sp.csr_array | None = None

    @property
    def size(self) -> int:
        return self._degree.size

    def _adjacency(self) -> sp.csr_array:
        """The adjacency matrix, built from the tie lists when weavers joined since its last use."""
        if self._matrix is None:
            indptr = np.concatenate([[0], np.cumsum(self._degree)])
            self._matrix = sp.csr_array((np.ones(self._indices.size), self._indices, indptr),
                                        shape=(self.size, self.size))
        return self._matrix

    def ties(self) -> np.ndarray:
        """Every tie once, as an (edges x 2) array of weaver rows with the lower row first, for
        drawing the network; reads the ties and changes nothing the model uses."""
        upper = sp.triu(self._adjacency(), k=1, format="coo")
        return np.column_stack([upper.row, upper.col]).astype(np.int64)

    def add_node(self, row: int, partners: np.ndarray) -> None:
        """Grow to include weaver ``row`` (a new last row) tied to ``partners`` (weaver rows; a
        partner given twice is tied once).

        ``row`` goes in where each partner's tie list ends (it is the highest number, so each list
        stays sorted) and the partners, ascending, form the new row's list.  The lists are cut and
        joined again in one concatenation: at a handful of partners numpy's unique and insert
        cost several times more."""
        if row < self.size:
            raise ValueError(f"weaver row {row} is already in the network of {self.size}")
        partners = np.array(sorted(set(np.asarray(partners).tolist())) if self.enabled else [], np.int64)
        cuts = [0, *self._degree.cumsum()[partners].tolist()]  # where each partner's list ends
        mark = np.array([row])
        pieces = [piece for start, end in zip(cuts, cuts[1:]) for piece in (self._indices[start:end], mark)]
        self._indices = np.concatenate([*pieces, self._indices[cuts[-1]:], partners])
        self._degree[partners] += 1
        self._degree = np.concatenate([self._degree, np.zeros(row - self.size, np.int64), [partners.size]])
        self._matrix = None

    def neighbour_sums(self, columns: list[np.ndarray], active: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Per weaver, the number of active neighbours and the sum of each column over them.

        All columns go through one sparse product: the call, not the arithmetic, is what a month
        of a 1,000-weaver model pays for."""
        weights = active.astype(float)
        stacked = np.empty((weights.size, len(columns) + 1))
        stacked[:, 0] = weights
        for i, column in enumerate(columns, start=1):
            np.multiply(column, weights, out=stacked[:, i])
        sums = self._adjacency() @ stacked
        return sums[:, 0], list(sums[:, 1:].T)

    def neighbour_means(self, columns: list[np.ndarray], active: np.ndarray,
                        isolated: list[np.ndarray | float] | None = None) -> list[np.ndarray]:
        """Means of several columns over active neighbours (one sparse product for all).

        A weaver with no active neighbour gets ``isolated[i]`` (default: its own value)."""
        return means(*self.neighbour_sums(columns, active), isolated or columns)

    def neighbour_mean(self, values: np.ndarray, active: np.ndarray) -> np.ndarray:
        """Mean of ``values`` over active neighbours; a weaver with none keeps its own value."""
        return self.neighbour_means([values], active)[0]


def means(count: np.ndarray, sums: list[np.ndarray], isolated: list[np.ndarray | float]) -> list[np.ndarray]:
    """Neighbour means from counts and sums; ``isolated[i]`` where a weaver has no active neighbour."""
    has = count > 0
    safe = np.maximum(count, 1)
    return [np.where(has, total / safe, alone) for total, alone in zip(sums, isolated)]
