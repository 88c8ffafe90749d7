"""Every block's ancestor ids as flat arrays: per-container sums and lookups in numpy."""

from __future__ import annotations

from itertools import chain

import numpy as np

from ..blocks import Block


class Ancestry:
    """Every block's ancestor ids as flat arrays, for per-container sums in C.

    `flat` lists each block's ancestors (outermost first), block after block; `owner` is the
    block of each entry and `depth` its position in that block's ancestors. Sums per
    container (`np.bincount` over `flat`) add in the same order as a loop over the blocks.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self.lengths = np.fromiter((len(b.ancestors) for b in blocks), np.intp, len(blocks))
        total = int(self.lengths.sum())
        self.flat = np.fromiter(chain.from_iterable(b.ancestors for b in blocks), np.intp,
                                total)
        self.starts = np.cumsum(self.lengths) - self.lengths
        self.owner = np.repeat(np.arange(len(blocks)), self.lengths)
        self.depth = np.arange(total) - self.starts[self.owner]
        self.size = int(self.flat.max()) + 1 if total else 0

    def sums(self, per_block: np.ndarray | None = None) -> np.ndarray:
        """Per container id: the sum of `per_block` over its blocks (their count if None)."""
        weights = None if per_block is None else per_block[self.owner]
        return np.bincount(self.flat, weights, minlength=self.size).astype(np.float64)

    def up(self, level: int) -> np.ndarray:
        """Each block's ancestor `level` steps up (its outermost one when it has fewer)."""
        return self.flat[self.starts + np.maximum(self.lengths - level, 0)]

    def shared(self, path: tuple[int, ...]) -> np.ndarray:
        """How many outermost ancestors each block shares with `path` (another block's
        ancestors). Ids name elements, so ancestries agree on a prefix and nowhere after."""
        head = np.asarray(path, np.intp)
        if not len(head):
            return np.zeros(len(self.lengths), np.intp)
        same = (self.depth < len(head)) & (self.flat == head[np.minimum(self.depth,
                                                                        len(head) - 1)])
        return np.bincount(self.owner[same], minlength=len(self.lengths))
