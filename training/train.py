"""Train the shipped block classifier, with 5-fold cross-validation by page.

    python -m training.train            # CV report, fold models, shipped model
    python -m training.train --cv-only  # CV report only

Folds are fixed by a hash of "<set>/<id>" (`training.data.fold_of`). The CV figures are
out-of-fold: each page is scored with the model that did not see it. `training/cv/` keeps the
fold models and `folds.json`, so `python -m bench accuracy` can report the same honest
figures; the shipped model (`src/thresher/classify/model.npz`) is trained on all pages.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from thresher.blocks import Decision
from thresher.classify.declared import recover_declared
from thresher.classify.features import feature_names, stacked_features
from thresher.classify.model import Classifier, TreeEnsemble
from thresher.classify.rules import apply_rules
from thresher.render import render_text

from .data import DATASETS, N_FOLDS, ROOT, Page, fold_of, load_set

sys.path.insert(0, str(DATASETS.parent / "tools"))
import score  # noqa: E402  (the reference scorer)

SETS = ("aeb", "wcxb-dev", "traf-dev")
PARAMS = dict(max_iter=120, learning_rate=0.12, early_stopping=False, max_leaf_nodes=31,
              max_depth=6, min_samples_leaf=80, l2_regularization=3.0, random_state=0)
#: Share of the total training weight of each set (unweighted: 0.16 / 0.54 / 0.30).
SET_SHARE = {"aeb": 0.35, "wcxb-dev": 0.42, "traf-dev": 0.23}
MODEL_OUT = ROOT / "src" / "thresher" / "classify" / "model.npz"
CV_DIR = ROOT / "training" / "cv"


def matrices(pages: list[Page]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stack labelled blocks: features, binary labels, weights.

    Within a page each block weighs by its tokens (the page sums to ~50 + 0.2 a block); each
    set is then scaled to its `SET_SHARE` of the total, so the small aeb set (whole-body truth,
    news) is not outvoted by the larger sets' product and listing pages.
    """
    xs, ys, ws, sets = [], [], [], []
    for p in pages:
        known = ~np.isnan(p.y)
        if not known.any():
            continue
        share = (p.ntok[known] + 1) / (p.ntok[known].sum() + known.sum())
        xs.append(p.x[known])
        ys.append((p.y[known] >= 0.5).astype(np.int8))
        ws.append(share * 50 + 0.2)
        sets.append(p.key.split("/")[0])
    totals = {s: sum(w.sum() for w, t in zip(ws, sets, strict=True) if t == s) for s in set(sets)}
    scale = sum(totals.values()) / sum(SET_SHARE[s] for s in totals)
    ws = [w * SET_SHARE[s] * scale / totals[s] for w, s in zip(ws, sets, strict=True)]
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def fit(pages: list[Page], xs: dict[str, np.ndarray] | None = None,
        names: list[str] | None = None) -> TreeEnsemble:
    """One ensemble on the pages' features (or on `xs[page.key]` when given)."""
    if xs is not None:
        pages = [replace(p, x=xs[p.key]) for p in pages]
    x, y, w = matrices(pages)
    clf = HistGradientBoostingClassifier(**PARAMS)
    clf.fit(x, y, sample_weight=w)
    return export(clf, names or feature_names())


