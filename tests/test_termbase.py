"""Termbases in and out: TBX v2/v3, CSV/TSV and XLSX glossaries find what the same YAML glossary finds,
export → import gives the same terms, and every bad file is one ``file:line: message`` and exit 2."""

from __future__ import annotations

import csv
import errno
import io
import multiprocessing
import os
import re
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align import pipeline
from align.cli import app
from align.model import RunConfig
from align.names.glossary import load_file
from align.names.termbase import read_termbase
from align.views.records import check_record
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
SEED = SEEDS / "002_85b7f47b9faedc20.txt"

GLOSSARY = """\
terms:
  - key: isis
    kind: organization
    names: {en: ISIS, ru: ИГИЛ, id: ISIS}
    variants: {en: [ISIL, IS, Islamic State, Daesh]}
    wrong: {en: [IG]}
    note: ИГ (Исламское государство) comes out as 'IG' in machine translation.
  - key: jabhat_al_nusra
    kind: organization
    names: {en: Jabhat al-Nusra, ru: Джебхат ан-Нусра}
    variants: {en: [Jabhat an-Nusra, al-Nusra Front, Nusra Front]}
  - key: ria_novosti
    kind: organization
    names: {en: RIA Novosti, ru: РИА Новости, id: RIA Novosti}
    wrong: {en: [RIA News]}
  - key: yevgeny_lukyanov
    kind: person
    names: {en: Yevgeny Lukyanov, ru: Евгений Лукьянов}
    variants: {en: [Evgeny Lukyanov]}
  - key: raqqa
    kind: place
    names: {en: Raqqa, ru: Ракка, id: Raqqa}
    variants: {en: [Raqqah, Ar-Raqqah]}
    wrong: {en: [Rakka]}
  - key: sergey_shoigu
    kind: person
    names: {en: Sergey Shoigu, ru: Сергей Шойгу}
    variants: {en: [Sergei Shoigu]}
  - key: moscow
    kind: place
    names: {en: Moscow, ru: Москва, id: Moskow}
  - key: mark_toner
    kind: person
    names: {en: Mark Toner, ru: Марк Тонер}
    note: State Department spokesman.
"""

