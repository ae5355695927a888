"""test_dataframe.py - unit tests of the dataframe runners (dataframe_task.py, versus_dataframe.py;
standard library unittest).

Run from the project root:  runners/python-dataframe/.venv/bin/python3 -m unittest discover \
    -s runners/python-dataframe
A table of 12 rows written here, whose answers were worked out by hand, is answered by each of
pandas, Polars and DuckDB; the command-line cases check exit codes and one line on stderr.
"""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dataframe_task  # noqa: E402  pylint: disable=wrong-import-position

# id1,id2,id3,id4,id5,id6,v1,v2,v3 with the generator's fixed widths (leading zeros).
ROWS = [
    "id001,id001,id0000000001,001,001,01,1,01,10.000001",
    "id001,id002,id0000000001,001,002,02,2,02,20.000002",
    "id002,id001,id0000000002,002,001,01,3,03,30.000003",
    "id002,id001,id0000000002,002,001,01,4,04,00.500000",
    "id001,id001,id0000000001,001,001,02,5,15,99.999999",
    "id002,id002,id0000000002,002,002,02,1,01,00.000001",
]
# Worked by hand. q3 and q4 print mean x count: v1 as units, v3 as millionths.
EXPECTED = """\
q1 id001 8
q1 id002 8
q2 id001 id001 6
q2 id001 id002 2
q2 id002 id001 7
q2 id002 id002 1
q3 id0000000001 8 130000002
q3 id0000000002 8 30500004
q4 1 8 18 130000002
q4 2 8 8 30500004
q5 1 8 8 40500004
q5 2 8 18 120000002
"""


class DataframeTest(unittest.TestCase):
    """The three engines on a hand-checked table."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()  # pylint: disable=consider-using-with
        cls.path = os.path.join(cls.tmp.name, "g1.csv")
        with open(cls.path, "w", encoding="ascii") as f:
            f.write("id1,id2,id3,id4,id5,id6,v1,v2,v3\n" + "\n".join(ROWS) + "\n")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_engines_give_the_hand_worked_answers(self):
        for engine in dataframe_task.ENGINES:
            with self.subTest(engine=engine):
                lines, metrics = dataframe_task.run(self.path, engine)
                self.assertEqual("".join(line + "\n" for line in lines), EXPECTED)
                names = dict(metrics)
                for q in dataframe_task.QUESTIONS:
                    self.assertGreaterEqual(names[f"{q}_s"], 0.0)
                self.assertGreaterEqual(names["threads"], 1)

    def test_unknown_engine(self):
        with self.assertRaises(ValueError):
            dataframe_task.run(self.path, "spark")

    def test_command_line(self):
        script = os.path.join(HERE, "versus_dataframe.py")
        ok = subprocess.run([sys.executable, "-B", script, "dataframe", self.path, "--engine",
                             "polars"], capture_output=True, text=True, check=False, timeout=120)
        self.assertEqual((ok.returncode, ok.stdout, ok.stderr), (0, EXPECTED, ""))
        for bad in (["dataframe", self.path], ["dataframe", "/nonexistent.csv", "--engine",
                                                "pandas"], ["frob"]):
            proc = subprocess.run([sys.executable, "-B", script, *bad], capture_output=True,
                                  text=True, check=False, timeout=120)
            self.assertEqual(proc.returncode, 2, bad)
            self.assertEqual(proc.stdout, "")
            self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)


if __name__ == "__main__":
    unittest.main()
