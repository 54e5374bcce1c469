"""All configuration in one typed place, tuned numbers included. Every field can be overridden
from the environment with the ``ASSISTANT_`` prefix (``ASSISTANT_TOP_K=8``); a nested group
with a double underscore (``ASSISTANT_SELECTION__MAX_SENTENCES=10``). The Chroma server
address also answers to the conventional ``CHROMA_HOST`` / ``CHROMA_PORT``.

The numbers in the nested groups were tuned on the dev splits of ``evals/``; each says what
it weighs. Change one and run ``python -m assistant eval --split dev`` to see what it buys."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class SelectionSettings(BaseModel):
    """Which sentences of the retrieved passages an answer quotes (``selection``)."""

    min_relevance: float = 0.30  # the least relevance a quoted sentence may have
    gate_margin: float = 0.25  # no sentence this far above min_relevance: nothing relevant
    max_sentences: int = 14  # for a question asking one thing
    # evidence shown by default, the rest one click away (evidence_more, `ask --all`); 0
    # shows all. Six cut dev key-fact coverage from 0.848 to 0.635 (README), so the focus
    # waits for a ranking that keeps the facts.
    shown_sentences: int = 0
    # a question about one company or project shows the sentences about it when at least
    # this many are; the others wait under "show all" (0: off). At 3 it cut dev key-fact
    # coverage from 0.848 to 0.832 (README), so it is off until it keeps the facts.
    focus_min: int = 0
    per_part: int = 1  # more sentences for each further thing a question asks ...
    max_parts: int = 5  # ... counting this many parts at most
    per_doc: int = 5  # sentences of one article before each further one costs ``crowding``
    crowding: float = 0.15
    top_articles: int = 2  # the best-matching articles read in full ...
    top_article_chunks: int = 8  # ... up to this many of their passages
    min_words: int = 5  # shorter sentences are headings or fragments, not evidence
    # relevance = similarity + overlap_weight * shared question words (by rarity)
    #           + name_weight * the question's names it carries + rank_weight * passage rank
    overlap_weight: float = 0.25
    name_weight: float = 0.2
    rank_weight: float = 0.1
    word_floor: float = 0.25  # what a question word every article uses still counts for
    amount_bonus: float = 0.1  # an amount asked, and the sentence states one
    year_bonus: float = 0.2  # the share of the question's years the sentence names
    aside_penalty: float = 0.2  # about a name the question sets aside ("outside China")
    floor_rank: int = 5  # the relevance floor hangs from this sentence's relevance ...
    floor_drop: float = 0.45  # ... less this much
    mmr_relevance: float = 0.75  # maximal marginal relevance: weight of relevance ...
    mmr_redundancy: float = 0.25  # ... against similarity to sentences already chosen


class RestatementSettings(BaseModel):
    """When a sentence adds nothing to one already shown (cosine similarities)."""

    near_duplicate: float = 0.92
    rewording: float = 0.8  # a close rewording with no date or figure of its own
    same_dates_and_figures: float = 0.75  # every date and figure already shown
    same_topic: float = 0.6  # every figure already shown, on the same topic
    shared_figures: float = 0.6  # share of figures in common that makes two one ...
    shared_figures_topic: float = 0.7  # ... when one figure is shared and this similar


class RetrievalSettings(BaseModel):
    extra_passages: int = 6  # passages beyond top_k that the extractive answer reads
    facet_articles: int = 3  # articles a missing facet is searched in ...
    facet_passages: int = 4  # ... this many passages of them ...
    facet_sentences: int = 2  # ... and this many of its sentences added at most


class PremiseSettings(BaseModel):
    passages: int = 8  # passages searched for what a question takes as given
    enough_to_judge: int = 3  # fewer sentences about the subject, and it is not judged


class GroundingSettings(BaseModel):
    min_coverage: float = 0.5  # share of a sentence's content words in its passage ...
    min_similarity: float = 0.6  # ... or, for a paraphrase, the cosine it must reach


class StageModelSettings(BaseModel):
    """The stage classifier: logistic regression over the sentence vector and the lexicon."""

    lexicon_weight: float = 0.6  # how much the signal phrases weigh against the vector
    modality_weight: float = 0.3  # and the modality cues (a denial, a plan, a condition ...)
    regularisation: float = 4.0  # scikit-learn's C: larger fits the labelled set closer


class ClaimsModelSettings(BaseModel):
    """The modality model: logistic regression over cue features and the sentence vector."""

    # scikit-learn's C (dev CV with the weights below: 1 -> 0.8426, 2 -> 0.8439, 4 -> 0.8464)
    regularisation: float = 4.0
    embedding_weight: float = 2.0  # how much the sentence's vector weighs against the cues
    # how much the words around the figure weigh (dev CV: 0 -> 0.824, 1 -> 0.829,
    # 2 -> 0.835, 4 -> 0.846, 8 -> 0.833 modality accuracy)
    near_weight: float = 4.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Field(default=REPO_ROOT / ".assistant-data")
    corpus_dir: Path = Field(default=REPO_ROOT / "corpus")

    # Chunking: MiniLM truncates at 256 word pieces, roughly 180 English words.
    chunk_max_words: int = Field(default=170, ge=40, le=400)
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=3)

    top_k: int = Field(default=6, ge=1, le=50)
    candidate_k: int = Field(default=40, ge=5, le=500)
    fusion: Literal["rrf", "weighted"] = "rrf"
    rrf_k: int = 60
    dense_weight: float = Field(default=0.5, ge=0.0, le=1.0)

    max_file_mb: float = Field(default=20.0, gt=0)
    # how long a writer queues behind another process's ingest or removal before it gives up
    write_lock_wait_s: float = Field(default=600.0, ge=0)
    embed_batch_size: int = Field(default=64, ge=1)
    # onnx: ONNX Runtime on a graph exported from the packaged weights on first use (cached
    # under data_dir/encoders), fp32, so every CPU gets the same vectors to rounding and the
    # stage classifier and checker decide alike everywhere; onnx-int8: the same graph with
    # int8 weights, faster only where the CPU has int8 dot products (VNNI) and numerically
    # different from one CPU to another; torch: sentence-transformers, the reference
    encoder_backend: Literal["onnx-int8", "onnx", "torch"] = "onnx"
    encoder_dir: Path | None = None  # where exported graphs are kept; data_dir/encoders

    chroma_host: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_CHROMA_HOST", "CHROMA_HOST")
    )
    chroma_port: int = Field(
        default=8000, validation_alias=AliasChoices("ASSISTANT_CHROMA_PORT", "CHROMA_PORT")
    )
    collection: str = "rare_earth_chunks"

    composer: Literal["extractive", "llm"] = "extractive"
    llm_provider: Literal["openai", "ollama", "anthropic", "local"] = "local"
    llm_model: str = ""
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_temperature: float = 0.0
    unsupported_policy: Literal["remove", "flag"] = "remove"

    editor_password: SecretStr | None = None

    selection: SelectionSettings = Field(default_factory=SelectionSettings)
    restatement: RestatementSettings = Field(default_factory=RestatementSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    premise: PremiseSettings = Field(default_factory=PremiseSettings)
    grounding: GroundingSettings = Field(default_factory=GroundingSettings)
    stage_model: StageModelSettings = Field(default_factory=StageModelSettings)
    claims_model: ClaimsModelSettings = Field(default_factory=ClaimsModelSettings)

    @property
    def chroma_mode(self) -> Literal["embedded", "server"]:
        return "server" if self.chroma_host else "embedded"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def encoder_cache_dir(self) -> Path:
        return self.encoder_dir or self.data_dir / "encoders"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)
