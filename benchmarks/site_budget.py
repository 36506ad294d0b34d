"""Budgets of the public site: Lighthouse scores and transfer sizes of the baked demo catalog.

    python benchmarks/site_budget.py                      # bake the demo catalog, measure it
    python benchmarks/site_budget.py --build var/build --runs 1 --json budget.json

Bakes the demo catalog (migrate, seed_demo, bake) into a throw-away var folder, serves the build
on 127.0.0.1 the way the site is published (text gzipped, the same content types and
Cache-Control, 404.html for a missing path), runs Lighthouse on the home page, the catalog and
the product with the heaviest photo (mobile: simulated slow 4G and a 4x slower CPU) and prints
each figure next to its budget. Exits with status 1 when a budget is missed, so that a release
can be gated on it.

Lighthouse, pinned in benchmarks/lighthouse/package-lock.json, is installed with npm into
benchmarks/lighthouse/node_modules on first use; it drives Debian's Chromium (CHROME_PATH,
default /usr/bin/chromium).
"""

import argparse
import functools
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.targets import GZIPPED_SUFFIXES, cache_control, content_type, stored_body

REPOSITORY = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = REPOSITORY / "benchmarks" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-dev-shm-usage"
)
# Lighthouse stops a page after 45 s by itself; this only keeps a hung browser from hanging a gate.
LIGHTHOUSE_TIMEOUT_SECONDS = 300
# Lighthouse's category ids, by the name of their figure.
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best_practices": "best-practices",
    "seo": "seo",
}
# Images and video are what a lazy-loading page may leave out; everything else is the page's own
# weight (HTML, CSS, JS, fonts, fetches).
IMAGE_TYPES = {"Image", "Media"}
# A fixed seed gives the same demo catalog (photos, availability) and so comparable figures.
DEMO_SEED = 1
# The build's private folder (sitegen.build_folder.PRIVATE_DIR): the baker's manifest and state.
PRIVATE_DIR = ".etalase"
# The budgets' kilobytes, of 1,000 bytes (Lighthouse's own report shows KiB).
KB = 1000


@dataclass(frozen=True)
class Budget:
    """The budget of one figure: scores are floors, byte counts ceilings."""

    limit: int
    floor: bool
    pages: tuple[str, ...] = ("home", "catalog", "product")

    def met(self, value: float) -> bool:
        return value >= self.limit if self.floor else value <= self.limit

    def text(self) -> str:
        if self.floor:
            return str(self.limit) if self.limit == 100 else f"≥ {self.limit}"
        return f"≤ {self.limit / KB:g} KB"


BUDGETS = {
    "performance": Budget(95, floor=True),
    "accessibility": Budget(100, floor=True),
    "best_practices": Budget(95, floor=True),
    "seo": Budget(100, floor=True),
    # "Transfer for a product page without images ≤ 30 KB compressed (HTML + CSS + JS); the
    # whole first view, images included, ≤ 250 KB."
    "transfer_without_images": Budget(30 * KB, floor=False, pages=("product",)),
    "transfer": Budget(250 * KB, floor=False, pages=("product",)),
}


def kilobytes(size: float) -> str:
    return f"{size / KB:.1f} KB"


# The table's columns: figure, heading, how a value is shown.
COLUMNS = [
    ("performance", "performance", str),
    ("accessibility", "accessibility", str),
    ("best_practices", "best practices", str),
    ("seo", "SEO", str),
    ("lcp_ms", "LCP", lambda ms: f"{ms / 1000:.1f} s"),
    ("tbt_ms", "TBT", lambda ms: f"{ms} ms"),
    ("cls", "CLS", lambda cls: f"{cls:.3f}"),
    ("transfer", "first view", kilobytes),
    ("transfer_without_images", "without images", kilobytes),
]
SHOW = {figure: show for figure, _, show in COLUMNS}


def run_quietly(command: list[str], what: str, **options) -> None:
    """Run a command, showing its output only when it fails (seed_demo prints passwords)."""
    result = subprocess.run(command, capture_output=True, text=True, **options)  # noqa: S603 - ours
    if result.returncode:
        output = (result.stdout + result.stderr).strip().splitlines()
        print("\n".join(output[-30:]), file=sys.stderr)
        raise SystemExit(f"{what} failed (exit status {result.returncode})")


