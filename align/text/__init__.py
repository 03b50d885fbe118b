"""Text as align reads it: decoding (``ingest``), sentences (``segment``), languages (``detect``),
Cyrillic transliteration (``translit``), word dictionaries (``lexicon``) and Russian morphology (``morph``)."""
