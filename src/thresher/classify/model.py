"""The shipped block classifier: a gradient-boosted tree ensemble evaluated with numpy.

Trained offline (see `training/`), stored as a small `.npz` of padded node arrays, one row per
tree. Prediction walks all trees for all blocks at once (`thresher.trees.Forest`).
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ThresherError
from ..trees import Forest

MODEL_FILE = "model.npz"
CHUNK_ROWS = 4096


class TreeEnsemble:
    """Binary classifier: sigmoid(baseline + sum of the leaf values reached in each tree)."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.feature = arrays["feature"].astype(np.intp)
        self.threshold = arrays["threshold"].astype(np.float32)
        self.left = arrays["left"].astype(np.intp)
        self.right = arrays["right"].astype(np.intp)
        self.value = arrays["value"].astype(np.float32)
        self.is_leaf = arrays["is_leaf"].astype(bool)
        self.baseline = float(arrays["baseline"])
        self.depth = int(arrays["depth"])
        self.feature_names = [str(n) for n in arrays["feature_names"]]
        self.forest = Forest(self.feature, self.threshold, self.left, self.right, self.is_leaf,
                             self.value, inclusive=True, depth=self.depth)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """P(positive) for each row of `x` (rows x features)."""
        if x.shape[0] > CHUNK_ROWS:  # bounded memory: the walk holds (rows x trees) arrays
            return np.concatenate([self._predict(x[i:i + CHUNK_ROWS])
                                   for i in range(0, x.shape[0], CHUNK_ROWS)])
        return self._predict(x)

    def _predict(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        # Summed tree by tree (trees x rows), in float32.
        raw = self.baseline + self.forest.value.take(self.forest.leaves(x).T).sum(axis=0)
        return (1.0 / (1.0 + np.exp(-raw))).astype(np.float32)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The ensemble as named arrays, for `np.savez`."""
        a = dict(feature=self.feature.astype(np.int16), threshold=self.threshold,
                 left=self.left.astype(np.int16), right=self.right.astype(np.int16),
                 value=self.value, is_leaf=self.is_leaf, baseline=np.float64(self.baseline),
                 depth=np.int32(self.depth), feature_names=np.array(self.feature_names))
        return {prefix + k: v for k, v in a.items()}


class Classifier:
    """Two stacked ensembles: block features, then block + neighbour/container scores."""

    def __init__(self, stage1: TreeEnsemble, stage2: TreeEnsemble | None) -> None:
        self.stage1 = stage1
        self.stage2 = stage2

    def save(self, path: str | Path) -> None:
        arrays = self.stage1.arrays("s1_")
        if self.stage2 is not None:
            arrays.update(self.stage2.arrays("s2_"))
        np.savez_compressed(path, **arrays)


def _load(source: Path | str) -> Classifier:
    try:
        with np.load(source, allow_pickle=False) as data:
            stages = [{k[3:]: data[k] for k in data.files if k.startswith(p)}
                      for p in ("s1_", "s2_")]
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise ThresherError(f"cannot load classifier model {source}: {exc}") from exc
    try:
        return Classifier(TreeEnsemble(stages[0]),
                          TreeEnsemble(stages[1]) if stages[1] else None)
    except KeyError as exc:
        raise ThresherError(f"classifier model {source} lacks {exc}") from exc


def load_model(path: str | None = None) -> Classifier | None:
    """The model at `path`, or the shipped one; None when no model ships (rules only).
    Loaded once a process (`load_model()` and `load_model(None)` share the one load)."""
    return _load_cached(path)


@lru_cache(maxsize=8)
def _load_cached(path: str | None) -> Classifier | None:
    if path is not None:
        return _load(path)
    ref = resources.files(__package__).joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as p:
        return _load(p)
