"""The NER training rules of scripts/train_ner.py on a tiny hand-made corpus (no corpora read)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import numpy
import pytest

from extract.ner.gazetteer import Gazetteer
from extract.ner.tags import TAG_INDEX
from extract.ner.word_tags import WordTags

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "train_ner.py"
BITS = 12


@pytest.fixture(scope="module")
def train_ner():
    spec = importlib.util.spec_from_file_location("train_ner_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def tiny_data(train_ner):
    """Two sentences, hashed features made by hand: every char has its own few features."""
    rng = numpy.random.default_rng(0)
    lengths = numpy.array([4, 3])
    features = rng.integers(0, 1 << BITS, size=(lengths.sum(), 6)).astype(numpy.int32)
    gold = numpy.array([
        TAG_INDEX["B-PER"], TAG_INDEX["I-PER"], TAG_INDEX["E-PER"], TAG_INDEX["O"],
        TAG_INDEX["O"], TAG_INDEX["S-LOC"], TAG_INDEX["O"],
    ])
    return train_ner.Featurized(features, gold, numpy.ones(len(gold), dtype=bool),
                                numpy.array([0, 4]), lengths)


def perceptron(train_ner, rule):
    model = train_ner.AveragedPerceptron(BITS, WordTags.empty(), Gazetteer({}), rule=rule, cost=0.0)
    model.weights = numpy.zeros(((1 << BITS) + 1, model.weights.shape[1]), dtype=numpy.float32)
    model.weighted_updates = numpy.zeros_like(model.weights)
    return model


@pytest.mark.parametrize("rule", ["perceptron", "pa"])
def test_rule_learns_the_tiny_corpus(train_ner, rule, monkeypatch):
    monkeypatch.setattr(train_ner, "FEATURE_COUNT", 6)
    data = tiny_data(train_ner)
    model = perceptron(train_ner, rule)
    batch = numpy.array([0, 1])
    for _ in range(10):
        model.update(data, batch)
    predicted, index, valid, _, _ = model.predict_batch(data, batch)
    assert (predicted[valid] == data.gold[index][valid]).all()


@pytest.mark.parametrize("cost", [0.0, 1.0])
def test_pa_step_makes_gold_win_by_the_margin(train_ner, monkeypatch, cost):
    """One passive-aggressive step: gold now beats the (cost-augmented) prediction by cost
    per wrong tag; with cost 0 it just catches up."""
    monkeypatch.setattr(train_ner, "FEATURE_COUNT", 6)
    data = tiny_data(train_ner)
    model = perceptron(train_ner, "pa")
    model.cost = cost
    model.aggressiveness = 1e9
    model.transition[:] = numpy.random.default_rng(1).normal(size=model.transition.shape)
    batch = numpy.array([0])
    before, index, valid, _, _ = model.predict_batch(data, batch)
    gold = data.gold[index]
    wrong = int((before[valid] != gold[valid]).sum())
    assert wrong
    model.update(data, batch)
    _, _, _, _, scores = model.predict_batch(data, batch)

    def path_score(tags):
        emission = numpy.take_along_axis(scores, tags[..., None], 2)[..., 0][valid].sum()
        return emission + model.transition[tags[:, :-1], tags[:, 1:]].sum()

    assert path_score(gold) - path_score(before) >= cost * wrong - 1e-4


def test_length_batches_cover_every_sentence_once(train_ner):
    lengths = numpy.array([5, 1, 9, 3, 3, 7, 2])
    batches = train_ner.length_batches(lengths, 3, random.Random(0))
    assert sorted(numpy.concatenate(batches).tolist()) == list(range(len(lengths)))
