"""Apache Jena's ``riot --validate`` from Debian's ``libapache-jena-java``, for the tests.

Debian ships Jena's jars but no ``riot`` script, so the class path is built from the
package's files and those of the packages it depends on (``dpkg``), with one logging
binding (slf4j-simple, so warnings are printed rather than swallowed). Debian's jena-core
moves Jena's bundled Xerces classes to the package ``xerces`` but leaves their message
files under ``org/apache/jena/ext/xerces``; Xerces then fails at start-up with "internal
error". The message files are copied to where the classes look for them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "libapache-jena-java"
JAVA = Path("/usr/bin/java")
#: Logging bindings that must not be on the class path with slf4j-simple.
OTHER_BINDINGS = re.compile(r"slf4j-(log4j12|jdk14|nop|jcl)|log4j-over-slf4j|maven3-slf4j")
MESSAGES = "org/apache/jena/ext/xerces/"


@dataclass
class Riot:
    """What one ``riot --validate`` run said."""

    returncode: int
    errors: list[str]
    warnings: list[str]


def available() -> bool:
    """Tell whether Java and Debian's Jena are installed."""
    return JAVA.exists() and bool(_files(PACKAGE))


def _files(package: str) -> list[str]:
    done = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=False)
    return done.stdout.splitlines() if done.returncode == 0 else []


def class_path(scratch: Path) -> str:
    """Return the class path for ``riotcmd.riot``; message files go under ``scratch``."""
    depends = subprocess.run(
        ["dpkg-query", "-W", "-f=${Depends}", PACKAGE], capture_output=True, text=True, check=True
    ).stdout
    packages = [PACKAGE, *(d.strip().split()[0] for d in depends.split(",") if d.strip())]
    jars = sorted(
        {
            f
            for p in packages
            for f in _files(p)
            if f.startswith("/usr/share/java/") and f.endswith(".jar")
            and not re.search(r"-\d[\d.]*\.jar$", f) and not OTHER_BINDINGS.search(f)
        }
    )  # fmt: skip
    simple = Path("/usr/share/java/slf4j-simple.jar")
    if simple.exists():
        jars.append(str(simple))
    core = next(j for j in jars if j.endswith("/jena-core.jar"))
    messages = scratch / "jena-messages"
    with zipfile.ZipFile(core) as archive:
        for name in archive.namelist():
            if name.startswith(MESSAGES) and name.endswith(".properties"):
                target = messages / "xerces" / name[len(MESSAGES) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
    return ":".join([str(messages), *jars])


def validate(files: list[Path], scratch: Path) -> Riot:
    """Run ``riot --validate`` on ``files`` (gzip is read as such).

    JSON-LD goes through Jena's JSON-LD 1.0 reader (``--syntax=jsonld10``, jsonld-java):
    Debian's package of the 1.1 reader (Titanium) fails on any document, even a two-line
    one, with LOADING_DOCUMENT_FAILED. Everything else is read by its extension.
    """
    path = class_path(scratch)
    jsonld = [f for f in files if f.name.removesuffix(".gz").endswith(".jsonld")]
    others = [f for f in files if f not in set(jsonld)]
    result = Riot(0, [], [])
    for group, options in ((others, []), (jsonld, ["--syntax=jsonld10"])):
        if not group:
            continue
        command = [str(JAVA), "-cp", path, "riotcmd.riot", *options, "--validate"]
        done = subprocess.run(
            [*command, *map(str, group)], capture_output=True, text=True, check=False, timeout=600
        )
        lines = (done.stdout + done.stderr).splitlines()
        result.returncode = max(result.returncode, done.returncode)
        result.errors += [line for line in lines if " ERROR " in line or "Exception" in line]
        result.warnings += [line for line in lines if " WARN " in line]
    return result
