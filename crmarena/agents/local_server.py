"""Any OpenAI-compatible server (vLLM, llama.cpp's server, Ollama, LM Studio) as the chat model of a run.

``crmarena run --model openai:NAME --base-url http://127.0.0.1:8000/v1`` uses LangChain's maintained
OpenAI chat model (``langchain-openai``, the ``.[openai]`` extra) pointed at that server. Local
servers rarely check keys: ``OPENAI_API_KEY`` is used when set, else a placeholder. Servers that
return tool calls as text (llama.cpp's server without ``--jinja``) still work in fc/flex: the
harness reads tool calls written as text (``tool_text``). No cost is computed for such a run.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from langchain_core.language_models import BaseChatModel

from crmarena.errors import CrmarenaError


def server_chat_model(provider: str, name: str, base_url: str) -> BaseChatModel:
    """A ``ChatOpenAI`` talking to ``base_url``; a bad URL or missing package is a one-line error."""
    if provider != "openai":
        raise CrmarenaError(f"--base-url needs --model openai:NAME (an OpenAI-compatible server), not {provider}:")
    url = urlparse(base_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise CrmarenaError(f"--base-url must be an http(s) URL such as http://127.0.0.1:8000/v1, not {base_url!r}")
    if not name:
        raise CrmarenaError("--model openai:NAME needs the server's model name after 'openai:'")
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise CrmarenaError("--base-url needs langchain-openai: pip install -e '.[openai]'") from None
    return ChatOpenAI(model=name, base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY") or "not-needed",
                      max_retries=1)
