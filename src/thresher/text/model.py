"""Text mode, model: a gradient-boosted tree ensemble evaluated with numpy.

The shipped model (`lines_model.npz`, trained by `training/text/train.py`) holds two
ensembles: stage one sees the context features of each line, stage two adds the stage-one
probabilities smoothed over the neighbourhood. Trees are stored as padded arrays
(feature, threshold, left, right, value per node; leaves point to themselves), scored by
`thresher.trees.Forest`, the block classifier's evaluator too. No scikit-learn at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ThresherError
from ..trees import Forest

MODEL_PATH = Path(__file__).with_name("lines_model.npz")
_FORESTS: dict[int, tuple[Trees, Forest]] = {}


@dataclass(frozen=True, slots=True)
class Trees:
    """A boosted ensemble of binary trees: raw score = base + sum of leaf values."""

    feature: np.ndarray  # (T, N) int
    threshold: np.ndarray  # (T, N) float64; go left when x <= threshold
    left: np.ndarray  # (T, N) int
    right: np.ndarray  # (T, N) int
    value: np.ndarray  # (T, N) float
    base: float
    depth: int

    def forest(self) -> Forest:
        """The shared evaluator's layout of these trees (built once, cached)."""
        cached = _FORESTS.get(id(self))
        if cached is None or cached[0] is not self:
            # Thresholds rounded down to float32 keep every comparison of a float32 feature.
            leaf = self.left == np.arange(self.left.shape[1])
            cached = (self, Forest(self.feature, _down_to_float32(self.threshold), self.left,
                                   self.right, leaf, self.value, inclusive=False,
                                   depth=self.depth))
            _FORESTS[id(self)] = cached
        return cached[1]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row of `x` (float32 features)."""
        if x.shape[0] == 0:
            return np.zeros(0)
        forest = self.forest()
        raw = self.base + forest.value.take(forest.leaves(x)).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The ensemble as named arrays for `np.savez`."""
        return {f"{prefix}_feature": self.feature, f"{prefix}_threshold": self.threshold,
                f"{prefix}_left": self.left, f"{prefix}_right": self.right,
                f"{prefix}_value": self.value,
                f"{prefix}_meta": np.array([self.base, self.depth], dtype=np.float64)}

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray], prefix: str) -> Trees:
        base, depth = data[f"{prefix}_meta"].tolist()
        return cls(data[f"{prefix}_feature"].astype(np.intp),
                   data[f"{prefix}_threshold"].astype(np.float64),
                   data[f"{prefix}_left"].astype(np.intp),
                   data[f"{prefix}_right"].astype(np.intp),
                   data[f"{prefix}_value"].astype(np.float64), float(base), int(depth))


def _down_to_float32(t: np.ndarray) -> np.ndarray:
    """The largest float32 <= each value: for a float32 x, x > t exactly when x > that."""
    t32 = t.astype(np.float32)
    return np.where(t32.astype(np.float64) > t, np.nextafter(t32, np.float32(-np.inf)), t32)


@dataclass(frozen=True, slots=True)
class LineModel:
    """The two-stage line classifier and its decision threshold."""

    stage1: Trees
    stage2: Trees
    threshold: float
    title: np.ndarray | None = None  # logistic-regression weights + bias (see title.py)

    def save(self, path: str | Path) -> None:
        extra = {} if self.title is None else {"title": self.title}
        np.savez_compressed(path, **self.stage1.arrays("s1"), **self.stage2.arrays("s2"),
                            threshold=np.array(self.threshold), **extra)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LineModel:
    """The line model at `path` (the shipped one when None), loaded once."""
    try:
        with np.load(path or MODEL_PATH) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ThresherError(f"cannot load the text-mode model {path or MODEL_PATH}: {exc}") from exc
    return LineModel(Trees.from_arrays(arrays, "s1"), Trees.from_arrays(arrays, "s2"),
                     float(arrays["threshold"]), arrays.get("title"))
