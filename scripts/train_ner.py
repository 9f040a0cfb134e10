"""Train, evaluate and ship the project's NER model (PER/LOC/ORG): a hashed-feature linear
chain over characters, trained online with averaged weights: passive-aggressive (1-best MIRA,
cost-augmented) steps by default, plain perceptron steps with --rule perceptron.

    python scripts/train_ner.py                 # train, score, ship to extract/models/ner/
    python scripts/train_ner.py --epochs 2 --no-ship   # a short trial
    python scripts/train_ner.py --msra-dev 0 --epochs 40 --no-ship --out build/ner  # as shipped,
    python scripts/train_ner.py --rescore --out build/ner                           # then ship

Steps: read MSRA (char BIO) and optionally CLUENER2020 (JSON, inclusive spans) from the shared
data folder, hold out dev sentences from the train split, segment every sentence with the
pipeline's own jieba tokenizer (word features), then train for a number of epochs over
length-sorted mini-batches (fixed seed), keeping the averaged weights of the best dev epoch.
The saved model is scored strictly (exact span and type) on MSRA test and CLUENER dev through
`extract.ner.LinearNer.predict`, the code path the pipeline uses, and the model card and
`benchmarks/ner_scores.md` are written. Corpora are read in place, never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.ner.gazetteer import Gazetteer  # noqa: E402
from extract.ner.features import FEATURE_COUNT, TEMPLATES, char_features, doc_words  # noqa: E402
from extract.ner.model import MODEL_DIR, MODEL_FILE, LinearNer, load_file  # noqa: E402
from extract.ner.tags import LABELS, TAGS, constraint_matrices, spans_to_tags  # noqa: E402
from extract.ner.viterbi import decode  # noqa: E402
from extract.ner.word_tags import WordTags, jieba_dictionary_pairs  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "ner"
SCORES_PAGE = REPO / "benchmarks" / "ner_scores.md"

# CLUENER type -> our label. None: the span is known to be outside PER/LOC/ORG (trained as O).
# "scene" (parks, museums, scenic spots) is neither clearly LOC nor ORG under MSRA's
# conventions, so its chars are left out of the updates: no loss either way.
CLUENER_LABELS = {
    "name": "PER",
    "company": "ORG",
    "government": "ORG",
    "organization": "ORG",
    "address": "LOC",
    "position": None,
    "book": None,
    "movie": None,
    "game": None,
    "scene": "MISSING",
}

Span = tuple[int, int, str]


@dataclass
class Sentence:
    text: str
    spans: list[Span]  # [start, end) char offsets, label PER/LOC/ORG or MISSING


# ---------------------------------------------------------------- corpora


def read_bio(path: Path, separator: str) -> list[Sentence]:
    """Char-per-line BIO files; an empty tag (MSRA markup leftovers) counts as O."""
    sentences: list[Sentence] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if chars:
                sentences.append(Sentence("".join(chars), bio_to_spans(tags)))
                chars, tags = [], []
            continue
        char, _, tag = line.partition(separator)
        chars.append(char[:1] or " ")
        tags.append(tag.strip() or "O")
    if chars:
        sentences.append(Sentence("".join(chars), bio_to_spans(tags)))
    return sentences


def bio_to_spans(tags: list[str]) -> list[Span]:
    spans: list[Span] = []
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and tag_label == label
        if start is not None and not continues:
            spans.append((start, i, label))
            start, label = None, None
        if prefix == "B" or (prefix == "I" and not continues):
            start, label = i, tag_label
    return spans


def read_cluener(path: Path) -> list[Sentence]:
    """CLUENER JSON lines; its spans are inclusive, so end + 1."""
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        spans = []
        for ctype, mentions in record.get("label", {}).items():
            label = CLUENER_LABELS[ctype]
            if label is None:
                continue
            for offsets in mentions.values():
                spans.extend((start, end + 1, label) for start, end in offsets)
        sentences.append(Sentence(record["text"], drop_overlaps(spans)))
    return sentences


def drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (CLUENER has a few)."""
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not taken.intersection(range(span[0], span[1])):
            kept.append(span)
            taken.update(range(span[0], span[1]))
    return sorted(kept)


