"""What argmap shows, as typed data: frozen dataclasses with ``to_json()``.

The HTML report (:mod:`argmap.html`) reads these views; the terminal, ``--json``
and the language server are to read the same ones. Nothing here prints, and
nothing imports typer or rich.

=================== ===============================================================
module              what it holds
=================== ===============================================================
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
