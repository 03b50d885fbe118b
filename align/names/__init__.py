"""Names: glossaries (``glossary``), the forms a name takes (``forms``), the checks and their kinds
(``checks``, ``kinds``), numbers, dates and amounts checked against the source (``numbers``), the fixes
``align fix`` makes (``fix``), reviewed findings (``dismissals``), glossary suggestions (``suggest``) and
termbases in and out (``termbase``)."""
