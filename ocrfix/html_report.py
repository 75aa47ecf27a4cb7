"""The HTML report of ``ocrfix score --html``: one self-contained page, documents worst first.

Each document gets a strip of its passages, each cell as wide as the passage's share of letters and coloured by its
score (green clean, amber noisy, red garbled, grey too short); a click shows the passage's text and reasons. No
external assets: styles and script are inline, the data is embedded as JSON.
"""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["render_html"]

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} .doc{margin:0 0 1.2em} .head{display:flex;gap:1em;align-items:baseline}
.path{font-weight:600;word-break:break-all} .meta{color:#555}
.strip{display:flex;height:22px;border:1px solid #999;margin:.3em 0;cursor:pointer}
.strip{overflow:hidden} .strip div{min-width:1px;border-right:1px solid #fff}
.strip div:hover{outline:2px solid #000}
.clean{background:#4caf50}.noisy{background:#ffb300}.garbled{background:#e53935}.too-short{background:#bbb}
pre{white-space:pre-wrap;background:#f6f6f6;border:1px solid #ddd;padding:.6em;max-height:24em;overflow:auto}
.legend span{display:inline-block;padding:0 .5em;margin-right:.4em;color:#fff}
"""

_SCRIPT = """
const docs = JSON.parse(document.getElementById('data').textContent);
function show(d, p) {
  const box = document.getElementById('detail-' + d);
  const x = docs[d].passages[p];
  box.innerHTML = '';
  const h = document.createElement('div');
  h.textContent = 'lines ' + x.lines + ' \\u00b7 ' + x.language + ' \\u00b7 score ' + x.score.toFixed(3) +
    ' \\u00b7 ' + x.label + ' \\u00b7 ' + x.action + (x.reasons.length ? ' \\u00b7 ' + x.reasons.join(', ') : '');
  const pre = document.createElement('pre');
  pre.textContent = x.text; pre.dir = 'auto';
  box.appendChild(h); box.appendChild(pre);
}
"""


def _cell(d: int, p: int, passage: dict[str, Any], total: int) -> str:
    width = max(passage["letters"], 1) / max(total, 1) * 100
    title = f"lines {passage['lines']}: {passage['label']} {passage['score']:.3f} {passage['language']}"
    return (
        f'<div class="{html.escape(passage["label"])}" style="flex:0 1 {width:.3f}%" '
        f'title="{html.escape(title)}" onclick="show({d},{p})"></div>'
    )


def render_html(documents: list[dict[str, Any]]) -> str:
    """Render documents (dicts with path, score, label, language, action, diagnoses, passages) as one page."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>ocrfix score report</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>ocrfix score report: {len(documents)} documents, worst first</h1>",
        "<p class='legend'><span class='clean'>clean</span><span class='noisy'>noisy</span>"
        "<span class='garbled'>garbled</span><span class='too-short'>too short</span> "
        "Each strip is one document, each cell a passage as wide as its text; click a cell to read it.</p>",
    ]
    for d, doc in enumerate(documents):
        total = sum(max(p["letters"], 1) for p in doc["passages"])
        diag = "; ".join(doc["diagnoses"])
        parts.append(
            f"<div class='doc'><div class='head'><span class='path'>{html.escape(str(doc['path']))}</span>"
            f"<span class='meta'>{doc['score']:.3f} {html.escape(doc['label'])} · {html.escape(doc['language'])} · "
            f"{html.escape(doc['action'])}{' · ' + html.escape(diag) if diag else ''}</span></div>"
            f"<div class='strip'>{''.join(_cell(d, i, p, total) for i, p in enumerate(doc['passages']))}</div>"
            f"<div id='detail-{d}'></div></div>"
        )
    data = json.dumps(documents, ensure_ascii=False).replace("</", "<\\/")
    parts.append(f"<script type='application/json' id='data'>{data}</script><script>{_SCRIPT}</script></body></html>")
    return "".join(parts)
