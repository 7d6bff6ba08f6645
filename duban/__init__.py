"""Duban (督办): supervised work plans for government bureaus."""