# The same glossary as a CAT tool exports TBX-Basic v2: regional codes, tig and ntig, statuses in any
# order, a term with no status, a language align does not check, an entry without an id.
TBX_V2 = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader>
    <fileDesc><sourceDesc><p>Exported from a CAT tool</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="isis">
        <descrip type="subjectField">Organization</descrip>
        <note>ИГ (Исламское государство) comes out as 'IG' in machine translation.</note>
        <langSet xml:lang="en-US">
          <tig><term>ISIS</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
          <tig><term>ISIL</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
          <tig><term>IS</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
          <tig><term>IG</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
          <tig><term>Islamic State</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
          <tig><term>Daesh</term></tig>
        </langSet>
        <langSet xml:lang="ru-RU"><tig><term>ИГИЛ</term></tig></langSet>
        <langSet xml:lang="id"><tig><term>ISIS</term></tig></langSet>
        <langSet xml:lang="fr-FR"><tig><term>EI</term></tig></langSet>
      </termEntry>
      <termEntry id="jabhat_al_nusra">
        <descrip type="subjectField">organization</descrip>
        <langSet xml:lang="en">
          <ntig><termGrp><term>Jabhat al-Nusra</term></termGrp></ntig>
          <ntig><termGrp><term>Jabhat an-Nusra</term></termGrp></ntig>
          <ntig><termGrp><term>al-Nusra Front</term></termGrp></ntig>
          <ntig><termGrp><term>Nusra Front</term></termGrp></ntig>
        </langSet>
        <langSet xml:lang="ru"><ntig><termGrp><term>Джебхат ан-Нусра</term></termGrp></ntig></langSet>
      </termEntry>
      <termEntry id="ria_novosti">
        <descrip type="subjectField">organization</descrip>
        <langSet xml:lang="en-GB">
          <tig><term>RIA News</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
          <tig><term>RIA Novosti</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        </langSet>
        <langSet xml:lang="ru"><tig><term>РИА Новости</term></tig></langSet>
        <langSet xml:lang="id-ID"><tig><term>RIA Novosti</term></tig></langSet>
      </termEntry>
      <termEntry id="yevgeny_lukyanov">
        <descrip type="subjectField">person</descrip>
        <langSet xml:lang="en">
          <tig><term>Evgeny Lukyanov</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
          <tig><term>Yevgeny Lukyanov</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        </langSet>
        <langSet xml:lang="ru"><tig><term>Евгений Лукьянов</term></tig></langSet>
      </termEntry>
      <termEntry id="raqqa">
        <descrip type="subjectField">place</descrip>
        <langSet xml:lang="en">
          <tig><term>Rakka</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
          <tig><term>Raqqa</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
          <tig><term>Raqqah</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
          <tig><term>Ar-Raqqah</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        </langSet>
        <langSet xml:lang="ru"><tig><term>Ракка</term></tig></langSet>
        <langSet xml:lang="id"><tig><term>Raqqa</term></tig></langSet>
      </termEntry>
      <termEntry id="sergey_shoigu">
        <descrip type="subjectField">person</descrip>
        <langSet xml:lang="en">
          <tig><term>Sergey Shoigu</term></tig>
          <tig><term>Sergei Shoigu</term></tig>
        </langSet>
        <langSet xml:lang="ru"><tig><term>Сергей Шойгу</term></tig></langSet>
      </termEntry>
      <termEntry>
        <descrip type="subjectField">place</descrip>
        <langSet xml:lang="en"><tig><term>Moscow</term></tig></langSet>
        <langSet xml:lang="ru"><tig><term>Москва</term></tig></langSet>
        <langSet xml:lang="id"><tig><term>Moskow</term></tig></langSet>
      </termEntry>
      <termEntry id="mark_toner">
        <descrip type="subjectField">person</descrip>
        <langSet xml:lang="en">
          <tig><term>Mark Toner</term><note>State Department spokesman.</note></tig>
        </langSet>
        <langSet xml:lang="ru"><tig><term>Марк Тонер</term></tig></langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""

# The same glossary in TBX v3 (ISO 30042:2019, DCA style, namespaced).
TBX_V3 = """\
<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>names</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="isis">
        <descrip type="subjectField">organization</descrip>
        <note>ИГ (Исламское государство) comes out as 'IG' in machine translation.</note>
        <langSec xml:lang="en">
          <termSec><term>ISIS</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
          <termSec><term>ISIL</term></termSec>
          <termSec><term>IS</term></termSec>
          <termSec><term>Islamic State</term></termSec>
          <termSec><term>Daesh</term></termSec>
          <termSec><term>IG</term><termNote type="administrativeStatus">notRecommendedTerm-admn-sts</termNote></termSec>
        </langSec>
        <langSec xml:lang="ru"><termSec><term>ИГИЛ</term></termSec></langSec>
        <langSec xml:lang="id"><termSec><term>ISIS</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="jabhat_al_nusra">
        <descrip type="subjectField">organization</descrip>
        <langSec xml:lang="en">
          <termSec><term>Jabhat al-Nusra</term></termSec>
          <termSec><term>Jabhat an-Nusra</term></termSec>
          <termSec><term>al-Nusra Front</term></termSec>
          <termSec><term>Nusra Front</term></termSec>
        </langSec>
        <langSec xml:lang="ru"><termSec><term>Джебхат ан-Нусра</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="ria_novosti">
        <descrip type="subjectField">organization</descrip>
        <langSec xml:lang="en">
          <termSec><term>RIA Novosti</term></termSec>
          <termSec><term>RIA News</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        </langSec>
        <langSec xml:lang="ru"><termSec><term>РИА Новости</term></termSec></langSec>
        <langSec xml:lang="id"><termSec><term>RIA Novosti</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="yevgeny_lukyanov">
        <descrip type="subjectField">person</descrip>
        <langSec xml:lang="en">
          <termSec><term>Yevgeny Lukyanov</term></termSec>
          <termSec><term>Evgeny Lukyanov</term></termSec>
        </langSec>
        <langSec xml:lang="ru"><termSec><term>Евгений Лукьянов</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="raqqa">
        <descrip type="subjectField">place</descrip>
        <langSec xml:lang="en">
          <termSec><term>Raqqa</term></termSec>
          <termSec><term>Raqqah</term></termSec>
          <termSec><term>Ar-Raqqah</term></termSec>
          <termSec><term>Rakka</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        </langSec>
        <langSec xml:lang="ru"><termSec><term>Ракка</term></termSec></langSec>
        <langSec xml:lang="id"><termSec><term>Raqqa</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="sergey_shoigu">
        <descrip type="subjectField">person</descrip>
        <langSec xml:lang="en"><termSec><term>Sergey Shoigu</term></termSec><termSec><term>Sergei Shoigu</term></termSec></langSec>
        <langSec xml:lang="ru"><termSec><term>Сергей Шойгу</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="moscow">
        <descrip type="subjectField">place</descrip>
        <langSec xml:lang="en"><termSec><term>Moscow</term></termSec></langSec>
        <langSec xml:lang="ru"><termSec><term>Москва</term></termSec></langSec>
        <langSec xml:lang="id"><termSec><term>Moskow</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="mark_toner">
        <descrip type="subjectField">person</descrip>
        <note>State Department spokesman.</note>
        <langSec xml:lang="en"><termSec><term>Mark Toner</term></termSec></langSec>
        <langSec xml:lang="ru"><termSec><term>Марк Тонер</term></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"""

