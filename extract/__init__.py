"""Chinese news information extraction: `from extract import Pipeline`."""

__version__ = "0.1.0"

__all__ = ["Pipeline", "__version__"]


def __getattr__(name):
    # Lazy: importing the package (e.g. for the CLI's --help) must not load spaCy and jieba.
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
