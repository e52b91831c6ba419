"""Network analysis measures for the SES knowledge graph."""
