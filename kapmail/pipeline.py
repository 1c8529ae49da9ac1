"""load -> plan -> render -> fill -> mime -> check: each email computed once.

`Pass` walks a series for one target (a platform's merge tags, a recipient): each email is
rendered, filled in the platform's syntax, wrapped in its .eml for the recipient and checked,
and handed to the command as those very bytes, to write or to send. Only the light summary
the series rules need stays behind, so memory stays flat on long series. A long series is
made in worker processes (`kapmail.parallel`), taken in order. Over 300 lines: the one pass
(build cache, workers, checks) lives with the sources and targets it is made of.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kapmail import platforms
from kapmail.buildcache import BuildCache, Entry
from kapmail.checks import Checker, Context, Finding, Registry, Seen, sort_findings
from kapmail.config import CAMPAIGN_FILE, Campaign, campaign_for_article, load_campaign
from kapmail.content import read_article, suffixes
from kapmail.errors import KapmailError
from kapmail.parallel import Ahead
from kapmail.plan import Email, Series, plan_series
from kapmail.platforms import GENERIC, Profile
from kapmail.preview.inbox import Inbox

ARTICLE_SUFFIXES = suffixes.ARTICLES


def find_sources(sources: Iterable[Path], *, default_root: Path = Path("campaigns")) -> list[Path]:
    """The given sources, or every campaign folder under ./campaigns when none is given."""
    found = list(sources)
    if found:
        return found
    folders = sorted(p.parent for p in default_root.glob(f"*/{CAMPAIGN_FILE}"))
    if not folders:
        raise KapmailError(
            "no campaigns found",
            file=default_root,
            hint="give a campaign folder or an article file",
        )
    return folders


class RuleNames(Collection[str]):
    """What a `[checks.<name>]` table may name: every rule and family (`checks.names`,
    generated from the registry, so no rule is imported to load a campaign)."""

    def _names(self) -> Collection[str]:
        from kapmail.checks.names import NAMES

        return NAMES

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


def _registry() -> Registry:
    from kapmail.checks import REGISTRY  # the rules load when first checked

    return REGISTRY


def load(source: Path, *, org_file: Path | None = None) -> Campaign:
    """A campaign folder, or a bare article file with organisation defaults.

    `org_file` (--config) replaces the search for the nearest kapmail.toml.
    """
    if source.name == CAMPAIGN_FILE and source.is_file():
        source = source.parent
    names = RuleNames()
    if source.is_dir():
        return load_campaign(source, check_names=names, org_file=org_file)
    if source.suffix.lower() in ARTICLE_SUFFIXES or source.is_file():
        if not source.exists():
            raise KapmailError("file not found", file=source, hint="check the path")
        return campaign_for_article(source, check_names=names, org_file=org_file)
    raise KapmailError("not found", file=source, hint="give a campaign folder or an article file")


def plan(campaign: Campaign, *, encoding: str = "utf-8", language: str | None = None) -> Series:
    """Read the article and lay the series out (no rendering); `language` (`--language`) is
    the readers' language when neither the campaign nor the article's front matter says."""
    reading = campaign.article
    article = read_article(
        campaign.article_path,
        encoding=encoding,
        sections=reading.sections,
        conclusion=reading.conclusion,
        folder=campaign.root if campaign.root / CAMPAIGN_FILE in campaign.sources else None,
    )
    return plan_series(article, campaign, language=language)


@dataclass(frozen=True)
class Sources:
    """What a command reads: its SOURCE arguments, the organisation file (`--config`) and the
    article encoding and `--language`, carried together from the command line to `load` and
    `plan`."""

    paths: tuple[Path, ...] = ()
    org_file: Path | None = None
    encoding: str = "utf-8"
    language: str | None = None  # --language

    def found(self) -> list[Path]:
        """The given paths, or every campaign folder under ./campaigns."""
        return find_sources(self.paths)

    def series(self, source: Path) -> Series:
        """One source loaded and planned."""
        loaded = load(source, org_file=self.org_file)
        return plan(loaded, encoding=self.encoding, language=self.language)

    def each(self) -> Iterator[Series]:
        """Each source (or every campaign under ./campaigns) loaded and planned, in turn."""
        return (self.series(source) for source in self.found())

    def loaded(self, command: str) -> Campaign:
        """The one campaign a command works on, loaded: the source given, or the only one
        under ./campaigns."""
        found = self.found()
        if len(found) > 1:
            raise KapmailError(
                f"{len(found)} campaigns found under campaigns/",
                hint=f"name one: kapmail {command} campaigns/<name> …",
            )
        return load(found[0], org_file=self.org_file)

    def one(self, command: str) -> Series:
        """The one campaign a command works on (as `loaded`), planned."""
        return plan(self.loaded(command), encoding=self.encoding, language=self.language)


class OutputFolders:
    """The output folder (campaign slug) each source of one run writes: two sources that
    would write the same one are an error naming both, never a silent overwrite."""

    def __init__(self) -> None:
        self.claimed: dict[str, Path] = {}

    def claim(self, campaign: Campaign) -> None:
        source = campaign.article_path
        first = self.claimed.setdefault(campaign.slug, source)
        if first != source:
            raise KapmailError(
                f"{first} and {source} would both write the output folder "
                f"{campaign.slug!r}; {source} was not built",
                file=source,
                hint="give one a campaign folder with its own [campaign] slug, or build them "
                "one at a time with different --out folders",
            )


@dataclass(frozen=True)
class Target:
    """Who an email is built for: a platform's merge tags and the .eml's recipient."""

    profile: Profile = GENERIC
    to: str | None = None  # None: the placeholder recipient


@dataclass(frozen=True)
class Made:
    """One email made, as a worker sends it back: its bytes, its findings and digests, and
    the visible text the series rules keep."""

    html: bytes
    text: bytes
    eml: bytes
    findings: tuple[Finding, ...]
    checked: dict[str, str]
    visible: str
    mjml: bytes
    inbox: Inbox | None  # its inbox line, when the pass keeps it (`Pass(inbox=True)`)


@dataclass(frozen=True)
class Outgoing:
    """One email as it leaves: the bytes to write or send, and what the checks said of them."""

    email: Email
    html: bytes
    text: bytes
    eml: bytes
    findings: tuple[Finding, ...] = ()
    checked: dict[str, str] = field(default_factory=dict)  # part -> sha256 the rules saw
    mjml: bytes = b""  # the MJML its HTML was made from (`build --keep-mjml` writes it)
    inbox: Inbox | None = None  # its inbox line, for a pass that keeps it


def context(
    series: Series, email: Email, profile: Profile, html: str, text: str, eml: bytes
) -> Context:
    """What the rules see of one email: exactly what leaves, in `profile`'s syntax."""
    return Context(
        name=email.stem,
        position=email.position,
        slug=email.slug,
        subject=email.subject,
        preheader=email.preheader,
        html=html,
        text=text,
        eml=eml,
        campaign=series.campaign,
        email=email,
        article=str(series.article.path),
        article_unit=series.article.line_unit,
        merge_tags=profile.merge_tags,
    )