# The same glossary as Excel saves CSV in a European locale: ';' between cells (quoted inside one), a BOM,
# regional codes, an empty row.
CSV = """\ufeffkey;kind;en-US;ru;id;en_variants;en_wrong;fr;note
isis;organization;ISIS;ИГИЛ;ISIS;"ISIL; IS; Islamic State; Daesh";IG;EI;ИГ (Исламское государство) comes out as 'IG' in machine translation.
jabhat_al_nusra;organization;Jabhat al-Nusra;Джебхат ан-Нусра;;"Jabhat an-Nusra; al-Nusra Front; Nusra Front";;;
ria_novosti;organization;RIA Novosti;РИА Новости;RIA Novosti;;RIA News;;
yevgeny_lukyanov;person;Yevgeny Lukyanov;Евгений Лукьянов;;Evgeny Lukyanov;;;
raqqa;place;Raqqa;Ракка;Raqqa;"Raqqah;Ar-Raqqah ";Rakka;;
;;;;;;;;
sergey_shoigu;person;Sergey Shoigu;Сергей Шойгу;;Sergei Shoigu;;;
moscow;place;Moscow;Москва;Moskow;;;;
mark_toner;person;Mark Toner;Марк Тонер;;;;;State Department spokesman.
"""


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A workbook as Excel users make them, written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Names"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def findings_with(glossary: Path) -> list[dict]:
    return [check_record(f) for f in pipeline.check_files([SEED], RunConfig(glossaries=(glossary,), use_mt=False))]


def terms_of(path: Path) -> list[tuple]:
    return [(t.key, t.kind, t.names, t.variants, t.wrong, t.note) for t in load_file(path)]


def error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    return result.output.replace("\n", "")


@pytest.fixture(scope="module")
def yaml_glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("yaml") / "names.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def _source(folder: Path, fmt: str) -> Path:
    if fmt == "xlsx":
        header, *rows = csv.reader(io.StringIO(CSV.lstrip("\ufeff")), delimiter=";")
        header = [name.upper() if len(name) <= 5 else name.title() for name in header]  # 'KEY', 'EN-US', 'En_Variants'
        return write_xlsx(folder / "names.xlsx", [header, *rows[:3], [None] * 9, *rows[3:]])
    text = {"tbx2": TBX_V2, "tbx3": TBX_V3, "csv": CSV}[fmt]
    path = folder / ("names.csv" if fmt == "csv" else "names.tbx")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["tbx2", "tbx3", "csv", "xlsx"])
