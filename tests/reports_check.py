#!/usr/bin/python3
"""Checks of sk report's files for tests/reports.sh, by readers no one here
wrote: Python's csv module and openpyxl (Debian python3-openpyxl).

    reports_check.py CHECK ARGS...

Each check compares a file with the server's figures (sk --json report ...,
the StatsResponse in proto3's JSON mapping) and exits 0, or prints what is
wrong and exits 1.
"""
import csv
import datetime
import io
import json
import sys

import openpyxl

# The summary's columns in the documents, and the StatsRow field of each.
FIELDS = [
    ("Đăng ký đề tài", "registered"),
    ("Nộp hồ sơ", "applied"),
    ("Tiếp nhận", "accepted"),
    ("Được công nhận", "recognised"),
    ("Không được công nhận", "not_recognised"),
    ("Từ chối", "refused"),
    ("Gửi lên cấp trên", "forwarded"),
    ("Cấp trên công nhận", "recognised_above"),
    ("Đang chờ xét", "pending"),
    ("Quá hạn", "overdue"),
    ("Đã quyết định", "decided"),
    ("Số ngày đến quyết định (trung vị)", "days_median"),
    ("Số ngày đến quyết định (dài nhất)", "days_max"),
]
GROUPS = {"unit": "units", "category": "categories", "sector": "sectors", "round": "rounds"}
SHEETS = ["Thông tin", "Theo đơn vị", "Theo lĩnh vực", "Theo ngành", "Theo đợt",
          "Trạng thái", "Quá hạn", "Tác giả"]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) != 1:
        fail(f"{path}: {len(lines)} lines of JSON, not one")
    return json.loads(lines[0])


def num(row, field):
    return row.get(field, 0)


def expect_rows(got, figures, group, where):
    """got: {key: {heading: value}} from a file; the figures' rows of group
    and the total must be there, equal."""
    rows = figures.get(GROUPS[group], [])
    want = {r.get("key", ""): r for r in rows}  # "": those of no sector, round
    want["TOTAL"] = figures["total"]
    if set(got) != set(want):
        fail(f"{where}: rows {sorted(got)} are not the server's {sorted(want)}")
    for key, row in want.items():
        for heading, field in FIELDS:
            value = got[key][heading]
            if field.startswith("days_") and not num(row, "decided"):
                if value is not None:
                    fail(f"{where}: {key}: {heading} is {value!r} without a decision")
                continue
            if value != num(row, field):
                fail(f"{where}: {key}: {heading} is {value!r}, the server says "
                     f"{num(row, field)!r}")


def read_csv(path):
    """The rows of an sk CSV, checked as RFC 4180 with a BOM and CRLF."""
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail(f"{path}: no UTF-8 byte order mark")
    if raw.replace(b"\r\n", b"").count(b"\n") or not raw.endswith(b"\r\n"):
        fail(f"{path}: a line does not end with CRLF")
    text = raw.decode("utf-8-sig")
    return raw, list(csv.reader(io.StringIO(text, newline=""), strict=True))


def csv_rows(path, figures_path, group):
    figures = load_json(figures_path)
    _, rows = read_csv(path)
    head = rows[0]
    got = {}
    for r in rows[1:]:
        if len(r) != len(head):
            fail(f"{path}: a row of {len(r)} fields under {len(head)} headings")
        cells = dict(zip(head, r))
        key = r[0] if r[1] != "Tổng cộng" else "TOTAL"
        got[key] = {h: None if cells[h] == "" else float(cells[h]) if "." in cells[h]
                    else int(cells[h]) for h, _ in FIELDS}
    expect_rows(got, figures, group, path)


def credits(figures):
    """(author, workplace, unit, id, title, share %, decision, signed) of every
    recognition in the figures, in order."""
    out = []
    for a in figures.get("authors", []):
        for c in a["credits"]:
            out.append((a["name"], a.get("workplace", ""), c["unit_code"],
                        int(c["initiative_id"]), c["title"], num(c, "share") / 100,
                        c["decision_number"], c["decision_signed_on"]))
    return out


def csv_authors(path, figures_path):
    figures = load_json(figures_path)
    _, rows = read_csv(path)
    head = rows[0]
    got = []
    for r in rows[1:]:
        c = dict(zip(head, r))
        share = float(c["Tỷ lệ đóng góp (%)"])
        got.append((c["Tác giả"], c["Nơi công tác"], c["Đơn vị công nhận"],
                    int(c["Số hồ sơ"]), c["Tên sáng kiến"], share,
                    c["Số quyết định"], c["Ngày quyết định"]))
    want = credits(figures)
    if got != want:
        fail(f"{path}: authors {got} are not the server's {want}")


def raw_has(path, text):
    with open(path, "rb") as f:
        if text.encode("utf-8") not in f.read():
            fail(f"{path}: no {text!r} in it")


def sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return [list(r) for r in rows]


def check_sheet_form(ws):
    """Headings bold, widths set, the heading row frozen."""
    for cell in ws[1]:
        if cell.value is not None and not cell.font.b:
            fail(f"sheet {ws.title}: heading {cell.value!r} is not bold")
    if ws.freeze_panes != "A2" and ws.title != "Thông tin":
        fail(f"sheet {ws.title}: the headings are not frozen ({ws.freeze_panes})")
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    if not all(w and w >= 8 for w in widths):
        fail(f"sheet {ws.title}: column widths {widths} are not set")


