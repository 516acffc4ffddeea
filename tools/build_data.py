"""Build config/data/{units,hospitals,geo}.json from the reference facts (run by hand).

The reference thai_geo.json has provinces and districts only: postcodes and subdistrict
(ตำบล/แขวง) names come from the geothai package. Usage (from the repository root;
geothai is needed here only, never at run time):

    python -m venv /tmp/build-data && /tmp/build-data/bin/pip install geothai==3.2.1
    /tmp/build-data/bin/python tools/build_data.py --reference ../shared/reference

routing.json and privacy_notice.json are written by hand and are not touched.
Provenance and the corrections applied are described in config/data/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GEOTHAI_VERSION = "3.2.1"

# Where thai_geo.json (from kongvut/thai-province-data) and DOPA disagree, DOPA wins.
# Bueng Kan's district names are swapped pairwise in that dataset; checked against the
# subdistricts each code contains (the seat subdistrict shares the district's name).
DISTRICT_NAME_FIXES = {
    "3802": ("พรเจริญ", "Phon Charoen"),
    "3804": ("เซกา", "Seka"),
    "3805": ("ปากคาด", "Pak Khat"),
    "3807": ("ศรีวิไล", "Si Wilai"),
}
# Districts missing from thai_geo.json (DOPA code, Thai, English).
DISTRICTS_MISSING = [("5025", "กัลยาณิวัฒนา", "Galyani Vadhana")]

PROVINCE_ALIASES: dict[str, list[str]] = {
    "10": ["กทม.", "กทม", "กท.", "กรุงเทพฯ", "กรุงเทพ", "Bangkok", "BKK", "Krung Thep"],
    "14": ["อยุธยา", "กรุงเก่า", "Ayutthaya"],
    "16": ["Lop Buri"],
    "20": ["Chonburi"],
    "24": ["แปดริ้ว"],
    "25": ["ปราจีน", "Prachinburi"],
    "30": ["โคราช", "Korat", "Khorat"],
    "31": ["Buriram"],
    "33": ["ศรีษะเกษ", "Sisaket"],
    "34": ["อุบลฯ", "อุบล", "Ubon"],
    "41": ["อุดร", "Udon"],
    "50": ["Chiangmai"],
    "57": ["Chiangrai"],
    "72": ["สุพรรณ", "Suphanburi"],
    "77": ["ประจวบฯ", "ประจวบ", "Prachuap"],
    "80": ["นครศรีฯ", "นครศรี", "Nakhon Si"],
    "82": ["Phang Nga"],
    "84": ["สุราษฎร์ฯ", "สุราษฎร์", "Surat"],
}

# Hand-written short forms people use for well-known hospitals, by reference name.
HOSPITAL_EXTRA_ALIASES: dict[str, list[str]] = {
    "คณะแพทยศาสตร์วชิรพยาบาล มหาวิทยาลัยนวมินทราธิราช": ["วชิรพยาบาล", "รพ.วชิร", "Vajira"],
    "โรงพยาบาลจุฬาลงกรณ์สภากาชาดไทย": ["จุฬาลงกรณ์", "รพ.จุฬา", "รพ.จุฬาฯ", "Chulalongkorn"],
    "โรงพยาบาลรามาธิบดี มหาวิทยาลัยมหิดล": ["รามาธิบดี", "รพ.รามา", "Ramathibodi"],
    "ทัณฑสถานโรงพยาบาลราชทัณฑ์": ["รพ.ราชทัณฑ์", "ราชทัณฑ์"],
    "โรงพยาบาลศิริราช": ["Siriraj"],
    "โรงพยาบาลราชวิถี": ["Rajavithi"],
    "โรงพยาบาลพระมงกุฎเกล้า": ["รพ.พระมงกุฎ"],
    "โรงพยาบาลภูมิพลอดุลยเดช": ["รพ.ภูมิพล"],
    "โรงพยาบาลหลวงพ่อทวีศักดิ์ ชุตินธโร อุทิศ": ["รพ.หลวงพ่อทวีศักดิ์"],
    "โรงพยาบาลมหาราชนครเชียงใหม่ มหาวิทยาลัยเชียงใหม่": ["รพ.สวนดอก", "มหาราชนครเชียงใหม่"],
    "โรงพยาบาลศรีนครินทร์ มหาวิทยาลัยขอนแก่น": ["ศรีนครินทร์"],
    "โรงพยาบาลธรรมศาสตร์เฉลิมพระเกียรติ": ["รพ.ธรรมศาสตร์"],
    "โรงพยาบาลสุทธาเวช คณะแพทยศาสตร์ มหาวิทยาลัยมหาสารคาม": ["สุทธาเวช"],
}
# Transcription slips in the reference list, fixed in name_th.
HOSPITAL_NAME_FIXES = {
    "โรงพยาบาล โรงพยาบาลมงกุฎวัฒนะ": "โรงพยาบาลมงกุฎวัฒนะ",
    "จุฬารัตน์ 11 อินเตอร์": "โรงพยาบาลจุฬารัตน์ 11 อินเตอร์",
}
_OWNER_TAG = re.compile(r"\s*\((?:สธ|กห|มท)\)\s*")
_HOSPITAL_WORD = re.compile(r"^(?:โรงพยาบาล)\s*")


def read_json(path: Path) -> Any:
    """Parse one JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def _lines(value: Any, indent: str) -> str:
    """One JSON item a line: lists and objects of records stay readable in diffs."""
    if isinstance(value, list):
        items = [indent + "  " + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    items = [f"{indent}  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
             for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def write_json(path: Path, data: Any) -> None:
    """Write UTF-8 JSON with one record a line (top-level keys of an object each get a block)."""
    if isinstance(data, dict):
        parts = [f"  {json.dumps(k)}: {_lines(v, '  ')}" for k, v in data.items()]
        text = "{\n" + ",\n".join(parts) + "\n}\n"
    else:
        text = _lines(data, "") + "\n"
    path.write_text(text, encoding="utf-8")


def strip_district_prefix(name_th: str, name_en: str) -> tuple[str, str]:
    """Drop the เขต / Khet prefix that thai_geo.json gives Bangkok's districts."""
    return re.sub(r"^(?:เขต|อำเภอ)", "", name_th), re.sub(r"^(?:Khet|Amphoe) ", "", name_en)


def build_postcodes(subdistricts: list[tuple[str, str, str]], known: set[str]) -> dict:
    """Postal code -> sorted [province_code, district_code] pairs, from subdistrict rows."""
    mapping: dict[str, set[tuple[str, str]]] = {}
    for sub_code, _name, postal in subdistricts:
        district = sub_code[:4]
        if district not in known:
            raise SystemExit(f"postcode {postal}: district {district} is not in geo.json")
        for code in postal.split():
            mapping.setdefault(code, set()).add((sub_code[:2], district))
    return {code: [list(p) for p in sorted(pairs)] for code, pairs in sorted(mapping.items())}


def subdistrict_names(name_th: str) -> list[str]:
    """The names a subdistrict goes by: "ปอภาร (ปอพาน)" is ปอภาร and ปอพาน."""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name_th.strip())
    return [match.group(1), match.group(2)] if match else [name_th.strip()]


def build_subdistricts(subdistricts: list[tuple[str, str, str]], known: set[str]) -> dict:
    """District code -> the Thai names of its subdistricts (ตำบล/แขวง), without prefixes."""
    mapping: dict[str, list[str]] = {}
    for sub_code, name_th, _postal in sorted(subdistricts):
        district = sub_code[:4]
        if district not in known:
            raise SystemExit(f"subdistrict {sub_code}: district {district} is not in geo.json")
        names = mapping.setdefault(district, [])
        names += [n for n in subdistrict_names(name_th) if n not in names]
    return dict(sorted(mapping.items()))


def geothai_subdistricts() -> list[tuple[str, str, str]]:
    """(subdistrict code, Thai name, postal codes) rows from the geothai package's data."""
    try:
        import geothai
    except ImportError as exc:  # pragma: no cover - build-time guidance
        raise SystemExit(f"pip install geothai=={GEOTHAI_VERSION} first") from exc
    if geothai.__dict__.get("DATA_VERSION") is None:
        raise SystemExit("unexpected geothai package")
    from importlib.resources import files

    rows = json.loads(files("geothai").joinpath("_data/subdistricts.json").read_text("utf-8"))
    return [(row[0], row[1], row[3]) for row in rows]


def build_geo(ref_geo: dict, subdistricts: list[tuple[str, str, str]]) -> dict:
    """geo.json: provinces with aliases, districts without prefixes, postcodes, subdistricts."""
    provinces = [
        {
            "code": p["code"],
            "name_th": p["name_th"],
            "name_en": p["name_en"],
            "aliases": PROVINCE_ALIASES.get(p["code"], []),
        }
        for p in ref_geo["provinces"]
    ]
    districts = []
    for d in ref_geo["districts"]:
        name_th, name_en = DISTRICT_NAME_FIXES.get(d["code"]) or strip_district_prefix(
            d["name_th"], d["name_en"]
        )
        districts.append({"code": d["code"], "province_code": d["province_code"],
                          "name_th": name_th, "name_en": name_en})
    for code, name_th, name_en in DISTRICTS_MISSING:
        districts.append({"code": code, "province_code": code[:2],
                          "name_th": name_th, "name_en": name_en})
    districts.sort(key=lambda d: d["code"])
    known = {d["code"] for d in districts}
    return {"provinces": provinces, "districts": districts,
            "postcodes": build_postcodes(subdistricts, known),
            "subdistricts": build_subdistricts(subdistricts, known)}


def unit(code: str, kind: str, name_th: str, short_th: str, **fields: Any) -> dict:
    """One units.json record, every key present."""
    record = {"code": code, "kind": kind, "name_th": name_th, "short_th": short_th,
              "sso_code": None, "province_code": None, "district_code": None,
              "parent_code": None, "area": None}
    record.update(fields)
    return record


def build_units(ref: dict) -> list[dict]:
    """units.json: Information Center, head office, Bangkok areas, provinces and branches."""
    ic, hq = ref["information_center"], ref["head_office"]
    units = [
        unit("IC", "information_center", ic["name_th"], "ศูนย์สารนิเทศ",
             sso_code=ic["sso_code"]),
        unit("HQ", "head_office", hq["name_th"], "สปส. สำนักงานใหญ่", sso_code=hq["sso_code"]),
    ]
    for area in sorted(ref["bangkok_areas"], key=lambda a: a["area"]):
        units.append(unit(f"BKK{area['area']:02d}", "bangkok_area", area["name_th"],
                          area["short_th"], sso_code=area["sso_code"], province_code="10",
                          area=area["area"]))
    for office in sorted(ref["provincial_offices"], key=lambda o: o["province_code"]):
        code = "P" + office["province_code"]
        units.append(unit(code, "provincial", office["office_th"],
                          "สปส.จ." + office["province_th"],
                          province_code=office["province_code"]))
        for branch in sorted(office["branches"], key=lambda b: b["located_in_district_code"]):
            district = branch["located_in_district_code"]
            units.append(unit(f"{code}-{district}", "branch", branch["name_th"],
                              "สปส.สาขา" + branch["name_th"].split("สาขา", 1)[1],
                              province_code=office["province_code"], district_code=district,
                              parent_code=code))
    return units


def hospital_core(name_th: str) -> str:
    """The distinctive part of a hospital name: no โรงพยาบาล word, no ownership tag."""
    return _HOSPITAL_WORD.sub("", _OWNER_TAG.sub(" ", name_th)).strip()


def hospital_aliases(name_th: str) -> list[str]:
    """Generated short forms of a hospital name, most useful first, without duplicates."""
    core = hospital_core(name_th)
    prefix = "รพ." if _HOSPITAL_WORD.match(name_th) else ""
    forms = [core, prefix + core]
    if "(" in core:
        forms.append(re.sub(r"\s*\(([^)]*)\)\s*", r" \1 ", core).strip())
        forms.append(re.sub(r"\s*\([^)]*\)", "", core).strip())
    if core.endswith("ฯ"):
        forms.append(core.rstrip("ฯ").strip())
    head = re.split(r"\s+(?:คณะแพทยศาสตร์|มหาวิทยาลัย)", core)[0]
    if head != core:
        forms += [head, prefix + head]
    if core.endswith(" อินเตอร์"):
        forms.append(core.removesuffix(" อินเตอร์"))
    if "แห่งใหม่" in core:
        forms.append(core.replace("แห่งใหม่", "").strip())
    forms += HOSPITAL_EXTRA_ALIASES.get(name_th, [])
    unique: list[str] = []
    for form in (re.sub(r"\s+", " ", f).strip() for f in forms):
        if form and form != name_th and form not in unique:
            unique.append(form)
    return unique


def infer_district(core: str, districts: list[dict]) -> str | None:
    """A district whose name is exactly the hospital's core name (or เมือง + it), else None."""
    for d in districts:
        if d["name_th"] in (core, "เมือง" + core):
            return d["code"]
    return None


def build_hospitals(ref: dict, geo: dict) -> list[dict]:
    """hospitals.json: stable ids in reference order, province codes, generated aliases."""
    province_code = {p["name_th"]: p["code"] for p in geo["provinces"]}
    by_province: dict[str, list[dict]] = {}
    for d in geo["districts"]:
        by_province.setdefault(d["province_code"], []).append(d)
    hospitals = []
    for number, h in enumerate(ref["hospitals"], start=1):
        name_th = HOSPITAL_NAME_FIXES.get(h["name_th"], h["name_th"])
        province = province_code[h["province_th"]]
        district = h["district_code"] or infer_district(
            hospital_core(name_th), by_province[province]
        )
        hospitals.append({"id": f"H{number:03d}", "name_th": name_th, "province_code": province,
                          "district_code": district, "ownership_th": h["ownership_th"],
                          "aliases": hospital_aliases(name_th)})
    return hospitals


def main(argv: list[str] | None = None) -> None:
    """Read the reference directory and write the three generated data files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=ROOT / "config" / "data")
    args = parser.parse_args(argv)
    ref_units = read_json(args.reference / "sso_units.json")
    geo = build_geo(read_json(args.reference / "thai_geo.json"), geothai_subdistricts())
    write_json(args.out / "geo.json", geo)
    write_json(args.out / "units.json", build_units(ref_units))
    write_json(args.out / "hospitals.json", build_hospitals(ref_units, geo))
    print(f"wrote geo.json, units.json, hospitals.json to {args.out}")


if __name__ == "__main__":
    main()
