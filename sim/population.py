"""A table of actors stored column-wise: one numpy array per state variable.

The monthly rules work on whole populations at once (numpy), so the state of the numerous actors
(weavers, youth, firms) lives here rather than in per-agent attributes; each Mesa agent is a thin
view of one row (see ``agents.py``).  Rows are appended and never removed: a row number names an
actor for life, and an actor who leaves is flagged inactive.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class Table:
    """Rows of one actor type.  ``table.skill`` is a live view of the ``skill`` column.

    Assigning ``table.skill = x`` writes into the column; ``append`` adds rows, growing storage
    geometrically so that appending is cheap.
    """

    def __init__(self, columns: dict[str, Any], capacity: int = 64):
        object.__setattr__(self, "_dtypes", dict(columns))
        object.__setattr__(self, "size", 0)
        object.__setattr__(self, "_data", {n: np.zeros(max(capacity, 1), d) for n, d in columns.items()})
        self._refresh_views()

    def _refresh_views(self) -> None:
        """Expose each column's first ``size`` rows as a plain attribute (fast to read)."""
        self.__dict__.update({name: column[: self.size] for name, column in self._data.items()})

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._data:
            self.__dict__[name][...] = value  # into the column, through its view
        else:
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return self.size

    def append(self, count: int, **values: Any) -> np.ndarray:
        """Add ``count`` rows; unnamed columns start at zero.  Returns the new row numbers.

        Storage past the last row is only ever zero (it is made with zeros and no view reaches it),
        so only the named columns are written."""
        unknown = values.keys() - self._dtypes.keys()
        if unknown:
            raise KeyError(f"unknown column(s) {sorted(unknown)}")
        start, stop = self.size, self.size + count
        capacity = len(next(iter(self._data.values())))
        if stop > capacity:
            new_capacity = max(stop, 2 * capacity)
            for name, column in self._data.items():
                grown = np.zeros(new_capacity, column.dtype)
                grown[:start] = column[:start]
                self._data[name] = grown
        for name, value in values.items():
            self._data[name][start:stop] = value
        object.__setattr__(self, "size", stop)
        self._refresh_views()
        return np.arange(start, stop)

    def fill(self, row: int, **values: Any) -> None:
        """Set the named columns of one row already appended (rows appended together and filled
        one by one, as actors who join in the same month do)."""
        for name, value in values.items():
            self._data[name][row] = value
