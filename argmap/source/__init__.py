"""One document's text -> spans, relations and findings (syntax; no file I/O but the source check's)."""
