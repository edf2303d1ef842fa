"""A local GGUF model through llama-cpp-python, as a LangChain chat model (``--model llamacpp:PATH.gguf``).

``LlamaCppChat`` renders the GGUF's own chat template (``chat_template.render``, tools included),
generates with llama.cpp, and reads the template's tool-call blocks into structured tool calls
(``tool_text.read_tool_calls``). One ``Llama`` per model file and process, shared by every copy of
the chat model: llama.cpp keeps the evaluated prompt's KV cache and re-evaluates only what differs
from the last prompt, so the turns of an episode (each a prefix of the next) cost only their new
tokens. Generation streams and stops early when the text turns into a degenerate repetition
(``turns.degenerate``). Each reply reports prompt/generated tokens, the reused (cached) prompt
tokens and prefill/generation seconds in ``response_metadata["timings"]``.

Needs the ``.[local]`` extra (llama-cpp-python, built from source: several minutes on 2 cores).
Nothing is downloaded: the model file must already be on disk.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field

from crmarena.agents.config import AgentSettings
from crmarena.errors import CrmarenaError

DEFAULT_MAX_TOKENS = 1024
_MODELS: dict[tuple[str, int], Any] = {}
_LOCK = threading.Lock()
_CHECK_EVERY = 16          # tokens between checks for a degenerate repetition
# End-of-turn markers of common chat formats: generation stops at the one its template uses (a model
# that only stops at EOS writes on into the next turn, e.g. Gemma after <end_of_turn>).
END_OF_TURN = ("<end_of_turn>", "<|im_end|>", "<|eot_id|>", "<|end|>", "</s>", "<|endoftext|>")


def _llama(path: str, n_ctx: int):
    """The process's ``Llama`` of a model file (loaded once)."""
    with _LOCK:
        key = (path, n_ctx)
        if key not in _MODELS:
            from llama_cpp import Llama

            _MODELS[key] = Llama(model_path=path, n_ctx=n_ctx, n_threads=os.cpu_count() or 1, seed=0,
                                 verbose=False)
        return _MODELS[key]


class LlamaCppChat(BaseChatModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    temperature: float = 0.0
    max_tokens: int = DEFAULT_MAX_TOKENS
    stop: list[str] | None = None
    n_ctx: int = 16384
    tools: list[dict[str, Any]] | None = Field(default=None)
    chat_template: str | None = None            # the GGUF's, or crmarena's fallback for its architecture
    chat_template_source: str = "gguf"          # gguf | fallback:<architecture>

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "temperature": self.temperature, "max_tokens": self.max_tokens}

    def bind_tools(self, tools, **kwargs):
        return self.model_copy(update={"tools": [convert_to_openai_tool(t) for t in tools]})

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        from crmarena.agents.chat_template import render

        template, bos, eos = self._template()
        prompt = render(template, messages, self.tools, bos_token=bos, eos_token=eos)
        ends = [m for m in END_OF_TURN if m in template]
        text, finish, timings = self._complete(prompt, list(stop or self.stop or []) + ends)
        return ChatResult(generations=[ChatGeneration(message=reply_message(text, finish, self.tools, timings,
                                                                            Path(self.model_path).name))])

    def _template(self) -> tuple[str, str, str]:
        """The GGUF's chat template and its BOS/EOS token texts."""
        llm = _llama(self.model_path, self.n_ctx)
        return (self.chat_template or llm.metadata.get("tokenizer.chat_template", ""),
                _token_text(llm, llm.token_bos()), _token_text(llm, llm.token_eos()))

    def _complete(self, prompt: str, stop: list[str]) -> tuple[str, str, dict[str, Any]]:
        """(text, finish reason, timings) of one completion; the KV cache keeps the common prefix."""
        from crmarena.agents.turns import degenerate

        llm = _llama(self.model_path, self.n_ctx)
        tokens = llm.tokenize(prompt.encode(), add_bos=False, special=True)
        cached = _common_prefix(list(getattr(llm, "_input_ids", [])[:getattr(llm, "n_tokens", 0)]), tokens)
        t0 = perf_counter()
        first, text, finish, n_out = None, "", "stop", 0
        for chunk in llm.create_completion(tokens, max_tokens=self.max_tokens, temperature=self.temperature,
                                           stop=stop, stream=True, seed=0):
            choice = chunk["choices"][0]
            piece = choice.get("text", "")
            if piece:                       # the last chunk carries only the finish reason
                first = first or perf_counter()
                text += piece
                n_out += 1
            finish = choice.get("finish_reason") or finish
            if n_out % _CHECK_EVERY == 0 and degenerate(text) is not None:
                text, finish = degenerate(text), "repetition"
                break
        t1 = perf_counter()
        return text, finish, {"prompt_tokens": len(tokens), "cached_tokens": cached, "generated_tokens": n_out,
                              "prefill_s": round((first or t1) - t0, 3), "generate_s": round(t1 - (first or t1), 3)}


