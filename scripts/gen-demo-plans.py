#!/usr/bin/env python3
"""Writes data/demo/plans.csv and data/demo/plan_reports.csv: the demo
city's 2026 PAR plan (40 tasks, five in each reform area), every active
department's plan carrying out part of it through its divisions, and
reports spread over the year (on time, late, in progress, none: overdue;
one cancellation). Deterministic: the same files on every run. The
content is illustrative, not any real plan (the reports' notes say so).

    scripts/gen-demo-plans.py   (from the repository root)
"""
import csv
import datetime
import hashlib

YEAR = 2026
CITY = "HN"
LEADS = {  # who leads each area in the city plan
    "direction": ["VP-UBND", "SO-NV"],
    "institution": ["SO-TP"],
    "procedure": ["VP-UBND", "SO-NV"],
    "apparatus": ["SO-NV"],
    "civil_service": ["SO-NV"],
    "public_finance": ["SO-TC"],
    "digital": ["SO-KHCN", "VP-UBND"],
    "impact": ["SO-NV"],
}
TITLES = {
    "direction": ["Ban hành Kế hoạch cải cách hành chính năm 2026",
                  "Kiểm tra công tác cải cách hành chính tại các sở, ngành, địa phương",
                  "Tuyên truyền cải cách hành chính trên các phương tiện thông tin",
                  "Tổ chức đánh giá, công bố Chỉ số cải cách hành chính năm 2025",
                  "Sơ kết 6 tháng, tổng kết năm công tác cải cách hành chính"],
    "institution": ["Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                    "Xây dựng văn bản quy phạm pháp luật theo chương trình năm",
                    "Theo dõi tình hình thi hành pháp luật",
                    "Kiểm tra văn bản quy phạm pháp luật sau ban hành",
                    "Lấy ý kiến người dân, doanh nghiệp về dự thảo văn bản"],
    "procedure": ["Rà soát, đơn giản hóa thủ tục hành chính",
                  "Công bố, công khai thủ tục hành chính đúng hạn",
                  "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính",
                  "Nâng tỷ lệ hồ sơ giải quyết đúng hạn",
                  "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"],
    "apparatus": ["Sắp xếp tổ chức bộ máy theo quy định mới",
                  "Rà soát chức năng, nhiệm vụ của các phòng chuyên môn",
                  "Quản lý biên chế, tinh giản biên chế",
                  "Sắp xếp đơn vị sự nghiệp công lập",
                  "Thực hiện phân cấp, ủy quyền giải quyết công việc"],
    "civil_service": ["Xây dựng, hoàn thiện vị trí việc làm",
                      "Đánh giá cán bộ, công chức theo kết quả, sản phẩm (KPI)",
                      "Đào tạo, bồi dưỡng cán bộ, công chức",
                      "Thực hiện kỷ luật, kỷ cương hành chính",
                      "Tuyển dụng, tiếp nhận công chức theo vị trí việc làm"],
    "public_finance": ["Giao quyền tự chủ tài chính cho đơn vị sự nghiệp",
                       "Thực hiện cơ chế tự chủ về biên chế và kinh phí quản lý hành chính",
                       "Quản lý, sử dụng tài sản công đúng quy định",
                       "Thực hành tiết kiệm, chống lãng phí",
                       "Công khai ngân sách, tài chính"],
    "digital": ["Vận hành Hệ thống thông tin giải quyết thủ tục hành chính",
                "Cung cấp dịch vụ công trực tuyến toàn trình",
                "Gửi, nhận văn bản điện tử có ký số",
                "Xây dựng, cập nhật cơ sở dữ liệu chuyên ngành",
                "Bảo đảm an toàn thông tin hệ thống"],
    "impact": ["Khảo sát sự hài lòng của người dân, tổ chức",
               "Đánh giá tác động của cải cách hành chính",
               "Triển khai sáng kiến cải cách hành chính",
               "Nâng cao chất lượng phục vụ tại bộ phận một cửa",
               "Báo cáo kết quả cải cách hành chính định kỳ"],
}
OUTPUTS = {"direction": "plan", "institution": "report", "procedure": "decision",
           "apparatus": "decision", "civil_service": "report", "public_finance": "report",
           "digital": "system", "impact": "report"}
