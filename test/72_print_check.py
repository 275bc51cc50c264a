#!/usr/bin/env python3
"""Checks one printable form: the DOM Chromium built from the form's HTML page against the rows of
the form function fetched by psql.  usage: 72_print_check.py DOM_FILE ROWS_FILE FORM_NAME
ROWS_FILE holds psql -At output with fields separated by \\x1f and records by \\x1e."""
import sys
from html.parser import HTMLParser


class FormPage(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.head_rows, self.body_rows, self.row_classes = [], [], []
        self.section = None
        self.cell = None
        self.text = {"title": "", "h1": "", "footer": "", "meta": ""}
        self.scripts = 0
        self.form_attr = None
        self.in_tags = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_tags[tag] = self.in_tags.get(tag, 0) + 1
        cls = a.get("class") or ""
        if tag == "script":
            self.scripts += 1
        if tag == "div" and "sheet" in cls.split():
            self.form_attr = a.get("data-form")
        if tag == "div" and cls in ("footer", "meta"):
            self.stack.append(cls)
        elif tag == "div":
            self.stack.append(None)
        if tag in ("thead", "tbody"):
            self.section = tag
        if tag == "tr":
            row = []
            if self.section == "thead":
                self.head_rows.append(row)
            elif self.section == "tbody":
                self.body_rows.append(row)
                self.row_classes.append(cls)
        if tag in ("td", "th"):
            self.cell = {"text": "", "colspan": int(a.get("colspan", "1")), "rowspan": int(a.get("rowspan", "1"))}

    def handle_endtag(self, tag):
        self.in_tags[tag] = self.in_tags.get(tag, 1) - 1
        if tag == "div" and self.stack:
            self.stack.pop()
        if tag in ("thead", "tbody"):
            self.section = None
        if tag in ("td", "th") and self.cell is not None:
            rows = self.head_rows if self.section == "thead" else self.body_rows
            rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        for key in ("title", "h1"):
            if self.in_tags.get(key, 0) > 0:
                self.text[key] += data
        for key in ("footer", "meta"):
            if key in self.stack:
                self.text[key] += data


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    dom_file, rows_file, form = sys.argv[1:4]
    page = FormPage()
    page.feed(open(dom_file, encoding="utf-8").read())
    raw = open(rows_file, encoding="utf-8").read()
    if raw.endswith("\n"):
        raw = raw[:-1]          # psql ends its output with one newline
    expected = [r.split("\x1f") for r in raw.split("\x1e")] if raw else []

    if page.scripts:
        fail(f"{form}: the page contains {page.scripts} <script> element(s): a value was not escaped")
    if page.form_attr != form:
        fail(f"{form}: data-form is {page.form_attr!r}")
    if not page.text["title"].strip() or page.text["title"] != page.text["h1"]:
        fail(f"{form}: <title> {page.text['title']!r} and <h1> {page.text['h1']!r} differ or are empty")
    for label in ("填报单位（盖章）",):
        if label not in page.text["meta"]:
            fail(f"{form}: meta line lacks {label}: {page.text['meta']!r}")
    if not any(l in page.text["meta"] for l in ("填报时间", "填报日期", "填表日期")):
        fail(f"{form}: meta line lacks 填报时间: {page.text['meta']!r}")
    for label in ("填表人", "审核人", "单位盖章"):
        if label not in page.text["footer"]:
            fail(f"{form}: footer lacks {label}: {page.text['footer']!r}")

    if not page.head_rows:
        fail(f"{form}: no header rows")
    ncols = sum(c["colspan"] for c in page.head_rows[0])
    # leaf header cells: those of the first row spanning every header row, plus the other rows' cells
    depth = len(page.head_rows)
    leaves = sum(1 for c in page.head_rows[0] if c["rowspan"] >= depth) + sum(len(r) for r in page.head_rows[1:]) \
        if depth > 1 else len(page.head_rows[0])
    if leaves != ncols:
        fail(f"{form}: header has {leaves} leaf cells for {ncols} columns")

    body = [[c["text"] for c in r] for r, cls in zip(page.body_rows, page.row_classes) if "empty" not in cls.split()]
    if len(body) != len(expected):
        fail(f"{form}: page has {len(body)} rows, the function returned {len(expected)}")
    for i, (got, want) in enumerate(zip(body, expected), 1):
        if len(got) != ncols or len(want) != ncols:
            fail(f"{form}: row {i} has {len(got)} cells on the page, {len(want)} columns in the function, header {ncols}")
        if got != want:
            diff = [(j + 1, g, w) for j, (g, w) in enumerate(zip(got, want)) if g != w]
            fail(f"{form}: row {i} differs (column, page, function): {diff}")
    if not expected and not any("empty" in c.split() for c in page.row_classes):
        fail(f"{form}: no rows and no 'empty' placeholder row")
    print(f"ok: {form}: {len(expected)} rows x {ncols} columns match, header depth {depth}")


main()
