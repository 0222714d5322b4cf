"""Embedded llama.cpp provider: loads a GGUF once, uses its own chat template, streams, cancels."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kikultur.i18n import _
from kikultur.llm.base import ContextTooLarge, GenerationOptions, ProviderConfigError
from kikultur.llm.messages import ChatMessage, DataClass

log = logging.getLogger(__name__)

METADATA_TEMPLATE_KEY = "tokenizer.chat_template"
# Name under which llama-cpp-python registers the template it read from the GGUF metadata.
METADATA_CHAT_FORMAT = "chat_template.default"


@dataclass
class _Loaded:
    llama: Any  # llama_cpp.Llama (kept Any so the module imports without the native library)
    lock: threading.Lock
    formatter: Any | None  # llama_cpp.llama_chat_format.Jinja2ChatFormatter


_models: dict[tuple[str, int, int], _Loaded] = {}
_models_lock = threading.Lock()


def _load(path: Path, n_ctx: int, n_threads: int) -> _Loaded:
    """Loads a GGUF file once per (file, context, threads) and reuses it in every provider."""
    key = (str(path.resolve()), n_ctx, n_threads)
    with _models_lock:
        loaded = _models.get(key)
        if loaded is not None:
            return loaded
        if not path.is_file():
            raise ProviderConfigError(
                _("Die Modelldatei {path} wurde nicht gefunden.").format(path=path)
            )
        import llama_cpp
        from llama_cpp import llama_chat_format

        try:
            llama = llama_cpp.Llama(
                model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False
            )
        except (ValueError, RuntimeError) as exc:
            raise ProviderConfigError(
                _(
                    "Die Modelldatei {path} konnte nicht geladen werden (keine gültige "
                    "GGUF-Datei oder zu wenig Arbeitsspeicher)."
                ).format(path=path)
            ) from exc
        formatter = None
        template = llama.metadata.get(METADATA_TEMPLATE_KEY)
        if template:
            # Always the file's own template, even when llama-cpp-python would guess a built-in
            # format that merely looks alike.
            llama.chat_format = METADATA_CHAT_FORMAT
            formatter = llama_chat_format.Jinja2ChatFormatter(
                template=template,
                eos_token=_token_text(llama, llama.token_eos()),
                bos_token=_token_text(llama, llama.token_bos()),
            )
        else:
            log.warning("%s enthält keine Chat-Vorlage; llama.cpp nutzt seine Vorgabe.", path)
        loaded = _Loaded(llama=llama, lock=threading.Lock(), formatter=formatter)
        _models[key] = loaded
        return loaded


def unload_models() -> None:
    """Frees every loaded model (after the admin switched models; tests)."""
    with _models_lock:
        for loaded in _models.values():
            with loaded.lock:
                loaded.llama.close()
        _models.clear()


def _token_text(llama: Any, token: int) -> str:
    if token < 0:
        return ""
    text: bytes = llama.detokenize([token], special=True)
    return text.decode("utf-8", errors="replace")


class LlamaTokenCounter:
    """Exact token counts with the model's own tokenizer and chat template."""

    exact = True

    def __init__(self, loaded: _Loaded) -> None:
        self._loaded = loaded

    def count_text(self, text: str) -> int:
        tokens = self._loaded.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        return len(tokens)

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        formatter = self._loaded.formatter
        if formatter is None:
            return sum(self.count_text(m.content) + 6 for m in messages) + 3
        prompt = formatter(messages=[{"role": m.role, "content": m.content} for m in messages])
        return self.count_text(prompt.prompt)


class LlamaProvider:
    """A GGUF model run in this process by llama.cpp; data never leaves the machine."""

    data_class = DataClass.local

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        n_threads: int = 2,
        name: str = "lokal",
        model: str | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.name = name
        self.model = model or self.model_path.stem

    @property
    def context_window(self) -> int:
        return self.n_ctx

    def loaded(self) -> _Loaded:
        return _load(self.model_path, self.n_ctx, self.n_threads)

    @property
    def llama(self) -> Any:
        """The loaded `llama_cpp.Llama` (shared; take `loaded().lock` before using it)."""
        return self.loaded().llama

    def token_counter(self) -> LlamaTokenCounter:
        return LlamaTokenCounter(self.loaded())

    def stream(self, messages: Sequence[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        loaded = self.loaded()
        payload = [{"role": m.role, "content": m.content} for m in messages]
        # One generation at a time per model: llama.cpp's context is not thread-safe. The lock
        # is released when the generator finishes, is closed (cancel) or is garbage-collected.
        # While waiting for it (another user is generating), a cancel still ends the call.
        while not loaded.lock.acquire(timeout=0.1):
            if options.cancelled():
                return
        try:
            try:
                chunks = loaded.llama.create_chat_completion(
                    messages=payload,
                    stream=True,
                    max_tokens=options.max_tokens,
                    temperature=options.temperature,
                    stop=list(options.stop) or None,
                    seed=options.seed,
                )
            except ValueError as exc:
                raise self._context_error(exc) from exc
            try:
                for chunk in chunks:
                    if options.cancelled():
                        break
                    finish = chunk["choices"][0].get("finish_reason")
                    if finish:
                        options.usage.finish_reason = str(finish)
                    content = chunk["choices"][0]["delta"].get("content")
                    if content:
                        yield content
            except ValueError as exc:
                # llama-cpp-python checks the context size lazily, on the first iteration.
                raise self._context_error(exc) from exc
            finally:
                close = getattr(chunks, "close", None)
                if callable(close):
                    close()
        finally:
            loaded.lock.release()

    def _context_error(self, exc: ValueError) -> Exception:
        if "exceed context window" not in str(exc):
            return exc
        return ContextTooLarge(
            _(
                "Der Text ist zu lang für das lokale Modell ({model}): es fasst {window} Tokens. "
                "Bitte kürzen Sie die Eingabe oder erhöhen Sie die Kontextgröße (KIKULTUR_LLM_"
                "CONTEXT)."
            ).format(model=self.model, window=self.n_ctx)
        )
