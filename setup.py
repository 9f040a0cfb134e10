"""Build hook for the optional C kernels of the NER model (extract/ner/_kernels.c).

Everything else about the package is in pyproject.toml. The extension is optional: where no
C compiler is at hand the install still succeeds and extract/ner/kernels.py runs the same
computation in numpy (slower, same results).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "extract.ner._kernels",
            sources=["extract/ner/_kernels.c"],
            optional=True,
        )
    ]
)
