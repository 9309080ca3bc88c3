"""The rules, engine-free: nothing here imports MkDocs (tests/test_plugin.py holds it to that)."""
