"""The evaluation question sets that ship with Pacer, so `pacer eval` works from an installed wheel too.

- `written/`: questions written for Pacer by three authors, a tuning half and two held-out files.
- `warning/`: questions that describe a warning sign, and calm near-misses (see `bot.core.warning_eval`).
- `real/`: questions runners really asked in public, copied word for word with their URL and labelled before
  any was run (see `bot.core.real_questions`), with a second author's independent labels for a sample.
"""

from pathlib import Path

HERE = Path(__file__).parent
WRITTEN = HERE / "written"
REAL = HERE / "real" / "real-questions.yaml"
REAL_SECOND_AUTHOR = HERE / "real" / "second-author.yaml"
WARNING_SIGNS = HERE / "warning" / "warning-signs.yaml"