AREAS = list(TITLES)
HEADER = ["plan_code", "plan_unit", "year", "task_code", "parent_plan", "parent_task", "area",
          "title", "owner_unit", "coordinators", "start", "due", "output", "indicator", "target"]


def u(*parts):
    """A number in [0, 1) from the parts: the same on every run."""
    h = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def day(month, d):
    return datetime.date(YEAR, month, d)


def main():
    units = list(csv.DictReader(open("data/demo/units.csv", encoding="utf-8")))
    active = [r for r in units if not r["valid_to"]]
    depts = [r["code"] for r in active if r["kind"] == "department"]
    divisions = {d: [r["code"] for r in active if r["parent"] == d and r["kind"] == "division"]
                 for d in depts}
    rows, tasks = [], []
    # the city's plan: five tasks per area, due through the year
    for a, area in enumerate(AREAS):
        for k, title in enumerate(TITLES[area]):
            code = f"{a + 1}.{k + 1}"
            month = 2 + (k * 2 + a) % 11  # February .. December
            due = day(month, 28 if month == 2 else 30)
            lead = LEADS[area][k % len(LEADS[area])]
            rows.append(["KH-2026-HN", CITY, YEAR, code, "", "", area, title, lead, "SO-NV" if lead != "SO-NV" else "",
                         f"{YEAR}-01-01", due.isoformat(), OUTPUTS[area], "", ""])
            tasks.append(("KH-2026-HN", code, lead, due, area))
    city = {t[1]: t for t in tasks}
    # every department carries out six city tasks through its divisions
    for d in depts:
        plan = f"KH-2026-{d}"
        picks = sorted(city, key=lambda c: u(d, c))[:6]
        picks.sort(key=lambda c: [int(x) for x in c.split(".")])
        for i, parent in enumerate(picks):
            _, _, _, pdue, area = city[parent]
            due = pdue - datetime.timedelta(days=10 + int(u(d, parent, "lead") * 20))
            owners = divisions[d] or [d]
            owner = owners[int(u(d, parent, "owner") * len(owners))]
            title = TITLES[area][int(parent.split(".")[1]) - 1] + " của đơn vị"
            rows.append([plan, d, YEAR, str(i + 1), "KH-2026-HN", parent, area, title, owner, "",
                         "", due.isoformat(), OUTPUTS[area], "", ""])
            tasks.append((plan, str(i + 1), owner, due, area))
    with open("data/demo/plans.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    # reports: most tasks done (a fifth of them late), some in progress,
    # some with no report at all (overdue once due); one cancellation
    reports = []
    for plan, code, owner, due, area in tasks:
        x = u(plan, code, "report")
        start = max(due - datetime.timedelta(days=40), day(1, 5))
        if plan == "KH-2026-SO-VHTT" and code == "6":
            reports.append([plan, code, "cancelled", (due - datetime.timedelta(days=20)).isoformat(), "",
                            "", "Nhiệm vụ được điều chỉnh theo kế hoạch mới (minh họa)"])
            continue
        if x < 0.12:
            continue  # never reported
        reports.append([plan, code, "in_progress", start.isoformat(), str(20 + int(u(plan, code) * 40)),
                        "", "Đang triển khai (minh họa)"])
        if x < 0.27:
            continue  # still in progress
        late = x > 0.85
        shift = int(u(plan, code, "shift") * 12) + 1
        done = due + datetime.timedelta(days=shift) if late else due - datetime.timedelta(days=shift - 1)
        number = f"{10 + int(u(plan, code, 'no') * 290)}/BC-{owner.split('.')[0]}"
        reports.append([plan, code, "done", done.isoformat(), "", number,
                        "Hoàn thành muộn (minh họa)" if late else "Hoàn thành (minh họa)"])
    with open("data/demo/plan_reports.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["plan_code", "task_code", "status", "date", "progress", "document", "note"])
        w.writerows(reports)


if __name__ == "__main__":
    main()