def holdout(sentences: list[Sentence], size: int, seed: int) -> tuple[list[Sentence], list[Sentence]]:
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    dev_ids = set(order[:size])
    train = [s for i, s in enumerate(sentences) if i not in dev_ids]
    dev = [s for i, s in enumerate(sentences) if i in dev_ids]
    return train, dev



# ---------------------------------------------------------------- scoring


def strict_scores(gold: list[list[Span]], predicted: list[list[Span]]) -> dict[str, dict[str, float]]:
    """Entity-level P/R/F1 per label and overall: a hit needs the exact span and type."""
    counts = {label: Counter() for label in (*LABELS, "ALL")}
    for gold_spans, pred_spans in zip(gold, predicted):
        gold_set = {s for s in gold_spans if s[2] in LABELS}
        pred_set = set(pred_spans)
        for label in LABELS:
            g = {s for s in gold_set if s[2] == label}
            p = {s for s in pred_set if s[2] == label}
            counts[label].update(tp=len(g & p), gold=len(g), pred=len(p))
        counts["ALL"].update(tp=len(gold_set & pred_set), gold=len(gold_set), pred=len(pred_set))
    return {label: prf(c) for label, c in counts.items()}


def prf(count: Counter) -> dict[str, float]:
    precision = count["tp"] / count["pred"] if count["pred"] else 0.0
    recall = count["tp"] / count["gold"] if count["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f": f1, "gold": count["gold"], "pred": count["pred"]}



# ---------------------------------------------------------------- features


@dataclass
class Featurized:
    """All training chars in one flat array; sentence i is rows offsets[i]:offsets[i]+lengths[i]."""
    features: numpy.ndarray  # (chars, FEATURE_COUNT) bucket ids
    gold: numpy.ndarray  # (chars,) tag ids
    trusted: numpy.ndarray  # (chars,) False inside MISSING spans: no update there
    offsets: numpy.ndarray
    lengths: numpy.ndarray


def word_segmenter():
    """The pipeline's own tokenizer, so word features match what the component sees."""
    from extract.nlp import build_nlp

    return build_nlp(components=()).tokenizer


def fold_gazetteers(sentences: list[Sentence], folds: int, seed: int) -> list[Gazetteer]:
    """Per sentence, the known-name list built from the other folds only (see gazetteer.py)."""
    fold_of = [random.Random(seed + i).randrange(folds) for i in range(len(sentences))]
    lists = [
        Gazetteer.from_spans((s.text, s.spans) for s, f in zip(sentences, fold_of) if f != fold)
        for fold in range(folds)
    ]
    return [lists[f] for f in fold_of]


def featurize(sentences: list[Sentence], tokenizer, word_tags: WordTags, gazetteers, bits: int) -> Featurized:
    features, gold, trusted, lengths = [], [], [], []
    for sentence, gazetteer in zip(sentences, gazetteers):
        starts, hashes = doc_words(tokenizer(sentence.text))
        tags = word_tags.lookup(hashes)
        known = gazetteer.char_codes(sentence.text)
        features.append(char_features(sentence.text, starts, hashes, tags, known, bits).astype(numpy.int32))
        gold.append(spans_to_tags(len(sentence.text), sentence.spans))
        mask = numpy.ones(len(sentence.text), dtype=bool)
        for start, end, label in sentence.spans:
            if label == "MISSING":
                mask[start:end] = False
        trusted.append(mask)
        lengths.append(len(sentence.text))
    lengths_array = numpy.array(lengths)
    offsets = numpy.concatenate(([0], numpy.cumsum(lengths_array)[:-1]))
    return Featurized(numpy.concatenate(features), numpy.concatenate(gold), numpy.concatenate(trusted),
                      offsets, lengths_array)


# ---------------------------------------------------------------- training


