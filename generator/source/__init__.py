"""Stage 1, files -> checked project: the source layout, YAML and Markdown read with
positions, the specs of each file kind, the rules across files, the link checks.
Nothing here knows what the site looks like."""
