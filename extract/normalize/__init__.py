"""Normalization: article bytes → clean Simplified text, every change recorded and mapped.

    from extract.normalize import normalize_text, normalize_file, read_article, InputError

Modules: reading (encodings, InputError), mojibake (GBK misalignment repair), pinyin
(annotation removal), punctuation (ASCII → full-width), script (detection, OpenCC),
offsets (edits and the offset map), scoring and tables (data behind the decisions),
core (the order of the stages), result (NormalizedText).
"""

from .core import normalize_file, normalize_text, warm_up, warm_up
from .reading import InputError, decode_bytes, read_article
from .result import NormalizedText

__all__ = ["InputError", "NormalizedText", "decode_bytes", "normalize_file", "normalize_text", "read_article", "warm_up"]