class AveragedPerceptron:
    """Structured perceptron over mini-batches, with the usual lazy averaging trick:
    averaged = current - (sum of step * update) / steps."""

    def __init__(self, bits: int, word_tags: WordTags, gazetteer: Gazetteer, dropout: float = 0.0, seed: int = 0,
                 rule: str = "perceptron", cost: float = 1.0, aggressiveness: float = 1.0):
        self.bits = bits
        # "perceptron": every update adds/subtracts 1. "pa": a passive-aggressive (1-best MIRA)
        # step: decode with `cost` added to every wrong tag (so the model must beat the gold
        # path by a margin that grows with the number of wrong tags), then take the smallest
        # step that would make the gold path win by that margin, capped at `aggressiveness`.
        # With cost 0 the step just closes the gap: big mistakes move the weights more than
        # near misses, where the perceptron moves them the same.
        self.rule = rule
        self.cost = cost
        self.aggressiveness = aggressiveness
        self.word_tags = word_tags
        self.gazetteer = gazetteer
        # Feature dropout: each update sees a random part of each char's features hidden (sent
        # to an extra all-zero row), so that no single memorising feature (a rare word's hash)
        # can carry a decision alone; the context features have to learn it too.
        self.dropout = dropout
        self.rng = numpy.random.default_rng(seed)
        self.null_row = 1 << bits
        self.weights = numpy.zeros(((1 << bits) + 1, len(TAGS)), dtype=numpy.float32)
        self.weighted_updates = numpy.zeros_like(self.weights)
        self.transition = numpy.zeros((len(TAGS), len(TAGS)), dtype=numpy.float32)
        self.weighted_transition = numpy.zeros_like(self.transition)
        self.penalty, self.start, self.end = constraint_matrices()
        self.step = 1

    def predict_batch(self, data: Featurized, batch: numpy.ndarray):
        lengths = data.lengths[batch]
        index = data.offsets[batch][:, None] + numpy.arange(lengths.max())[None, :]
        valid = numpy.arange(lengths.max())[None, :] < lengths[:, None]
        index = numpy.where(valid, index, data.offsets[batch][:, None])
        feats = data.features[index]  # (n, L, F)
        if self.dropout:
            feats[self.rng.random(feats.shape) < self.dropout] = self.null_row
        scores = self.weights[feats[..., 0]].copy()
        for column in range(1, FEATURE_COUNT):
            scores += self.weights[feats[..., column]]
        decoded = scores
        if self.rule == "pa" and self.cost:  # cost-augmented decoding: wrong tags look better
            decoded = scores + self.cost
            gold = data.gold[index]
            numpy.put_along_axis(decoded, gold[..., None], numpy.take_along_axis(scores, gold[..., None], 2), 2)
        predicted = decode(decoded, lengths, self.transition + self.penalty, self.start, self.end)
        return predicted, index, valid, feats, scores

    def update(self, data: Featurized, batch: numpy.ndarray) -> int:
        predicted, index, valid, feats, scores = self.predict_batch(data, batch)
        gold = data.gold[index]
        wrong = valid & (predicted != gold) & data.trusted[index]
        errors = int(wrong.sum())
        pairs = valid[:, 1:]
        delta = numpy.zeros_like(self.transition)
        numpy.add.at(delta, (gold[:, :-1][pairs], gold[:, 1:][pairs]), 1.0)
        numpy.add.at(delta, (predicted[:, :-1][pairs], predicted[:, 1:][pairs]), -1.0)
        step_size = 1.0
        if errors and self.rule == "pa":
            step_size = self._pa_step(scores, gold, predicted, valid, feats[wrong], wrong, delta, errors)
        if errors:
            wrong_feats = feats[wrong]  # (errors, F), as the prediction saw them
            self._add(wrong_feats, gold[wrong], +step_size)
            self._add(wrong_feats, predicted[wrong], -step_size)
            self.weights[self.null_row] = 0.0
            self.weighted_updates[self.null_row] = 0.0
        delta *= step_size
        self.transition += delta
        self.weighted_transition += self.step * delta
        self.step += 1
        return errors

    def _pa_step(self, scores, gold, predicted, valid, wrong_feats, wrong, delta, errors) -> float:
        """Smallest step making gold beat the prediction by cost x wrong tags, capped."""
        def path_score(tags):
            emission = numpy.take_along_axis(scores, tags[..., None], 2)[..., 0][valid].sum()
            pairs = valid[:, 1:]
            return emission + self.transition[tags[:, :-1][pairs], tags[:, 1:][pairs]].sum()

        margin = float(path_score(gold) - path_score(predicted))
        loss = max(self.cost, 1e-3) * errors - margin
        if loss <= 0:
            return 0.0
        rows = numpy.concatenate((wrong_feats.reshape(-1), wrong_feats.reshape(-1))).astype(numpy.int64)
        cols = numpy.concatenate((numpy.repeat(gold[wrong], wrong_feats.shape[1]),
                                  numpy.repeat(predicted[wrong], wrong_feats.shape[1])))
        amounts = numpy.repeat([1.0, -1.0], wrong_feats.size)
        keep = rows != self.null_row
        _, which = numpy.unique(rows[keep] * len(TAGS) + cols[keep], return_inverse=True)
        squared = float((numpy.bincount(which, weights=amounts[keep]) ** 2).sum() + (delta ** 2).sum())
        return min(self.aggressiveness, loss / squared) if squared else 0.0

    def _add(self, feats: numpy.ndarray, tags: numpy.ndarray, amount: float) -> None:
        rows = feats.reshape(-1)
        cols = numpy.repeat(tags, feats.shape[1])
        flat = rows.astype(numpy.int64) * len(TAGS) + cols
        numpy.add.at(self.weights.reshape(-1), flat, amount)
        numpy.add.at(self.weighted_updates.reshape(-1), flat, amount * self.step)

    def averaged(self, meta: dict) -> LinearNer:
        weights = (self.weights - self.weighted_updates / self.step)[: self.null_row]
        transition = self.transition - self.weighted_transition / self.step
        return LinearNer(weights, transition, self.bits, self.word_tags, self.gazetteer, meta)


