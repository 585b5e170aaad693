"""Generator of the RSE guide site: load -> validate -> model -> render -> emit.

The core never imports MkDocs; `plugin.py` and `mkdocs_driver.py` adapt it.
"""
