"""``argmap lsp``: a language server for annotated documents (Language Server Protocol over stdio).

One job per module:

* :mod:`~argmap.lsp.positions`: offsets and argmap's columns (code points) <-> LSP positions (UTF-16 by default);
* :mod:`~argmap.lsp.index`: what is where in one document: spans, their ids, every id that a relation names;
* :mod:`~argmap.lsp.context`: what is being typed at the cursor (an attribute name, a kind, a relation's value);
* :mod:`~argmap.lsp.state`: the corpora being edited: texts in memory, parsed documents, findings;
* :mod:`~argmap.lsp.diagnostics`: findings -> LSP diagnostics;
* :mod:`~argmap.lsp.navigation`: definition, references, document symbols;
* :mod:`~argmap.lsp.completion`, :mod:`~argmap.lsp.hover`, :mod:`~argmap.lsp.rename`,
  :mod:`~argmap.lsp.actions` (quick fixes): one feature each;
* :mod:`~argmap.lsp.status`: a claim's status and its reason (the one place that asks the semantics);
* :mod:`~argmap.lsp.server`: the pygls server that wires them to the protocol.

Only :mod:`~argmap.lsp.server` and the feature modules import pygls or lsprotocol,
and only ``argmap lsp`` imports them: other commands start as fast as before.
"""
