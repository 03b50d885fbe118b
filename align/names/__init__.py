"""Names: glossaries (``glossary``), the forms a name takes (``forms``), the checks and their kinds
(``checks``, ``kinds``), reviewed findings (``dismissals``) and glossary suggestions (``suggest``)."""
