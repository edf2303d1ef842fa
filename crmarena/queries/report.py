"""The per-task summary table of ``crmarena tasks`` (rich)."""

from __future__ import annotations

from rich import box
from rich.table import Table

from crmarena.queries.runner import TaskSummary


def _num(v: float | None, fmt: str = "g") -> str:
    return "—" if v is None else format(v, fmt)


def summary_table(summaries: list[TaskSummary], allowed_shortfall: bool = False) -> Table:
    t = Table(title="tasks", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    for col, width in (("task", 31), ("n", 3), ("None", 4), ("answers", 7), ("top", 4), ("support", 7),
                       ("stat", 5), ("drafts", 6), ("time", 5)):
        t.add_column(col, justify="left" if col == "task" else "right", no_wrap=True, min_width=width)
    for s in summaries:
        count = f"{s.count}" if s.count == s.wanted and not s.shortfall else f"[yellow]{s.count}/{s.wanted}[/]"
        support = "—" if s.support_min is None else f"{s.support_min}/{_num(s.support_median)}"
        t.add_row(s.task, count, f"{s.none_share:.0%}", str(s.distinct_answers), f"{s.top_answer_share:.0%}",
                  support, _num(s.statistic_median, ".2g"), str(s.drafts), f"{s.seconds:.1f}s")
    t.caption = "None: share of false presuppositions; answers: distinct answers; top: share of the " \
                "answerable instances with the most common answer; support: min/median cases behind the " \
                "answer; stat: median test statistic (monthly trend: binomial p-value; averages: lead over " \
                "the runner-up / its standard error)"
    if allowed_shortfall and any(s.shortfall or s.count < s.wanted for s in summaries):
        t.caption += "\n[yellow]shortfall allowed (--allow-shortfall): the yellow tasks miss instances[/]"
    t.caption_justify = "left"
    return t
