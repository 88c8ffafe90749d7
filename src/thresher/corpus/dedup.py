"""Near and exact duplicates across a corpus: normalised-text hashes and MinHash LSH.

Workers compute a signature per row (`signature`); after all shards are written,
`find_duplicates` marks every copy with `dup_of` (the first row of its cluster in corpus
order) and a `cluster` id shared by the original and its copies. Syndicated copies are kept
and marked unless `--drop-dups` asks to drop them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 5
SCHEME = "affine32"  # datasketch >= 2.0: 32-bit hash values


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Near-duplicate threshold (estimated Jaccard of word 5-grams) and MinHash size."""

    threshold: float = 0.8
    num_perm: int = 128


def normalise(text: str) -> list[str]:
    """The words of a text: NFKC, case-folded, punctuation and spacing removed."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def signature(text: str, num_perm: int) -> tuple[bytes, bytes]:
    """(exact key, MinHash values as uint32 bytes) of a text."""
    from datasketch import MinHash

    words = normalise(text)
    exact = hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()
    shingles = {" ".join(words[i:i + SHINGLE]).encode()
                for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return exact, mh.hashvalues.astype(np.uint32).tobytes()


@dataclass(frozen=True, slots=True)
class Mark:
    """How a row relates to its cluster: `dup_of` is None for the original."""

    cluster: Any
    dup_of: Any
    kind: str | None  # "exact" or "near" for a copy


def find_duplicates(rows: Iterable[tuple[Any, bytes, np.ndarray]],
                    settings: DedupSettings) -> dict[Any, Mark]:
    """Marks for the rows (key, exact key, signature) that belong to a cluster, in corpus order.

    Keys are any unique hashable values; `Mark.cluster` and `Mark.dup_of` hold the key of the
    cluster's original.

    The first row of a cluster is its original; a later row joins when its normalised text
    is the same (exact) or its estimated Jaccard similarity to an original passes the
    threshold (near). Rows in no cluster get no mark.
    """
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    exact_first: dict[bytes, Any] = {}
    order: dict[Any, int] = {}
    sigs: dict[Any, np.ndarray] = {}
    copies: dict[Any, list[tuple[Any, str]]] = {}
    for index, (row_id, exact, sig) in enumerate(rows):
        order[row_id] = index
        if (original := exact_first.get(exact)) is not None:
            copies.setdefault(original, []).append((row_id, "exact"))
            continue
        exact_first[exact] = row_id
        mh = LeanMinHash(seed=1, hashvalues=sig, scheme=SCHEME)
        found = [c for c in lsh.query(mh)
                 if _jaccard(sigs[c], sig) >= settings.threshold]
        if found:
            original = min(found, key=order.__getitem__)
            copies.setdefault(original, []).append((row_id, "near"))
            continue
        lsh.insert(row_id, mh)
        sigs[row_id] = sig
    marks: dict[Any, Mark] = {}
    for original, members in copies.items():
        marks[original] = Mark(original, None, None)
        for row_id, kind in members:
            marks[row_id] = Mark(original, original, kind)
    return marks


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
