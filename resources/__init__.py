"""Bundled sample PDF, icons, stylesheet; found with importlib.resources."""
