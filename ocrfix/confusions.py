"""OCR confusion packs: weighted rules for what OCR writes instead of what was printed, and the costs they imply.

A pack is ``lexicons/confusions/<id>.tsv``: ``# key: value`` header lines (pack, name, applies-to, when, source,
licence; optionally capital-misreads, ``П→һ`` for an upper-case OCR letter standing for a lower-case one, and
space-misreads, letters the OCR writes as a space), then ``ocr<TAB>truth<TAB>cost`` rules. A cost is the price, in units of one ordinary edit, of reading the
OCR string as the truth: a likely confusion costs little, an arbitrary edit costs 1. A passage gets the packs whose
``applies-to`` names its language and whose ``when`` is ``always`` or matches its wrong-model diagnosis.

:class:`ConfusionModel` combines the packs of a passage: a weighted edit distance, and a *confusion-class key* that
maps letters a strong rule confuses (cost <= ``KEY_COST``) to one representative, so words differing only in such
confusions share a key and are found by one dictionary lookup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ocrfix.errors import LexiconError
from ocrfix.lexicon import lexicon_dir
from ocrfix.normalize import letter_replacer
from ocrfix.scripts import LANGUAGES

__all__ = [
    "KEY_COST",
    "STRAY_MARKS",
    "ConfusionModel",
    "Pack",
    "Rule",
    "available_packs",
    "load_pack",
    "model_for",
    "packs_for",
]

#: Rules at or below this cost merge their letters into one confusion class for candidate lookup.
KEY_COST = 0.3
#: Cost of an edit no rule explains.
BASE_COST = 1.0
#: Deleting OCR debris (``] | [ { } ) +``, stray punctuation inside a word) is cheaper than deleting a letter.
DEBRIS_DELETE_COST = 0.5
_DEBRIS = set("]|[{}¦'’`.,)+")
#: Combining marks of the Latin and Cyrillic scripts (U+0300-U+036F): left on a letter after NFC they are OCR specks
#: (``с̧``, ``ҝ̆``), deleted as cheaply as debris.
STRAY_MARKS = frozenset(chr(c) for c in range(0x300, 0x370))
_DEBRIS |= STRAY_MARKS
_HEADER_KEYS = ("pack", "name", "applies-to", "when", "source", "licence")


@dataclass(frozen=True)
class Rule:
    """One confusion: OCR wrote ``ocr`` where ``truth`` was printed."""

    ocr: str
    truth: str
    cost: float
    """In units of one ordinary edit; lower = more likely."""
    pack: str

    @property
    def name(self) -> str:
        """How the rule is shown: ``э→ә``."""
        return f"{self.ocr}→{self.truth}"


@dataclass(frozen=True)
class Pack:
    """A documented set of confusion rules."""

    id: str
    name: str
    applies_to: tuple[str, ...]
    when: str
    """``always`` or ``wrong-ocr-model <model>``."""
    source: str
    licence: str
    rules: tuple[Rule, ...]
    sha256: str
    capital_misreads: tuple[tuple[str, str], ...] = ()
    """(upper-case OCR letter, lower-case letter it stands for): from the optional ``capital-misreads`` header."""
    space_misreads: tuple[str, ...] = ()
    """Letters the OCR writes as a space, splitting the word (``па тахты`` for ``пајтахты``): the optional
    ``space-misreads`` header, each a character or ``U+XXXX``."""


def _pack_dir(folder: Path | None) -> Path:
    return folder if folder is not None else lexicon_dir() / "confusions"


def load_pack(path: Path) -> Pack:
    """Read one pack file.

    Raises:
        LexiconError: a malformed header or rule, naming the line.
    """
    data = path.read_bytes()
    header: dict[str, str] = {}
    rules: list[Rule] = []
    for number, raw in enumerate(data.decode("utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        if raw.startswith("#"):
            key, _, value = raw[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise LexiconError(f"{path.name}:{number}: expected ocr<TAB>truth<TAB>cost")
        try:
            cost = float(parts[2])
        except ValueError:
            raise LexiconError(f"{path.name}:{number}: cost {parts[2]!r} is not a number") from None
        if parts[0] == parts[1] or not 0 < cost <= 2:
            raise LexiconError(f"{path.name}:{number}: a rule must change its text and cost in (0, 2]")
        rules.append(Rule(parts[0], parts[1], cost, header.get("pack", path.stem)))
    missing = [k for k in _HEADER_KEYS if k not in header]
    if missing:
        raise LexiconError(f"{path.name}: header lacks {', '.join(missing)}")
    capitals = []
    for item in header.get("capital-misreads", "").split():
        a, arrow, b = item.partition("→")
        # The lower-case letter may be the capital's own (the aze_cyrl model writes a capital Һ for a small һ).
        if not arrow or len(a) != 1 or len(b) != 1 or not a.isupper() or not b.islower():
            raise LexiconError(f"{path.name}: capital-misreads entry {item!r} is not <upper OCR letter>→<lower letter>")
        capitals.append((a, b))
    spaces = []
    for item in header.get("space-misreads", "").split():
        ch = chr(int(item[2:], 16)) if item.upper().startswith("U+") and len(item) > 2 else item
        if len(ch) != 1 or ch.isspace():
            raise LexiconError(f"{path.name}: space-misreads entry {item!r} is not one character or U+XXXX")
        spaces.append(ch)
    return Pack(
        header["pack"],
        header["name"],
        tuple(header["applies-to"].split()),
        header["when"],
        header["source"],
        header["licence"],
        tuple(rules),
        hashlib.sha256(data).hexdigest(),
        tuple(capitals),
        tuple(spaces),
    )


@lru_cache(maxsize=None)
def _all_packs(folder: str) -> tuple[Pack, ...]:
    return tuple(load_pack(p) for p in sorted(Path(folder).glob("*.tsv")))


def available_packs(folder: Path | None = None) -> tuple[Pack, ...]:
    """Every shipped pack."""
    return _all_packs(str(_pack_dir(folder)))


def packs_for(language: str, ocr_model: str | None = None, folder: Path | None = None) -> tuple[Pack, ...]:
    """The packs for a passage of ``language``, plus the wrong-model pack when ``ocr_model`` misread it."""
    out = []
    for pack in available_packs(folder):
        if language not in pack.applies_to:
            continue
        if pack.when == "always" or (ocr_model is not None and pack.when == f"wrong-ocr-model {ocr_model}"):
            out.append(pack)
    return tuple(out)


class ConfusionModel:
    """Weighted edit distance and confusion-class keys for one set of packs (lower-case rules only)."""

    def __init__(self, packs: Iterable[Pack], alphabet: Iterable[str] = ()) -> None:
        """Args:
            packs: the confusion packs.
            alphabet: the language's letters: each confusion class is represented by one of them when it can be,
                so most words are their own key.
        """
        self.packs = tuple(packs)
        letters = frozenset(alphabet)
        single: dict[tuple[str, str], Rule] = {}
        multi: dict[str, list[Rule]] = {}
        for pack in self.packs:
            for rule in pack.rules:
                rule = Rule(rule.ocr.lower(), rule.truth.lower(), rule.cost, rule.pack)
                if rule.ocr == rule.truth:
                    continue
                if len(rule.ocr) == 1 and len(rule.truth) == 1:
                    key = (rule.ocr, rule.truth)
                    if key not in single or single[key].cost > rule.cost:
                        single[key] = rule
                else:
                    multi.setdefault(rule.ocr[-1], []).append(rule)
        self.single = single
        self._sub_rows: dict[str, dict[str, float]] = {}
        for (a, b), rule in single.items():
            self._sub_rows.setdefault(a, {})[b] = rule.cost
        self.multi = multi
        self.multi_rules = tuple(r for rules in multi.values() for r in rules)
        self.multi_firsts = frozenset(r.ocr[0] for r in self.multi_rules)
        """The first letters of the multi-letter rules' OCR sides."""
        # Union-find over letters joined by strong single-letter rules.
        parent: dict[str, str] = {}

        def find(c: str) -> str:
            while parent.get(c, c) != c:
                c = parent[c]
            return c

        for (a, b), rule in sorted(single.items()):
            if rule.cost <= KEY_COST:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        classes: dict[str, list[str]] = {}
        for c in {c for pair in single if single[pair].cost <= KEY_COST for c in pair}:
            classes.setdefault(find(c), []).append(c)
        table: dict[str, str] = {}
        for members in classes.values():
            own = sorted(m for m in members if m in letters)
            rep = own[0] if own else min(members)
            table.update({m: rep for m in members if m != rep})
        self._table = str.maketrans(table)
        self._key_text = letter_replacer(table)
        self.key_signature = repr(sorted(table.items()))
        """Names the key function exactly (every letter it changes and into what), for caches of keyed data."""

    def key(self, word: str) -> str:
        """The confusion-class key of a lower-case word."""
        return word.translate(self._table)

    def keys_of(self, words: list[str]) -> list[str]:
        """:meth:`key` of many words (lower-case, without newlines) at once: one pass over their joined text."""
        return self._key_text("\n".join(words)).split("\n") if words else []

    def sub_cost(self, ocr: str, truth: str) -> float:
        if ocr == truth:
            return 0.0
        rule = self.single.get((ocr, truth))
        return rule.cost if rule else BASE_COST

    def distance(self, ocr: str, truth: str) -> tuple[float, tuple[str, ...]]:
        """Weighted edit distance from the OCR string to a candidate, and the rules on the cheapest path.

        Both strings lower-case. Multi-letter rules (``rn→m``) are single steps; deleting debris costs less. Of
        equally cheap steps into a cell the first of deletion, insertion, substitution, rules (in their order) wins.
        """
        n, m = len(ocr), len(truth)
        inf = float("inf")
        rows = self._sub_rows
        multi = self.multi
        no_costs: dict[str, float] = {}
        d = [[inf] * (m + 1) for _ in range(n + 1)]
        # How each cell was reached: 0 deletion, 1 insertion, 2 substitution (or match), else the rule; names are
        # only made for the cells on the cheapest path.
        back: list[list[object]] = [[1] * (m + 1) for _ in range(n + 1)]
        d[0][0] = 0.0
        row0 = d[0]
        for j in range(1, m + 1):
            row0[j] = row0[j - 1] + BASE_COST
        for i in range(1, n + 1):
            a = ocr[i - 1]
            here, up = d[i], d[i - 1]
            steps = back[i]
            drop = DEBRIS_DELETE_COST if a in _DEBRIS else BASE_COST
            costs = rows.get(a, no_costs)
            subs = [0.0 if a == b else costs.get(b, BASE_COST) for b in truth]
            # The rules whose OCR side ends here (most rows have none): only their truth side is left to match.
            rules = (
                [(r, len(r.ocr), len(r.truth)) for r in multi[a] if i >= len(r.ocr) and ocr.startswith(r.ocr, i - len(r.ocr))]
                if a in multi
                else ()
            )
            here[0] = up[0] + drop
            steps[0] = 0
            for j in range(1, m + 1):
                best = up[j] + drop
                step: object = 0
                cost = here[j - 1] + BASE_COST
                if cost < best:
                    best, step = cost, 1
                cost = up[j - 1] + subs[j - 1]
                if cost < best:
                    best, step = cost, 2
                for rule, lo, lt in rules:
                    if j >= lt and truth.startswith(rule.truth, j - lt):
                        cost = d[i - lo][j - lt] + rule.cost
                        if cost < best:
                            best, step = cost, rule
                here[j] = best
                steps[j] = step
        names: list[str] = []
        i, j = n, m
        while i or j:
            step = back[i][j] if i else 1
            if step == 0:
                names.append(f"-{ocr[i - 1]}")
                i -= 1
            elif step == 1:
                names.append(f"+{truth[j - 1]}")
                j -= 1
            elif step == 2:
                if ocr[i - 1] != truth[j - 1]:
                    names.append(f"{ocr[i - 1]}→{truth[j - 1]}")
                i, j = i - 1, j - 1
            else:
                assert isinstance(step, Rule)
                names.append(step.name)
                i, j = i - len(step.ocr), j - len(step.truth)
        return d[n][m], tuple(reversed(names))


@lru_cache(maxsize=64)
def model_for(language: str, ocr_model: str | None = None) -> ConfusionModel:
    """The confusion model of a passage of ``language`` (misread by ``ocr_model``, if so), built once."""
    profile = LANGUAGES.get(language)
    return ConfusionModel(packs_for(language, ocr_model), profile.alphabet if profile else ())
