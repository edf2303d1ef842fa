"""The per-task summary table of ``crmarena tasks`` (rich)."""

from __future__ import annotations

from rich import box
from rich.table import Table

from crmarena.queries.runner import TaskSummary


def summary_table(summaries: list[TaskSummary]) -> Table:
    t = Table(title="tasks", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    for col, width in (("task", 31), ("n", 3), ("None", 4), ("answers", 7), ("top", 4), ("drafts", 6),
                       ("time", 5)):
        t.add_column(col, justify="left" if col == "task" else "right", no_wrap=True, min_width=width)
    for s in summaries:
        count = f"{s.count}" if s.count == s.wanted else f"[yellow]{s.count}/{s.wanted}[/]"
        t.add_row(s.task, count, f"{s.none_share:.0%}", str(s.distinct_answers), f"{s.top_answer_share:.0%}",
                  str(s.drafts), f"{s.seconds:.1f}s")
    t.caption = "None: share of false presuppositions; answers: distinct answers; top: share of the " \
                "answerable instances with the most common answer"
    t.caption_justify = "left"
    return t
