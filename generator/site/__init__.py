"""Stage 2, project -> output: every generated page and file, rendered in memory
(no file I/O but the templates). Knows nothing of MkDocs."""
