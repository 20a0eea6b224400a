#!/usr/bin/env bash
# The same register imported from an XLSX workbook (first sheet, written
# by a real spreadsheet library) gives exactly what the CSV gives.
. "$(dirname "$0")/lib.sh"
run unit import "$FIXTURES/units/good.xlsx"
expect_rc 0 "xlsx import"
expect_out "14 đơn vị: 14 mới" "xlsx summary"
run unit list --format csv
expect_same "$FIXTURES/expected/list.csv" "same register as from CSV"
# a workbook is recognised by its content, not its name
cp "$FIXTURES/units/good.xlsx" "$WORK/units.csv"
run unit import "$WORK/units.csv"
expect_rc 0 "xlsx named .csv"
expect_out "14 không đổi" "nothing changed on re-import"
finish
