"""The PDF certificate: a Jinja2 HTML template rendered by WeasyPrint with embedded CJK fonts."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from certificates.render import texts
from certificates.render.chart import contribution_chart_svg
from certificates.render.errors import FetchRefused, FontNotFound, RenderError
from certificates.render.qr import qr_content, qr_svg
from certificates.render.view import LANGUAGES, POLLUTANTS, LabelView

TEMPLATE = "certificate.html"
# Where Debian's fonts-noto-cjk package installs Noto Sans CJK (one .ttc holds SC, TC, HK, JP, KR).
DEFAULT_FONT_DIRS: tuple[Path, ...] = (Path("/usr/share/fonts/opentype/noto"),)
REGULAR_FONT = "NotoSansCJK-Regular.ttc"
BOLD_FONT = "NotoSansCJK-Bold.ttc"


@dataclass(frozen=True)
class CertificateFonts:
    """The font files the certificate's @font-face rules point at."""

    regular: Path
    bold: Path | None


def find_fonts(font_dirs: list[Path] | tuple[Path, ...]) -> CertificateFonts:
    """Find the Noto Sans CJK regular (required) and bold (optional) files in the directories."""

    def first(name: str) -> Path | None:
        """Return the first directory's file of that name, resolved, or None."""
        return next(((d / name).resolve() for d in font_dirs if (d / name).is_file()), None)

    regular = first(REGULAR_FONT)
    if regular is None:
        dirs = ", ".join(str(d) for d in font_dirs) or "(none)"
        raise FontNotFound(
            f"{REGULAR_FONT} is in none of: {dirs}; install Debian's fonts-noto-cjk "
            "(make system-packages) or pass the directory holding it"
        )
    return CertificateFonts(regular=regular, bold=first(BOLD_FONT))


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """A WeasyPrint URL fetcher serving only data: URLs and file: URLs under given directories."""

    def __init__(self, roots: list[Path]) -> None:
        """Allow files under roots; everything else is refused, and any failure stops rendering."""
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self._roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        """Fetch url if it is data: or a file under an allowed root, else raise FetchRefused."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise FetchRefused(f"refused {url!r}: remote file host")
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise FetchRefused(f"refused {url!r}: not under {', '.join(map(str, self._roots))}")
        elif scheme != "data":
            raise FetchRefused(f"refused {url!r}: only file: and data: URLs are fetched")
        return super().fetch(url, headers)


@lru_cache(maxsize=8)
def _environment(template_dir: Path) -> jinja2.Environment:
    """Return the Jinja2 environment for a template directory (cached: templates compile once)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_local = threading.local()


def _font_config() -> FontConfiguration:
    """Return this thread's WeasyPrint font configuration.

    Reusing it means @font-face files are read once per thread instead of once per render (Pango
    font maps are not shared between threads).
    """
    config: FontConfiguration | None = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def certificate_html(view: LabelView, template_dir: Path, fonts: CertificateFonts) -> str:
    """Render the certificate template to HTML (also handy for previews in a browser)."""
    template = _environment(template_dir.resolve()).get_template(TEMPLATE)
    return template.render(
        view=view,
        h=texts.HEADINGS,
        status=texts.term(texts.STATUS_TERMS, view.status),
        boundary=texts.term(texts.BOUNDARY_TERMS, view.system_boundary),
        languages=LANGUAGES,
        pollutants=[
            (
                texts.POLLUTANT_NAMES[key],
                view.air_pollutants[key],
                None if view.air_pollutant_coverage is None else view.air_pollutant_coverage[key],
            )
            for key in POLLUTANTS
        ],
        coverage=texts.COVERAGE_TERMS,
        coverage_pct=texts.coverage_percent,
        change=view.change_since_previous,
        change_terms=texts.CHANGE_TERMS,
        pollutant_names=texts.POLLUTANT_NAMES,
        signed=texts.change_text,
        dec=texts.decimal_text,
        pct=texts.percent_text,
        day=texts.date_text,
        qr=Markup(qr_svg(view.verification_url)),  # noqa: S704  # segno output, no user text
        qr_text=qr_content(view.verification_url),
        chart=Markup(  # noqa: S704  # every text in the chart is escaped by xml_text
            contribution_chart_svg(view.contributions, view.unit_of_measurement)
        ),
        font_regular=fonts.regular.as_uri(),
        font_bold=fonts.bold.as_uri() if fonts.bold else None,
    )


def render_certificate_pdf(
    view: LabelView, template_dir: Path, font_dirs: list[Path] | None = None
) -> bytes:
    """Render a label's certificate as PDF bytes, fetching only local template and font files."""
    dirs = list(DEFAULT_FONT_DIRS) if font_dirs is None else font_dirs
    fonts = find_fonts(dirs)
    template_dir = template_dir.resolve()
    fetcher = LocalOnlyFetcher(
        [template_dir, *(f.parent for f in (fonts.regular, fonts.bold) if f)]
    )
    html = HTML(
        string=certificate_html(view, template_dir, fonts),
        base_url=template_dir.as_uri() + "/",
        url_fetcher=fetcher,
    )
    # A stable identifier derived from the label keeps re-renders of one label byte-comparable.
    identifier = hashlib.sha256(view.label_id.encode()).hexdigest()[:32].encode()
    try:
        pdf: bytes = html.write_pdf(font_config=_font_config(), pdf_identifier=identifier)
    except FatalURLFetchingError as error:  # fail_on_errors wraps what the fetcher raised
        if isinstance(error.__cause__, RenderError):
            raise error.__cause__ from None
        raise RenderError(f"{error}: {error.__cause__}") from error
    return pdf
