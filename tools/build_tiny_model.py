"""Build the tiny Russian→English argos package the tests translate with.

No real model can be downloaded on the machines this project is built and
tested on, so the test suite runs the real argostranslate + CTranslate2 path
on a model we train ourselves: a two-layer Marian transformer (d_model 128)
with a joint 600-piece SentencePiece vocabulary, trained on a few hundred short
Tatoeba pairs until it reproduces its training set, converted with
CTranslate2's Transformers converter (int8) and packed as a ``.argosmodel``.

It only translates (some of) its training sentences correctly; it is a
fixture, not a translator. Usage (needs ``pip install -e '.[build-model]'``):

    python tools/build_tiny_model.py [--data DIR] [--out tests/fixtures/models]

Takes a few minutes on two CPU cores. Seeded, but floating-point training is
not bit-for-bit reproducible across machines; the tests only rely on the
sentences listed in ``CHECK``, which the script verifies before packing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "translate-ru_en-tiny-1_0"
PAIRS = 400
MAX_CHARS = 32
VOCAB = 600
# Training sentences the tests expect the model to translate exactly.
CHECK = 12


def read_pairs(data: Path) -> list[tuple[str, str]]:
    """Short Tatoeba pairs, deduplicated by source, in file order."""
    english = (data / "tatoeba-2021-08-07.eng-rus.eng").read_text(encoding="utf-8").splitlines()
    russian = (data / "tatoeba-2021-08-07.eng-rus.rus").read_text(encoding="utf-8").splitlines()
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for ru, en in zip(russian, english):
        if len(ru) <= MAX_CHARS and len(en) <= MAX_CHARS and ru not in seen:
            seen.add(ru)
            pairs.append((ru.strip(), en.strip()))
        if len(pairs) == PAIRS:
            break
    return pairs


def train_sentencepiece(pairs: list[tuple[str, str]], work: Path) -> Path:
    import sentencepiece as spm

    corpus = work / "corpus.txt"
    corpus.write_text("\n".join(ru + "\n" + en for ru, en in pairs) + "\n", encoding="utf-8")
    prefix = work / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=VOCAB, model_type="unigram",
        character_coverage=1.0, eos_id=0, unk_id=1, bos_id=-1, pad_id=-1,
        num_threads=2, minloglevel=2,
    )  # fmt: skip
    return prefix.with_suffix(".model")


def train_marian(pairs: list[tuple[str, str]], spm_path: Path, work: Path) -> Path:
    """Train until the training set is memorised; save a Transformers Marian model with its tokenizer."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(7)
    random.seed(7)
    torch.set_num_threads(2)
    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    size = sp.get_piece_size()
    pad = size  # Marian keeps <pad> last; CTranslate2's converter drops it again
    vocab = {sp.id_to_piece(i): i for i in range(size)} | {"<pad>": pad}
    model_dir = work / "marian"
    model_dir.mkdir()
    (model_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(spm_path, model_dir / "source.spm")
    shutil.copy(spm_path, model_dir / "target.spm")
    config = MarianConfig(
        vocab_size=size + 1, d_model=128, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=256, decoder_ffn_dim=256, max_position_embeddings=512,
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        dropout=0.0, attention_dropout=0.0, activation_dropout=0.0, share_encoder_decoder_embeddings=True,
    )  # fmt: skip
    model = MarianMTModel(config)
    # Sources carry no </s>, as argos' own OpenNMT models expect; targets end with it.
    sources = [sp.encode(ru) for ru, _ in pairs]
    targets = [sp.encode(en) + [0] for _, en in pairs]
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3)
    order = list(range(len(pairs)))
    model.train()
    for epoch in range(1, 401):
        random.shuffle(order)
        total = 0.0
        for batch_start in range(0, len(order), 32):
            batch = order[batch_start : batch_start + 32]
            src_len = max(len(sources[i]) for i in batch)
            tgt_len = max(len(targets[i]) for i in batch)
            input_ids = torch.tensor([sources[i] + [pad] * (src_len - len(sources[i])) for i in batch])
            labels = torch.tensor([targets[i] + [-100] * (tgt_len - len(targets[i])) for i in batch])
            loss = model(input_ids=input_ids, attention_mask=(input_ids != pad).long(), labels=labels).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        mean = total / len(pairs)
        if epoch % 10 == 0:
            print(f"epoch {epoch}: loss {mean:.4f}", flush=True)
        if mean < 0.02:
            break
    model.eval()
    model.save_pretrained(model_dir / "hf")
    MarianTokenizer(str(model_dir / "source.spm"), str(model_dir / "target.spm"), str(model_dir / "vocab.json")).save_pretrained(model_dir / "hf")
    return model_dir / "hf"


def convert(hf_dir: Path, package_dir: Path, spm_path: Path) -> None:
    import ctranslate2

    ctranslate2.converters.TransformersConverter(str(hf_dir)).convert(str(package_dir / "model"), quantization="int8", force=True)
    shutil.copy(spm_path, package_dir / "sentencepiece.model")
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.11",
        "from_code": "ru",
        "from_name": "Russian",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    (package_dir / "README.md").write_text(
        "# Tiny Russian→English test model\n\nBuilt by align's tools/build_tiny_model.py from Tatoeba pairs "
        "(CC BY 2.0 FR). It translates only some of its training sentences; it exists to test the real "
        "argostranslate + CTranslate2 path offline.\n",
        encoding="utf-8",
    )


def check(package_dir: Path, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The training pairs the converted model translates exactly (greedy, as the tests run it)."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", inter_threads=1, intra_threads=2)
    results = translator.translate_batch([sp.encode(ru, out_type=str) for ru, _ in pairs], beam_size=1, max_decoding_length=64)
    return [(ru, en) for (ru, en), result in zip(pairs, results) if sp.decode(result.hypotheses[0]) == en]


def pack(package_dir: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{PACKAGE}.argosmodel"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package_dir.rglob("*")):
            archive.write(path, Path(PACKAGE) / path.relative_to(package_dir))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "models")
    args = parser.parse_args()
    pairs = read_pairs(args.data)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        spm_path = train_sentencepiece(pairs, work)
        hf_dir = train_marian(pairs, spm_path, work)
        package_dir = work / PACKAGE
        package_dir.mkdir()
        convert(hf_dir, package_dir, spm_path)
        correct = check(package_dir, pairs)
        print(f"{len(correct)}/{len(pairs)} training sentences translated exactly")
        if len(correct) < CHECK:
            sys.exit(f"only {len(correct)} sentences correct, need {CHECK}: train longer")
        (args.out).mkdir(parents=True, exist_ok=True)
        sample = {ru: en for ru, en in correct[:CHECK]}
        (args.out / f"{PACKAGE}.check.json").write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        target = pack(package_dir, args.out)
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
