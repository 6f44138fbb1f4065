"""A review is a folder: review.toml, corpus/ (source files as given), annotations/."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import platformdirs

from reviewer import formats
from reviewer.domain.errors import ReviewerError
from reviewer.domain.record import Record
from reviewer.formats.fields import unique_id
from reviewer.persistence import store
from reviewer.persistence.atomic import write_atomically
from reviewer.persistence.record_cache import cached_read
from reviewer.review import config as review_config
from reviewer.review.config import CONFIG_FILE, DEFAULT_CONFIG, ReviewConfig, load_config, toml_string

CORPUS_DIR = "corpus"
FULL_TEXT_DIR = "fulltext"  # inside corpus/: full texts named after their record's id
# Inside corpus/: its files in the order they were imported, a name a line. Read in that order,
# the records of a file imported later never take an id given before (git merges it as a union).
IMPORT_ORDER = ".imported"
FULL_TEXT_EXTENSIONS = (".pdf", ".txt", ".md", ".html", ".htm")
ANNOTATIONS_DIR = "annotations"
SAMPLE_NAME = "Sample: vertebroplasty"
# Not shared: the running app's locks, a save cut off by a crash (anywhere in the review),
# copies of damaged files (they may hold what their owner did not mean to share), and exports.
_IGNORED = ("annotations/*.lock", ".*.tmp", "annotations/*.damaged-*", "exports/")
_GITIGNORE_HEAD = "# Not shared with the team: locks, cut-off saves, copies of damaged files, exports.\n"
# review.toml is merged by its settings (two people's new reasons both stay), not by its lines.
_GITATTRIBUTES = f"review.toml merge=reviewer-settings\n{CORPUS_DIR}/{IMPORT_ORDER} merge=union\n"


class ReviewError(ReviewerError):
    """A folder is not a review, or cannot become one; the message says why."""


@dataclass
class Review:
    root: Path
    corpus_dir: Path
    annotations_dir: Path
    config: ReviewConfig
    is_sample: bool = False
    _records: list[Record] | None = field(default=None, repr=False)
    _by_id: dict[str, Record] = field(default_factory=dict, repr=False)
    warnings: list[str] = field(default_factory=list, repr=False)
    _same_study: dict[str, str] = field(default_factory=dict, repr=False)
    _text_sources: set[str] = field(default_factory=set, repr=False)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    def full_text_path(self, record_id: str) -> Path | None:
        """The full text attached to the record: corpus/fulltext/<id>.pdf (or .txt, .md, .html),
        with the id's ":" and "/" written as "-"."""
        for suffix in FULL_TEXT_EXTENSIONS:
            path = self.corpus_dir / FULL_TEXT_DIR / f"{full_text_name(record_id)}{suffix}"
            if path.is_file() and not path.is_symlink():
                return path
        return None

    def full_text_kinds(self) -> dict[str, str]:
        """record id -> the kind of its text ("pdf", "txt", "md", "html"), for every record
        with one (its own, or attached), from one listing of corpus/fulltext/."""
        kinds = {r.id: PurePosixPath(r.source).suffix.lstrip(".") for r in self.records() if r.text}
        folder = self.corpus_dir / FULL_TEXT_DIR
        if folder.is_dir():
            by_name = {full_text_name(r.id): r.id for r in self.records()}
            for path in folder.iterdir():
                record_id = by_name.get(path.stem)
                if record_id is not None and path.suffix.lower() in FULL_TEXT_EXTENSIONS and path.is_file():
                    kinds.setdefault(record_id, path.suffix.lower().lstrip(".").replace("htm", "html")[:4])
        return kinds

    def has_full_text(self, record: Record) -> bool:
        """Whether the record has a text to read (without reading it)."""
        return bool(record.text) or self.full_text_path(record.id) is not None

    def full_text_of(self, record: Record) -> Record | None:
        """The record with its source text: its own (a .txt or .md record), else its attached
        full text, read as the Reader shows it (a PDF's text layer, an HTML page's text); None
        without one. A full text that cannot be read raises UnreadableFile naming it."""
        if record.text:
            return record
        path = self.full_text_path(record.id)
        if path is None:
            return None
        source = path.relative_to(self.corpus_dir).as_posix()
        full_text = formats.read_full_text(path, source)
        return replace(record, text=full_text.text, source=source, page_starts=full_text.pages)

    def records(self) -> list[Record]:
        """Every record of every file in the corpus, files in the order imported (read once,
        then cached).

        Every entry is a record of its own with an id unique in the review; one that shares
        a PMID or DOI with a record read before it is in `same_study`, never merged away.
        """
        if self._records is None:
            self._records = self._load()
        return self._records

    @property
    def same_study(self) -> dict[str, str]:
        """A record that shares its PMID or DOI with one read before it (the same study
        exported twice) -> that one: set aside as a duplicate unless a reviewer says otherwise."""
        self.records()
        return self._same_study

    @property
    def text_sources(self) -> set[str]:
        """Files of source texts (not database exports): PRISMA counts their records apart."""
        self.records()
        return self._text_sources

    def record(self, record_id: str) -> Record | None:
        self.records()
        return self._by_id.get(record_id)

    def reload(self) -> None:
        """Forget what was read, so the next call reads the corpus as it is now."""
        self._records = None

    def _load(self) -> list[Record]:
        records: list[Record] = []
        by_id: dict[str, Record] = {}
        warnings: list[str] = []
        same_study: dict[str, str] = {}
        text_sources: set[str] = set()
        first_with: dict[str, str] = {}  # "pmid:…" / "doi:…" -> the first record that has it
        for path in self.source_files():
            source = path.relative_to(self.corpus_dir).as_posix()
            if path.is_symlink():
                warnings.append(f"{source}: a symbolic link; left out (a corpus holds its files itself)")
                continue
            try:
                result = cached_read(path, source, formats.read_file)
            except (formats.UnreadableFile, OSError) as error:
                warnings.append(f"{source}: {error}")
                continue
            warnings.extend(result.warnings)
            if result.format == "text":
                text_sources.add(source)
            for record in result.records:
                if record.id in by_id:  # read in an earlier file: this one takes its place into its id
                    record = replace(record, id=unique_id(record))
                keys = [f"pmid:{record.pmid}"] * bool(record.pmid) + [f"doi:{record.doi}"] * bool(record.doi)
                earlier = next((first_with[key] for key in keys if key in first_with), None)
                if earlier is not None:
                    same_study[record.id] = earlier
                for key in keys:
                    first_with.setdefault(key, earlier or record.id)
                by_id[record.id] = record
                records.append(record)
        self._by_id, self.warnings, self._same_study, self._text_sources = by_id, warnings, same_study, text_sources
        return records

    def source_files(self) -> list[Path]:
        """The files in corpus/, hidden ones left out: in the order imported (IMPORT_ORDER), then
        any put there otherwise, in name order (a review imported before the order was kept:
        all of them, as they were read then)."""
        if not self.corpus_dir.is_dir():
            return []
        found = {
            path.relative_to(self.corpus_dir).as_posix(): path
            for path in self.corpus_dir.rglob("*")
            if path.is_file() and _is_source(path.relative_to(self.corpus_dir).parts)
        }
        place: dict[str, int] = {}
        for name in self._import_order():
            place.setdefault(name, len(place))  # a name merged in from both sides counts once
        return [found[name] for name in sorted(found, key=lambda name: (place.get(name, len(place)), name))]

    def _import_order(self) -> list[str]:
        try:
            text = (self.corpus_dir / IMPORT_ORDER).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # none yet, or unreadable: name order, as before
            return []
        return [line for line in text.splitlines() if line.strip()]

    def remember_import(self, name: str) -> None:
        """Keep `name` (a file just copied into corpus/) as imported last: after every file
        there now, in the order they are read, so no record already there changes its id."""
        before = [p.relative_to(self.corpus_dir).as_posix() for p in self.source_files()]
        order = [other for other in before if other != name] + [name]
        write_atomically(self.corpus_dir / IMPORT_ORDER, "".join(f"{line}\n" for line in order).encode("utf-8"))

    def add_exclusion_reason(self, reason: str) -> bool:
        """Add `reason` to review.toml for the whole team (if it is new) and read the settings
        again; True when it was added."""
        reason = reason.strip()
        if not reason or reason in self.config.exclusion_reasons:
            return False
        review_config.add_exclusion_reason(self.config_path, reason)
        self.config = load_config(self.config_path)
        return True

    def name_source(self, source: str, database: str) -> None:
        """Keep in review.toml that corpus file `source` came from `database` (for the team)."""
        review_config.name_source(self.config_path, source, database)
        self.config = load_config(self.config_path)

    def reviewer_slugs(self) -> list[str]:
        return store.reviewer_slugs(self.annotations_dir)

    def open_store(self, slug: str, reviewer: str, **callbacks: Any) -> store.ReviewerStore:
        return store.ReviewerStore.open(self.annotations_dir, slug, reviewer, **callbacks)


