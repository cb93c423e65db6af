"""PDF → document model. Pure Python over PyMuPDF; imports no Qt."""
