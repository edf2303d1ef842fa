"""Full-text search for the embedded store: BM25 (bm25s) over the schema's full-text indexes.

The embedded engine's own FTS extension downloads at run time (fails offline), so each schema
full-text index (``knowledge_text``: KnowledgeArticle title, faqAnswer, summary; ``product_text``:
Product name, description) becomes a bm25s index built at load time and saved beside the database.
Tokenising mirrors Neo4j's standard analyzer closely enough: lower case, word characters, no stemming.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import FulltextIndex, GraphSchema

TOKEN_PATTERN = r"(?u)\b\w+\b"


def _texts(table: pa.Table, index: FulltextIndex) -> list[str]:
    cols = [table.column(p).to_pylist() for p in index.properties]
    return [" ".join(v for v in values if v) for values in zip(*cols)]


def _tokenize(texts: list[str], return_ids: bool = True):
    import bm25s

    return bm25s.tokenize(texts, lower=True, token_pattern=TOKEN_PATTERN, stopwords="english",
                          show_progress=False, return_ids=return_ids)


def build(schema: GraphSchema, tables: dict[str, pa.Table], dest: Path) -> None:
    """Write one bm25s index per full-text index of the schema under ``dest/<index name>``."""
    import bm25s

    for index in schema.fulltext_indexes:
        table = tables[index.label]
        out = dest / index.name
        out.mkdir(parents=True, exist_ok=True)
        ids = table.column("id").to_pylist()
        texts = _texts(table, index)
        (out / "ids.json").write_text(json.dumps({"label": index.label, "ids": ids}))
        if not ids:
            continue
        retriever = bm25s.BM25()
        retriever.index(_tokenize(texts), show_progress=False)
        retriever.save(str(out), show_progress=False)


class Bm25Indexes:
    """The saved indexes of one embedded database, loaded on first use."""

    def __init__(self, root: Path):
        self.root = root
        self._loaded: dict[str, tuple] = {}

    def _get(self, name: str):
        if name not in self._loaded:
            import bm25s

            d = self.root / name
            if not (d / "ids.json").is_file():
                known = sorted(p.name for p in self.root.iterdir()) if self.root.is_dir() else []
                raise CrmarenaError(f"no full-text index {name!r} (known: {', '.join(known) or 'none'}; "
                                    "re-load the org to build them)")
            meta = json.loads((d / "ids.json").read_text())
            retriever = bm25s.BM25.load(str(d), show_progress=False) if meta["ids"] else None
            self._loaded[name] = (meta["label"], meta["ids"], retriever)
        return self._loaded[name]

    def label(self, name: str) -> str:
        return self._get(name)[0]

    def query(self, name: str, text: str, limit: int) -> list[tuple[str, float]]:
        """(id, score) pairs, best first, ties by id; only documents that match a query word."""
        _, ids, retriever = self._get(name)
        if retriever is None or limit <= 0:
            return []
        # words the corpus never uses match nothing (and bm25s refuses them)
        words = [w for w in _tokenize([text], return_ids=False)[0] if w in retriever.vocab_dict]
        if not words:
            return []
        k = min(len(ids), max(limit, 1))
        docs, scores = retriever.retrieve([words], k=k, show_progress=False, n_threads=1)
        hits = [(ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits[:limit]
