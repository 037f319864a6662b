"""Fuzz the csv reader: any bytes in a ``.csv`` file give Documents or coded E1xx/W1xx failures.

python fuzz/fuzz_csv.py -max_total_time=600
"""

from _reader import reader_main

if __name__ == "__main__":
    reader_main(".csv", "csv")