def reply_message(text: str, finish: str, tools: list[dict[str, Any]] | None, timings: dict[str, Any],
                  model_name: str) -> AIMessage:
    """The AIMessage of a completion: the template's tool-call blocks as structured tool calls."""
    from crmarena.agents.tool_text import read_tool_calls

    known = {t["function"]["name"] for t in tools or []}
    read = read_tool_calls(text, known) if known else None
    content = _strip_tool_blocks(text) if read and read.calls else text.strip()
    n_in, n_out = int(timings.get("prompt_tokens") or 0), int(timings.get("generated_tokens") or 0)
    return AIMessage(content=content, tool_calls=read.calls if read else [],
                     usage_metadata={"input_tokens": n_in, "output_tokens": n_out, "total_tokens": n_in + n_out},
                     response_metadata={"finish_reason": finish, "model_name": model_name, "timings": timings,
                                        "raw_text": text})


def _token_text(llm, token: int) -> str:
    try:
        return llm.detokenize([token], special=True).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 — a model without that special token renders it as ""
        return ""


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _strip_tool_blocks(text: str) -> str:
    import re

    return re.sub(r"<tool_call>.*?(?:</tool_call>|$)", "", text, flags=re.DOTALL).strip()


def local_chat_model(path: str, settings: AgentSettings) -> LlamaCppChat:
    """The chat model of ``llamacpp:PATH``; a missing file or package is a one-line error (exit 2)."""
    file = Path(path).expanduser()
    if not path or not file.is_file():
        raise CrmarenaError(f"llamacpp: no GGUF model file at {path or '(empty path)'}; nothing is downloaded — "
                            "pass the path of a .gguf file on this machine")
    with open(file, "rb") as f:
        if f.read(4) != b"GGUF":
            raise CrmarenaError(f"llamacpp: {file} is not a GGUF file (its first bytes are not 'GGUF')")
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        raise CrmarenaError("llamacpp: llama-cpp-python is not installed: pip install -e '.[local]'") from None
    template, source = gguf_chat_template(str(file.resolve()))
    return LlamaCppChat(model_path=str(file.resolve()), temperature=settings.temperature,
                        max_tokens=settings.max_tokens or DEFAULT_MAX_TOKENS, stop=list(settings.stop) or None,
                        chat_template=template, chat_template_source=source)


def gguf_chat_template(path: str) -> tuple[str, str]:
    """(template, source) of a GGUF: its own ``tokenizer.chat_template``, else crmarena's turn format for
    its architecture (``crmarena/data/agents/chat_templates/ARCH.jinja``); neither is a one-line error."""
    from importlib import resources

    from llama_cpp import Llama

    meta = Llama(model_path=path, vocab_only=True, verbose=False).metadata
    own = meta.get("tokenizer.chat_template")
    if own:
        return own, "gguf"
    arch = meta.get("general.architecture", "")
    fallback = resources.files("crmarena").joinpath(f"data/agents/chat_templates/{arch}.jinja")
    if arch and fallback.is_file():
        return fallback.read_text(), f"fallback:{arch}"
    raise CrmarenaError(f"llamacpp: {path} has no chat template (tokenizer.chat_template) and crmarena has none "
                        f"for its architecture {arch or '(unknown)'}; use a GGUF of an instruction-tuned model")
