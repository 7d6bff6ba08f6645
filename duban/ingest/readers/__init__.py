"""One reader per format; each turns bytes into the neutral Document."""
