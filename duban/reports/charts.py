"""Charts for the circular, drawn offline with matplotlib in a Chinese font found at run time."""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache

from duban.reports.data import SectionProgress

# In order of preference; Debian's fonts-noto-cjk provides the first two.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "SimSun",
    "AR PL UMing CN",
)
FONT_MISSING = (
    "生成通报图表需要中文字体，但系统中没有找到。请安装 Debian 软件包 fonts-noto-cjk"
    "（apt-get install fonts-noto-cjk）后重试。"
)


class CjkFontMissing(RuntimeError):
    """No Chinese font is installed, so a chart would show empty boxes instead of characters."""

    def __init__(self) -> None:
        super().__init__(FONT_MISSING)


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """The family name of an installed Chinese font matplotlib can use, or CjkFontMissing."""
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    # A font fontconfig knows but matplotlib's cache does not (installed after the cache was built).
    for path in _fontconfig_chinese_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
        return font_manager.FontProperties(fname=path).get_name()
    raise CjkFontMissing


def _fontconfig_chinese_files() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        found = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    files = [line.strip().rstrip(":") for line in found.stdout.splitlines() if line.strip()]
    return sorted(f for f in files if f.lower().endswith((".ttf", ".otf", ".ttc")))


def section_progress_png(sections: list[SectionProgress], *, title: str = "各板块任务推进情况") -> bytes:
    """A horizontal bar chart of each section's average progress and completion rate, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = cjk_font_family()
    labels = [_short(s.heading) for s in sections][::-1]
    progress = [s.average_progress or 0 for s in sections][::-1]
    completion = [s.completion_rate or 0 for s in sections][::-1]
    height = 1.2 + 0.45 * max(len(sections), 1)
    figure = Figure(figsize=(6.2, height), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    rows = range(len(labels))
    bar = 0.38
    axes.barh([r + bar / 2 for r in rows], progress, height=bar, color="#2f6db5", label="平均进度")
    axes.barh([r - bar / 2 for r in rows], completion, height=bar, color="#8fb8e0", label="办结率")
    for row, value, done in zip(rows, progress, completion, strict=True):
        axes.text(value + 1, row + bar / 2, f"{value}%", va="center", fontsize=7, family=family)
        axes.text(done + 1, row - bar / 2, f"{done}%", va="center", fontsize=7, family=family)
    axes.set_yticks(list(rows), labels, family=family, fontsize=8)
    axes.set_xlim(0, 110)
    axes.set_xlabel("%", family=family, fontsize=8)
    axes.set_title(title, family=family, fontsize=10)
    axes.legend(prop={"family": family, "size": 8}, loc="lower right")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(heading: str, limit: int = 14) -> str:
    return heading if len(heading) <= limit else heading[: limit - 1] + "…"
