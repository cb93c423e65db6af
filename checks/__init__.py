"""Rules over the document model → findings. Pure Python; imports no Qt and no PyMuPDF."""
