"""What the notebooks show: readable tables (`analysis.display.show`) and each figure inline, as saved."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from elite_defections.analysis import figures
from elite_defections.analysis.display import show
from elite_defections.analysis.eras import compute_eras
from elite_defections.core import freshness
from elite_defections.core.intervals import Interval
from elite_defections.core.statistic import Statistic


def test_statistics_read_as_the_briefing_prints_them_without_empty_columns():
    stats = [Statistic(id="a", value=2.4814814814, display="2.48 times", unit="times", method="134 / 54"),
             Statistic(id="b", value=54, display="54", unit="persons", method="the ledger")]
    table = show(stats)
    assert list(table.columns) == ["display", "method"]  # no verdict column: none of them checks a claim
    assert table.loc["a", "display"] == "2.48 times"
    checked = show(stats + [Statistic(id="check-c", value=1, display="1", unit="", method="m", verdict="consistent")])
    assert checked.loc["a", "verdict"] == "" and checked.loc["check-c", "verdict"] == "consistent"
    assert "None" not in checked.to_string()


def test_a_dataclass_reads_one_field_a_row_rounded(evidence, defaults):
    eras = compute_eras(evidence, defaults)
    table = show(eras)
    text = table.to_string()
    assert "Eras(" not in text and "Interval(" not in text
    assert table.loc["elite_kji", "value"] == 54
    assert table.loc["arrivals_kji", "value"] == "[19,524 – 23,106]"
    # no float at full precision: four significant digits at most
    assert str(table.loc["rate_kju", "value"]) == f"{eras.rate_kju:.4g}"


def test_showing_the_parameters_does_not_read_them(defaults):
    params = freshness.ReadParameters(defaults)
    table = show(params)
    assert params.read == set()
    assert table.loc["era_boundary", "value"] == "2011-12-17"


def test_data_frames_get_blank_cells_and_rounded_numbers():
    frame = pd.DataFrame([{"a": None, "b": 1 / 3, "c": Interval(1.0, 2.0)}, {"a": None, "b": 2.0, "c": None}])
    shown = show(frame)
    assert list(shown.columns) == ["b", "c"]
    assert shown["b"].tolist() == ["0.3333", "2"] and shown["c"].tolist() == ["[1 – 2)", ""]
    with pytest.raises(TypeError, match="show\\(\\) takes"):
        show(3)


def test_a_saved_figure_shows_itself_as_saved_and_prints_no_path(tmp_path):
    figures.use_style()
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    saved = figures.save(fig, "demo", caption="A demo.", alt="Two bars.", output_dir=tmp_path)
    assert saved.path == tmp_path / "figures" / "demo.svg" and saved.path.is_file()
    assert str(tmp_path) not in repr(saved)
    shown = []
    import IPython.display

    real = IPython.display.display
    IPython.display.display = lambda obj, **kw: shown.append(obj)
    try:
        saved._ipython_display_()
    finally:
        IPython.display.display = real
    assert shown[0]["image/svg+xml"] == saved.path.read_text(encoding="utf-8")  # the very bytes the briefing uses
    assert shown[1].data == "*A demo.*"


@pytest.mark.e2e
def test_executed_notebooks_show_figures_and_no_vanished_paths(built_project):
    for executed in sorted((built_project / "build" / "notebooks").glob("[0-9]*.ipynb")):
        nb = json.loads(executed.read_text(encoding="utf-8"))
        outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
        assert ".staging-" not in executed.read_text(encoding="utf-8"), executed.name  # no vanished folder named
        assert nb["metadata"]["papermill"]["parameters"]["output_dir"] == str(built_project / "build")
        assert "PosixPath" not in json.dumps(outputs), executed.name
        assert "None" not in "".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs), executed.name
        sources = "".join("".join(c["source"]) for c in nb["cells"])
        if "figures.save(" in sources:
            svgs = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
            assert len(svgs) == 1 and "image/png" in svgs[0]["data"], executed.name  # PNG: shown untrusted too
            name = sources.split("figures.save(fig, \"")[1].split("\"")[0]
            saved = (built_project / "build" / "figures" / f"{name}.svg").read_text(encoding="utf-8")
            shown = svgs[0]["data"]["image/svg+xml"]
            assert (shown if isinstance(shown, str) else "".join(shown)) == saved
