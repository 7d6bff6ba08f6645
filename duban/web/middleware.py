"""Static files served by Duban itself (WhiteNoise), with DEBUG off too: intranets have no CDN."""

from __future__ import annotations

from pathlib import Path

from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # WhiteNoise has no types
    """WhiteNoise that serves from the apps' folders until `duban collectstatic` has filled STATIC_ROOT."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        # WhiteNoise warns about a missing STATIC_ROOT; before collectstatic that is the normal state.
        if Path(root).is_dir():
            super().add_files(root, prefix)
