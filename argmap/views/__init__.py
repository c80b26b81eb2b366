"""What argmap shows, as typed data: frozen dataclasses with ``to_json()``.

The terminal (argmap/cli), ``--json``, the HTML report (:mod:`argmap.html`)
and the language server read these views, so a status, a reason or a tree is
worded once. Nothing here prints, and nothing imports typer or rich.

=================== ===============================================================
module              what it holds
=================== ===============================================================
``evaluation``      :class:`Verdict`: each node's status, its structured reason and
                    the sentence that explains it; the legend and semantics line
``status``          :func:`statuses`: every node's status and one-line reason (the
                    one adapter to the evaluation engine)
``claim``           :class:`ClaimView`: one claim with its citation, its relations in
                    and out, its status
``reading``         :class:`DocumentReading`: a document's text with the offsets of
                    its annotated spans
``overview``        :class:`DocumentRow`, :class:`ThesisView`, :class:`QuestionView`,
                    :class:`OutlineNode`, :class:`WhoSaysWhat`
``report``          :class:`ReportView`: everything the HTML report shows
=================== ===============================================================
"""
