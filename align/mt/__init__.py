"""Offline machine translation: argos packages under ALIGN_HOME (``models``), CTranslate2 batches and a cache (``translate``)."""
