"""Generator of the RSE guide site: source/ -> model -> site/ -> adapter/ (see ARCHITECTURE.md).

The core never imports MkDocs; `adapter/` adapts it.
"""
