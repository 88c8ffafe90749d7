"""One numpy evaluator for the boosted tree ensembles of both classifiers (HTML blocks,
text-mode lines).

Each tree is re-laid out as a perfect binary tree, one array per level: the node at
position `p` of level `d` (trees side by side, `2**d` slots each) has its children at
`2p` and `2p + 1` of level `d + 1`, so a step down is `p = 2p + test` with no child table
to read. A leaf above the last level is copied into every slot under it, so its value is
wherever the walk ends. The first two levels read whole feature columns instead of
gathering one value per (row, tree).
"""

from __future__ import annotations

import numpy as np


class Forest:
    """Leaf values reached by each row in each tree, for a raw score of their sum."""

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, left: np.ndarray,
                 right: np.ndarray, is_leaf: np.ndarray, value: np.ndarray, *,
                 inclusive: bool, depth: int) -> None:
        """Trees as padded (trees x nodes) arrays of tree-local node ids. `inclusive`: go
        left when x <= threshold (NaN goes right); otherwise go right when x > threshold
        (NaN goes left). `threshold` must compare float32 features exactly as meant.
        Walks stop after `depth` tests, as deep as the deepest leaf needs."""
        trees = feature.shape[0]
        tree = np.arange(trees)[:, None]
        node = np.zeros((trees, 1), np.intp)
        # Slot 1 of a node is the child its test sends a row to; slot 0 the other one.
        taken, other = (left, right) if inclusive else (right, left)
        self.features: list[np.ndarray] = []
        self.thresholds: list[np.ndarray] = []
        while len(self.features) < depth and not is_leaf[tree, node].all():
            leaf = is_leaf[tree, node]
            self.features.append(np.where(leaf, 0, feature[tree, node]).astype(np.intp).ravel())
            self.thresholds.append(np.where(leaf, 0, threshold[tree, node])
                                   .astype(np.float32).ravel())
            node = np.stack([np.where(leaf, node, other[tree, node]),
                             np.where(leaf, node, taken[tree, node])], axis=2).reshape(trees, -1)
        self.value = value[tree, node].ravel()
        self.trees = trees
        self._test = np.less_equal if inclusive else np.greater
        self._roots = np.arange(0, 2 * trees, 2)

    def leaves(self, x: np.ndarray) -> np.ndarray:
        """(rows x trees) positions in `value` that the rows of `x` (rows x features) reach."""
        n, width = x.shape
        levels = len(self.features)
        if levels == 0:
            return np.broadcast_to(np.arange(self.trees), (n, self.trees)).copy()
        x = np.ascontiguousarray(x, dtype=np.float32)
        test, shape = self._test, (n, self.trees)
        go = np.empty(shape, bool)
        pos = np.empty(shape, np.intp)
        test(x.take(self.features[0], axis=1), self.thresholds[0], out=go)
        np.add(self._roots, go, out=pos)
        at = np.empty(shape, np.intp)
        if levels > 1:  # both tests of every tree for every row, then the one each row is at
            both = test(x.take(self.features[1], axis=1), self.thresholds[1]).ravel()
            np.add(pos, np.arange(0, n * 2 * self.trees, 2 * self.trees)[:, None], out=at)
            np.take(both, at, out=go, mode="wrap")  # in range: "wrap" skips the checks
            self._step(pos, go)
        if levels > 2:
            rows = np.arange(0, n * width, width)[:, None]
            values, limits = np.empty(shape, np.float32), np.empty(shape, np.float32)
            xs = x.ravel()
            for feature, threshold in zip(self.features[2:], self.thresholds[2:], strict=True):
                np.take(feature, pos, out=at, mode="wrap")
                np.add(at, rows, out=at)
                np.take(xs, at, out=values, mode="wrap")
                np.take(threshold, pos, out=limits, mode="wrap")
                test(values, limits, out=go)
                self._step(pos, go)
        return pos

    @staticmethod
    def _step(pos: np.ndarray, go: np.ndarray) -> None:
        """One level down, in place: slot 1 of each node when its test held, else slot 0."""
        np.add(pos, pos, out=pos)
        np.add(pos, go, out=pos)
