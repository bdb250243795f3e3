"""The staff report carries residents' words: never as a spreadsheet formula, a link or HTML."""

import csv
import io

from knowledge.unanswered import Group, as_csv, as_markdown


def _group(*examples):
    return Group(count=2, examples=list(examples), languages=["en"], closest_topics=["housing"],
                 closest_entries=[])


def test_a_formula_typed_by_a_resident_stays_text_in_the_spreadsheet():
    for typed in ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)",
                  "\tX", "\r=1"]:
        [row] = list(csv.reader(io.StringIO(as_csv([_group(typed)]))))[1:]
        assert row[1] == "'" + typed, row
    [row] = list(csv.reader(io.StringIO(as_csv([_group("where is the ward office?")]))))[1:]
    assert row[1] == "where is the ward office?"


def test_links_html_and_line_breaks_typed_by_a_resident_are_shown_as_typed_in_markdown():
    typed = "see [prize](http://evil.example) <img src=x> ![x](http://evil.example/a.png)\n| 9 |"
    table_row = as_markdown([_group(typed)]).splitlines()[2]
    assert table_row.count(" | ") == 4  # five cells: the resident's "|" made no new one
    examples = table_row.split(" | ")[1]
    assert examples.startswith("`") and examples.endswith("`")  # a code span: no link, no HTML
    assert "\n" not in examples


def test_empty_questions_are_grouped_apart_instead_of_breaking_the_report():
    from knowledge.unanswered import _similar_groups

    labels = _similar_groups(["", "ramen?", "ramen shop?", "   "], 0.7)
    assert labels[1] == labels[2] and labels[0] == labels[3] != labels[1]
    assert _similar_groups(["", ""], 0.7) == [0, 0]