def test_an_imported_termbase_finds_what_the_yaml_glossary_finds(fmt: str, tmp_path: Path, yaml_glossary: Path) -> None:
    source = _source(tmp_path, fmt)
    out = tmp_path / "glossaries"
    out.mkdir()
    result = runner.invoke(app, ["glossary", "import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    imported = out / "names.yaml"
    assert "8 term(s) written to" in result.output and imported.is_file()
    assert terms_of(imported) == terms_of(yaml_glossary)
    expected = findings_with(yaml_glossary)
    assert {f["kind"] for f in expected} >= {"known-wrong", "case-ending", "transliteration"}
    assert findings_with(imported) == expected
    assert runner.invoke(app, ["glossary", "validate", str(imported)]).exit_code == 0
    if fmt in ("tbx2", "csv", "xlsx"):
        assert "fr" in result.output and "skipped" in result.output  # the French terms, with a note


def test_import_writes_to_glossaries_by_default_and_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = _source(tmp_path, "tbx2")
    assert runner.invoke(app, ["glossary", "import", str(source)]).exit_code == 0
    written = tmp_path / "glossaries" / "names.yaml"
    before = written.read_bytes()
    assert written.read_text(encoding="utf-8").startswith("# Imported from names.tbx")
    again = error_line(runner.invoke(app, ["glossary", "import", str(source), "--out", str(written)]))
    assert f"{written}: already exists" in again and written.read_bytes() == before
    # another file in the same folder: its keys would clash with the first import's
    clash = error_line(runner.invoke(app, ["glossary", "import", str(source), "--out", str(tmp_path / "glossaries" / "more.yaml")]))
    assert f"{source}:10: key 'isis' is already in {written}:3" in clash
    assert not (tmp_path / "glossaries" / "more.yaml").exists()



def test_import_into_a_folder_not_made_yet_says_how(tmp_path: Path) -> None:
    """'--out newdir/' reaches the command as 'newdir': the error said only that a glossary file ends in .yaml."""
    source = _source(tmp_path, "tbx2")
    message = error_line(runner.invoke(app, ["glossary", "import", str(source), "--out", str(tmp_path / "newdir") + "/"]))
    assert "no such folder" in message and f"give {tmp_path / 'newdir' / 'names.yaml'}" in message
    (tmp_path / "newdir").mkdir()
    assert runner.invoke(app, ["glossary", "import", str(source), "--out", str(tmp_path / "newdir") + "/"]).exit_code == 0
    assert (tmp_path / "newdir" / "names.yaml").is_file()
    assert "a glossary file ends in .yaml" in error_line(runner.invoke(app, ["glossary", "import", str(source), "--out", str(tmp_path / "g.txt")]))

def csv_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _at_once(start, args: list[str]) -> None:
    """``align ARGS`` in a process of its own, begun with the others; its exit status is the command's."""
    start.wait()
    sys.exit(runner.invoke(app, args).exit_code)


def commands_at_once(*commands: list[str]) -> list[int]:
    """The exit statuses of ``commands``, each run in a process of its own, all begun at one moment."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(commands))
    workers = [context.Process(target=_at_once, args=(start, [str(arg) for arg in args])) for args in commands]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    return [worker.exitcode for worker in workers]


def test_imports_or_exports_at_once_to_one_file_write_it_once(tmp_path: Path) -> None:
    """'Never over an existing file' was a look before the write: imports (or exports) at once to one file all found
    it absent, all wrote it, and all said they had."""
    sources = [csv_file(tmp_path / f"t{n}.csv", f"key,en,ru\nk{n},Name{n},Имя{n}\n") for n in range(8)]
    same = tmp_path / "g" / "same.yaml"
    statuses = commands_at_once(*(["glossary", "import", source, "--out", same] for source in sources))
    assert sorted(statuses) == [0] + [2] * 7, statuses
    assert [term.key for term in load_file(same)] == [f"k{statuses.index(0)}"]
    exported = tmp_path / "all.tbx"
    statuses = commands_at_once(*(["glossary", "export", ROOT / "glossaries", "--out", exported] for _ in range(6)))
    assert sorted(statuses) == [0] + [2] * 5, statuses


def test_imports_at_once_of_one_key_into_one_folder_keep_it_unique(tmp_path: Path) -> None:
    """Each import checked that its keys were new in the folder, then wrote: at once, each found the key new, and
    the folder's glossaries no longer loaded together (duplicate key)."""
    sources = [csv_file(tmp_path / f"t{n}.csv", f"key,en,ru\nsamekey,N{n},И{n}\n") for n in range(8)]
    folder = tmp_path / "g"
    statuses = commands_at_once(*(["glossary", "import", source, "--out", folder / f"t{n}.yaml"] for n, source in enumerate(sources)))
    assert sorted(statuses) == [0] + [2] * 7, statuses
    assert sorted(path.name for path in folder.glob("*.yaml")) == [f"t{statuses.index(0)}.yaml"]
    assert runner.invoke(app, ["glossary", "validate", str(folder)]).exit_code == 0


def test_an_export_to_a_file_system_without_hard_links_still_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_hard_links(*args, **kwargs):  # as on FAT: a new file is linked into place where the file system can
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    exported = tmp_path / "names.csv"
    assert runner.invoke(app, ["glossary", "export", str(ROOT / "glossaries"), "--out", str(exported)]).exit_code == 0
    written = exported.read_bytes()
    assert f"{exported}: already exists" in error_line(runner.invoke(app, ["glossary", "export", str(ROOT / "glossaries"), "--out", str(exported), "--format", "tsv"]))
    assert exported.read_bytes() == written and [p.name for p in tmp_path.iterdir()] == ["names.csv"]


def test_an_imported_name_that_can_never_match_is_said_at_import(tmp_path: Path) -> None:
    """A NUL or a right-to-left override inside a term was imported silently, then `glossary validate` failed on it."""
    source = tmp_path / "hidden.csv"
    source.write_bytes("key,kind,en,ru\nraqqa,place,Ra\x00qqa,Ра\u202eкка\n".encode("utf-8"))
    result = runner.invoke(app, ["glossary", "import", str(source), "--out", str(tmp_path / "g.yaml")])
    assert result.exit_code == 0 and (tmp_path / "g.yaml").exists()
    assert "U+0000" in result.output and "U+202E" in result.output and "until then `align glossary validate` fails on it" in result.output
    assert runner.invoke(app, ["glossary", "validate", str(tmp_path / "g.yaml")]).exit_code == 2


def test_missing_ids_become_keys_from_the_name_and_odd_ids_are_slugified(tmp_path: Path) -> None:
    path = tmp_path / "ids.tbx"
    path.write_text(
        """<martif type="TBX-Basic"><text><body>
<termEntry id="Deir ez-Zor (city)"><langSet xml:lang="en"><tig><term>Deir ez-Zor</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="en"><tig><term>Bashar al-Assad</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="en"><tig><term>Bashar al-Assad</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="ru"><tig><term>Сергей Лавров</term></tig></langSet></termEntry>
<termEntry id="c7"><langSet xml:lang="en"><tig><term>Idlib</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="de"><tig><term>Damaskus</term></tig></langSet></termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    termbase = read_termbase(path)
    assert [(t.key, t.kind, t.line) for t in termbase.terms] == [("deir_ez_zor_city", "other", 2), ("bashar_al_assad", "other", 3), ("bashar_al_assad_2", "other", 4), ("sergey_lavrov", "other", 5), ("c7", "other", 6)]
    assert termbase.notes == [f"{path}: terms in de skipped (align checks en, ru and id)", f"{path}: 1 entries without an en, ru or id name skipped (the first at line 7)"]


def test_tbx_v3_dct_style_statuses_and_subject_fields(tmp_path: Path) -> None:
    path = tmp_path / "dct.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>dct</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="pentagon">
      <basic:subjectField>organization</basic:subjectField>
      <langSec xml:lang="en">
        <termSec><term>Pentagon</term><basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
        <termSec><term>the Pentagon</term><basic:administrativeStatus>admittedTerm-admn-sts</basic:administrativeStatus></termSec>
        <termSec><term>Pentagone</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec>
      </langSec>
      <langSec xml:lang="ru"><termSec><term>Пентагон</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>""",
        encoding="utf-8",
    )
    (term,) = read_termbase(path).terms
    assert (term.key, term.kind, term.names, term.variants, term.wrong) == ("pentagon", "organization", {"en": "Pentagon", "ru": "Пентагон"}, {"en": ["the Pentagon"]}, {"en": ["Pentagone"]})


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet></termEntry></body></text></martif>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>
"""
ENTRY = '<termEntry id="a"><langSet xml:lang="en"><tig><term>A</term></tig></langSet></termEntry>'


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("bad.tbx", "<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n", 4, "broken XML: Opening and ending tag mismatch"),
        ("bad.tbx", "", 1, "broken XML"),
        ("bad.tbx", BILLION_LAUGHS, 3, "the termbase declares its own XML entities"),
        ("bad.tbx", XXE, 2, "the termbase declares its own XML entities"),
        ("bad.tbx", "<?xml version='1.0'?>\n<glossary/>\n", 2, "not a TBX file: the root element is <glossary>"),
        ("bad.tbx", "<martif><text><body>\n<termEntry><langSet><tig><term>A</term></tig></langSet></termEntry></body></text></martif>", 2, "<langSet> without xml:lang"),
        ("bad.tbx", '<martif xml:lang="en"><text><body>\n<termEntry><langSet>\n<tig><termNote/></tig></langSet></termEntry></body></text></martif>', 3, "<tig> without a term"),
        ("bad.tbx", f"<martif><text><body>\n{ENTRY}\n{ENTRY}\n</body></text></martif>", 3, "duplicate key 'a' (first at line 2)"),
        ("bad.tbx", "<martif>\n<text><body></body></text></martif>", 1, "no <termEntry> entries"),
        ("bad.csv", "key,en,colour\na,A,red\n", 1, "unknown column 'colour'"),
        ("bad.csv", "key,en,en\na,A,B\n", 1, "column 'en' repeats 'en'"),
        ("bad.csv", "key,kind\na,place\n", 1, "no en, ru or id column"),
        ("bad.csv", "key,en,kind\na,A,place\nb,B,city\n", 3, "kind 'city' must be one of person, place, organization, other"),
        ("bad.csv", 'key,en\na,A\n"b\nc",B,C\n', 3, "3 cells, but the header row names 2 columns"),
        ("bad.csv", "", 1, "empty: a header row"),
        ("bad.csv", 'key,kind,en,ru\nr1,place,"Raqqa1,Ракка1\nr2,place,Aleppo2,Алеппо2\nr3,place,Homs3,Хомс3\n', 2, "broken CSV: a quoted field is never closed"),  # was one name of all three rows
        ("bad.tsv", 'key\ten\na\t"Aleppo" city\n', 2, "broken CSV: text after a quoted field's closing quote (quote the whole field)"),  # was 'Aleppo city'
        ("bad.tsv", "key\ten\nb\t\n", 2, "nothing to import: no entry has an en, ru or id name"),
        ("bad.txt", "key,en\n", 0, "unknown termbase format '.txt'"),
    ],
)
def test_bad_termbases_are_one_line_with_the_file_and_line(tmp_path: Path, name: str, content: str, line: int, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(path), "--out", str(tmp_path / "out.yaml")])
    assert (f"{path}:{line}: {message}" if line else f"{path}: {message}") in error_line(result)
    assert not (tmp_path / "out.yaml").exists()


def test_csv_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes("key,ru\na,Ракка\n".encode("cp1251"))
    assert f"{path}:2: not UTF-8" in error_line(runner.invoke(app, ["glossary", "import", str(path), "--out", str(tmp_path / "o.yaml")]))


def test_xlsx_problems_name_the_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [["key", "en", "kind"], ["a", "A", "place"], [None, None, None], ["b", "B", "town"]])
    assert f"{path}:4: kind 'town'" in error_line(runner.invoke(app, ["glossary", "import", str(path), "--out", str(tmp_path / "o.yaml")]))
    fake = tmp_path / "fake.xlsx"
    fake.write_text("key,en\na,A\n", encoding="utf-8")
    assert f"{fake}: not a readable XLSX workbook" in error_line(runner.invoke(app, ["glossary", "import", str(fake), "--out", str(tmp_path / "o.yaml")]))
    sheetless = tmp_path / "sheetless.xlsx"  # its workbook lists no sheet: 'list index out of range' was the message
    with zipfile.ZipFile(path) as whole, zipfile.ZipFile(sheetless, "w") as cut:
        for info in whole.infolist():
            if "worksheets" not in info.filename:
                data = whole.read(info.filename)
                if info.filename == "xl/workbook.xml":
                    data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
                cut.writestr(info, data)
    assert error_line(runner.invoke(app, ["glossary", "import", str(sheetless), "--out", str(tmp_path / "o.yaml")])) == f"error: {sheetless}: no worksheet in the workbook"


@pytest.mark.parametrize("fmt", ["tbx", "csv", "tsv", "xlsx"])
def test_export_then_import_gives_the_same_terms(fmt: str, tmp_path: Path) -> None:
    shipped = ROOT / "glossaries"
    out = tmp_path / f"names.{fmt}"
    result = runner.invoke(app, ["glossary", "export", str(shipped), "--out", str(out)])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    assert runner.invoke(app, ["glossary", "import", str(out), "--out", str(back)]).exit_code == 0
    original = [t for path in sorted(shipped.glob("*.yaml")) for t in terms_of(path)]
    assert sorted(terms_of(back)) == sorted(original) and len(original) > 40
    again = tmp_path / f"again.{fmt}"
    assert runner.invoke(app, ["glossary", "export", str(shipped), "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # no time stamps, even in the workbook


def test_exported_tbx_is_tbx_basic(tmp_path: Path, yaml_glossary: Path) -> None:
    from lxml import etree

    out = tmp_path / "names.tbx"
    assert runner.invoke(app, ["glossary", "export", str(yaml_glossary), "--out", str(out)]).exit_code == 0
    tree = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    root = tree.getroot()
    assert tree.docinfo.system_url == "TBXBasiccoreStructV02.dtd" and tree.docinfo.encoding == "UTF-8"
    assert (root.tag, root.get("type"), root.get("{http://www.w3.org/XML/1998/namespace}lang")) == ("martif", "TBX-Basic", "en")
    assert root.findtext("martifHeader/encodingDesc/p[@type='XCSURI']") == "TBXBasicXCSV02.xcs"
    entries = root.findall("text/body/termEntry")
    assert [e.get("id") for e in entries] == ["isis", "jabhat_al_nusra", "ria_novosti", "yevgeny_lukyanov", "raqqa", "sergey_shoigu", "moscow", "mark_toner"]
    isis = entries[0]
    assert isis.findtext("descrip[@type='subjectField']") == "organization" and "IG" in isis.findtext("note")
    english = isis.find("langSet[@{http://www.w3.org/XML/1998/namespace}lang='en']")
    statuses = [(tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']")) for tig in english.findall("tig")]
    assert statuses == [("ISIS", "preferredTerm-admn-sts"), ("ISIL", "admittedTerm-admn-sts"), ("IS", "admittedTerm-admn-sts"), ("Islamic State", "admittedTerm-admn-sts"), ("Daesh", "admittedTerm-admn-sts"), ("IG", "deprecatedTerm-admn-sts")]
    assert [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in isis.findall("langSet")] == ["en", "ru", "id"]


def test_export_refuses_an_existing_file_and_an_unknown_format(tmp_path: Path, yaml_glossary: Path) -> None:
    taken = tmp_path / "taken.csv"
    taken.write_text("mine\n", encoding="utf-8")
    assert f"{taken}: already exists" in error_line(runner.invoke(app, ["glossary", "export", str(yaml_glossary), "--out", str(taken)]))
    assert taken.read_text(encoding="utf-8") == "mine\n"
    assert "give --format tbx, csv, tsv or xlsx" in error_line(runner.invoke(app, ["glossary", "export", str(yaml_glossary), "--out", str(tmp_path / "x.doc")]))
    explicit = tmp_path / "names.txt"
    assert runner.invoke(app, ["glossary", "export", str(yaml_glossary), "--out", str(explicit), "--format", "tsv"]).exit_code == 0
    assert explicit.read_text(encoding="utf-8-sig").startswith("key\tkind\ten\tru\tid\t")


def test_validate_warns_of_a_name_that_an_export_to_csv_tsv_or_xlsx_refuses(tmp_path: Path) -> None:
    """A name holding ';', which separates a cell's names in a table, passed validate, then export refused it."""
    glossary = tmp_path / "semi.yaml"
    glossary.write_text('terms:\n  - key: b\n    names: {en: B}\n  - key: a\n    names: {en: Name, ru: "Имя; с точкой"}\n', encoding="utf-8")
    said = f"{glossary}:5: name 'Имя; с точкой' of term 'a' contains ';', which separates names in CSV and XLSX"  # the name's line, not the term's
    validated = runner.invoke(app, ["glossary", "validate", str(glossary)])
    assert (validated.exit_code, validated.stderr) == (0, f"warning: {said}; an export to CSV, TSV or XLSX refuses it, one to TBX takes it\n")
    assert validated.stdout.replace("\n", "") == f"{glossary}: 2 terms"
    for fmt in ("csv", "tsv", "xlsx"):
        assert f"error: {said}" in error_line(runner.invoke(app, ["glossary", "export", str(glossary), "--out", str(tmp_path / f"x.{fmt}")]))
    assert runner.invoke(app, ["glossary", "export", str(glossary), "--out", str(tmp_path / "x.tbx")]).exit_code == 0

    block = tmp_path / "block.yaml"
    block.write_text('terms:\n  - key: a\n    names:\n      en: Name\n      ru: Имя\n    variants:\n      en: ["A; B"]\n  - {key: c, names: {en: "C; D"}}\n', encoding="utf-8")
    warnings = runner.invoke(app, ["glossary", "validate", str(block)]).stderr.splitlines()
    assert [line.split(": name ")[0] for line in warnings] == [f"warning: {block}:7", f"warning: {block}:8"]


def test_export_writes_spreadsheet_cells_as_text(tmp_path: Path) -> None:
    """A name that looks like a formula stays a name: no formula injection into the reviewer's Excel."""
    from openpyxl import load_workbook

    glossary = tmp_path / "odd.yaml"
    glossary.write_text("terms:\n  - key: eq\n    names: {en: '=HYPERLINK(\"http://x\")', ru: '+7'}\n", encoding="utf-8")
    out = tmp_path / "odd.xlsx"
    assert runner.invoke(app, ["glossary", "export", str(glossary), "--out", str(out)]).exit_code == 0
    sheet = load_workbook(out).active
    assert (sheet["C2"].value, sheet["C2"].data_type, sheet["D2"].value, sheet["D2"].data_type) == ('=HYPERLINK("http://x")', "s", "+7", "s")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L2"
    for fmt in ("csv", "tsv"):  # as text there too: after a quote, which an import takes off again
        table = tmp_path / f"odd.{fmt}"
        assert runner.invoke(app, ["glossary", "export", str(glossary), "--out", str(table)]).exit_code == 0
        cells = table.read_text(encoding="utf-8-sig").splitlines()[1].split("," if fmt == "csv" else "\t")
        assert cells[2].strip('"').startswith("'=HYPERLINK") and cells[3] == "'+7"
        back = tmp_path / fmt / "back.yaml"  # a folder of its own: the key is the exported glossary's
        back.parent.mkdir()
        assert runner.invoke(app, ["glossary", "import", str(table), "--out", str(back)]).exit_code == 0
        assert load_file(back)[0].names == {"en": '=HYPERLINK("http://x")', "ru": "+7"}
