"""Best region identification gives each instance its own "today": the required context states it,
relative windows end on it, and the days vary across instances."""

from datetime import date, datetime

from crmarena.queries.windows import from_spec


def test_bri_instances_state_their_own_today(default_tasks):
    instances, _ = default_tasks
    bri = [i for i in instances if i.task == "best_region_identification"]
    todays = set()
    for i in bri:
        today = date.fromisoformat(i.parameters["today"])
        todays.add(today)
        assert f"Today's date: {today.isoformat()}" in i.metadata.required
        w = from_spec(i.parameters["window"], today)
        assert w.start == datetime.fromisoformat(i.parameters["start"])
        assert w.stop == datetime.fromisoformat(i.parameters["stop"])
        assert w.stop.date() <= today
    assert len(todays) > len(bri) // 2