def length_batches(lengths: numpy.ndarray, size: int, rng: random.Random) -> list[numpy.ndarray]:
    """Batches of similar length (little padding in the decoder), in shuffled order."""
    order = numpy.array(sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random())))
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def predict_all(model: LinearNer, sentences: list[Sentence], tokenizer) -> list[list[Span]]:
    predicted = []
    for sentence in sentences:
        starts, hashes = doc_words(tokenizer(sentence.text))
        predicted.append(model.predict(sentence.text, starts, hashes))
    return predicted


def evaluate(model: LinearNer, sentences: list[Sentence], tokenizer) -> dict[str, dict[str, float]]:
    """Scores through the code path the `ner_model` component uses."""
    return strict_scores([s.spans for s in sentences], predict_all(model, sentences, tokenizer))


def train(args, tokenizer) -> tuple[LinearNer, dict]:
    started, cpu_started = time.monotonic(), time.process_time()
    msra_train, msra_dev = holdout(read_bio(DATA / "msra" / "msra_train_bio", "\t"), args.msra_dev, args.seed)
    train_sentences, dev_sentences = list(msra_train), list(msra_dev)
    if args.cluener:
        clue_train, _ = holdout(read_cluener(DATA / "cluener2020" / "train.json"), 500, args.seed)
        train_sentences += clue_train
    word_tags = WordTags.from_pairs(jieba_dictionary_pairs()) if args.word_tags else WordTags.empty()
    if args.known_names:
        gazetteer = Gazetteer.from_spans((s.text, s.spans) for s in train_sentences)
        gazetteers = fold_gazetteers(train_sentences, args.folds, args.seed)
    else:
        gazetteer = Gazetteer({})
        gazetteers = [gazetteer] * len(train_sentences)
    data = featurize(train_sentences, tokenizer, word_tags, gazetteers, args.bits)
    log(f"featurized {len(train_sentences)} sentences, {len(data.gold)} chars, in {time.monotonic() - started:.0f} s")
    perceptron = AveragedPerceptron(args.bits, word_tags, gazetteer, args.dropout, args.seed,
                                    args.rule, args.cost, args.aggressiveness)
    rng = random.Random(args.seed)
    best = {"f": -1.0, "epoch": 0}
    best_model = None
    for epoch in range(1, args.epochs + 1):
        errors = sum(perceptron.update(data, batch) for batch in length_batches(data.lengths, args.batch, rng))
        meta = {"epoch": epoch}
        model = perceptron.averaged(meta)
        if not dev_sentences:  # --msra-dev 0: all of train, a fixed number of epochs, the last kept
            best, best_model = {"f": float("nan"), "epoch": epoch}, model
            log(f"epoch {epoch}: {errors} char errors (no dev set), {(time.monotonic() - started) / 60:.1f} min")
            continue
        f1 = evaluate(model, dev_sentences, tokenizer)["ALL"]["f"]
        if f1 > best["f"]:
            best, best_model = {"f": f1, "epoch": epoch}, model
        log(f"epoch {epoch}: {errors} char errors, dev F1 {f1:.4f} (best {best['f']:.4f} @ {best['epoch']}), "
            f"{(time.monotonic() - started) / 60:.1f} min")
        if epoch - best["epoch"] >= args.patience:
            log("dev F1 stopped improving")
            break
    if dev_sentences:  # per-label dev scores of the kept model, for comparing runs
        best["dev"] = evaluate(best_model, dev_sentences, tokenizer)
        log("dev by label: " + ", ".join(f"{k} {v['f']:.4f}" for k, v in best["dev"].items()))
    best.update(epochs=epoch, minutes=(time.monotonic() - started) / 60,
                cpu_minutes=(time.process_time() - cpu_started) / 60,
                train_sentences=len(train_sentences), train_chars=int(len(data.gold)),
                dev_sentences=len(dev_sentences))
    return best_model, best


