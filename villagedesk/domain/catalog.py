"""Service items (事项), their material requirements, and 多证联办 bundles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from villagedesk.domain.deadlines import LimitUnit

CATEGORIES = (
    "证照代办",
    "民政救助",
    "劳动保障",
    "计生服务",
    "综治维稳",
    "党建群团",
    "民事调解",
    "咨询指南",
    "致富发展",
)
NECESSITY_LABELS = {"required": "必需", "later": "容缺后补", "conditional": "特定情形"}
FORM_LABELS = {"original": "原件", "copy": "复印件"}
LEVEL_LABELS = {"village": "村", "town": "镇", "city": "市"}
# 人民调解: its village completion records whether the parties agreed (the mediation agreement rate).
MEDIATION_ITEM = "JY022"
MEDIATION_OUTCOMES = {"agreed": "达成调解协议", "not_agreed": "未达成协议", "referred": "移交处理"}


@dataclass(frozen=True)
class Material:
    name: str
    necessity: str = "required"  # required | later (容缺) | conditional
    form: str = "copy"  # original | copy
    copies: int = 1
    source: str = "applicant"


@dataclass(frozen=True)
class ItemVersion:
    code: str
    version: int
    name: str
    category: str
    final_level: str  # village | town | city
    promised_days: int
    limit_unit: LimitUnit
    effective_from: date
    village_role: str = "收件代办"
    department: str = ""
    special_procedures: tuple[str, ...] = ()
    in_person: bool = False
    materials: tuple[Material, ...] = ()

    @property
    def village_direct(self) -> bool:
        """Completed in the village itself (mediation, consultation): never submitted to the town."""
        return self.final_level == "village"


@dataclass(frozen=True)
class Bundle:
    code: str
    name: str
    items: tuple[str, ...]
    promised_days: int
    limit_unit: LimitUnit = LimitUnit.WORKING_DAYS


@dataclass(frozen=True)
class Plan:
    """What one case covers: its items, one promised limit, one materials list without duplicates."""

    items: tuple[ItemVersion, ...]
    promised_days: int
    limit_unit: LimitUnit
    materials: tuple[Material, ...] = field(default=())
    bundle: Bundle | None = None

    @property
    def village_direct(self) -> bool:
        return all(i.village_direct for i in self.items)

    @property
    def title(self) -> str:
        return self.bundle.name if self.bundle else self.items[0].name


def _stricter(a: Material, b: Material) -> Material:
    """Of two requirements for the same material, keep the one that asks more of the villager."""
    rank = {"required": 2, "later": 1, "conditional": 0}
    necessity = a.necessity if rank[a.necessity] >= rank[b.necessity] else b.necessity
    form = "original" if "original" in (a.form, b.form) else "copy"
    return Material(a.name, necessity, form, max(a.copies, b.copies), a.source)


def merge_materials(items: tuple[ItemVersion, ...] | list[ItemVersion]) -> tuple[Material, ...]:
    merged: dict[str, Material] = {}
    for item in items:
        for m in item.materials:
            key = "".join(m.name.split())
            merged[key] = _stricter(merged[key], m) if key in merged else m
    return tuple(merged.values())


def plan_for_item(item: ItemVersion) -> Plan:
    return Plan((item,), item.promised_days, item.limit_unit, merge_materials([item]))


def plan_for_bundle(bundle: Bundle, items: list[ItemVersion]) -> Plan:
    by_code = {i.code: i for i in items}
    missing = [c for c in bundle.items if c not in by_code]
    if missing:
        raise ValueError(f"bundle {bundle.code} names unknown items: {', '.join(missing)}")
    ordered = tuple(by_code[c] for c in bundle.items)
    return Plan(ordered, bundle.promised_days, bundle.limit_unit, merge_materials(ordered), bundle)


LEVEL_RANK = {"village": 0, "town": 1, "city": 2}


def item_levels(doc: object) -> dict[str, set[str]]:
    """Item codes of a catalog document → their ``final_level``s (bundles not included)."""
    own: dict[str, set[str]] = {}
    if not isinstance(doc, dict):
        return own
    for item in doc.get("items") or []:
        if isinstance(item, dict) and isinstance(item.get("code"), str) and item.get("final_level") in LEVEL_RANK:
            own.setdefault(item["code"], set()).add(item["final_level"])
    return own


def registration_levels(doc: object, elsewhere: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Item and bundle codes of a catalog document → the ``final_level`` a registration of it carries
    (an item its own; a bundle "village" when every member is village-level, else its highest member's).
    A bundle's member the document does not list is taken at its level in ``elsewhere`` (the items of
    the other catalog documents, ``item_levels``): a new version may add a bundle of items it leaves as
    they were, and a PC registers that bundle from the items it holds. A malformed document yields what
    could be read: the server checks registrations against it."""
    levels: dict[str, set[str]] = {}
    if not isinstance(doc, dict):
        return levels
    own = item_levels(doc)
    levels.update(own)
    other = elsewhere or {}
    for bundle in doc.get("bundles") or []:
        if not isinstance(bundle, dict) or not isinstance(bundle.get("code"), str):
            continue
        members = [own.get(c) or other.get(c, set()) for c in bundle.get("items") or [] if isinstance(c, str)]
        if members and all(members):
            top = max((max(m, key=LEVEL_RANK.__getitem__) for m in members), key=LEVEL_RANK.__getitem__)
            levels.setdefault(bundle["code"], set()).add(top)
    return levels


