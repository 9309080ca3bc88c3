"""A living, cross-referenced review site on MkDocs: numbered citations, cross-references,
located errors, an output allowlist and editions (see plugin.py for the pipeline)."""
