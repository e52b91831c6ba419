"""The HTTP application (FastAPI): a thin adapter between HTTP and ses_graph."""
