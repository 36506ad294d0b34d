"""Fault injection over every step of the demo's publish: does the next publish converge?

    python benchmarks/publish_faults.py                    # folder target, every step, both faults
    python benchmarks/publish_faults.py --target s3        # moto's S3 server on 127.0.0.1
    python benchmarks/publish_faults.py --stride 10        # every 10th step (and the last ones)
    python benchmarks/publish_faults.py --faults drop      # no child process per step

Bakes the demo catalog (migrate, seed_demo --seed 1, bake) in a throw-away folder, then replays
the incident of the README ("What the public site holds after a failure") at every step of two
publishes: the demo's first publish to an empty target, and a publish after a product is
withdrawn. A step is a manifest write, an upload or the delete of one file. At step k the publish
either raises (a dropped connection) or its process is killed (SIGKILL, in a child process);
then the build changes (a product withdrawn, or the withdrawal reverted) and a publish runs. The
target must then hold exactly the build: every file with its bytes (folder) or ETag (S3), nothing
extra, and a manifest describing the build with nothing pending. Prints the fault points tried
and the divergences found; exits with status 1 if any.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from site_budget import bake_demo  # noqa: E402 - the benchmarks' one way to bake the demo

from sitegen.build_folder import manifest_path
from sitegen.manifest import Manifest, ManifestEntry  # noqa: E402
from sitegen.publish import PublishError, compare, publish  # noqa: E402
from sitegen.targets import FolderTarget, S3Target  # noqa: E402
from tests.sitegen.faults import FaultyTarget, target_spec  # noqa: E402

WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-faults-"))


def withdrawn(build: Path, into: Path) -> Path:
    """A copy of `build` with one product withdrawn: its files gone, the catalog feed, sitemap
    and home page changed, as a bake after an unpublish leaves them."""
    shutil.copytree(build, into)
    manifest = Manifest.read(manifest_path(into))
    products = json.loads((into / "catalog.json").read_bytes())["products"]
    product_folder = products[-1]["url"].split("://", 1)[-1].split("/", 1)[1]
    for path in [path for path in manifest if path.startswith(product_folder)]:
        (into / path).unlink()
        del manifest[path]
    for path in ("catalog.json", "sitemap.xml", "index.html"):
        content = (into / path).read_bytes() + b"\n"
        (into / path).write_bytes(content)
        manifest[path] = ManifestEntry.for_bytes(content, manifest[path].redirect)
    manifest.write(manifest_path(into))
    return into


class Places:
    """A fresh place per run: a folder, or a key prefix in one bucket of moto's server."""

    def __init__(self, kind: str):
        self.kind = kind
        if kind == "s3":
            from moto.server import ThreadedMotoServer

            for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
                os.environ.setdefault(name, "benchmark")
            os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
            with socket.socket() as probe:  # a free port, chosen by the system
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            self.server.start()
            host, port = self.server.get_host_and_port()
            self.endpoint = f"http://{host}:{port}"
            S3Target("faults", endpoint_url=self.endpoint).client.create_bucket(Bucket="faults")

    def new(self, run: str):
        if self.kind == "folder":
            return FolderTarget(WORKDIR / "public" / run)
        return S3Target("faults", f"{run}/", endpoint_url=self.endpoint, max_attempts=1)


def drop_at(target, build: Path, step: int) -> None:
    try:
        publish(build, FaultyTarget(target, fail_at=step), workers=1)
    except PublishError:
        return
    raise AssertionError(f"the publish did not reach step {step}")


def kill_at(target, build: Path, step: int) -> None:
    command = [sys.executable, "-m", "tests.sitegen.faults", target_spec(target), str(build)]
    child = subprocess.run([*command, str(step)], cwd=REPOSITORY, capture_output=True, check=False)  # noqa: S603
    if child.returncode != -9:
        raise AssertionError(f"the child was not killed at step {step}: {child.stderr[-500:]!r}")


def divergence(target, build: Path) -> str:
    """What differs between `target` and `build`, or "" when it holds exactly the build."""
    comparison = compare(build, target)
    if comparison.matches:
        return ""
    return (
        f"{len(comparison.missing)} missing, {len(comparison.changed)} changed, "
        f"{len(comparison.extra)} extra, manifest: {comparison.manifest_problem or 'ok'}"
    )


def scenario(places, name, before, during, after, faults, stride):
    """Publish `before`, then `during` with each fault at each chosen step, then `after`."""
    counting = places.new(f"{name}-counted")
    if before is not None:
        publish(before, counting)
    counter = FaultyTarget(counting)
    publish(during, counter, workers=1)
    steps = sorted(
        {*range(0, counter.steps, stride), *range(max(counter.steps - 3, 0), counter.steps)}
    )
    tried, found = 0, []
    for fault_name, fault in faults:
        for number, step in enumerate(steps, 1):
            target = places.new(f"{name}-{fault_name}-{step}")
            if before is not None:
                publish(before, target)
            fault(target, during, step)
            publish(after, target)
            tried += 1
            if problem := divergence(target, after):
                found.append(f"{name}, {fault_name} at step {step}: {problem}")
            print(
                f"  {number}/{len(steps)} {name}: {fault_name} at step {step} of {counter.steps}",
                end="\r",
                flush=True,
            )
        print()
    return tried, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target",
        choices=["folder", "s3"],
        default="folder",
        help="Where to publish (default: a folder).",
    )
    parser.add_argument(
        "--stride",
        type=int,
        default=1,
        help="Fault every STRIDE-th step only (default: every step).",
    )
    parser.add_argument(
        "--faults", default="drop,kill", help="drop (an error), kill (SIGKILL), or both (default)."
    )
    options = parser.parse_args()
    started = time.monotonic()
    print(f"Baking the demo catalog in {WORKDIR}")
    demo = bake_demo(WORKDIR / "var")
    without_product = withdrawn(demo, WORKDIR / "withdrawn")
    places = Places(options.target)
    chosen = {"drop": drop_at, "kill": kill_at}
    faults = [(name, chosen[name]) for name in options.faults.split(",")]
    tried, found = 0, []
    # The incident: a first publish stopped, a product withdrawn, a publish again.
    for name, before, during, after in [
        ("first publish", None, demo, without_product),
        ("withdrawal", demo, without_product, demo),
    ]:
        scenario_tried, scenario_found = scenario(
            places, name, before, during, after, faults, options.stride
        )
        tried += scenario_tried
        found += scenario_found
    for problem in found:
        print(problem)
    print(
        f"Target {options.target}: {tried} fault points tried, {len(found)} divergences found "
        f"in {time.monotonic() - started:.0f} s."
    )
    shutil.rmtree(WORKDIR, ignore_errors=True)
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()
