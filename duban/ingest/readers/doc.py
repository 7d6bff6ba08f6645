"""Word 97-2003 .doc: converted to .docx by LibreOffice headless, then read as a .docx."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from duban.ingest.document import Document
from duban.ingest.errors import UnreadableDocument
from duban.ingest.readers.docx import read_docx
from duban.ingest.registry import register

TIMEOUT_SECONDS = 120
log = logging.getLogger("duban.ingest")
# A fresh profile with linked content never updated and links from untrusted documents blocked. Only a
# second line of defence: LibreOffice 7.4 still fetched an INCLUDEPICTURE "http://…" image with these set;
# the network namespace (_without_network) is what keeps a .doc from reaching any address.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
<prop oor:name="Link" oor:op="fuse"><value>2</value></prop>
<prop oor:name="Field" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
<prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""
# An encrypted Office file of any kind is an OLE2 container holding this stream.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@register("doc")
def read_doc(content: bytes) -> Document:
    """Convert a .doc with LibreOffice and read the result."""
    if _ENCRYPTED in content[: 1024 * 1024]:
        raise UnreadableDocument("文件已加密（设有密码），请先取消密码再导入")
    executable = soffice()
    if executable is None:
        raise UnreadableDocument(
            "读取 .doc 文件需要 LibreOffice：请安装 Debian 软件包 libreoffice-writer-nogui，"
            "或将文件另存为 .docx"
        )
    with tempfile.TemporaryDirectory(prefix="duban-doc-") as workdir:
        folder = Path(workdir)
        source = folder / "plan.doc"
        source.write_bytes(content)
        # Its own profile, so a conversion never waits on a desktop LibreOffice or another conversion.
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        command = [
            *_without_network(),
            executable,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(source),
        ]
        _convert(command)
        converted = folder / "plan.docx"
        if not converted.exists():
            raise UnreadableDocument("LibreOffice 无法转换该 .doc 文件（文件可能已损坏）")
        document = read_docx(converted.read_bytes())
    return Document(blocks=document.blocks, source_format="doc")


@functools.cache
def _without_network() -> tuple[str, ...]:
    """A prefix that runs a command in a network namespace of its own (loopback only, and down).

    `unshare --net` needs root or unprivileged user namespaces; where neither is allowed the conversion
    runs with the network and only the profile's settings keep LibreOffice from fetching links.
    """
    for prefix in (("unshare", "--net"), ("unshare", "--net", "--map-root-user")):
        if shutil.which(prefix[0]) is None:
            break
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return prefix
    log.warning("No network namespace available: LibreOffice converts .doc files with network access")
    return ()


def _convert(command: list[str]) -> None:
    # soffice forks soffice.bin: on a time-out the whole process group goes, so nothing is left hanging.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableDocument(f"LibreOffice 转换 .doc 超过 {TIMEOUT_SECONDS} 秒未完成，已放弃") from exc
