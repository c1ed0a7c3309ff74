"""The documents' own texts of a synthetic catalog: lengths, sentences and paragraphs."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from desktop_app.services.synthetic.draws import Weighted

#: Words of a text: log-normal, a median of about 400 (e^6) and a long tail, as a series of
#: telegrams, memoranda and reports has; a few long reports of up to 12,000.
MEDIAN_LOG_WORDS = 6.0
SPREAD_LOG_WORDS = 0.8
FEWEST_WORDS, MOST_WORDS = 40, 12_000
#: How often a word ends a sentence, and a sentence's end a paragraph.
SENTENCE_END_SHARE = 1 / 18
PARAGRAPH_END_SHARE = 1 / 5


class TextMaker:
    """Makes a chunk's texts from the catalog's vocabulary, its words drawn as often as a
    Zipf law has them (so a rare word is rare in the texts too)."""

    def __init__(self, vocabulary: npt.NDArray[np.object_], use: Weighted) -> None:
        self._use = use
        self._words = vocabulary
        self._sentence_ends = np.array([f"{word}." for word in vocabulary], dtype=object)
        self._paragraph_ends = np.array([f"{word}.\n\n" for word in vocabulary], dtype=object)

    def texts(self, rng: np.random.Generator, count: int) -> list[str]:
        lengths = np.clip(
            rng.lognormal(MEDIAN_LOG_WORDS, SPREAD_LOG_WORDS, count), FEWEST_WORDS, MOST_WORDS
        ).astype(np.int64)
        drawn = self._use.draw(rng, int(lengths.sum()))
        words = self._words[drawn]
        ends = rng.random(len(drawn)) < SENTENCE_END_SHARE
        paragraphs = ends & (rng.random(len(drawn)) < PARAGRAPH_END_SHARE)
        words[ends] = self._sentence_ends[drawn[ends]]
        words[paragraphs] = self._paragraph_ends[drawn[paragraphs]]
        bounds = np.concatenate(([0], np.cumsum(lengths))).tolist()
        listed = words.tolist()
        return [
            " ".join(listed[start:end]).replace("\n\n ", "\n\n").capitalize().rstrip() + "."
            for start, end in itertools.pairwise(bounds)
        ]
