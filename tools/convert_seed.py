"""Convert the illustrative CSVs into resources/seed/*.json (run by hand when they change).

Usage: ``python tools/convert_seed.py CSV_DIR [--out DIR]`` where CSV_DIR holds ``catalog_illustrative.csv``
and ``regions_jiyuan_illustrative.csv`` (they are not part of this repository). ``--out`` defaults to the
repository's resources/seed.

Free-text limits such as "即办(1工作日)" or "20工作日(不含评定)" are mapped to numbers here, once, by a
person reading them: the product needs numbers, and a parser of prose would be guessing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "seed"

# no -> (promised limit, unit, special procedures, in person, final level, village role)
LIMITS: dict[int, tuple[int, str, list[str], bool, str, str]] = {
    1: (0, "working_days", [], False, "town", "收件代办"),
    2: (60, "working_days", ["公示"], False, "city", "收件代办"),
    3: (60, "natural_days", [], True, "city", "导办"),
    4: (0, "working_days", [], False, "city", "收件代办"),
    5: (20, "working_days", ["评定"], False, "city", "收件代办"),
    6: (1, "working_days", [], False, "town", "收件代办"),
    7: (7, "working_days", [], False, "city", "收件代办"),
    8: (10, "working_days", ["勘验"], False, "city", "收件代办"),
    9: (20, "working_days", ["公示", "勘验"], False, "town", "收件代办"),
    10: (25, "working_days", ["公示"], False, "city", "收件代办"),
    11: (20, "working_days", [], False, "city", "收件代办"),
    12: (10, "working_days", [], False, "town", "收件代办"),
    13: (15, "working_days", [], False, "city", "收件代办"),
    14: (15, "working_days", [], False, "city", "收件代办"),
    15: (15, "working_days", [], False, "city", "收件代办"),
    16: (0, "working_days", [], False, "town", "收件代办"),
    17: (0, "working_days", [], False, "town", "收件代办"),
    18: (10, "working_days", [], False, "city", "收件代办"),
    19: (15, "working_days", [], False, "city", "收件代办"),
    20: (0, "working_days", [], False, "town", "收件代办"),
    21: (10, "working_days", [], False, "city", "收件代办"),
    22: (30, "natural_days", [], False, "village", "直办"),
    23: (7, "natural_days", [], False, "city", "收件代办"),
    24: (5, "working_days", [], False, "town", "协办"),
    25: (60, "working_days", ["公示"], False, "city", "协办"),
    26: (0, "working_days", [], False, "village", "直办"),
}
LATER_ALLOWED = {"2寸照片", "健康证明", "照片(回执)", "建房承诺书/设计图"}  # 容缺: may follow later
ORIGINALS = {"户口簿", "结婚证", "原证", "出生医学证明", "残疾人证", "社保卡", "林权/不动产权证明"}

# 多证联办: business registration, five certificates, 15 working days separately, 7 as one bundle.
BUNDLE_ITEMS = [
    ("B01", "营业执照(企业设立登记)", 5, ["申请书", "法定代表人身份证", "经营场所使用证明", "公司章程"]),
    ("B02", "组织机构代码证", 3, ["申请书", "法定代表人身份证", "营业执照"]),
    ("B03", "税务登记", 3, ["法定代表人身份证", "营业执照", "财务负责人身份证"]),
    ("B04", "统计登记", 2, ["营业执照", "统计登记表"]),
    ("B05", "刻章备案", 2, ["营业执照", "法定代表人身份证", "印章样式"]),
]


def material(name: str) -> dict:
    conditional = "(如有)" in name or "(如适用)" in name
    clean = name.replace("(如有)", "").replace("(如适用)", "")
    return {
        "name": clean,
        "necessity": "conditional" if conditional else ("later" if clean in LATER_ALLOWED else "required"),
        "form": "original" if clean in ORIGINALS else "copy",
        "copies": 1,
        "source": "applicant",
    }


INPUTS = ("catalog_illustrative.csv", "regions_jiyuan_illustrative.csv")


def convert(shared: Path, out: Path = OUT) -> None:
    """Write catalog.json and regions.json into ``out`` from the two CSVs in ``shared``."""
    items = []
    with open(shared / "catalog_illustrative.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            no = int(row["no"])
            limit, unit, procedures, in_person, level, role = LIMITS[no]
            names = [m for m in row["materials"].split(";") if m and m != "无"]
            items.append(
                {
                    "code": f"JY{no:03d}",
                    "version": 1,
                    "effective_from": "2025-01-01",
                    "name": row["name"],
                    "category": row["category"],
                    "department": row["dept"],
                    "item_type": row["item_type"],
                    "village_role": role,
                    "village_role_note": row["village_role"],
                    "final_level": level,
                    "legal_limit": row["legal_limit"],
                    "promised_limit_text": row["promised_limit"],
                    "promised_days": limit,
                    "limit_unit": unit,
                    "special_procedures": procedures,
                    "in_person": in_person,
                    "fee": "免费",
                    "basis_note": row["basis_note"],
                    "materials": [material(m) for m in names],
                }
            )
    for code, name, days, materials in BUNDLE_ITEMS:
        items.append(
            {
                "code": code,
                "version": 1,
                "effective_from": "2025-01-01",
                "name": name,
                "category": "证照代办",
                "department": "市场监管",
                "item_type": "行政许可(登记)",
                "village_role": "收件代办",
                "village_role_note": "全程代办(多证联办)",
                "final_level": "city",
                "legal_limit": "—",
                "promised_limit_text": f"{days}工作日",
                "promised_days": days,
                "limit_unit": "working_days",
                "special_procedures": [],
                "in_person": False,
                "fee": "免费",
                "basis_note": "illustrative",
                "materials": [material(m) for m in materials],
            }
        )
    catalog = {
        "illustrative": True,
        "note": "示例数据(illustrative): 实际部署以镇/市服务器发布的事项清单为准",
        "version": 1,
        "items": items,
        "bundles": [
            {
                "code": "BZ-QYSL",
                "name": "多证联办·企业设立(五证合一)",
                "items": [c for c, *_ in BUNDLE_ITEMS],
                "promised_days": 7,
                "limit_unit": "working_days",
            }
        ],
    }
    regions = []
    with open(shared / "regions_jiyuan_illustrative.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            regions.append(
                {"code": row["code"], "name": row["name"], "level": row["level"], "parent": row["parent_code"]}
            )
    out.mkdir(parents=True, exist_ok=True)
    (out / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (out / "regions.json").write_text(
        json.dumps({"illustrative": True, "regions": regions}, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="illustrative CSVs → resources/seed/*.json")
    parser.add_argument("csv_dir", type=Path, help=f"folder with {' and '.join(INPUTS)}")
    parser.add_argument("--out", type=Path, default=OUT, help="where the JSON files go (default: resources/seed)")
    args = parser.parse_args(argv)
    missing = [name for name in INPUTS if not (args.csv_dir / name).is_file()]
    if missing:
        print(f"错误: {args.csv_dir} 中缺少 {', '.join(missing)} (missing input CSV)", file=sys.stderr)
        return 2
    convert(args.csv_dir, args.out)
    print(f"已写入 {args.out / 'catalog.json'} 和 {args.out / 'regions.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