def _is_source(parts: tuple[str, ...]) -> bool:
    """Hidden files and full texts (which belong to other records) are no records of their own."""
    return parts[0] != FULL_TEXT_DIR and not any(part.startswith(".") for part in parts)


def full_text_name(record_id: str) -> str:
    return re.sub(r"[^\w.-]+", "-", record_id)


SAMPLE_KEYWORDS = (
    ("randomised", "randomized", "placebo", "sham", "controlled trial"),
    ("case report", "cadaver", "animal", "review"),
)


def init_review(
    path: Path, name: str | None = None, keywords: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
) -> Review:
    """Make `path` an empty review: review.toml with default tags, corpus/, annotations/."""
    config_path = path / CONFIG_FILE
    if config_path.exists():
        raise ReviewError(f"{path} is a review already ({CONFIG_FILE} exists)")
    path.mkdir(parents=True, exist_ok=True)
    (path / CORPUS_DIR).mkdir(exist_ok=True)
    (path / ANNOTATIONS_DIR).mkdir(exist_ok=True)
    include, exclude = ("[" + ", ".join(toml_string(word) for word in words) + "]" for words in keywords)
    text = DEFAULT_CONFIG.format(name=toml_string(name or path.resolve().name), include=include, exclude=exclude)
    config_path.write_text(text, encoding="utf-8")
    review = open_review(path)
    write_git_settings(review)
    return review


