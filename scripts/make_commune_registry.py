"""Write the registry's commune-level units from the official lists in data/raw/communes/ (see its PROVENANCE.md).

Units are keyed by GSO code: ``comm-<code>`` for the units of 2017–30/6/2025 (a unit keeps its id through
renames and reclassifications such as Thị trấn Trới → Phường Hoành Bồ, same code), ``comm-2025-<code>`` for the
54 units from 1/7/2025. Mergers are successor links (the absorbing unit, or the default successor of the 2025
conversion table); a unit whose absorber is not sourced has no successor (not comparable). Renames go to
name_changes.csv. Run from the project root: ``python scripts/make_commune_registry.py``.
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "data" / "raw" / "communes"
REG = ROOT / "qnindex" / "data" / "registry_data"
SNAPSHOTS = [("2017", "2017-10-15"), ("2019", "2019-12-01"), ("2020", "2020-01-01"), ("2024-11", "2024-11-01")]
# in force; 2019: the reclassifications of NQ 767/NQ-UBTVQH14 (11/9/2019), date of effect assumed 1/10/2019
CHANGE_DATES = {"2019": "2019-10-01", "2020": "2020-01-01", "2024-11": "2024-11-01"}
DISTRICTS = {"193": "dist-ha-long", "194": "dist-mong-cai", "195": "dist-cam-pha", "196": "dist-uong-bi",
             "198": "dist-binh-lieu", "199": "dist-tien-yen", "200": "dist-dam-ha", "201": "dist-hai-ha",
             "202": "dist-ba-che", "203": "dist-van-don", "204": "dist-hoanh-bo", "205": "dist-dong-trieu",
             "206": "dist-quang-yen", "207": "dist-co-to"}
TYPES_EN = {"xa": "Commune", "phuong": "Ward", "thi_tran": "Township", "dac_khu": "Special Zone"}
PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def _read(name: str) -> list[dict]:
    with (SRC / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _bare(name: str) -> str:
    return next((name[len(p):] for p in PREFIXES if name.startswith(p)), name)


def _names(name_vi: str, kind: str) -> dict:
    bare = _bare(name_vi)
    return {"name_vi": name_vi, "name_en": f"{_ascii(bare)} {TYPES_EN[kind]}", "short_vi": bare,
            "short_en": _ascii(bare)}


def main() -> None:
    units: dict[str, dict] = {}      # unit_id -> row
    changes: list[dict] = []
    last_name: dict[str, str] = {}
    for tag, _date in SNAPSHOTS:
        for rec in _read(f"quangninh_communes_{tag}.csv"):
            uid = f"comm-{rec['gso_code']}"
            if uid not in units:
                units[uid] = {"unit_id": uid, "group": "commune", "level": "commune", "code": rec["gso_code"],
                              **_names(rec["name_vi"], rec["type"]),
                              "valid_from": "" if tag == "2017" else CHANGE_DATES[tag], "valid_to": "",
                              "successor": "", "aliases": "", "note": "", "district": DISTRICTS[rec["district_gso_code"]],
                              "confirmed": "yes"}
            elif rec["name_vi"] != last_name[uid]:
                changes.append({"unit_id": uid, "effective": CHANGE_DATES[tag], **_names(rec["name_vi"], rec["type"]),
                                "source": f"official list {tag} (data/raw/communes/quangninh_communes_{tag}.csv)"})
            last_name[uid] = rec["name_vi"]
            units[uid]["valid_to"] = rec["valid_to"]
    # successors inside 2017–6/2025 (absorbed units) and into the 54 units of 1/7/2025
    for mapfile in ("map_2019_to_2020.csv", "map_2020_to_2024-11.csv", "map_2024-11_to_2025-07.csv"):
        for rec in _read(mapfile):
            uid = f"comm-{rec['old_gso_code']}"
            relation = rec["relation"]
            if relation == "dissolved_successor_not_sourced":
                units[uid]["note"] = "dissolved 1/1/2020; the unit that absorbed it is not sourced: not comparable"
            elif relation == "absorbed":
                units[uid]["successor"] = f"comm-{rec['new_gso_code']}"
                units[uid]["note"] = f"merged into {rec['new_name_vi']} ({rec['transition'][-10:]})"
            elif mapfile.endswith("2025-07.csv") and relation in ("merged_whole", "merged_part:default_successor",
                                                                  "unchanged"):
                units[uid]["successor"] = f"comm-2025-{rec['new_gso_code']}"
                units[uid]["valid_to"] = units[uid]["valid_to"] or "2025-06-30"  # every unit is re-founded 1/7/2025
    for rec in _read("quangninh_communes_2025-07.csv"):
        uid = f"comm-2025-{rec['gso_code']}"
        units[uid] = {"unit_id": uid, "group": "commune", "level": "commune", "code": rec["gso_code"],
                      **_names(rec["name_vi"], rec["type"]), "valid_from": "2025-07-01", "valid_to": "",
                      "successor": "", "aliases": "",
                      "note": "commune-level unit from 1/7/2025 (NQ 1679/NQ-UBTVQH15)", "district": "",
                      "confirmed": "yes"}
    columns = ["unit_id", "group", "level", "code", "name_vi", "name_en", "short_vi", "short_en", "valid_from",
               "valid_to", "successor", "aliases", "note", "district", "confirmed"]
    with (REG / "communes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(units.values())
    with (REG / "name_changes.csv").open(encoding="utf-8") as fh:
        kept = [r for r in csv.DictReader(fh) if not r["unit_id"].startswith("comm-")]
    with (REG / "name_changes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["unit_id", "effective", "name_vi", "name_en", "short_vi", "short_en", "source"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept + changes)
    print(f"{len(units)} commune-level units, {len(changes)} renames")


if __name__ == "__main__":
    main()
