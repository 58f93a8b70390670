"""Province polygons for the maps: geoBoundaries ADM1 (``data/raw/boundaries/``), keyed by registry unit,
the 63 provinces to 6/2025 and the 34 from 1/7/2025 dissolved through the registry's successor links."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from qnindex.data import registry

FILE = "geoBoundaries-VNM-ADM1_simplified.geojson"
ATTRIBUTION = {"vi": "Ranh giới: geoBoundaries (Runfola et al. 2020), CC BY 4.0",
               "en": "Boundaries: geoBoundaries (Runfola et al. 2020), CC BY 4.0"}
NAMES = {"TP. Hồ Chí Minh": "Hồ Chí Minh", "Côn Đảo": "Bà Rịa - Vũng Tàu"}  # how geoBoundaries writes them


def boundary_file(raw: Path) -> Path:
    """The province polygons of the raw folder ``raw`` (geoBoundaries ADM1, simplified)."""
    return Path(raw) / "boundaries" / FILE


@lru_cache(maxsize=2)
def _provinces_2008(path: Path):
    import geopandas as gpd

    gdf = gpd.read_file(path)
    gdf["unit_id"] = [registry.resolve(NAMES.get(n, n), year=2019, group="province").unit_id
                      for n in gdf["shapeName"]]
    return gdf.dissolve(by="unit_id", as_index=False)[["unit_id", "geometry"]]


def provinces(year: int, path: Path):
    """A GeoDataFrame (``unit_id``, ``geometry``) of the provinces of ``year`` (63, or 34 from 2025) from the
    boundary file ``path``."""
    gdf = _provinces_2008(Path(path)).copy()
    gdf["unit_id"] = [registry.successor_in(u, year) for u in gdf["unit_id"]]
    return gdf.dissolve(by="unit_id", as_index=False)
