"""The project's statistical NER: a hashed-feature linear model over characters.

`features` turns a text (and its word segmentation) into hashed feature ids per character,
`tags` holds the BIOES tag set and span conversion, `viterbi` decodes many pieces at once,
and `model` ties them together for loading and prediction. Training lives in
`scripts/train_ner.py`, which uses the very same feature code.
"""

from .model import LinearNer, load_model

__all__ = ["LinearNer", "load_model"]
