"""Hybrid retrieval: dense (Chroma, cosine) and lexical (BM25) candidates fused by rank.

Dense search finds paraphrases; BM25 finds the rare exact names (a deposit, a company, an
announcement number) that a small encoder blurs. The BM25 index is a cache derived from
Chroma and rebuilt whenever the store's corpus version changes, so processes that share one
Chroma server agree on what they search."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import bm25s
import numpy as np

from assistant.domain import domain
from assistant.embeddings import Embedder
from assistant.ingest import vector_tag
from assistant.models import RetrievedChunk
from assistant.store import ChromaStore
from assistant.text import fold
from assistant.text.tokens import common_words, content_words, stemmer


def tokenize(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(
        [fold(t) for t in texts],
        stopwords="en",
        stemmer=stemmer(),
        return_ids=False,
        show_progress=False,
    )


@dataclass(frozen=True)
class SearchFilter:
    """Restrict retrieval by document date (ISO, inclusive), any of ``tags``, or documents."""

    date_from: str | None = None
    date_to: str | None = None
    tags: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.date_from or self.date_to or self.tags or self.doc_ids)

    def to_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.date_from:
            clauses.append({"date_int": {"$gte": _as_int(self.date_from)}})
        if self.date_to:
            clauses.append({"date_int": {"$lte": _as_int(self.date_to)}})
        if self.tags:
            tag_clauses = [{"tags": {"$contains": t}} for t in self.tags]
            clauses.append(tag_clauses[0] if len(tag_clauses) == 1 else {"$or": tag_clauses})
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _as_int(iso_date: str) -> int:
    return int(iso_date.replace("-", "")[:8].ljust(8, "0"))


def _subject_names(metadatas: list[dict]) -> set[str]:
    """Lower-cased words naming what the corpus is about: its companies, countries and the
    capitalised words of its titles (projects such as Yelbin or Lake Qorvath)."""
    names: set[str] = set()
    for meta in metadatas:
        for name in (meta.get("companies") or []) + (meta.get("countries") or []):
            name = fold(name)
            names.add(name.lower())
            names.update(w.lower() for w in name.split())
        title = fold(meta.get("title", ""))
        names.update(w.lower() for w in re.findall(r"\b[A-Z][\w'-]+", title))
        # and their runs, so "project vault" typed in lower case names the project; a
        # possessive ends a run ("Quorra Metals' Velden Ridge mill" names Velden Ridge too)
        for run in re.findall(r"\b[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+", title):
            for part in re.split(r"(?<=['’]s)\s+|(?<=['’])\s+", run):
                if " " in part:
                    names.add(re.sub(r"['’]s?$", "", part).lower())
    return names


def _listed_companies(metadatas: list[dict], names: frozenset[str]) -> dict[str, str]:
    """Listing symbol -> the company it lists, from the articles' ``tickers`` ("ASX:LYC"
    lists the article's first company). A symbol that is already a name the corpus uses
    ("KM" for KM Metals) is left out: spelling it out would double the name."""
    listed: dict[str, str] = {}
    for meta in metadatas:
        companies = meta.get("companies") or []
        for ticker in meta.get("tickers") or []:
            symbol = ticker.split(":")[-1].strip().upper()
            if companies and symbol and symbol.lower() not in names:
                listed[symbol] = companies[0]
    return listed


def _aliases(metadatas: list[dict]) -> dict[str, str]:
    """Alias -> the name it stands for, from the articles' ``aliases`` front matter
    ("NT=Northern Territory"), so a question using a subject's other name finds the name
    the articles write. An alias two articles give for different names stands for none."""
    found: dict[str, set[str]] = {}
    for meta in metadatas:
        for pair in meta.get("aliases") or []:
            alias, _, name = pair.partition("=")
            if alias.strip() and name.strip():
                found.setdefault(alias.strip(), set()).add(name.strip())
    # "Corvane Materials" and "Corvane Materials Inc." are one name: the shortest written
    # in the articles' case (not a release's capitals) stands for it
    return {
        alias: min(names, key=lambda n: (n.isupper(), len(n)))
        for alias, names in found.items()
        if len({_bare_name(n) for n in names}) == 1
    }


def _bare_name(name: str) -> str:
    """A company's name without its company words and case ("TALLOW RIDGE RESOURCES LTD"
    and "Tallow Ridge Resources" are both "tallow ridge")."""
    company = set(domain().subject_words.organisation)
    words = re.findall(r"[\w&'-]+", fold(name).lower())
    return " ".join(w for w in words if w not in company)


def _initialisms(metadatas: list[dict], vocabulary: frozenset[str]) -> dict[str, str]:
    """Initials -> the name of three or more words they stand for ("ORM" -> Ostrova Rare
    Metals), from the articles' companies and the capitalised runs of their titles, so a
    question using initials the articles never write finds the name they do. Initials that
    are a word ("PRE", as in "PRE-FID"), or stand for two names, are left out."""
    known = vocabulary | common_words()
    spelled: dict[str, set[str]] = {}
    articles = {meta.get("doc_id"): meta for meta in metadatas}  # every passage repeats them
    for meta in articles.values():
        title_runs = re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){2,}", fold(meta.get("title", "")))
        for name in [fold(c) for c in meta.get("companies") or []] + title_runs:
            words = name.split()
            if len(words) >= 3 and all(w.isalpha() for w in words):
                initials = "".join(w[0] for w in words).upper()
                spelled.setdefault(initials, set()).add(name)
    return {
        initials: next(iter(names))
        for initials, names in spelled.items()
        if len(names) == 1 and initials.lower() not in known
    }


@dataclass
class _LexicalIndex:
    version: str
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict] = field(default_factory=list)
    bm25: bm25s.BM25 | None = None
    vocabulary: frozenset[str] = frozenset()  # lower-cased words of every chunk and title
    long_words: list[str] = field(default_factory=list)  # its words a typo can be told from
    names: frozenset[str] = frozenset()  # companies, countries, title names
    countries: frozenset[str] = frozenset()  # the countries the articles list, lower-cased
    tickers: dict[str, str] = field(default_factory=dict)  # listing symbol -> company
    initialisms: dict[str, str] = field(default_factory=dict)  # initials -> a long name
    aliases: dict[str, str] = field(default_factory=dict)  # front matter: alias -> name
    # per-row columns, so a filter is a few vector operations rather than a loop over rows
    doc_ids: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    date_ints: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    rows_of_doc: dict[str, list[int]] = field(default_factory=dict)  # in reading order
    articles_with_word: Counter[str] = field(default_factory=Counter)  # lower-cased words
    articles_with_stem: Counter[str] = field(default_factory=Counter)  # content-word stems

    def filter_mask(self, search_filter: SearchFilter) -> np.ndarray:
        mask = np.ones(len(self.ids), dtype=bool)
        if search_filter.doc_ids:
            mask &= np.isin(self.doc_ids, list(search_filter.doc_ids))
        if search_filter.date_from:
            mask &= self.date_ints >= _as_int(search_filter.date_from)
        if search_filter.date_to:
            mask &= self.date_ints <= _as_int(search_filter.date_to)
        if search_filter.tags:
            wanted = set(search_filter.tags)
            mask &= np.fromiter(
                (bool(wanted & set(m.get("tags") or [])) for m in self.metadatas),
                dtype=bool,
                count=len(self.ids),
            )
        return mask.astype(np.float32)

    def name_weight(self, name: str) -> float:
        """How telling a name is, as its inverse document frequency over the articles: a
        question about "Brennholt" in the "US" is answered by sentences naming Brennholt, since
        most articles name the US. A name no article holds as a word counts by the words it
        starts ("Qorv" by "Qorvath"), as names are matched when answering; a name of several
        words by its rarest."""
        naming = min((self._articles_naming(part) for part in name.lower().split()), default=0)
        return self._inverse_frequency(naming)

    def word_weight(self, stem: str) -> float:
        """How telling a content word is (a stem, as ``content_words`` gives it): its inverse
        document frequency over the articles, so "10x" or "phase" counts for more than
        "rare" or "supply", which nearly every article uses."""
        return self._inverse_frequency(self.articles_with_stem.get(stem, 0))

    def _inverse_frequency(self, articles_with: int) -> float:
        """log((articles + 1) / (articles_with + 1)): 0 for what every article has."""
        return math.log((len(self.rows_of_doc) + 1) / (articles_with + 1))

    def _articles_naming(self, word: str) -> int:
        if word in self.articles_with_word or len(word) <= 3:
            return self.articles_with_word.get(word, 0)
        starting = (n for w, n in self.articles_with_word.items() if w.startswith(word))
        return max(starting, default=0)

    def mentions(self, phrase: str) -> bool:
        """Whether a passage or title holds ``phrase`` (case, spacing and punctuation
        aside). Only the passages ranking best for its words are read, so this stays cheap
        on a large corpus."""
        if self.bm25 is None or not self.ids:
            return False
        rows, _ = self.bm25.retrieve(
            tokenize([phrase]), k=min(20, len(self.ids)), show_progress=False, n_threads=1
        )
        wanted = f" {_plain(phrase)} "
        return any(
            wanted in f" {_plain(self.metadatas[r].get('title', '') + ' ' + self.texts[r])} "
            for r in rows[0]
        )


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


class HybridRetriever:
    def __init__(
        self,
        store: ChromaStore,
        embedder: Embedder,
        candidate_k: int = 40,
        fusion: str = "rrf",
        rrf_k: int = 60,
        dense_weight: float = 0.5,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.candidate_k = candidate_k
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self._index: _LexicalIndex | None = None
        self._lock = threading.Lock()

    # ---- what is derived from the store ------------------------------------------------------
    def lexical_index(self) -> _LexicalIndex:
        """The BM25 index and the corpus's names, as of the last ``refresh``."""
        index = self._index
        return index if index is not None else self.refresh()[0]

    def refresh(self) -> tuple[_LexicalIndex, bool]:
        """See the corpus as it is now: when any process (this one, the CLI, another app
        replica) has changed it since, reopen the store if another process wrote, and
        rebuild the lexical index, names and aliases from one consistent read. Returns the
        index and whether it was rebuilt. One version read when nothing changed."""
        version = self.store.corpus_version()
        index = self._index
        if index is not None and index.version == version:
            return index, False
        with self._lock:
            if self._index is not None and self._index.version == version:
                return self._index, False
            fresh = self._consistent_index(version)
            self._index = fresh  # names and passages change together, in one swap
            return fresh, True

    def _consistent_index(self, version: str, attempts: int = 3) -> _LexicalIndex:
        """An index of one version of the corpus: the store reopened first when another
        process wrote that version, and the passages read again if a writer changed the
        corpus while they were being read."""
        for _ in range(attempts):
            if not self.store.has_seen(version):
                self.store.reopen()  # an embedded client never sees another's vectors
            index = self._build_index(version)
            now = self.store.corpus_version()
            if now == version:
                return index
            version = now
        return index

    def _build_index(self, version: str) -> _LexicalIndex:
        index = _LexicalIndex(version=version)
        for chunk_id, text, meta in self.store.iter_all_chunks():
            index.ids.append(chunk_id)
            index.texts.append(text)
            index.metadatas.append(meta)
        if index.ids:
            searchable = [
                f"{m.get('title', '')}. {m.get('heading', '')}. {t}"
                for t, m in zip(index.texts, index.metadatas)
            ]
            index.bm25 = bm25s.BM25()
            index.bm25.index(tokenize(searchable), show_progress=False)
            words_of: dict[str, set[str]] = {}
            stems_of: dict[str, set[str]] = {}
            for text, meta in zip(searchable, index.metadatas):
                words = _WORD.findall(fold(text).lower())
                words_of.setdefault(meta["doc_id"], set()).update(words)
                stems_of.setdefault(meta["doc_id"], set()).update(content_words(text))
            index.articles_with_word = Counter(w for words in words_of.values() for w in words)
            index.articles_with_stem = Counter(s for stems in stems_of.values() for s in stems)
            index.vocabulary = frozenset(index.articles_with_word)
            index.long_words = sorted(w for w in index.vocabulary if len(w) >= 4 and w.isalpha())
            index.names = frozenset(_subject_names(index.metadatas))
            index.countries = frozenset(
                fold(c).lower() for m in index.metadatas for c in (m.get("countries") or [])
            )
            index.tickers = _listed_companies(index.metadatas, index.names)
            index.initialisms = _initialisms(index.metadatas, index.vocabulary)
            index.aliases = _aliases(index.metadatas)
            index.doc_ids = np.array([m["doc_id"] for m in index.metadatas], dtype=object)
            positions = [m.get("position", 0) for m in index.metadatas]
            for row in sorted(range(len(index.ids)), key=positions.__getitem__):
                index.rows_of_doc.setdefault(index.doc_ids[row], []).append(row)
            index.date_ints = np.array(
                [int(m.get("date_int", 0)) for m in index.metadatas], dtype=np.int64
            )
        return index

    def article_chunks(self, doc_id: str, query: str, limit: int) -> list[RetrievedChunk]:
        """All passages of one article in reading order, from the in-memory index, when it
        has at most ``limit``; of a longer one (a report of hundreds of pages), the
        ``limit`` that best match ``query``. A passage found this way has no search score."""
        index = self.lexical_index()
        rows = index.rows_of_doc.get(doc_id, [])
        if len(rows) > limit:
            return self.search(query, limit, SearchFilter(doc_ids=(doc_id,)))
        return [
            RetrievedChunk(index.ids[r], doc_id, index.texts[r], index.metadatas[r], 0.0)
            for r in rows
        ]

    def stored_sentence_vectors(self, sentences: list[tuple[str, str]]) -> dict[str, np.ndarray]:
        """The vectors ingest made for these (doc_id, text) passage sentences, by text."""
        return self.store.sentence_vectors(sentences, vector_tag(self.embedder.backend))

    # ---- search ---------------------------------------------------------------------------
    def bm25_search(
        self, query: str, k: int, search_filter: SearchFilter | None = None
    ) -> list[tuple[int, float]]:
        """(row in the lexical index, score) for documents sharing at least one term."""
        index = self.lexical_index()
        if index.bm25 is None:
            return []
        mask = None
        if search_filter and not search_filter.is_empty():
            mask = index.filter_mask(search_filter)
        k = min(k, len(index.ids))
        rows, scores = index.bm25.retrieve(
            tokenize([query]), k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]

    def dense_search(
        self, query: str, k: int, search_filter: SearchFilter | None = None
    ) -> list[tuple[str, str, dict, float]]:
        where = search_filter.to_where() if search_filter else None
        return self.store.dense_query(self.embedder.embed_query(query), k, where)

    def search(
        self,
        query: str,
        top_k: int = 6,
        search_filter: SearchFilter | None = None,
        mode: str = "hybrid",
    ) -> list[RetrievedChunk]:
        """``mode`` is ``hybrid`` (default), ``dense`` or ``bm25``; the last two exist so the
        evaluation suite can measure what fusion buys."""
        return self._search_once(query, search_filter, mode)[:top_k]

    def _search_once(
        self, query: str, search_filter: SearchFilter | None, mode: str
    ) -> list[RetrievedChunk]:
        candidates: dict[str, RetrievedChunk] = {}
        if mode in ("hybrid", "dense"):
            for rank, (cid, text, meta, sim) in enumerate(
                self.dense_search(query, self.candidate_k, search_filter), start=1
            ):
                candidates[cid] = RetrievedChunk(
                    cid, meta["doc_id"], text, meta, 0.0, dense_rank=rank, dense_similarity=sim
                )
        if mode in ("hybrid", "bm25"):
            index = self.lexical_index()
            bm25_hits = self.bm25_search(query, self.candidate_k, search_filter)
            top_bm25 = bm25_hits[0][1] if bm25_hits else 1.0
            for rank, (row, score) in enumerate(bm25_hits, start=1):
                cid = index.ids[row]
                hit = candidates.get(cid) or RetrievedChunk(
                    cid, index.metadatas[row]["doc_id"], index.texts[row], index.metadatas[row], 0.0
                )
                hit.bm25_rank = rank
                hit.bm25_norm = score / top_bm25
                candidates[cid] = hit
        for hit in candidates.values():
            hit.score = self._fused_score(hit)
        return sorted(candidates.values(), key=lambda h: h.score, reverse=True)

    def _fused_score(self, hit: RetrievedChunk) -> float:
        if self.fusion == "weighted":
            dense = hit.dense_similarity or 0.0
            lexical = hit.bm25_norm or 0.0
            return self.dense_weight * dense + (1 - self.dense_weight) * lexical
        score = 0.0
        for rank in (hit.dense_rank, hit.bm25_rank):
            if rank is not None:
                score += 1.0 / (self.rrf_k + rank)
        return score
