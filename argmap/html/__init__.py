"""HTML output: the self-contained report (:mod:`argmap.html.report`), its live preview (:mod:`.serve`)."""
