"""ses-graph: a sourced knowledge graph of the solidarity-economy movement (MES France and its members)."""

__version__ = "0.1.0"
