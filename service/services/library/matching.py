"""Matching library search words in English, Simplified and Traditional Chinese, and ranking.

English words match whole words of a dataset's code or English name, ignoring case and a
plural ending, or as a prefix of at least three letters; spelling variants and trade names
(aluminium/aluminum, PC/polycarbonate) match each other. Chinese text matches as a substring
of the Chinese names, in either script.
"""

from __future__ import annotations

import re

from lca_models import Dataset

# Groups of words that stand for each other in a query (British/American spelling, polymer
# abbreviations and names, everyday and trade words, and the same words in Chinese).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("aluminium", "aluminum", "alu", "铝", "鋁"),
    ("pc", "polycarbonate", "聚碳酸酯"),
    ("pe", "polyethylene", "polythene", "聚乙烯"),
    ("hdpe", "高密度聚乙烯"),
    ("ldpe", "lldpe", "低密度聚乙烯"),
    ("pp", "polypropylene", "聚丙烯"),
    ("ps", "polystyrene", "聚苯乙烯"),
    ("pvc", "聚氯乙烯"),
    ("pet", "polyester", "涤纶", "滌綸"),
    ("abs", "acrylonitrile"),
    ("pa", "pa6", "pa66", "nylon", "polyamide", "尼龙", "尼龍", "聚酰胺", "聚醯胺"),
    ("pmma", "acrylic", "亚克力", "壓克力"),
    ("plastic", "plastics", "polymer", "塑料", "塑膠"),
    ("steel", "钢", "鋼"),
    ("iron", "铁", "鐵"),
    ("copper", "铜", "銅"),
    ("electricity", "power", "grid", "电力", "電力", "电网", "電網"),
    ("battery", "cell", "电池", "電池"),
    ("paper", "纸", "紙"),
    ("board", "cardboard", "carton", "纸板", "紙板"),
    ("glass", "玻璃"),
    ("clothing", "textile", "fabric", "纺织", "紡織", "服装", "服裝"),
    ("freight", "transport", "shipping", "logistics", "货运", "貨運", "运输", "運輸"),
    ("hgv", "truck", "lorry", "货车", "貨車"),
    ("sea", "ship", "maritime", "海运", "海運", "船"),
    ("rail", "train", "railway", "铁路", "鐵路"),
    ("air", "aviation", "plane", "航空"),
    ("refrigerant", "coolant", "制冷剂", "製冷劑", "冷媒"),
    ("waste", "disposal", "废物", "廢物"),
    ("landfill", "填埋"),
    ("incineration", "incinerator", "焚烧", "焚燒"),
    ("recycling", "recycled", "回收", "再生"),
    ("diesel", "柴油"),
    ("petrol", "gasoline", "汽油"),
    ("lpg", "液化石油气", "液化石油氣"),
    ("coal", "煤"),
    ("gas", "天然气", "天然氣"),
    ("water", "水"),
    ("wood", "timber", "木材"),
)
_GROUP: dict[str, tuple[str, ...]] = {word: group for group in SYNONYMS for word in group}
_TOKEN = re.compile(r"[a-z0-9]+")
MIN_PREFIX = 3


def singular(word: str) -> str:
    """Return an English word without a plural ending (batteries -> battery, boxes -> box)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _is_cjk(word: str) -> bool:
    return any(ord(ch) > 0x2E7F for ch in word)


def query_terms(q: str | None) -> list[tuple[str, ...]]:
    """Split a query into terms, each the tuple of forms any of which may match."""
    terms = []
    for raw in (q or "").lower().split():
        parts = [raw] if _is_cjk(raw) else _TOKEN.findall(raw)
        for part in parts:
            forms = {part, singular(part)}
            for form in list(forms):
                forms.update(_GROUP.get(form, ()))
            terms.append(tuple(sorted(forms)))
    return terms


def _haystack(dataset: Dataset) -> tuple[set[str], str]:
    words = _TOKEN.findall(f"{dataset.code} {dataset.name}".lower())
    return {singular(w) for w in words} | set(
        words
    ), f"{dataset.name_zh_hans} {dataset.name_zh_hant}"


def score(dataset: Dataset, terms: list[tuple[str, ...]]) -> int | None:
    """Return how well a dataset matches every term (higher is better), or None if it misses one."""
    tokens, chinese = _haystack(dataset)
    total = 0
    for forms in terms:
        best = 0
        for form in forms:
            if _is_cjk(form):
                best = max(best, 3 if form in chinese else 0)
            elif form in tokens:
                best = max(best, 3)
            elif len(form) >= MIN_PREFIX and any(t.startswith(form) for t in tokens):
                best = max(best, 2)
        if best == 0:
            return None
        total += best
    return total


def exact_code(dataset: Dataset, q: str | None) -> bool:
    """Return whether the query is exactly the dataset's code (finds superseded rows too)."""
    return (q or "").strip().lower() == dataset.code.lower()