class Pass:
    """One pass over a series for one target; iterate it once for the emails as they leave.

    After the iteration, `findings` holds every finding of the series (the emails', then
    the series rules'); it stays None when built with `check=False`. `finished` says the
    last email has passed. With `inbox` (or a cache), each email's inbox line is read where
    it is made, from the message the rules parsed (the gallery shows it). `workers=1`
    makes every email in this process (a long series is otherwise made in forked workers).
    """

    def __init__(
        self,
        series: Series,
        target: Target | None = None,
        *,
        check: bool = True,
        registry: Registry | None = None,
        cache: BuildCache | None = None,
        inbox: bool = False,
        workers: int | None = None,
    ) -> None:
        self.series = series
        self.cache = cache
        self.inbox = inbox or cache is not None
        self.workers = workers  # None: `parallel.workers()`; 1: made here, never forked
        self.target = target or Target()
        self.checker = Checker(registry or _registry(), series.campaign) if check else None
        self.findings: list[Finding] | None = None
        self.started = self.finished = False

    def __iter__(self) -> Iterator[Outgoing]:
        if self.started:
            raise RuntimeError("a Pass runs once: make a new one")
        self.started = True
        found: list[Finding] = []
        cache, keys = self.cache, [self._key(email) for email in self.series.emails]
        missing = {at for at, key in enumerate(keys) if cache is None or not cache.has(key)}
        # The series' first email made first (the rules keep each email in order).
        ahead = Ahead(self._make, sorted(missing), self.workers, warm=0 in missing)
        try:
            for at, email in enumerate(self.series.emails):
                kept = None if cache is None or at in missing else cache.get(keys[at])
                making = functools.partial(self._take, ahead, at)
                item = self._outgoing(email, (keys[at], kept), making)
                found += item.findings
                yield item
        finally:
            ahead.close()
        if self.checker is not None:
            self.findings = sort_findings([*found, *self.checker.finish()])
        self.finished = True

    def _key(self, email: Email) -> str:
        """The email's build-cache key ("" without a cache). Entries are read one at a time
        as the emails pass (memory stays flat); a damaged one is made again, here."""
        if self.cache is None:
            return ""
        return self.cache.key(self.series, email, repr(self.target), check=self.checker is not None)

    def _outgoing(
        self, email: Email, kept: tuple[str, Entry | None], making: Callable[[], Made]
    ) -> Outgoing:
        """One email from the build cache when its inputs are unchanged, else made (and
        cached); its parsed HTML is let go here."""
        key, e = kept  # e: the cache entry, None on a miss
        if e is None:
            m = making()
            item = Outgoing(email, m.html, m.text, m.eml, m.findings, m.checked, m.mjml, m.inbox)
            if self.cache is not None and m.inbox is not None:
                findings = None if self.checker is None else m.findings
                e = Entry(m.html, m.text, m.eml, findings, m.checked, m.visible, m.mjml, m.inbox)
                self.cache.put(key, e)
            return item
        self._keep(email, e.visible_text)
        found = e.findings or ()
        return Outgoing(email, e.html, e.text, e.eml, found, e.checked, e.mjml, e.inbox)

    def _take(self, ahead: Ahead[Made], at: int) -> Made:
        """The email at `at` made, by a worker (its summary kept here) or here and now."""
        made, elsewhere = ahead.get(at)
        if elsewhere:
            self._keep(self.series.emails[at], made.visible)
        return made

    def _keep(self, email: Email, visible: str) -> None:
        """What the series rules need of an email checked elsewhere (a worker, the cache)."""
        if self.checker is not None:
            seen = Seen(email.stem, email.position, email, visible)
            self.checker.keep(seen, str(self.series.article.path), self.series.article.line_unit)

    def _make(self, at: int) -> Made:
        """The email at `at` rendered, filled, wrapped and checked (here or in a worker)."""
        from kapmail.deliver import mime  # the email package: only when an email is made
        from kapmail.preview.inbox import inbox_of
        from kapmail.render import render_email  # premailer too

        email, campaign, profile = self.series.emails[at], self.series.campaign, self.target.profile
        rendered = render_email(email, campaign)
        html, text = platforms.fill(profile, campaign, email.slug, rendered.html, rendered.text)
        eml = mime.to_bytes(campaign, email, html, text, to=self.target.to)
        mjml, html_bytes = rendered.mjml.encode(), html.encode()
        if self.checker is None:
            inbox = inbox_of(html_bytes, eml) if self.inbox else None
            return Made(html_bytes, text.encode(), eml, (), {}, "", mjml, inbox)
        ctx = context(self.series, email, profile, html, text, eml)
        findings = tuple(self.checker.check(ctx))
        visible = self.checker.seen[-1].visible_text
        inbox = inbox_of(html_bytes, eml, ctx.message, ctx.doc.root) if self.inbox else None
        return Made(html_bytes, text.encode(), eml, findings, ctx.digests(), visible, mjml, inbox)

    def run(self) -> list[Outgoing]:
        """Every email at once (for tests and small series); `findings` is set after."""
        return list(self)
