"""The presentation layer's data: what each command shows, as typed values with ``to_json()``.

The terminal (argmap/cli), ``--json``, the HTML report and the language server
all read these views, so a status, a reason or a tree is worded once.
"""
