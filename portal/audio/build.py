"""Make clips ahead of time: reuse what exists, synthesise the rest, then update the manifest."""

from __future__ import annotations

import fcntl
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from portal.audio.engines import EngineUnavailable, SpeechEngine
from portal.audio.store import Manifest, clip_name, read_manifest, text_hash, write_atomically
from portal.audio.store import write_manifest as save_manifest


@dataclass
class BuildReport:
    """What a build did: clips made, reused and failed, time taken, clips per engine, notes."""

    made: int = 0
    reused: int = 0
    failed: int = 0
    seconds: float = 0.0
    by_engine: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every clip the build was asked for."""
        return self.made + self.reused + self.failed

    def summary(self) -> str:
        """One line for a person: counts, time and engines used."""
        engines = ", ".join(f"{name} {count}" for name, count in self.by_engine.items())
        return (
            f"Audio: {self.total} clips ({self.made} made, {self.reused} reused, "
            f"{self.failed} failed) in {self.seconds:.1f} s; engines: {engines or 'none'}."
        )


def _clip(
    store: Path,
    engines: Sequence[SpeechEngine],
    down: set[str],
    report: BuildReport,
    lang: str,
    text: str,
    variant: str,
) -> str | None:
    """Reuse or make one clip; return its file name (None if it failed)."""
    for engine in engines:
        name = clip_name(engine.name, lang, variant, text, engine.version)
        if (store / name).exists():
            report.reused += 1
        elif engine.name in down:
            continue
        else:
            try:
                data = engine.synthesise(text, lang, slow=variant == "slow")
            except EngineUnavailable as error:
                down.add(engine.name)
                report.notes.append(_fallback_note(engine.name, error, engines, down))
                continue
            except Exception as error:  # one bad clip must not stop the build
                report.failed += 1
                report.notes.append(f"{engine.name} failed on {lang} {variant} {text!r}: {error}")
                return None
            write_atomically(store / name, data)
            report.made += 1
        report.by_engine[engine.name] = report.by_engine.get(engine.name, 0) + 1
        return name
    report.failed += 1  # every engine is down; build_clips says so once
    return None


def _fallback_note(
    name: str, error: Exception, engines: Sequence[SpeechEngine], down: set[str]
) -> str:
    """Say that an engine is out for this run, and which one takes over."""
    left = [engine.name for engine in engines if engine.name not in down]
    instead = f"using {left[0]} instead" if left else "no other engine to use"
    return f"{name} is unavailable ({error}); {instead} for the rest of this run."


def build_clips(
    pairs: Iterable[tuple[str, str]],
    store_dir: str | os.PathLike[str],
    engines: Sequence[SpeechEngine],
    variants: Sequence[str] = ("normal",),
    progress: Callable[[int], object] | None = None,
    add: bool = False,
) -> BuildReport:
    """Make every missing clip for (language, text) pairs in each variant; update the manifest:
    it then lists these texts' clips only (`flask audio build` lists every text), or with `add`
    these and every clip it listed before (publishing new content adds its texts)."""
    started = time.perf_counter()
    store = Path(store_dir)
    store.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    down: set[str] = set()
    old = read_manifest(store)
    built: Manifest = {}
    for lang, text in pairs:
        for variant in variants:
            key = text_hash(text)
            name = _clip(store, engines, down, report, lang, text, variant)
            if name is None:  # a failed clip keeps the one pages had before, if any
                name = old.get(lang, {}).get(variant, {}).get(key)
            if name is not None and (store / name).exists():
                built.setdefault(lang, {}).setdefault(variant, {})[key] = name
            if progress is not None:
                progress(1)
    if down.issuperset(engine.name for engine in engines):
        report.notes.append("No speech engine could be used, so no new clips were made.")
    with _manifest_lock(store):  # another process may be adding clips at the same time
        current = read_manifest(store)
        if add:
            built = _added(current, built)
        save_manifest(store, _merged(current, built, variants, store))
    report.by_engine = dict(Counter(report.by_engine).most_common())
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _manifest_lock(store: Path) -> Iterator[None]:
    """Hold the store's lock while the manifest is read, merged and written (Linux: flock)."""
    with open(store / ".manifest.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _added(old: Manifest, built: Manifest) -> Manifest:
    """The earlier entries with this build's added or replacing them."""
    merged: Manifest = {lang: {v: dict(e) for v, e in by.items()} for lang, by in old.items()}
    for lang, by_variant in built.items():
        for variant, entries in by_variant.items():
            merged.setdefault(lang, {}).setdefault(variant, {}).update(entries)
    return merged


def _merged(old: Manifest, built: Manifest, variants: Sequence[str], store: Path) -> Manifest:
    """This build's entries, plus earlier entries for variants it did not build (if still there)."""
    merged: Manifest = {lang: dict(by_variant) for lang, by_variant in built.items()}
    for lang, by_variant in old.items():
        for variant, entries in by_variant.items():
            if variant not in variants:
                kept = {key: name for key, name in entries.items() if (store / name).exists()}
                merged.setdefault(lang, {})[variant] = kept
    return merged
