"""Offline assets of the dashboard: plotly.js from the installed ``plotly`` package and
country outlines from the installed ``countryinfo`` package. Nothing is fetched at run
time; the browser loads everything from this server."""

from __future__ import annotations

import functools
import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def plotly_js_path() -> Path:
    """``plotly.min.js`` as shipped in the plotly wheel's ``package_data``."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def static_dir() -> Path:
    return Path(__file__).resolve().parent / "static"


def templates_dir() -> Path:
    return Path(__file__).resolve().parent / "templates"


@functools.cache
def world_geojson() -> dict[str, Any]:
    """A FeatureCollection of country outlines (id = ISO3) plus a ``centroids`` map for
    countries that have no outline in the data (small island states), from countryinfo."""
    features: list[dict[str, Any]] = []
    centroids: dict[str, list[float]] = {}
    try:
        folder = Path(str(resources.files("countryinfo") / "data"))
    except ModuleNotFoundError:  # pragma: no cover - countryinfo is a dependency of the web extra
        log.warning("countryinfo is not installed: maps will have no outlines")
        return {"type": "FeatureCollection", "features": [], "centroids": {}}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso3 = (data.get("ISO") or {}).get("alpha3")
        if not iso3:
            continue
        latlng = data.get("latlng") or []
        if len(latlng) == 2:
            centroids[iso3] = [float(latlng[1]), float(latlng[0])]
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry")
            if geometry and geometry.get("type") in {"Polygon", "MultiPolygon"}:
                features.append({"type": "Feature", "id": iso3, "properties": {}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features, "centroids": centroids}