def stacked(pages: list[Page], probs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {p.key: stacked_features(p.blocks, p.x, probs[p.key]) for p in pages}


def out_of_fold(pages: list[Page],
                folds: dict[str, int]) -> tuple[dict[str, np.ndarray], list[TreeEnsemble]]:
    """Each page's first-stage scores from the ensemble trained on the other folds."""
    probs, models = {}, []
    for k in range(N_FOLDS):
        models.append(fit([p for p in pages if folds[p.key] != k]))
        for p in pages:
            if folds[p.key] == k:
                probs[p.key] = models[k].predict_proba(p.x)
    return probs, models


def export(clf: HistGradientBoostingClassifier, names: list[str]) -> TreeEnsemble:
    """Copy sklearn's fitted trees into padded numpy arrays."""
    trees = [pred[0].nodes for pred in clf._predictors]
    size = max(len(t) for t in trees)
    arrays = {k: np.zeros((len(trees), size), dtype=d) for k, d in (
        ("feature", np.int32), ("threshold", np.float32), ("left", np.int32),
        ("right", np.int32), ("value", np.float32), ("is_leaf", bool))}
    arrays["is_leaf"][:] = True
    depth = 0
    for i, nodes in enumerate(trees):
        n = len(nodes)
        arrays["feature"][i, :n] = nodes["feature_idx"]
        arrays["threshold"][i, :n] = nodes["num_threshold"]
        arrays["left"][i, :n] = nodes["left"]
        arrays["right"][i, :n] = nodes["right"]
        arrays["value"][i, :n] = nodes["value"]
        arrays["is_leaf"][i, :n] = nodes["is_leaf"].astype(bool)
        depth = max(depth, int(nodes["depth"].max()))
    arrays["baseline"] = np.float64(np.ravel(clf._baseline_prediction)[0])
    arrays["depth"] = np.int32(depth + 1)
    arrays["feature_names"] = np.array(names)
    return TreeEnsemble(arrays)


def page_text(page: Page, probs: np.ndarray, threshold: float) -> str:
    decisions = [Decision("body" if p >= threshold else "boilerplate", float(p), "")
                 for p in probs]
    decisions = recover_declared(page.blocks, decisions, page.declared)
    decisions = apply_rules(page.blocks, decisions, page.title, page.authors, page.discussion)
    return render_text(b for b, d in zip(page.blocks, decisions, strict=True)
                       if d.label == "body")


def report(pages: list[Page], probs: dict[str, np.ndarray], thresholds: list[float]) -> None:
    for ds in SETS:
        sub = [p for p in pages if p.key.startswith(ds + "/")]
        truth = {p.key: p.truth for p in sub}
        line = []
        for t in thresholds:
            preds = {p.key: {"id": p.key, "text": page_text(p, probs[p.key], t)} for p in sub}
            r = score.score(truth, preds, n_boot=0)
            m = r.get("body") or r.get("snippets")
            line.append(f"t={t:.2f} F1 {m['f1']:.4f} P {m['precision']:.3f} R {m['recall']:.3f}")
        print(f"{ds:9s} " + " | ".join(line), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--thresholds", default="0.4,0.5,0.6")
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = [p for ds in SETS for p in load_set(ds)]
    print(f"{len(pages)} pages loaded in {time.time() - t0:.0f}s", flush=True)
    folds = {p.key: fold_of(p.key) for p in pages}
    stage1, s1_models = out_of_fold(pages, folds)
    print(f"stage 1 done ({time.time() - t0:.0f}s)", flush=True)
    report(pages, stage1, [0.5])
    xs2 = stacked(pages, stage1)
    names2 = feature_names() + [f"stack_{i}" for i in range(next(iter(xs2.values())).shape[1]
                                                          - len(feature_names()))]
    final: dict[str, np.ndarray] = {}
    CV_DIR.mkdir(parents=True, exist_ok=True)
    for k in range(N_FOLDS):
        s1 = s1_models[k]
        s2 = fit([p for p in pages if folds[p.key] != k], xs2, names2)
        if not args.cv_only:
            Classifier(s1, s2).save(CV_DIR / f"fold_{k}.npz")
        for p in pages:
            if folds[p.key] == k:
                p1 = s1.predict_proba(p.x)
                final[p.key] = s2.predict_proba(stacked_features(p.blocks, p.x, p1))
        print(f"fold {k} done ({time.time() - t0:.0f}s)", flush=True)
    report(pages, final, [float(t) for t in args.thresholds.split(",")])
    if not args.cv_only:
        (CV_DIR / "folds.json").write_text(json.dumps(folds, indent=0, sort_keys=True))
        Classifier(fit(pages), fit(pages, xs2, names2)).save(MODEL_OUT)
        print(f"model written to {MODEL_OUT} ({MODEL_OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
