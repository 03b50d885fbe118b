"""Which passages translate each other (``pair``) and how their sentences link (``features``, ``aligner``),
plus the strict/lax scores alignments are judged by (``score``)."""
