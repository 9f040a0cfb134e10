"""What each entity layer contributes: the statistical model alone, the rules alone, both.

    nice -n 10 python scripts/ner_layers.py [--msra-sample N] [--seed S] [--out benchmarks/NER_LAYERS.md]

Layers, each run through `extract.pipeline.Pipeline` with its own spaCy pipeline:
- model: `ner_model` only; its spans (doc._.ner_entities) become Organisation (type
  "other") / Person / Location records, one per distinct text, with every mention;
- rules: the default components without `ner_model` (doc._.ner_entities stays None, so the
  `entities` component sees no model spans);
- combined: the default pipeline (model + rules).

Measured (a) on the project's gold files (corpus/*.gold.json) with `extract.evaluate`
(organisations, persons, locations; org type accuracy), articles read with
`Pipeline.process_file` and their sidecar metadata as the CLI does; (b) on MSRA test,
strict entity-level P/R/F1 per label: every mention of an organisation is an ORG span,
of a person PER, of a location LOC (original-text offsets). MSRA sentences are joined into
chunks of ~50 (one per line) and offsets mapped back to sentences.
Writes benchmarks/NER_LAYERS.md.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import datetime as dt  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from extract.evaluate import evaluate, load_golds  # noqa: E402
from extract.extractors.ner_model import MODEL_DIR  # noqa: E402
from extract.ner.model import MODEL_FILE  # noqa: E402
from extract.nlp import COMPONENTS, build_nlp  # noqa: E402
from extract.pipeline import Pipeline  # noqa: E402
from extract.records import Location, Mention, Organisation, Person  # noqa: E402
from train_ner import LABELS, read_bio, strict_scores  # noqa: E402  (MSRA reader and scorer)

CORPUS = REPO / "corpus"
MSRA_TEST = REPO.parent / "shared" / "data" / "ner" / "msra" / "msra_test_bio"
OUT = REPO / "benchmarks" / "NER_LAYERS.md"
SECTIONS = ("organisations", "persons", "locations")
SECTION_LABEL = {"organisations": "ORG", "persons": "PER", "locations": "LOC"}
LAYERS = ("model", "rules", "combined")
CHUNK_SENTENCES = 50
# One line per sentence: the model cuts its input at line ends, the rules see sentence ends.
JOIN = "\n"
MODEL_AS_RECORDS = "ner_layers_model_records"


# ---------------------------------------------------------------- the model layer as records


def model_records(doc: Doc) -> Doc:
    """The model's spans as records: one per (label, text), with all its mentions."""
    records: dict[tuple[str, str], object] = {}
    kinds = {"ORG": lambda name: Organisation(name=name, type="other", sources=["model"]),
             "PER": lambda name: Person(name=name),
             "LOC": lambda name: Location(name=name)}
    for start, end, label in sorted(doc._.ner_entities or []):
        text = doc.text[start:end]
        if not text.strip():
            continue
        record = records.setdefault((label, text), kinds[label](text))
        record.mentions.append(Mention(text=text, span=(start, end)))
    by_type = {Organisation: [], Person: [], Location: []}
    for record in records.values():
        by_type[type(record)].append(record)
    doc._.organisations = by_type[Organisation]
    doc._.persons = by_type[Person]
    doc._.locations = by_type[Location]
    return doc


@Language.factory(MODEL_AS_RECORDS)
def _create_model_records(nlp: Language, name: str):
    return model_records


def layer_nlp(layer: str, msra: bool) -> Language:
    """The spaCy pipeline of one layer; for MSRA only what entities need (dates etc. unused)."""
    if layer == "model":
        return build_nlp(components=("ner_model", MODEL_AS_RECORDS))
    components = COMPONENTS if not msra else ("ner_model", "entities")
    if layer == "rules":
        components = tuple(c for c in components if c != "ner_model")
    nlp = build_nlp(components=components)
    assert ("ner_model" in nlp.pipe_names) == (layer == "combined"), nlp.pipe_names
    return nlp


# ---------------------------------------------------------------- (a) gold files


def gold_scores(pipelines: dict[str, Pipeline]) -> tuple[dict[str, dict], int]:
    golds = load_golds(CORPUS)
    results = {}
    for layer, pipeline in pipelines.items():
        records = []
        for gold in golds:
            record = pipeline.process_file(CORPUS / gold["article"])
            assert not record.errors, (layer, gold["article"], record.errors)  # a failed stage would skew scores
            records.append(record.model_dump(mode="json"))
        results[layer] = evaluate(records, golds)
    return results, len(golds)


