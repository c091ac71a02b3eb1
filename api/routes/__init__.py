"""One router per resource, and the helpers they share.

The JSON and CSV resources: :mod:`.goals`, :mod:`.assignments`, :mod:`.bodies`,
:mod:`.programmes`, :mod:`.risks`, :mod:`.budget` and :mod:`.calendar`. Every list answers
JSON by default, and CSV by negotiation (``Accept: text/csv``) or ``format=csv`` where it
is a table; every item carries its IRI, its Swedish label, its English label when the data
has one, and ``page``, the path of its HTML page (``/id/…``). Lists are paged with
``limit`` and ``offset`` and come in a stable order; single items are fetched with
``?iri=<IRI>`` on ``…/item`` and answer 404 when the IRI is unknown.

What they share, each module one job: :mod:`.params` (the parameters and their checks),
:mod:`.facts` (the facet queries and the values they read), :mod:`.labels` (labels and page
paths), :mod:`.answers` (JSON pages, CSV tables, one item) and :mod:`.resource` (the steps
of a list route and an item route, in one order). The selections the pages
share with the API live beside them: :mod:`.assignment_items`, :mod:`.calendar_events`,
:mod:`.status_records`.
"""
