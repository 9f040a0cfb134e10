"""Statistical NER as the `ner_model` component: the project's own linear-chain model.

The model (`extract/ner/`, weights in `extract/models/ner/model.npz`, trained by
`scripts/train_ner.py`) tags characters, using the jieba words of the main pipeline's Doc as
features, so it runs on the Doc it is given with no second tokenization. Its spans are
character offsets into `doc.text`, stored as `doc._.ner_entities` for the entities component.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..ner.features import doc_words
from ..ner.model import MODEL_DIR, load_model
from ..ner.tags import LABELS
from ..nlp import doc_text

__all__ = ["LABELS", "MODEL_DIR", "NerModel", "create_ner_model", "predict_doc"]


def predict_doc(model, doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, label) char spans of `doc.text` found by `model`."""
    starts, hashes = doc_words(doc)
    return model.predict(doc_text(doc), starts, hashes)


class NerModel:
    def __init__(self, model_dir: str):
        self.model_dir = model_dir

    def __call__(self, doc: Doc) -> Doc:
        model = load_model(self.model_dir)  # once per process (cached); None if missing
        doc._.ner_entities = predict_doc(model, doc) if model else []
        return doc


@Language.factory("ner_model", default_config={"model_dir": None})
def create_ner_model(nlp: Language, name: str, model_dir: str | None) -> NerModel:
    return NerModel(str(model_dir or MODEL_DIR))
