"""All configuration in one typed place. Every field can be overridden from the environment
with the ``ASSISTANT_`` prefix (``ASSISTANT_TOP_K=8``); the Chroma server address also
answers to the conventional ``CHROMA_HOST`` / ``CHROMA_PORT``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

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
    embed_batch_size: int = Field(default=64, ge=1)
    # onnx-int8: ONNX Runtime on a graph exported from the packaged weights on first use
    # (cached under data_dir/encoders); torch: sentence-transformers, the reference
    encoder_backend: Literal["onnx-int8", "onnx", "torch"] = "onnx-int8"
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
