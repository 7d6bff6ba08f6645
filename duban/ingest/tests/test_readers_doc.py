"""A .doc is converted by LibreOffice without network: a linked image is never fetched."""

from __future__ import annotations

import http.server
import logging
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from duban.ingest.readers import doc

pytestmark = pytest.mark.skipif(doc.soffice() is None, reason="needs LibreOffice (soffice)")


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A local web server that records every path requested of it."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _doc_linking(url: str, folder: Path) -> bytes:
    (folder / "plan.html").write_text(
        "<html><body><p>2025年工作任务</p><table border='1'>"
        "<tr><td>序号</td><td>工作任务</td><td>牵头单位</td></tr>"
        f"<tr><td>1</td><td>完成年度目标<img src='{url}' width='10' height='10'></td><td>办公室</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        [
            str(doc.soffice()),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(folder),
            str(folder / "plan.html"),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    content = (folder / "plan.doc").read_bytes()
    assert url.encode() in content  # the image is linked, not embedded
    return content


def test_a_doc_with_a_linked_image_is_read_without_fetching_it(listener, tmp_path):
    port, hits = listener
    content = _doc_linking(f"http://127.0.0.1:{port}/x.png", tmp_path)
    hits.clear()  # building the .doc may have fetched it; reading it must not

    document = doc.read_doc(content)

    assert hits == []
    assert any("完成年度目标" in str(block) for block in document.blocks)


def test_without_a_network_namespace_the_conversion_says_so_in_the_log(monkeypatch, caplog):
    monkeypatch.setattr("duban.ingest.readers.doc.shutil.which", lambda name: None)
    with caplog.at_level(logging.WARNING, logger="duban.ingest"):
        assert doc._without_network.__wrapped__() == ()
    assert "network access" in caplog.text