def prepare_lighthouse() -> Path:
    """The pinned Lighthouse, installed from the lock file when missing or of another version,
    once Chromium is known to be there (before a bake that would be wasted without it)."""
    if not Path(CHROME_PATH).exists():
        raise SystemExit(
            f"No Chromium at {CHROME_PATH}: apt-get install chromium, or set CHROME_PATH"
        )
    wanted = json.loads((LIGHTHOUSE_DIR / "package.json").read_text())["dependencies"]["lighthouse"]
    installed = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("npm is needed to install Lighthouse: apt-get install npm")
        print(f"Installing Lighthouse {wanted} into {LIGHTHOUSE_DIR / 'node_modules'} (npm ci)")
        command = [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        run_quietly(command, "npm ci", cwd=LIGHTHOUSE_DIR)
    return LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"


def bake_demo(var_dir: Path) -> Path:
    """Bake the demo catalog in `var_dir`, away from the developer's database, media and build.

    Every ETALASE_ path variable and DATABASE_URL would point outside `var_dir`, so they are
    dropped; seed_demo runs with the dev settings only.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "DATABASE_URL" and not name.startswith("ETALASE_")
    }
    environment |= {"ETALASE_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    steps = [["migrate", "--noinput"], ["seed_demo", "--seed", str(DEMO_SEED)], ["bake"]]
    for number, step in enumerate(steps, 1):
        print(f"  {number}/{len(steps)} manage.py {' '.join(step)}", flush=True)
        command = [sys.executable, "manage.py", *step]
        run_quietly(command, f"manage.py {step[0]}", cwd=REPOSITORY, env=environment)
    return var_dir / "build"


def pages_to_measure(build: Path) -> dict[str, str]:
    """Home, catalog and the product with the heaviest photo (the budget's worst case), by path."""
    try:
        products = json.loads((build / "catalog.json").read_text())["products"]
    except (OSError, ValueError, KeyError) as error:
        raise SystemExit(f"No usable catalog.json in {build}: {error}") from error
    if not products:
        raise SystemExit(f"catalog.json in {build} lists no product")
    heaviest = max(products, key=lambda product: photo_bytes(build, product))
    return {"home": "/", "catalog": "/katalog/", "product": urlsplit(heaviest["url"]).path}


def photo_bytes(build: Path, product: dict) -> int:
    photos = [build / urlsplit(url).path.lstrip("/") for url in product["images"][:1]]
    return sum(photo.stat().st_size for photo in photos if photo.is_file())


class BuildHandler(SimpleHTTPRequestHandler):
    """Serves the build as the published bucket does: text gzipped (the publish uploads it
    compressed), the publish's Content-Type and Cache-Control, index.html for a folder,
    404.html with status 404 for a missing path, and never the baker's private folder."""

    protocol_version = "HTTP/1.1"

    def send_head(self):
        file = Path(self.translate_path(self.path))
        not_found = Path(self.directory) / "404.html"
        if file.relative_to(self.directory).parts[:1] == (PRIVATE_DIR,):
            return self.send_file(not_found, HTTPStatus.NOT_FOUND)
        if file.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # a redirect to the URL with a slash
            file = file / "index.html"
        if not file.is_file():
            return self.send_file(not_found, HTTPStatus.NOT_FOUND)
        return self.send_file(file, HTTPStatus.OK)

    def send_file(self, file: Path, status: HTTPStatus) -> io.BytesIO:
        relative = file.relative_to(self.directory).as_posix()
        body = file.read_bytes() if file.is_file() else b"Not found"
        self.send_response(status)
        self.send_header("Content-Type", content_type(relative))
        self.send_header("Cache-Control", cache_control(relative))
        if file.suffix.lower() in GZIPPED_SUFFIXES:
            body = stored_body(relative, body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


class BuildServer(ThreadingHTTPServer):
    """Chromium drops its kept-alive connections as it closes: no traceback for those."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exception(), ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(build: Path) -> Iterator[str]:
    """The build served on an ephemeral port of 127.0.0.1, for as long as the block runs."""
    handler = functools.partial(BuildHandler, directory=str(build.resolve()))
    server = BuildServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_lighthouse(lighthouse: Path, url: str, profile: Path) -> dict:
    """Lighthouse's report of one load of `url`, in a fresh Chromium profile (an empty cache).

    On Ctrl+C or a timeout Lighthouse gets SIGINT, on which it closes the Chromium it started;
    killing it would leave that Chromium running, in a process group of its own.
    """
    command = [
        str(lighthouse),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES.values())}",
        f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
    ]
    environment = os.environ | {"CHROME_PATH": CHROME_PATH}
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    with subprocess.Popen(command, env=environment, **pipes) as child:  # noqa: S603 - ours
        try:
            output, errors = child.communicate(timeout=LIGHTHOUSE_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            stop(child)
            seconds = LIGHTHOUSE_TIMEOUT_SECONDS
            raise SystemExit(f"Lighthouse did not finish {url} in {seconds} s") from None
        except BaseException:
            stop(child)
            raise
    if child.returncode:
        raise SystemExit(f"Lighthouse failed on {url}:\n{errors.strip()[-2000:]}")
    report = json.loads(output)
    if report.get("runtimeError"):
        error = report["runtimeError"]
        raise SystemExit(f"Lighthouse could not load {url}: {error['code']} {error['message']}")
    return report


def stop(lighthouse: subprocess.Popen) -> None:
    """Stop Lighthouse the way Ctrl+C does, so that it closes its Chromium first."""
    lighthouse.send_signal(signal.SIGINT)
    try:
        lighthouse.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        lighthouse.kill()


def run_figures(report: dict) -> dict:
    """The figures of one Lighthouse run."""
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    scores = {
        figure: round(100 * (report["categories"][category]["score"] or 0))
        for figure, category in CATEGORIES.items()
    }
    return scores | {
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        # Everything the load requested; images below the fold are lazy and not requested.
        "transfer": audits["total-byte-weight"]["numericValue"],
        "transfer_without_images": sum(
            request.get("transferSize", 0)
            for request in requests
            if request.get("resourceType") not in IMAGE_TYPES
        ),
    }


def failed_audits(report: dict) -> dict[str, set[str]]:
    """Audits that count towards a category's score and did not pass, by category."""
    failed = {}
    for category in report["categories"].values():
        scores = {ref["id"]: report["audits"][ref["id"]]["score"] for ref in category["auditRefs"]}
        weights = {ref["id"]: ref["weight"] for ref in category["auditRefs"]}
        ids = {
            audit
            for audit, score in scores.items()
            if weights[audit] > 0 and score is not None and score < 1
        }
        if ids:
            failed[category["id"]] = ids
    return failed


def foreign_requests(report: dict) -> set[str]:
    """Requests that left 127.0.0.1: a third party, or an absolute URL to the production host.

    Either makes the figures wrong (a request that failed costs nothing here), and a third
    party on the public site is a privacy question in its own right.
    """
    urls = (item["url"] for item in report["audits"]["network-requests"]["details"]["items"])
    return {
        url
        for url in urls
        if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).hostname != "127.0.0.1"
    }


def page_figures(reports: list[dict]) -> dict:
    """Medians over the runs; failed audits and foreign requests of any run."""
    runs = [run_figures(report) for report in reports]
    figures = {figure: statistics.median(run[figure] for run in runs) for figure in runs[0]}
    figures = {
        figure: round(value, 3 if figure == "cls" else None) for figure, value in figures.items()
    }
    failed: dict[str, set[str]] = {}
    for report in reports:
        for category, ids in failed_audits(report).items():
            failed.setdefault(category, set()).update(ids)
    figures["failed_audits"] = {
        category: sorted(failed[category]) for category in CATEGORIES.values() if category in failed
    }
    figures["foreign_requests"] = sorted(set().union(*map(foreign_requests, reports)))
    return figures


def measure(
    lighthouse: Path, base_url: str, pages: dict[str, str], runs: int, work: Path
) -> tuple[dict, dict]:
    """Figures of every page, and the conditions of the runs (from the last report)."""
    results, total, step = {}, len(pages) * runs, 0
    for page, path in pages.items():
        reports = []
        for run in range(1, runs + 1):
            step += 1
            print(f"  {step}/{total} Lighthouse {path} (run {run} of {runs})", flush=True)
            profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=work))
            reports.append(run_lighthouse(lighthouse, base_url + path, profile))
            shutil.rmtree(profile, ignore_errors=True)
        results[page] = {"path": path} | page_figures(reports)
    return results, run_conditions(reports[-1], runs)


