"""Stage 3, output -> built site: the MkDocs plugin, the build driver, the CSP, the
only package that imports MkDocs."""
