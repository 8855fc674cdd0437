"""What chapter 9's networks are trained and evaluated on: one place for the scripts.

Each model names its corpus (a function of mdm_lib), its sequence length, its shape, the
documents held out for its curve and losses ("validation") and for the judges of its
samples ("judge"), and its training settings; it is trained on every other document.
The number of steps is fixed, chosen so that training takes at most 5 minutes on one
CPU thread of the machines this book is built on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mdm_lib as mdm

FOLDER = Path(__file__).resolve().parent

MODELS: dict[str, dict[str, Any]] = {
    "shakespeare": {
        "corpus": mdm.shakespeare_corpus,
        "length": 32,
        "shape": {},  # the defaults of mdm.TransformerConfig
        # one play per genre for the curve and losses, another for the judges
        "validation": [
            "comedies/twelfth-night",
            "histories/henry-v",
            "romances/the-tempest",
            "tragedies/hamlet",
        ],
        "judge": [
            "comedies/as-you-like-it",
            "histories/richard-ii",
            "roman/julius-caesar",
            "tragedies/macbeth",
        ],
        "ngram_order": 5,
        "kmer": 3,
        "steps": 3000,
        "seed": 1,
    },
    "chromosome": {
        "corpus": mdm.chromosome_corpus,
        "length": 32,
        "shape": {},
        # the chromosome in 10 contiguous parts: 8 train, the 9th and 10th are held out
        "validation": ["part 9"],
        "judge": ["part 10"],
        "ngram_order": 6,
        "kmer": 4,
        "steps": 3000,
        "seed": 2,
    },
    # A network small enough for exact enumeration: windows of 6 bases, whose law (the
    # 4^6-entry table of the training parts' 6-mers) chapter 9 writes down in full.
    "chromosome_6mers": {
        "corpus": mdm.chromosome_corpus,
        "length": 6,
        "shape": {"width": 32, "layers": 2, "heads": 2, "hidden": 64},
        "validation": ["part 9"],
        "judge": ["part 10"],
        "steps": 1500,
        "seed": 3,
    },
}

#: The models that trained/evaluate.py evaluates (the 6-mer model is checked exactly in
#: the chapter instead).
EVALUATED = ("shakespeare", "chromosome")


def training_documents(name: str) -> list[str]:
    """The documents a model is trained on: every document it does not hold out."""
    spec = MODELS[name]
    held_out = set(spec["validation"]) | set(spec["judge"])
    return [doc for doc in spec["corpus"]().documents if doc not in held_out]


def weights_path(name: str) -> Path:
    """Where the trained weights of a model are committed."""
    return FOLDER / f"{name}.pt"