def chromium_version() -> str:
    """The full version: the user agent in Lighthouse's report gives only the major one."""
    result = subprocess.run([CHROME_PATH, "--version"], capture_output=True, text=True)  # noqa: S603 - ours
    found = re.search(r"\d+(\.\d+)+", result.stdout)
    return found.group() if found else "of unknown version"


def run_conditions(report: dict, runs: int) -> dict:
    """What the figures depend on besides the site: versions, emulation, the machine's speed."""
    settings = report["configSettings"]
    throttling = settings["throttling"]
    return {
        "lighthouse": report["lighthouseVersion"],
        "chromium": chromium_version(),
        "form_factor": settings["formFactor"],
        "throttling": (
            f"{settings['throttlingMethod']}: {throttling['rttMs']:.0f} ms RTT, "
            f"{throttling['throughputKbps'] / 1000:.1f} Mbit/s, "
            f"{throttling['cpuSlowdownMultiplier']:g}x CPU"
        ),
        "benchmark_index": report["environment"]["benchmarkIndex"],
        "runs": runs,
    }


def misses(results: dict) -> list[str]:
    """Every budget a page missed, and every request that left 127.0.0.1."""
    found = []
    for page, figures in results.items():
        for figure, budget in BUDGETS.items():
            if page in budget.pages and not budget.met(figures[figure]):
                show = SHOW[figure]
                found.append(f"{page} {figure} {show(figures[figure])} (budget {budget.text()})")
        if figures["foreign_requests"]:
            found.append(
                f"{page} requested {len(figures['foreign_requests'])} URL(s) off 127.0.0.1"
            )
    return found


