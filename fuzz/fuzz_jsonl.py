"""Fuzz the jsonl reader: any bytes in a ``.jsonl`` file give Documents or coded E1xx/W1xx failures.

python fuzz/fuzz_jsonl.py -max_total_time=600
"""

from _reader import reader_main

if __name__ == "__main__":
    reader_main(".jsonl", "jsonl")
