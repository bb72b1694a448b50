"""The repository's own tools work in a plain clone: tools/convert_seed.py takes its input folder as an
argument (it used to read ../shared/data and crash without it) and says clearly what is missing;
tools/build_meta.py gives build.spec the version and names from the checkout's files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

TOOLS = ROOT / "tools"
CATALOG_HEAD = (
    "no,name,category,dept,item_type,village_role,final_level,legal_limit,promised_limit,materials,basis_note\n"
)
REGIONS_HEAD = "code,name,level,parent_code,note\n"


def _convert(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOLS / "convert_seed.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60, cwd=ROOT)  # fmt: skip


def test_convert_seed_without_its_input_says_what_is_missing(tmp_path: Path) -> None:
    bare = _convert()
    assert bare.returncode == 2 and "csv_dir" in bare.stderr and "Traceback" not in bare.stderr
    empty = _convert(str(tmp_path), "--out", str(tmp_path / "out"))
    assert empty.returncode == 2 and "catalog_illustrative.csv" in empty.stderr and "Traceback" not in empty.stderr
    assert not (tmp_path / "out").exists()


def test_convert_seed_writes_where_it_is_told(tmp_path: Path) -> None:
    (tmp_path / "catalog_illustrative.csv").write_text(
        CATALOG_HEAD + "1,生育登记,计生服务,卫健,公共服务,代办收件,镇,—,即办(1工作日),夫妻身份证;户口簿,x\n", "utf-8"
    )
    (tmp_path / "regions_jiyuan_illustrative.csv").write_text(
        REGIONS_HEAD + "419001000000,济源市,city,,x\n419001100000,克井镇,town,419001000000,x\n", "utf-8"
    )
    out = _convert(str(tmp_path), "--out", str(tmp_path / "seed"))
    assert out.returncode == 0, out.stderr
    catalog = json.loads((tmp_path / "seed" / "catalog.json").read_text("utf-8"))
    regions = json.loads((tmp_path / "seed" / "regions.json").read_text("utf-8"))["regions"]
    assert [i["name"] for i in catalog["items"] if i["code"] == "JY001"] == ["生育登记"]
    assert [r["code"] for r in regions] == ["419001000000", "419001100000"]


def test_build_meta_reads_the_checkout(tmp_path: Path) -> None:
    sys.path.insert(0, str(TOOLS))
    try:
        import build_meta
    finally:
        sys.path.remove(str(TOOLS))
    import villagedesk

    meta = build_meta.meta(ROOT)
    assert meta.version == villagedesk.__version__ and meta.name == "villagedesk"
    assert meta.license == "LicenseRef-Proprietary"
    assert build_meta.Meta("x", "d", "1.2rc3", "l").numeric == (1, 2, 3, 0)
    assert build_meta.Meta("x", "d", "0.10.2+local", "l").numeric == (0, 10, 2, 0)
    icon = (ROOT / "resources/icons/villagedesk.ico").read_bytes()
    assert icon[:4] == b"\0\0\1\0" and int.from_bytes(icon[4:6], "little") >= 4  # an .ico with several sizes
