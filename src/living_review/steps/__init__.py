"""The pipeline's steps: thin MkDocs adapters over core/, called in order by plugin.py."""
