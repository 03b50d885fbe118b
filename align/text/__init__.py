"""Text as align reads it: decoding (``ingest``), the file formats (``formats``: web pages, Word, XLIFF, PO,
TMX, subtitles, books), sentences (``segment``), languages (``detect``), Cyrillic transliteration
(``translit``), word dictionaries (``lexicon``), Russian morphology (``morph``) and numbers written in words
(``numerals``)."""