def log(message: str) -> None:
    print(f"[{dt.datetime.now(dt.timezone.utc):%H:%M:%S}] {message}", flush=True)


# ---------------------------------------------------------------- reports


def score_table(scores: dict[str, dict[str, float]]) -> str:
    rows = ["| label | P | R | F1 | gold | predicted |", "|---|---|---|---|---|---|"]
    for label in (*LABELS, "ALL"):
        s = scores[label]
        rows.append(f"| {label} | {s['p']:.4f} | {s['r']:.4f} | {s['f']:.4f} | {s['gold']} | {s['pred']} |")
    return "\n".join(rows)


def feature_list() -> str:
    names = []
    for kind, spec in TEMPLATES:
        if kind == "char":
            names.append("chars " + ",".join(f"{o:+d}" for o in spec))
        elif kind == "class":
            names.append("char classes " + ",".join(f"{o:+d}" for o in spec))
        elif kind == "word":
            names.append("word " + "+".join(spec))
        elif kind == "known":
            names.append("known name " + ",".join(str(o) if o == "char" else f"{o:+d}" for o in spec))
        elif kind == "name":
            names.append("name-char classes " + ",".join(f"{o:+d}" for o in spec))
        elif kind == "head":
            names.append("organisation head " + "+".join(spec))
        elif kind == "tables":
            names.append("cue tables digest")
        else:
            names.append("bias")
    return "; ".join(names)


def cue_note() -> str:
    if not any(kind in ("name", "head") for kind, _ in TEMPLATES):
        return ""
    return ("\nName-char classes (family name, given-name and transliteration chars) and organisation heads"
            "\ncome from `extract/resources/ner_name_chars.tsv` and `ner_org_heads.tsv` (see"
            "\n`extract/ner/name_cues.py`); the model checks a digest of both at load.")


def selection(results: dict) -> str:
    """How the shipped epoch was chosen."""
    train_info = results["train"]
    if results["msra_dev"] == 0:
        return (f"{train_info['epochs']} epochs over all of MSRA train, no dev set: the epoch count is the one a run "
                f"with 1,500 sentences held out found best; the last averaged weights are shipped.")
    return (f"{train_info['epochs']} epochs run, best dev F1 {train_info['f']:.4f} at epoch {train_info['epoch']} "
            f"(averaged weights; that model is shipped).")


