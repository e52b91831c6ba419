"""analysis: the mediators' view of the network (graphs), its measures, brokerage and the mediator ranking."""

#: The kinds of node the mediator ranking ranks (``ses-graph mediators --kind``, ``/mediators?kind=``).
CANDIDATE_KINDS = ("organisation", "person")
