"""Extractor components. Importing this package registers every factory with spaCy."""

import importlib

_MODULES = ("ner_model", "dates", "figures", "entities", "policy")

for _name in _MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # a stage still being built
        if exc.name != f"{__name__}.{_name}":
            raise
