#!/usr/bin/env python3
"""Checks one printable form: the DOM Chromium built from the form's HTML page against the rows of
the form function fetched by psql, the document's stamp/signature lines and where they stand, and the
PDF's text layer (pdftotext -layout): every date, phone number and name of the rows on one line.
usage: 72_print_check.py DOM_FILE ROWS_FILE FORM_NAME PDF_TEXT_FILE
ROWS_FILE holds psql -At output with fields separated by \\x1f and records by \\x1e."""
import re
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
        self.tables = 0            # tables seen so far
        self.order = []            # ("meta"|"footer"|"table", index) in document order
        self.h1s = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_tags[tag] = self.in_tags.get(tag, 0) + 1
        cls = a.get("class") or ""
        if tag == "script":
            self.scripts += 1
        if tag == "div" and "sheet" in cls.split() and self.form_attr is None:
            self.form_attr = a.get("data-form")
        if tag == "table":
            self.tables += 1
            self.order.append("table")
        if tag == "h1":
            self.h1s.append("")
        if tag == "div" and cls in ("footer", "meta"):
            self.order.append(cls)
        if tag == "div" and cls in ("footer", "meta"):
            self.stack.append(cls)
        elif tag == "div":
            self.stack.append(None)
        if tag in ("thead", "tbody"):
            self.section = tag
        if tag == "tr":
            row = []
            if self.section == "thead":
                if self.tables == 1:
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
            if self.section == "tbody":
                self.body_rows[-1].append(self.cell)
            elif self.tables == 1:
                self.head_rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        for key in ("title", "h1"):
            if self.in_tags.get(key, 0) > 0:
                self.text[key] += data
        if self.in_tags.get("h1", 0) > 0:
            self.h1s[-1] += data
        for key in ("footer", "meta"):
            if key in self.stack:
                self.text[key] += data


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


# where each document puts its lines (the seeds): labels of the stamp line (.meta) and of the
# signature line (.footer), None when the document has none; "above"/"below" the table
LAYOUT = {
    "patrol_register": dict(meta=None, footer=["填表人", "填表日期", "联系电话", "审核人", "单位盖章"]),
    "unlicensed_summary": dict(meta=("below", ["（单位盖章）", "填报时间"]), footer=None),
    "beauty_lookback": dict(meta=("above", ["（单位盖章）", "填报时间"]), footer=None),
    "repeat_offenders": dict(meta=("above", ["（单位盖章）", "填报时间"]), footer=None),
    "two_illegal_summary": dict(meta=("above", ["（单位盖章）", "填报日期"]), footer=["填表人", "联系方式"]),
    # the 仙居 stage 汇总表 has no template in the document (四(三)); this is the product's layout
    "patrol_summary": dict(meta=("above", ["填报单位（盖章）", "填报时间"]), footer=["填表人", "审核人", "联系电话", "单位盖章"]),
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE = re.compile(r"^[0-9*][0-9*-]{6,}$")


def main():
    dom_file, rows_file, form, text_file = sys.argv[1:5]
    page = FormPage()
    page.feed(open(dom_file, encoding="utf-8").read())
    raw = open(rows_file, encoding="utf-8").read()
    if raw.endswith("\n"):
        raw = raw[:-1]          # psql ends its output with one newline
    expected = [r.split("\x1f") for r in raw.split("\x1e")] if raw else []
    pdf_lines = open(text_file, encoding="utf-8").read().splitlines()

    if page.scripts:
        fail(f"{form}: the page contains {page.scripts} <script> element(s): a value was not escaped")
    if page.form_attr != form:
        fail(f"{form}: data-form is {page.form_attr!r}")
    if not page.text["title"].strip() or not page.h1s:
        fail(f"{form}: empty <title> or no <h1>")
    if form == "patrol_register":
        if not all(h.endswith("非法行医巡查登记表") for h in page.h1s):
            fail(f"{form}: sheet titles {page.h1s!r}")
    elif page.text["title"] != page.h1s[0]:
        fail(f"{form}: <title> {page.text['title']!r} and <h1> {page.h1s[0]!r} differ")
    layout = LAYOUT[form]
    if layout["meta"] is None:
        if "meta" in page.order or "填报单位" in page.text["meta"]:
            fail(f"{form}: a stamp line the document does not have: {page.text['meta']!r}")
    else:
        where, labels = layout["meta"]
        if "meta" not in page.order:
            fail(f"{form}: no stamp line")
        first_meta, first_table = page.order.index("meta"), page.order.index("table")
        if (where == "above") != (first_meta < first_table):
            fail(f"{form}: the stamp line is not {where} the table as in the document")
        for label in labels:
            if label not in page.text["meta"]:
                fail(f"{form}: stamp line lacks {label}: {page.text['meta']!r}")
    if layout["footer"] is not None:
        pos = [page.text["footer"].find(label) for label in layout["footer"]]
        if min(pos) < 0 or pos != sorted(pos):
            fail(f"{form}: signature line is not {'/'.join(layout['footer'])}: {page.text['footer']!r}")
    else:
        for label in ("审核人", "填表人"):
            if label in page.text["footer"]:
                fail(f"{form}: a {label} line the document does not have (and nobody asked for)")

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

    # the text layer: no date, phone number or (person's) name broken across lines
    words = set()
    for row in expected:
        for cell in row:
            if DATE.match(cell) or PHONE.match(cell):
                words.add(cell)
        if form == "patrol_register":
            words.update(n for n in row[3].split("、") if n)      # 负责人及从业人员姓名
            words.add(row[1])                                      # 乡镇
    squeezed = [l.replace(" ", "") for l in pdf_lines]
    broken = sorted(w for w in words if not any(w in l for l in squeezed))
    if broken:
        fail(f"{form}: split across lines in the PDF (pdftotext -layout): {broken[:10]}")
    print(f"ok: {form}: {len(expected)} rows x {ncols} columns match, header depth {depth}, "
          f"{len(words)} dates/phones/names unbroken in the PDF text")


main()
