"""Decode speed of the one reader (curator.ingest.decoding): the UTF-8 fast path against detection
(charset-normalizer plus Curator's plausibility check), and the mojibake scan (ftfy), on a few MB
of text. Prints figures; no thresholds.

    .venv/bin/python benchmarks/bench_decoding.py [MB]
"""

from __future__ import annotations

import sys
import time

from curator.ingest.decoding import decode_bytes
from curator.ingest.mojibake import find_mojibake

PARAGRAPHS = {
    "Russian": ("Битва за Алеппо началась 19 июля 2012 года, когда отряды оппозиции вошли в восточные "
                "кварталы города. В течение четырёх лет город был разделён на две части. Эвакуация "
                "последних жителей завершилась 22 декабря 2016 года.\n"),
    "Greek": ("Η μάχη του Χαλεπιού ξεκίνησε στις 19 Ιουλίου 2012, όταν οι αντάρτες μπήκαν στις ανατολικές "
              "συνοικίες της πόλης. Άνθρωποι έφευγαν κάθε μέρα προς την Τουρκία.\n"),
    "French": ("Le siège d'Alep a commencé le 19 juillet 2012, lorsque les rebelles sont entrés dans les "
               "quartiers est de la ville. Où sont allés les réfugiés ? Beaucoup sont partis à pied vers "
               "la Turquie ; l'évacuation s'est achevée le 22 décembre 2016, après des mois de siège.\n"),
    "Japanese": "アレッポの戦いは2012年7月19日、反政府勢力が市の東部地区に入ったことで始まった。避難は2016年12月22日に完了した。\n",
}
CASES = [("English", "utf-8", "The siege of Aleppo began on 19 July 2012 and ended on 22 December 2016.\n"),
         ("Russian", "utf-8", PARAGRAPHS["Russian"]),
         ("Russian", "cp1251", PARAGRAPHS["Russian"]),
         ("Greek", "cp1253", PARAGRAPHS["Greek"]),
         ("French", "cp1252", PARAGRAPHS["French"]),
         ("Japanese", "shift_jis", PARAGRAPHS["Japanese"])]


def best_of(repeat: int, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    print(f"{'text':<10} {'file encoding':<14} {'MB':>5} {'decode s':>9} {'MB/s':>7}  {'read as':<14} "
          f"{'sure':<5} {'bytes.decode s':>14}")
    for name, codec, paragraph in CASES:
        unit = paragraph.encode(codec)
        data = unit * max(1, int(megabytes * 1e6 / len(unit)))
        seconds, decoded = best_of(3, lambda: decode_bytes(data, name))
        plain, _ = best_of(3, lambda: data.decode(codec))
        mb = len(data) / 1e6
        print(f"{name:<10} {codec:<14} {mb:5.2f} {seconds:9.3f} {mb / seconds:7.1f}  {decoded.encoding:<14} "
              f"{str(decoded.sure):<5} {plain:14.3f}")
    print()
    clean = PARAGRAPHS["French"] * int(megabytes * 1e6 / len(PARAGRAPHS["French"].encode()))
    garbled_line = "Le cafÃ© est fermÃ© depuis le 3 mai 2014, dit Aâ€™qrab.\n"
    one_in_ten = "".join(garbled_line if i % 10 == 0 else PARAGRAPHS["French"]
                         for i in range(int(megabytes * 1e6 / len(PARAGRAPHS["French"].encode()))))
    russian = PARAGRAPHS["Russian"] * int(megabytes * 1e6 / len(PARAGRAPHS["Russian"].encode()))
    for label, text in (("French, no mojibake", clean), ("French, 1 line in 10 garbled", one_in_ten),
                        ("Russian, no mojibake", russian)):
        seconds, report = best_of(3, lambda: find_mojibake(text))
        mb = len(text.encode()) / 1e6
        places = report.places if report else 0
        print(f"mojibake scan, {label:<30} {mb:5.2f} MB {seconds:7.3f} s ({mb / seconds:6.1f} MB/s), "
              f"{places} places")


if __name__ == "__main__":
    main()