def xlsx(path, figures_path, active):
    figures = load_json(figures_path)
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != SHEETS:
        fail(f"{path}: sheets {wb.sheetnames}, not {SHEETS}")
    if wb.active.title != active:
        fail(f"{path}: the sheet shown first is {wb.active.title}, not {active}")
    for ws in wb.worksheets:
        check_sheet_form(ws)
    # Every grouping: numbers as numbers, equal to the server's.
    for group, title in (("unit", "Theo đơn vị"), ("category", "Theo lĩnh vực"),
                         ("sector", "Theo ngành"), ("round", "Theo đợt")):
        rows = sheet_rows(wb[title])
        head = rows[0]
        got = {}
        for r in rows[1:]:
            cells = dict(zip(head, r))
            for h, field in FIELDS:
                if cells[h] is None and field.startswith("days_"):
                    continue  # no decision, no days: checked against the server
                if not isinstance(cells[h], (int, float)):
                    fail(f"{title}: {h} of {r[0]} is {cells[h]!r}, not a number")
            key = "TOTAL" if r[1] == "Tổng cộng" else (r[0] or "")
            got[key] = {h: cells[h] for h, _ in FIELDS}
        expect_rows(got, figures, group, f"{path}: {title}")
        if not wb[title]["A" + str(len(rows))].font.b and not wb[title]["B" + str(len(rows))].font.b:
            fail(f"{title}: the total row is not bold")
    # The charts of recognitions, by unit and by category, on their data.
    for title, kind in (("Theo đơn vị", "bar"), ("Theo lĩnh vực", "col")):
        charts = wb[title]._charts
        if len(charts) != 1:
            fail(f"{title}: {len(charts)} charts, not one")
        ch = charts[0]
        if ch.tagname != "barChart" or ch.type != kind:
            fail(f"{title}: a {ch.tagname} ({ch.type}), not a {kind} chart")
        ref = ch.series[0].val.numRef.f
        if title not in ref or "$F$" not in ref:
            fail(f"{title}: the chart draws {ref}, not the recognitions column")
    # Authors: dates as dates, shares as numbers, equal to the server's.
    rows = sheet_rows(wb["Tác giả"])
    head = rows[0]
    got = []
    for r in rows[1:]:
        c = dict(zip(head, r))
        if not isinstance(c["Ngày quyết định"], datetime.datetime):
            fail(f"Tác giả: the decision's date {c['Ngày quyết định']!r} is no date")
        got.append((c["Tác giả"], c["Nơi công tác"] or "", c["Đơn vị công nhận"],
                    c["Số hồ sơ"], c["Tên sáng kiến"], c["Tỷ lệ đóng góp (%)"],
                    c["Số quyết định"], c["Ngày quyết định"].date().isoformat()))
    want = credits(figures)
    if got != want:
        fail(f"Tác giả: {got} are not the server's {want}")
    # The information sheet: the day the figures are of, as a date.
    info = {r[0]: r for r in sheet_rows(wb["Thông tin"])}
    as_of = info["Số liệu đến ngày"][1]
    if not isinstance(as_of, datetime.datetime) or as_of.date().isoformat() != figures["as_of"]:
        fail(f"Thông tin: the figures' day {as_of!r} is not {figures['as_of']}")


def xlsx_absent(path, text):
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and text in v:
                    fail(f"{path}: sheet {ws.title} holds {v!r}")


def json_units(figures_path, *codes):
    figures = load_json(figures_path)
    got = [r["key"] for r in figures.get("units", [])]
    if sorted(got) != sorted(codes):
        fail(f"the figures are of {got}, not {list(codes)}")


def json_units_include(figures_path, count, *codes):
    figures = load_json(figures_path)
    got = [r["key"] for r in figures.get("units", [])]
    if len(got) != int(count) or not set(codes) <= set(got):
        fail(f"the figures are of {got}, not {count} units with {list(codes)}")


def json_overdue(figures_path, *want):
    """The overdue dossiers, as UNIT/ID in order, each late by as_of - due_on."""
    figures = load_json(figures_path)
    today = datetime.date.fromisoformat(figures["as_of"])
    got = []
    for late in figures.get("overdue", []):
        due = datetime.date.fromisoformat(late["due_on"])
        if late["days_late"] != (today - due).days:
            fail(f"{late}: {late['days_late']} days late, not {(today - due).days}")
        got.append(f"{late['unit_code']}/{late['initiative_id']}")
    if got != list(want):
        fail(f"overdue {got}, not {list(want)}")


CHECKS = {
    "csv-rows": csv_rows,
    "csv-authors": csv_authors,
    "raw-has": raw_has,
    "xlsx": xlsx,
    "xlsx-absent": xlsx_absent,
    "json-units": json_units,
    "json-units-include": json_units_include,
    "json-overdue": json_overdue,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        fail(f"usage: {sys.argv[0]} {'|'.join(CHECKS)} ARGS...")
    CHECKS[sys.argv[1]](*sys.argv[2:])