def gold_table(results: dict[str, dict]) -> str:
    lines = ["| layer | section | must | predicted | matched | P | R | F1 |", "|---|---|---|---|---|---|---|---|"]
    for layer in LAYERS:
        sections = results[layer]["sections"]
        totals = {"must": 0, "matched": 0, "scored": 0, "predicted": 0}
        for section in SECTIONS:
            s = sections[section]
            lines.append(f"| {layer} | {section} | {s['must']} | {s['predicted']} | {s['matched']} | "
                         f"{s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")
            totals["must"] += s["must"]
            totals["matched"] += s["matched"]
            totals["predicted"] += s["predicted"]
            totals["scored"] += s["predicted"] - s["neutral"] - s["excused"]
        p = totals["matched"] / totals["scored"] if totals["scored"] else 1.0
        r = totals["matched"] / totals["must"] if totals["must"] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"| {layer} | **all three** | {totals['must']} | {totals['predicted']} | {totals['matched']} | "
                     f"{p:.3f} | {r:.3f} | {f:.3f} |")
    lines += ["", "| layer | organisation type accuracy (matched must pairs) |", "|---|---|"]
    for layer in LAYERS:
        a = results[layer]["attributes"]["organisations.type"]
        acc = "n/a" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
        lines.append(f"| {layer} | {acc} ({a['right']}/{a['total']}) |")
    return "\n".join(lines)


def gold_changes(results: dict[str, dict]) -> str:
    """Gold items combined finds that rules miss (and back), and predictions only combined makes."""
    kinds = {"misses": "must items missed", "false_positive_items": "false positives",
             "neutral_items": "neutral (must: false)", "excused_items": "excused", "duplicate_items": "duplicates"}
    lines = []
    for index, article in enumerate(results["combined"]["articles"]):
        rules = results["rules"]["articles"][index]["sections"]
        for section in SECTIONS:
            for key, what in kinds.items():
                added = sorted(set(article["sections"][section][key]) - set(rules[section][key]))
                dropped = sorted(set(rules[section][key]) - set(article["sections"][section][key]))
                if added:
                    lines.append(f"- {article['article']} {section}: {what} only with the model: {', '.join(added)}")
                if dropped:
                    lines.append(f"- {article['article']} {section}: {what} only without the model: {', '.join(dropped)}")
    return "\n".join(lines) or "- none: the combined output scores exactly as the rules alone."