def learning_rule(results: dict) -> str:
    if results.get("rule", "perceptron") == "perceptron":
        return "Averaged structured perceptron"
    cost = results.get("cost", 0.0)
    margin = (f"after decoding with {cost:g} added to every wrong tag, the step makes gold win by "
              f"{cost:g} per wrong tag" if cost else "the step just closes the gap between the gold and the predicted path")
    return (f"Averaged structured passive-aggressive learning (1-best MIRA; each update's size is the "
            f"smallest that fixes the batch: {margin}; capped at {results.get('aggressiveness', 1.0):g})")


def write_reports(results: dict) -> None:
    tables = (
        f"### MSRA test ({results['msra_test_sentences']:,} sentences)\n\n{score_table(results['msra_test'])}\n\n"
        f"### CLUENER2020 dev mapped to PER/LOC/ORG ({results['cluener_dev_sentences']:,} sentences)\n\n"
        f"name→PER; company, government, organization→ORG; address→LOC; other types not scored.\n\n"
        f"{score_table(results['cluener_dev'])}\n"
    )
    train_info = results["train"]
    msra = results["msra_test"]
    verdict = "met" if msra["ALL"]["f"] >= 0.90 and msra["ORG"]["f"] >= 0.85 else "NOT met"
    card = f"""# Linear-chain Chinese NER model (PER / LOC / ORG)

Trained by this project with `scripts/train_ner.py`; loaded by `extract/ner/model.py` and run
as the spaCy component `ner_model` (`extract/extractors/ner_model.py`). No pretrained weights
or vectors: everything below was learned from the data listed here.

- Date: {results['date']}
- Command: {results['command']} (seed {results['seed']})
- File: `{MODEL_FILE}`, {results['size_mb']:.1f} MB; {results['bits']}-bit feature hashing
  ({1 << results['bits']:,} buckets x {len(TAGS)} BIOES tags), int8 weights with one scale per tag.

## Data
- MSRA NER (SIGHAN 2006) train: 45,000 sentences, char BIO; {results['msra_dev']} held out as dev
  (epoch selection{', none: see Training' if results['msra_dev'] == 0 else ''}).
- CLUENER2020 train: {'used (name→PER; company, government, organization→ORG; address→LOC; scene left out of the updates; position, book, movie, game → O)' if results['cluener'] else 'not used'}.
- Training: {train_info['train_sentences']:,} sentences, {train_info['train_chars']:,} chars.
- Source data: `../shared/data/ner/` (see each SOURCE.md); not copied into the project.

## Model
A first-order linear chain over characters (BIOES tags, Viterbi decoding with the tag
constraints built in). Per-char features, hashed: {feature_list()}. Word features come from
the pipeline's own jieba segmentation, so training and prediction see the same words.{cue_note()}
Prediction runs over the whole text with numpy; Viterbi decodes all sentence/clause pieces
of a text at once. Before decoding, chars whose O score beats every other tag by a wide
margin are taken as O (`PRUNE_UNITS` in `extract/ner/model.py`; measured to change MSRA test
F1 by less than 0.001), so Viterbi runs only over short stretches around candidate names.

## Training
{learning_rule(results)} over length-sorted mini-batches of {results['batch']} sentences;
{selection(results)} {train_info['minutes']:.1f} minutes wall clock,
{train_info['cpu_minutes']:.1f} minutes CPU, one process on a shared {results['cpus']}-core machine.

## Scores (strict: exact span and type), of the saved (int8) model
Project targets (MSRA test F1 >= 0.90 overall and >= 0.85 ORG): **{verdict}**
(overall {msra['ALL']['f']:.4f}, ORG {msra['ORG']['f']:.4f}).

{tables}
## Limits
- Trained on 1990s People's Daily news (MSRA): government news of today names bodies and
  parks MSRA never saw; the rules layer (`extract/extractors/entities.py`) covers those.
- Input must be Simplified Chinese (run it on the normalized text).
- A linear model sees two characters either side and the surrounding words; long
  organisation names whose head is far from their start are its weakest class.
"""
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    (MODEL_DIR / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    page = f"""# Statistical NER scores

Model: `extract/models/ner/{MODEL_FILE}` (see its MODEL_CARD.md), trained {results['date']} with
{results['command']}. Strict entity-level scores: a prediction counts only with exact start,
end and type. Predictions go through `extract.ner.LinearNer.predict`, the code path the
pipeline uses (features over the whole text, Viterbi over sentence/clause pieces).

{tables}"""
    SCORES_PAGE.write_text(page, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--bits", type=int, default=22, help="feature hash size in bits (default 22)")
    parser.add_argument("--epochs", type=int, default=24, help="most epochs (default 24)")
    parser.add_argument("--patience", type=int, default=4, help="stop after this many epochs without dev gain (default 4)")
    parser.add_argument("--batch", type=int, default=16, help="sentences per update (default 16)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--msra-dev", type=int, default=1500,
                        help="MSRA train sentences held out as dev (0: train on all, run --epochs epochs, keep the last)")
    parser.add_argument("--cluener", action="store_true", help="also train on CLUENER2020 train")
    parser.add_argument("--no-word-tags", dest="word_tags", action="store_false",
                        help="leave out jieba's dictionary tags as features")
    parser.add_argument("--no-known-names", dest="known_names", action="store_false",
                        help="leave out the known-name (training entity list) features")
    parser.add_argument("--dropout", type=float, default=0.0, help="feature dropout per update (default 0)")
    parser.add_argument("--rule", choices=("perceptron", "pa"), default="pa",
                        help="update rule: plain perceptron steps, or passive-aggressive (1-best MIRA) steps "
                             "after cost-augmented decoding (default pa)")
    parser.add_argument("--cost", type=float, default=1.0,
                        help="pa: margin per wrong tag, also added to wrong tags while decoding; "
                             "0: each step only closes the gap to the prediction (default 1)")
    parser.add_argument("--aggressiveness", type=float, default=1.0, help="pa: largest step (default 1)")
    parser.add_argument("--folds", type=int, default=5, help="folds for the training-time name lists")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "ner", help="where results.json goes")
    parser.add_argument("--no-ship", action="store_true", help="train and score, but leave extract/models alone")
    parser.add_argument("--rescore", action="store_true",
                        help="no training: score OUT/model.npz again with the current code (keeping the "
                             "training facts of OUT/results.json), then ship it unless --no-ship")
    args = parser.parse_args()
    command = "python scripts/train_ner.py " + " ".join(sys.argv[1:])
    args.out.mkdir(parents=True, exist_ok=True)

    tokenizer = word_segmenter()
    saved = args.out / MODEL_FILE
    if args.rescore:
        previous = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        best, command = previous["train"], previous["command"]
        for key in ("seed", "bits", "batch", "cluener", "msra_dev", "rule", "cost", "aggressiveness"):
            if key in previous:
                setattr(args, key, previous[key])
    else:
        model, best = train(args, tokenizer)
        model.save(saved)
    model = load_file(saved)  # score what ships: the int8 weights
    msra_test = read_bio(DATA / "msra" / "msra_test_bio", "\t")
    cluener_dev = read_cluener(DATA / "cluener2020" / "dev.json")
    results = {
        "command": command if args.rescore else f"`{command.strip()}`",
        "train": best,
        "msra_test": evaluate(model, msra_test, tokenizer),
        "cluener_dev": evaluate(model, cluener_dev, tokenizer),
        "msra_test_sentences": len(msra_test),
        "cluener_dev_sentences": len(cluener_dev),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "seed": args.seed, "bits": args.bits, "batch": args.batch, "cluener": args.cluener,
        "msra_dev": args.msra_dev, "cpus": os.cpu_count(),
        "rule": args.rule, "cost": args.cost, "aggressiveness": args.aggressiveness,
        "size_mb": saved.stat().st_size / 2**20,
    }
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    log(f"MSRA test: {json.dumps(results['msra_test'])}")
    log(f"CLUENER dev: {json.dumps(results['cluener_dev'])}")
    if not args.no_ship:
        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        (MODEL_DIR / MODEL_FILE).write_bytes(saved.read_bytes())
        write_reports(results)
        log(f"shipped to {MODEL_DIR / MODEL_FILE}")


if __name__ == "__main__":
    main()
