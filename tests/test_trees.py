"""The shared tree evaluator: the leaf each row reaches, against a plain walk of each tree."""

from __future__ import annotations

import numpy as np
import pytest

from thresher.trees import Forest


def random_trees(rng: np.random.Generator, trees: int, nodes: int, features: int):
    """Padded (trees x nodes) arrays of random binary trees of uneven depth."""
    feature = np.zeros((trees, nodes), np.intp)
    threshold = np.zeros((trees, nodes), np.float32)
    left = np.tile(np.arange(nodes), (trees, 1))
    right = left.copy()
    is_leaf = np.ones((trees, nodes), bool)
    for t in range(trees):
        size, frontier = 1, [0]
        while frontier and size + 2 <= nodes:
            node = frontier.pop(rng.integers(len(frontier)))
            if rng.random() < 0.2:
                continue  # stays a leaf
            is_leaf[t, node] = False
            feature[t, node] = rng.integers(features)
            threshold[t, node] = rng.choice([0.0, 0.5, rng.normal()])
            left[t, node], right[t, node] = size, size + 1
            frontier += [size, size + 1]
            size += 2
    value = rng.normal(size=(trees, nodes))
    return feature, threshold, left, right, is_leaf, value


def walk(arrays, x: np.ndarray, inclusive: bool) -> np.ndarray:
    """(rows x trees) leaf values, one row and one tree at a time."""
    feature, threshold, left, right, is_leaf, value = arrays
    out = np.zeros((len(x), len(feature)))
    for r, row in enumerate(x):
        for t in range(len(feature)):
            node = 0
            while not is_leaf[t, node]:
                v, limit = row[feature[t, node]], threshold[t, node]
                go_left = v <= limit if inclusive else not v > limit
                node = left[t, node] if go_left else right[t, node]
            out[r, t] = value[t, node]
    return out


@pytest.mark.parametrize("inclusive", [True, False])
@pytest.mark.parametrize("rows", [0, 1, 7, 50])
def test_forest_reaches_the_leaf_of_a_plain_walk(inclusive: bool, rows: int) -> None:
    rng = np.random.default_rng(rows + inclusive)
    arrays = random_trees(rng, trees=9, nodes=31, features=4)
    x = rng.choice([0.0, 0.5, -1.0, 2.0, np.nan, np.inf, -np.inf], size=(rows, 4))
    x = np.where(rng.random((rows, 4)) < 0.5, rng.normal(size=(rows, 4)), x).astype(np.float32)
    forest = Forest(*arrays, inclusive=inclusive, depth=31)
    got = forest.value.take(forest.leaves(x))
    assert got.shape == (rows, 9)
    assert np.array_equal(got, walk(arrays, x, inclusive))


def test_a_forest_of_single_leaves_gives_their_values() -> None:
    one = np.zeros((3, 1))
    forest = Forest(one, one, one, one, np.ones((3, 1), bool), np.array([[1.0], [2.0], [3.0]]),
                    inclusive=True, depth=0)
    x = np.zeros((2, 1), np.float32)
    assert forest.value.take(forest.leaves(x)).tolist() == [[1.0, 2.0, 3.0]] * 2