def write_git_settings(review: Review) -> list[str]:
    """The review's .gitignore and .gitattributes hold what a team sharing it with git needs
    (lines missing from an older review's are added, the rest left as written); the files changed."""
    changed = []
    for name, head, lines in (
        (".gitignore", _GITIGNORE_HEAD, _IGNORED),
        (".gitattributes", "", _GITATTRIBUTES.splitlines()),
    ):
        path = review.root / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        missing = [line for line in lines if line not in text.splitlines()]
        if missing:
            start = text if not text or text.endswith("\n") else text + "\n"
            path.write_text((start or head) + "\n".join(missing) + "\n", encoding="utf-8")
            changed.append(name)
    return changed


def is_review(path: Path) -> bool:
    return (path / CONFIG_FILE).is_file()


def open_review(path: Path) -> Review:
    if not path.is_dir():
        raise ReviewError(f"{path} is not a folder")
    if not is_review(path):
        raise ReviewError(f"{path} is not a review (no {CONFIG_FILE}); create one with: reviewer init {path}")
    for folder in (path / CORPUS_DIR, path / CORPUS_DIR / FULL_TEXT_DIR, path / ANNOTATIONS_DIR):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise ReviewError(
                f"{folder} is {'a symbolic link' if folder.is_symlink() else 'not a folder'}: a review keeps its "
                "files in folders of its own (nothing is read or written through a link); put the folder itself there"
            )
    return Review(
        root=path,
        corpus_dir=path / CORPUS_DIR,
        annotations_dir=path / ANNOTATIONS_DIR,
        config=load_config(path / CONFIG_FILE),
    )


def bundled_corpus() -> Path:
    """The sample texts: inside the package when installed from a wheel, else the repo's."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_sample_corpus"
    return packaged if packaged.is_dir() else package.parent / CORPUS_DIR


def sample_review() -> Review:
    """The bundled sample corpus; its settings and claims live in the user's data folder."""
    root = platformdirs.user_data_path("reviewer") / "sample"
    if not is_review(root):
        init_review(root, name=SAMPLE_NAME, keywords=SAMPLE_KEYWORDS)
    review = open_review(root)
    review.corpus_dir = bundled_corpus()
    review.is_sample = True
    return review


def find_review(path: Path | None) -> Review:
    """PATH if given, else the review the current folder is in (it, or a folder above it, as
    git finds its repository: a command run inside corpus/ works on its review), else the
    bundled sample."""
    if path is not None:
        return open_review(path)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if is_review(folder):
            return open_review(folder)
    return sample_review()