def promised_limit(entry: object) -> tuple[int, str] | None:
    """The promised time limit ``(promised_days, limit_unit)`` an item or bundle (a catalog entry, or a
    registration's payload) states; a registration without one reads as the desk reads it (0 working
    days). None: not a whole number of days of a known unit."""
    if not isinstance(entry, dict):
        return None
    days = entry.get("promised_days", 0)
    unit = entry.get("limit_unit", _WORKING_DAYS)
    if type(days) is not int or unit not in _UNITS:
        return None
    return days, unit


# Module constants: the judge reads every pushed registration's limit here (a set built from the enum on
# each call cost more than the rest of the check).
_WORKING_DAYS = LimitUnit.WORKING_DAYS.value
_UNITS = frozenset(u.value for u in LimitUnit)


def case_title(item_code: object, stored_title: object, names: Mapping[str, str]) -> str:
    """What a case is called wherever a town or city reads it: the catalog's name of its item (or bundle),
    never the ``title`` the registering device wrote (a device could register 临时救助 as 「镇长特批·
    优先办理」); the device's title only for a code the catalog does not hold. ``names``: code → name."""
    name = names.get(item_code) if isinstance(item_code, str) else None
    if name:
        return name
    return stored_title if isinstance(stored_title, str) else ""


def limit_words(days: int, unit: str) -> str:
    """``20 个工作日`` / ``30 个自然日``: a promised limit as the catalog page states it."""
    return f"{days} 个{'工作日' if unit == LimitUnit.WORKING_DAYS.value else '自然日'}"


@dataclass
class Checklists:
    """The material names of every item and bundle code over any number of catalog documents (the seed
    catalog and every version a server published): a case may carry the names of whichever version of its
    item it was registered under, so a code's checklist is the union over the versions. A bundle's is the
    union of its members' (of every version of the bundle's member list)."""

    items: dict[str, set[str]] = field(default_factory=dict)
    bundles: dict[str, set[str]] = field(default_factory=dict)  # bundle code → member item codes
    titles: dict[str, str] = field(default_factory=dict)  # item or bundle code → its name (the newest doc's)
    limits: dict[str, set[tuple[int, str]]] = field(default_factory=dict)  # code → (promised_days, unit)s
    names: dict[str, set[str]] = field(default_factory=dict)  # item or bundle code → its names, every version

    def add(self, doc: object) -> None:
        """Take one catalog document; a malformed one yields what could be read."""
        if not isinstance(doc, dict):
            return
        for entry in [*(doc.get("items") or []), *(doc.get("bundles") or [])]:
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                limit = promised_limit(entry)
                if limit is not None:
                    self.limits.setdefault(entry["code"], set()).add(limit)
                if isinstance(entry.get("name"), str):
                    self.names.setdefault(entry["code"], set()).update({entry["name"], entry["name"].strip()})
        for item in doc.get("items") or []:
            if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                continue
            names = self.items.setdefault(item["code"], set())
            if isinstance(item.get("name"), str) and item["name"].strip():
                self.titles[item["code"]] = item["name"].strip()
            for mat in item.get("materials") or []:
                if isinstance(mat, dict) and isinstance(mat.get("name"), str):
                    names.add(mat["name"])
                    names.add(mat["name"].strip())  # what ``validators.name_list`` keeps of it
        for bundle in doc.get("bundles") or []:
            if isinstance(bundle, dict) and isinstance(bundle.get("code"), str):
                members = self.bundles.setdefault(bundle["code"], set())
                if isinstance(bundle.get("name"), str) and bundle["name"].strip():
                    self.titles[bundle["code"]] = bundle["name"].strip()
                members.update(c for c in bundle.get("items") or [] if isinstance(c, str))

    def by_code(self) -> dict[str, frozenset[str]]:
        """Item or bundle code → the names its cases may list."""
        out = {code: frozenset(names) for code, names in self.items.items()}
        for code, members in self.bundles.items():
            names: set[str] = set(out.get(code, ()))
            for member in members:
                names |= self.items.get(member, set())
            out[code] = frozenset(names)
        return out