def cell(page: str, figure: str, value, show: Callable) -> str:
    budget = BUDGETS.get(figure)
    if not budget or page not in budget.pages:
        return show(value)
    mark = "✓" if budget.met(value) else "✗"
    return f"{show(value)} {mark} ({budget.text()})"


def print_report(results: dict, conditions: dict, missed: list[str]) -> None:
    print(
        f"\nLighthouse {conditions['lighthouse']}, Chromium {conditions['chromium']}, "
        f"{conditions['form_factor']} ({conditions['throttling']}), "
        f"median of {conditions['runs']} run(s), benchmarkIndex {conditions['benchmark_index']:.0f}"
    )
    rows = [["page", "path", *(heading for _, heading, _ in COLUMNS)]]
    for page, figures in results.items():
        cells = [cell(page, figure, figures[figure], show) for figure, _, show in COLUMNS]
        rows.append([page, figures["path"], *cells])
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        )
    for page, figures in results.items():
        for category, ids in figures["failed_audits"].items():
            print(f"failed audits, {page}, {category}: {', '.join(ids)}")
    for page, figures in results.items():
        for url in figures["foreign_requests"]:
            print(f"!!! {page} requested {url}: the page must not leave its own host")
    print("all budgets met" if not missed else "budgets missed: " + "; ".join(missed))


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--build", type=Path, help="measure this build folder instead of baking the demo catalog"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page; figures are medians (3)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    if arguments.build and not (arguments.build / "index.html").is_file():
        parser.error(f"--build {arguments.build}: no index.html, not a baked site")
    return arguments


def budget_site(arguments: argparse.Namespace, work: Path) -> int:
    lighthouse = prepare_lighthouse()
    build = arguments.build
    if not build:
        print(f"Baking the demo catalog in {work / 'var'}")
        build = bake_demo(work / "var")
    pages = pages_to_measure(build)
    with serve(build) as base_url:
        print(f"Serving {build} at {base_url}/")
        results, conditions = measure(lighthouse, base_url, pages, arguments.runs, work)
    missed = misses(results)
    print_report(results, conditions, missed)
    if arguments.json:
        figures = {"conditions": conditions, "pages": results, "missed": missed}
        arguments.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 1 if missed else 0


def main() -> int:
    arguments = parse_arguments()
    # `kill` cleans up like Ctrl+C: the temporary folder goes, Lighthouse closes its Chromium.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print("Etalase budgets of the public site")
    try:
        with tempfile.TemporaryDirectory(
            prefix="etalase-budget-", ignore_cleanup_errors=True
        ) as work:
            return budget_site(arguments, Path(work))
    except KeyboardInterrupt:
        print("\nInterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
