#!/usr/bin/env bash
# The demo register against the public facts (../shared/DOMAIN.md):
# Hanoi's 21 specialised agencies until 2025-02-28 and 16 from 2025-03-01;
# 30 districts and towns until 2025-06-30; 579 communes, wards and
# townships until 2024-12-31, 526 from 2025-01-01, 126 from 2025-07-01
# (75 communes, 51 wards); the lineage of the 2025 merges. `unit stats`
# gives the numbers, on the register `parindex demo` loads (which must
# also load its scores, cycles and dossiers).
. "$(dirname "$0")/lib.sh"

run demo
expect_rc 0 "demo loads"
expect_out "998 (đơn vị|units)" "demo size"

# count KIND... on DATE (unit stats, the count_from column)
count() {
  local date=$1
  shift
  "$PARINDEX" unit stats --from "$date" --to "$date" --format csv |
    awk -F, -v kinds="$*" 'BEGIN { n = split(kinds, k, " "); for (i = 1; i <= n; i++) want[k[i]] = 1 }
      NR > 1 && ($1 in want) { s += $2 } END { print s + 0 }'
}
# expect_count DATE N DESCRIPTION KIND...
expect_count() {
  local date=$1 want=$2 what=$3
  shift 3
  local got
  got=$(count "$date" "$@")
  if [ "$got" = "$want" ]; then ok; else bad "$what on $date: $got, expected $want"; fi
}

for d in 2024-12-31:579 2025-01-01:526 2025-02-28:526 2025-03-01:526 2025-06-30:526 2025-07-01:126; do
  expect_count "${d%%:*}" "${d##*:}" "communes, wards and townships" commune ward township
done
for d in 2024-12-31:21 2025-01-01:21 2025-02-28:21 2025-03-01:16 2025-06-30:16 2025-07-01:16; do
  expect_count "${d%%:*}" "${d##*:}" "specialised agencies" department
done
for d in 2024-12-31:30 2025-06-30:30 2025-07-01:0; do
  expect_count "${d%%:*}" "${d##*:}" "districts and towns" district
done
expect_count 2025-07-01 75 "communes after the reform" commune
expect_count 2025-07-01 51 "wards after the reform" ward
expect_count 2025-06-30 21 "townships (thị trấn) before the reform" township
expect_count 2025-07-01 0 "townships after the reform" township

# the stats table across each change, as the office reads it
run unit stats --from 2024-12-31 --to 2025-01-01 --format csv
expect_out "^township,21,21,0,0," "townships are their own kind"
# testcase: township is a built-in kind, ranked after ward (an unknown
# kind such as board comes after the built-in ones)
kinds=$(awk -F, 'NR > 1 { printf "%s ", $1 }' "$OUT")
if [ "$kinds" = "city department district commune ward township division public_unit board " ]; then ok
else bad "kind order: $kinds"; fi
run unit stats --from 2025-02-28 --to 2025-03-01 --format csv
expect_out "^department,21,16,-5,-23.8," "21 -> 16 agencies"
run unit stats --from 2025-06-30 --to 2025-07-01 --format csv
expect_out "^district,30,0,-30,-100," "the district level abolished"

# the 2025-03-01 reorganisation: who merged into whom
run unit history SO-NGV --format csv
expect_out "^successor,1,merge,2025-03-01,SO-NGV,Sở Ngoại vụ,VP-UBND," "Sở Ngoại vụ into Văn phòng UBND"
run unit history SO-TTTT --format csv
expect_out "^successor,1,merge,2025-03-01,SO-TTTT,.*,SO-KHCN,Sở Khoa học và Công nghệ$" "Sở TT&TT into Sở KH&CN"
run unit list --kind department --date 2024-12-31 --format csv
expect_out "^SO-KHCN,Sở Khoa học và Công nghệ,department,HN,,," "the old Sở KH&CN existed before 2025"
run unit history BQL-CNC-KCN --format csv
expect_out "^predecessor,1,merge,2025-03-01,BQL-KCN," "industrial-zone board merged"
expect_out "^predecessor,1,merge,2025-03-01,BQL-CNC-HL," "hi-tech park board merged"

# the first round (2025-01-01) and the reform (2025-07-01) chain
run unit list --kind township --date 2025-06-30 --format csv
expect_out "^HUYEN-THANH-TRI.01,Thị trấn Văn Điển,township,HUYEN-THANH-TRI,,2025-06-30," "a township"
run unit history HUYEN-THANH-TRI.16 --format csv
expect_out "^successor,1,merge,2025-01-01,HUYEN-THANH-TRI.16," "absorbed on 2025-01-01"
expect_out "^successor,2,merge,2025-07-01,.*,X-[A-Z-]+,Xã " "then into a new commune on 2025-07-01"

# a township is assessed with the communes' framework group
run framework list --format csv
expect_out "^HN-COMMUNE-2025,2025,commune;ward;township," "township in the communes' group"

# the 2025 penalty 9.1 is what the 2025 inspections left overdue
# (data/demo/inspections_2025.csv), never a demo figure
run explain --framework HN-DEPT-2025 --unit SO-TP --format csv
expect_out '^9\.1,[^,]*,0,,,-1,.*,inspection\.recommendations_overdue = 2 \[inspection\],,"KT-2025-01 .*kiến nghị [0-9]+ .*hạn 27/06/2025, chưa khắc phục: quá hạn' \
  "SO-TP: two open recommendations of KT-2025-01 cost 1 point"
run explain --framework HN-COMMUNE-2025 --unit P-DONG-DA --format csv
expect_out '^9\.1,[^,]*,0,,,-1,.*\[inspection\],,"KT-2025-DX01 \(đột xuất, đã kết luận\)' \
  "P-DONG-DA: the unannounced KT-2025-DX01's two recommendations, reported but not accepted"
run explain --framework HN-DEPT-2025 --unit SO-XD --format csv
expect_out '^9\.1,[^,]*,0,,,0,.*inspection\.recommendations_overdue = 0 \[inspection\],,$' "SO-XD: remedied and accepted, no penalty"
run explain --framework HN-DEPT-2025 --unit SO-NV --format csv
expect_out '^9\.1,[^,]*,0,,,0,.*inspection\.recommendations_overdue = \?,,$' "SO-NV: not inspected in 2025, nothing overdue"
if grep -q 'dữ liệu mẫu' <(grep '^9\.1,' "$OUT"); then bad "9.1 from demo figures"; else ok; fi
# the 2026 plan re-checks what 2025 left open
run inspection show KT-2026-02 --format json
expect_out '"text": "Kiểm tra lại kiến nghị [0-9]+ của KT-2025-01' "KT-2026-02 re-checks SO-TP's 2025 recommendations"
finish