def per_article_table(results: dict[str, dict]) -> str:
    lines = ["| article | " + " | ".join(f"{layer} org/per/loc F1" for layer in LAYERS) + " |",
             "|---|" + "---|" * len(LAYERS)]
    articles = [a["article"] for a in results["combined"]["articles"]]
    for index, article in enumerate(articles):
        cells = []
        for layer in LAYERS:
            sections = results[layer]["articles"][index]["sections"]
            cells.append(" / ".join(f"{sections[s]['f1']:.2f}" for s in SECTIONS))
        lines.append(f"| {article} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- (b) MSRA test


def chunks(sentences: list, size: int) -> list[tuple[str, list[int]]]:
    """(joined text, start offset of each sentence) for runs of `size` sentences."""
    out = []
    for first in range(0, len(sentences), size):
        group = sentences[first:first + size]
        starts, offset = [], 0
        for sentence in group:
            starts.append(offset)
            offset += len(sentence.text) + len(JOIN)
        out.append((JOIN.join(s.text for s in group), starts))
    return out


def record_spans(record) -> list[tuple[int, int, str]]:
    """Every mention of the record's organisations, persons and locations, as original spans."""
    spans = set()
    for section in SECTIONS:
        for item in getattr(record, section):
            for mention in item.mentions:
                start, end = mention.original_span or mention.span
                spans.add((start, end, SECTION_LABEL[section]))
    return sorted(spans)


def split_by_sentence(spans, starts: list[int]) -> list[list[tuple[int, int, str]]]:
    """Chunk spans to per-sentence spans; a span belongs to the sentence it starts in."""
    per_sentence = [[] for _ in starts]
    for start, end, label in spans:
        index = max(i for i, s in enumerate(starts) if s <= start)
        per_sentence[index].append((start - starts[index], end - starts[index], label))
    return per_sentence


def msra_scores(pipelines: dict[str, Pipeline], sentences: list) -> tuple[dict, dict, dict, dict]:
    scores, seconds, correct, predictions = {}, {}, {}, {}
    for layer, pipeline in pipelines.items():
        began = time.perf_counter()
        predicted = []
        for text, starts in chunks(sentences, CHUNK_SENTENCES):
            record = pipeline.process(text)
            assert record.text.original == text and not record.errors, record.errors
            predicted += split_by_sentence(record_spans(record), starts)
        seconds[layer] = time.perf_counter() - began
        scores[layer] = strict_scores([s.spans for s in sentences], predicted)
        predictions[layer] = predicted
        correct[layer] = {(i, span) for i, (sentence, spans) in enumerate(zip(sentences, predicted))
                          for span in set(spans) & set(sentence.spans)}
        print(f"msra {layer}: ALL F1 {scores[layer]['ALL']['f']:.4f} in {seconds[layer]:.0f}s", flush=True)
    return scores, seconds, correct, predictions


def msra_examples(sentences: list, predictions: dict, limit: int = 15) -> str:
    """Most frequent model-correct entities the combination drops, and rules spans MSRA marks
    otherwise (with the gold entity they overlap, if any), to show why the layers differ."""
    dropped = {label: Counter() for label in LABELS}
    rules_wrong = {label: Counter() for label in LABELS}
    for index, sentence in enumerate(sentences):
        gold = set(sentence.spans)
        combined = set(predictions["combined"][index])
        for start, end, label in (set(predictions["model"][index]) & gold) - combined:
            dropped[label][sentence.text[start:end]] += 1
        for start, end, label in set(predictions["rules"][index]) - gold:
            overlap = [f"{sentence.text[s:e]}/{g}" for s, e, g in sentence.spans if s < end and start < e]
            rules_wrong[label][f"{sentence.text[start:end]} (gold: {', '.join(overlap) or 'none'})"] += 1
    lines = []
    for label in LABELS:
        shown = ", ".join(f"{text} ×{n}" for text, n in dropped[label].most_common(limit))
        lines.append(f"- model-correct {label} the combined output drops: {shown or 'none'}")
    for label in LABELS:
        shown = "; ".join(f"{text} ×{n}" for text, n in rules_wrong[label].most_common(limit))
        lines.append(f"- rules {label} spans that are not MSRA entities: {shown or 'none'}")
    return "\n".join(lines)


def msra_overlap_table(correct: dict) -> str:
    """Which layer finds each correctly predicted MSRA entity, and what the combination keeps."""
    model, rules, combined = correct["model"], correct["rules"], correct["combined"]
    groups = {"model and rules": model & rules, "model only": model - rules, "rules only": rules - model,
              "neither": combined - model - rules}
    lines = ["| label | found by | entities | kept by combined |", "|---|---|---|---|"]
    for label in (*LABELS, "ALL"):
        for name, found in groups.items():
            found = {f for f in found if label == "ALL" or f[1][2] == label}
            kept = len(found & combined)
            lines.append(f"| {label} | {name} | {len(found)} | {kept} |")
    return "\n".join(lines)


def msra_table(scores: dict) -> str:
    lines = ["| layer | label | P | R | F1 | gold | predicted |", "|---|---|---|---|---|---|---|"]
    for layer in LAYERS:
        for label in (*LABELS, "ALL"):
            s = scores[layer][label]
            lines.append(f"| {layer} | {label} | {s['p']:.4f} | {s['r']:.4f} | {s['f']:.4f} | {s['gold']} | {s['pred']} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--msra-sample", type=int, default=0, help="score a fixed-seed sample of N test sentences (0: all)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    command = " ".join(["python scripts/ner_layers.py", *sys.argv[1:]])
    began = time.perf_counter()

    gold_pipes = {layer: Pipeline(layer_nlp(layer, msra=False)) for layer in LAYERS}
    gold, n_golds = gold_scores(gold_pipes)
    print("gold files scored", flush=True)

    sentences = read_bio(MSRA_TEST, "\t")
    total = len(sentences)
    if args.msra_sample and args.msra_sample < total:
        chosen = sorted(random.Random(args.seed).sample(range(total), args.msra_sample))
        sentences = [sentences[i] for i in chosen]
    msra_pipes = {layer: Pipeline(layer_nlp(layer, msra=True)) for layer in LAYERS}
    msra, seconds, correct, predictions = msra_scores(msra_pipes, sentences)

    sample_note = (f"a fixed-seed sample (seed {args.seed}) of {len(sentences):,} of the {total:,} test sentences"
                   if len(sentences) < total else f"all {total:,} test sentences")
    page = PAGE.format(
        command=command,
        model=model_description(),
        date=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        minutes=(time.perf_counter() - began) / 60,
        n_golds=n_golds,
        gold_table=gold_table(gold),
        article_table=per_article_table(gold),
        sample_note=sample_note,
        chunk=CHUNK_SENTENCES,
        timing=", ".join(f"{layer} {seconds[layer]:.0f} s" for layer in LAYERS),
        msra_table=msra_table(msra),
        msra_overlap=msra_overlap_table(correct),
        msra_examples=msra_examples(sentences, predictions),
        gold_changes=gold_changes(gold),
        reading=reading(gold, msra, correct),
    )
    args.out.write_text(page, encoding="utf-8")
    print(page)


def _pooled_f1(sections: dict) -> float:
    matched = sum(sections[s]["matched"] for s in SECTIONS)
    must = sum(sections[s]["must"] for s in SECTIONS)
    scored = sum(sections[s]["predicted"] - sections[s]["neutral"] - sections[s]["excused"] for s in SECTIONS)
    p, r = (matched / scored if scored else 1.0), (matched / must if must else 1.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def _gold_delta(gold: dict) -> tuple[int, int, int]:
    """(gold items found only with the model, found only without it, predictions only with it)."""
    found, lost, extra = 0, 0, 0
    for index, article in enumerate(gold["combined"]["articles"]):
        rules = gold["rules"]["articles"][index]["sections"]
        for section in SECTIONS:
            combined = article["sections"][section]
            found += len(set(rules[section]["misses"]) - set(combined["misses"]))
            lost += len(set(combined["misses"]) - set(rules[section]["misses"]))
            extra += max(0, combined["predicted"] - rules[section]["predicted"])
    return found, lost, extra


def model_description() -> str:
    """The shipped model file and when it was written, to tie scores to it."""
    weights = MODEL_DIR / MODEL_FILE
    written = (dt.datetime.fromtimestamp(weights.stat().st_mtime, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
               if weights.is_file() else "unknown")
    return f"`extract/models/ner/{MODEL_FILE}` (linear-chain model, written {written})"


def reading(gold: dict, msra: dict, correct: dict) -> str:
    """A short reading of the tables, every number taken from this run."""
    f1 = {layer: {s: gold[layer]["sections"][s]["f1"] for s in SECTIONS} for layer in LAYERS}
    pooled = {layer: _pooled_f1(gold[layer]["sections"]) for layer in LAYERS}
    types = {layer: gold[layer]["attributes"]["organisations.type"]["accuracy"] for layer in LAYERS}
    found, lost, extra = _gold_delta(gold)
    m = {layer: msra[layer] for layer in LAYERS}
    model_only = correct["model"] - correct["rules"]
    rules_only = correct["rules"] - correct["model"]

    def kept(label: str) -> str:
        group = {c for c in model_only if c[1][2] == label}
        return f"{label} {len(group & correct['combined'])}/{len(group)}"

    def trio(section: str) -> str:
        return f"{f1['model'][section]:.3f} / {f1['rules'][section]:.3f} / {f1['combined'][section]:.3f}"

    fmt_type = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    gold_effect = ("changes no gold match" if found == lost == 0
                   else f"finds {found} gold item(s) the rules miss and loses {lost}")
    kept_by_label = {label: len({c for c in model_only if c[1][2] == label} & correct["combined"]) for label in LABELS}
    main_label = max(kept_by_label, key=kept_by_label.get)
    label_words = {"PER": "persons (the rules find only titled ones)", "LOC": "locations", "ORG": "organisations"}
    return f"""\
**Gold files (the kind of text the pipeline is for).** F1 model / rules / combined:
organisations {trio('organisations')}, persons {trio('persons')}, locations {trio('locations')}
(pooled {pooled['model']:.3f} / {pooled['rules']:.3f} / {pooled['combined']:.3f}); organisation type
accuracy {fmt_type(types['model'])} / {fmt_type(types['rules'])} / {fmt_type(types['combined'])} (the model has no org
types: its records are all `other`). The rules carry the result: adding the model {gold_effect},
and adds {extra} prediction(s) (listed above). The model alone is weakest on organisations: it
misses or cuts differently many long names (companies, government bodies with their
administrative prefix, industrial parks). Caveat: the rules were written
against these articles (the issue's acceptance targets are set on them), so the rules' score here is
in-sample; only unseen articles of the same kind say how far it carries.

**MSRA test (general 1998 news, MSRA's conventions).** The model alone scores ALL F1
{m['model']['ALL']['f']:.3f} (PER {m['model']['PER']['f']:.3f}, LOC {m['model']['LOC']['f']:.3f}, ORG {m['model']['ORG']['f']:.3f}).
The rules alone are precise but narrow (ALL P {m['rules']['ALL']['p']:.3f}, R {m['rules']['ALL']['r']:.3f}): they know Chinese
administrative places, bodies and companies with a head word, and persons next to a title, not
countries, foreign places, party bodies or untitled names; PER recall is {m['rules']['PER']['r']:.3f}. Part of their
"errors" are convention (see the differences above): MSRA tags the country inside 美国政府 as LOC
where the rules emit the body, and tags only the ORG where a place opens a body's name that the
rules emit as a place. The rest are rule errors the list above shows: generic nouns ending in an
organisation head (…学校) or read as places, and names cut short.
The combination adds the model's spans only through gates (PER: a family name on word boundaries;
LOC: a name ending in 镇/乡/街道/县/区; ORG: opens with a known place and ends with an organisation
head; and, where the rules found nothing, any name the model was trained on with the same label,
places limited to countries and listed places: `extract/extractors/known_names.py`), so of the
correct entities only the model finds it keeps {kept('PER')}, {kept('LOC')},
{kept('ORG')}; the rules find {len(rules_only)} correct entities the model misses. Combined ALL F1 is
{m['combined']['ALL']['f']:.3f} (P {m['combined']['ALL']['p']:.3f}, R {m['combined']['ALL']['r']:.3f}), {m['combined']['ALL']['f'] - m['model']['ALL']['f']:+.3f} against the model alone
(P {m['model']['ALL']['p']:.3f}, R {m['model']['ALL']['r']:.3f}): on general news the model is the stronger layer, and
the gates cost most of its recall. What the model adds to the combined output on MSRA is mainly
{label_words[main_label]}.

**In short:** model = recall on names the rules have no pattern for (untitled persons, foreign
places, bodies without a head word), no types; rules = boundaries, merging and types for the
local-government news the project targets; combined = the rules plus the model's gated spans (on
these gold files: {gold_effect}; on MSRA: mainly {label_words[main_label].split(' (')[0]}).
"""


PAGE = """# What each entity layer contributes: model alone, rules alone, combined

Written by `scripts/ner_layers.py` on {date} (run time {minutes:.1f} min on the shared 2-core machine).

Command: `{command}` (run under `nice -n 10`). NER model: {model}.

Layers (each run through `extract.pipeline.Pipeline` with its own spaCy pipeline):
- **model**: the `ner_model` component alone (`extract/models/ner/`); its PER/LOC/ORG spans
  become Person / Location / Organisation records (name = span text, organisation type
  `other`, one record per distinct text with all its mentions);
- **rules**: the default components without `ner_model` (`doc._.ner_entities` stays None,
  so `entities` runs on rules and gazetteers only);
- **combined**: the default pipeline (model spans feed the `entities` rules).

## (a) Project gold files ({n_golds} articles in `corpus/*.gold.json`)

Scored with `extract.evaluate` (the rules of shared/gold/README.md: names and aliases
normalised, `must: false` items neutral, unrecoverable contexts excused), micro-averaged
over articles; articles read with `Pipeline.process_file` and their sidecar metadata.
"all three" pools the counts of the three sections.

{gold_table}

What adding the model to the rules changes on the gold files (per article, names as written):

{gold_changes}

Per article (F1 of organisations / persons / locations):

{article_table}

## (b) MSRA test, strict entity level

{sample_note}, joined {chunk} to a document (one sentence per line) and run through
`Pipeline.process`; offsets mapped back to sentences (a span belongs to the sentence it starts
in). A prediction counts only with exact start, end and type. For the rules and combined layers
every mention of an organisation is an ORG span, of a person PER, of a location LOC (a named
area that is both a park and a place gives an ORG and a LOC span). Time per layer: {timing}.

{msra_table}

Correct entities (exact span and type) by the layer(s) that find them alone, and how many of
them the combined pipeline outputs ("neither": found only by the combination):

{msra_overlap}

Most frequent differences (counts over the scored sentences):

{msra_examples}

## Reading

{reading}
"""


if __name__ == "__main__":
    main()
