#!/usr/bin/env python3
"""Generate the demo city register (data/demo/units.csv, staff.csv).

Names of Hanoi's departments, its 30 former districts and towns and its 126
communes and wards (since 2025-07-01) are public facts; the former communes
below each district, the divisions, public units, payroll quotas and staff
are synthetic demo data. Deterministic: re-running gives the same files.
Run from the repository root: python3 scripts/gen-demo.py
"""
import csv, random, unicodedata

random.seed(2025)

def slug(s):
    s = s.replace('Đ', 'D').replace('đ', 'd')
    s = unicodedata.normalize('NFD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    out = []
    for ch in s.upper():
        out.append(ch if ch.isalnum() else '-')
    return '-'.join(p for p in ''.join(out).split('-') if p)

units = []  # dicts
def add(code, name, kind, parent='', valid_from='', valid_to='', successor='', quota=''):
    units.append(dict(code=code, name=unicodedata.normalize('NFC', name), kind=kind,
                      parent=parent, valid_from=valid_from, valid_to=valid_to,
                      successor=successor, payroll_quota=quota))

add('HN', 'Thành phố Hà Nội', 'city')

# Departments. Merged on 2025-03-01 (the city's reorganisation of its
# agencies): (code, name, valid_to, successors)
OLD_END, NEW_START = '2025-02-28', '2025-03-01'
depts = [
    ('SO-NV', 'Sở Nội vụ', '', ''),
    ('SO-TP', 'Sở Tư pháp', '', ''),
    ('SO-KHDT', 'Sở Kế hoạch và Đầu tư', OLD_END, 'SO-TC'),
    ('SO-TC', 'Sở Tài chính', '', ''),
    ('SO-CT', 'Sở Công Thương', '', ''),
    ('SO-NNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn', OLD_END, 'SO-NNMT'),
    ('SO-TNMT', 'Sở Tài nguyên và Môi trường', OLD_END, 'SO-NNMT'),
    ('SO-NNMT', 'Sở Nông nghiệp và Môi trường', '', ''),
    ('SO-GTVT', 'Sở Giao thông vận tải', OLD_END, 'SO-XD'),
    ('SO-XD', 'Sở Xây dựng', '', ''),
    ('SO-TTTT', 'Sở Thông tin và Truyền thông', OLD_END, 'SO-KHCN'),
    ('SO-KHCN', 'Sở Khoa học và Công nghệ', '', ''),
    ('SO-LDTBXH', 'Sở Lao động - Thương binh và Xã hội', OLD_END, 'SO-NV;SO-YT'),
    ('SO-VHTT', 'Sở Văn hóa và Thể thao', '', ''),
    ('SO-DL', 'Sở Du lịch', '', ''),
    ('SO-GDDT', 'Sở Giáo dục và Đào tạo', '', ''),
    ('SO-YT', 'Sở Y tế', '', ''),
    ('SO-QHKT', 'Sở Quy hoạch - Kiến trúc', '', ''),
    ('SO-NGV', 'Sở Ngoại vụ', '', ''),
    ('BAN-DT', 'Ban Dân tộc', OLD_END, 'SO-DTTG'),
    ('SO-DTTG', 'Sở Dân tộc và Tôn giáo', '', ''),
    ('TTR-TP', 'Thanh tra thành phố', '', ''),
    ('VP-UBND', 'Văn phòng Ủy ban nhân dân thành phố', '', ''),
    ('BQL-KCN', 'Ban Quản lý các khu công nghiệp và chế xuất Hà Nội', '', ''),
]
new_depts = {'SO-NNMT', 'SO-KHCN', 'SO-DTTG'}
division_names = ['Văn phòng', 'Thanh tra', 'Phòng Tổ chức cán bộ', 'Phòng Kế hoạch - Tài chính',
                  'Phòng Pháp chế', 'Phòng Quản lý chuyên ngành', 'Phòng Cải cách hành chính',
                  'Phòng Chuyển đổi số', 'Phòng Tổng hợp', 'Phòng Kiểm tra']
public_names = ['Trung tâm Dịch vụ công', 'Trung tâm Thông tin và Dữ liệu', 'Trung tâm Đào tạo',
                'Ban Quản lý dự án', 'Trung tâm Kỹ thuật']
for code, name, end, succ in depts:
    start = NEW_START if code in new_depts else ''
    add(code, name, 'department', 'HN', start, end, succ, random.randint(60, 260))
    ndiv = random.randint(5, 9)
    for i in range(ndiv):
        dcode = f'{code}.P{i+1:02d}'
        # about 3 in 10 divisions merged away in the 2025 reorganisation
        dend = end or (OLD_END if not start and i >= 4 and random.random() < 0.45 else '')
        dsucc = f'{code}.P{(i % 4) + 1:02d}' if dend and not end else ''
        add(dcode, division_names[i], 'division', code, start, dend, dsucc, random.randint(6, 25))
    for i in range(random.randint(1, 4)):
        pend = end or (OLD_END if not start and random.random() < 0.12 else '')
        add(f'{code}.DV{i+1:02d}', f'{public_names[i]} ({name})', 'public_unit', code, start, pend,
            '', random.randint(15, 120))

# The 30 districts and towns until 2025-06-30, with the wards (W) and
# communes (C) formed from their territory on 2025-07-01.
D_END, C_START = '2025-06-30', '2025-07-01'
districts = [
    ('Quận Hoàn Kiếm', 'district', 'W', ['Hoàn Kiếm', 'Cửa Nam', 'Hồng Hà']),
    ('Quận Ba Đình', 'district', 'W', ['Ba Đình', 'Ngọc Hà', 'Giảng Võ']),
    ('Quận Hai Bà Trưng', 'district', 'W', ['Hai Bà Trưng', 'Vĩnh Tuy', 'Bạch Mai']),
    ('Quận Đống Đa', 'district', 'W', ['Đống Đa', 'Kim Liên', 'Văn Miếu - Quốc Tử Giám', 'Láng', 'Ô Chợ Dừa']),
    ('Quận Tây Hồ', 'district', 'W', ['Tây Hồ', 'Phú Thượng']),
    ('Quận Hoàng Mai', 'district', 'W', ['Lĩnh Nam', 'Hoàng Mai', 'Vĩnh Hưng', 'Tương Mai', 'Định Công', 'Hoàng Liệt', 'Yên Sở']),
    ('Quận Thanh Xuân', 'district', 'W', ['Thanh Xuân', 'Khương Đình', 'Phương Liệt']),
    ('Quận Cầu Giấy', 'district', 'W', ['Cầu Giấy', 'Nghĩa Đô', 'Yên Hòa']),
    ('Quận Bắc Từ Liêm', 'district', 'W', ['Tây Tựu', 'Phú Diễn', 'Xuân Đỉnh', 'Đông Ngạc', 'Thượng Cát']),
    ('Quận Nam Từ Liêm', 'district', 'W', ['Từ Liêm', 'Xuân Phương', 'Tây Mỗ', 'Đại Mỗ']),
    ('Quận Long Biên', 'district', 'W', ['Long Biên', 'Bồ Đề', 'Việt Hưng', 'Phúc Lợi']),
    ('Quận Hà Đông', 'district', 'W', ['Hà Đông', 'Dương Nội', 'Yên Nghĩa', 'Phú Lương', 'Kiến Hưng']),
    ('Thị xã Sơn Tây', 'district', 'W', ['Sơn Tây', 'Tùng Thiện', 'C:Đoài Phương']),
    ('Huyện Thanh Trì', 'district', 'C', ['Thanh Trì', 'Đại Thanh', 'Nam Phù', 'Ngọc Hồi', 'W:Thanh Liệt']),
    ('Huyện Chương Mỹ', 'district', 'C', ['W:Chương Mỹ', 'Phú Nghĩa', 'Xuân Mai', 'Trần Phú', 'Hòa Phú', 'Quảng Bị']),
    ('Huyện Sóc Sơn', 'district', 'C', ['Sóc Sơn', 'Đa Phúc', 'Nội Bài', 'Trung Giã', 'Kim Anh']),
    ('Huyện Đông Anh', 'district', 'C', ['Đông Anh', 'Phúc Thịnh', 'Thư Lâm', 'Thiên Lộc', 'Vĩnh Thanh']),
    ('Huyện Mê Linh', 'district', 'C', ['Mê Linh', 'Yên Lãng', 'Tiến Thắng', 'Quang Minh']),
    ('Huyện Gia Lâm', 'district', 'C', ['Gia Lâm', 'Thuận An', 'Bát Tràng', 'Phù Đổng']),
    ('Huyện Thường Tín', 'district', 'C', ['Thượng Phúc', 'Thường Tín', 'Chương Dương', 'Hồng Vân']),
    ('Huyện Phú Xuyên', 'district', 'C', ['Phú Xuyên', 'Phượng Dực', 'Chuyên Mỹ', 'Đại Xuyên']),
    ('Huyện Thanh Oai', 'district', 'C', ['Thanh Oai', 'Bình Minh', 'Tam Hưng', 'Dân Hòa']),
    ('Huyện Ứng Hòa', 'district', 'C', ['Vân Đình', 'Ứng Thiên', 'Hòa Xá', 'Ứng Hòa']),
    ('Huyện Mỹ Đức', 'district', 'C', ['Mỹ Đức', 'Hồng Sơn', 'Phúc Sơn', 'Hương Sơn']),
    ('Huyện Ba Vì', 'district', 'C', ['Minh Châu', 'Quảng Oai', 'Vật Lại', 'Cổ Đô', 'Bất Bạt', 'Suối Hai', 'Ba Vì', 'Yên Bài']),
    ('Huyện Phúc Thọ', 'district', 'C', ['Phúc Thọ', 'Phúc Lộc', 'Hát Môn']),
    ('Huyện Thạch Thất', 'district', 'C', ['Thạch Thất', 'Hạ Bằng', 'Tây Phương', 'Hòa Lạc', 'Yên Xuân']),
    ('Huyện Quốc Oai', 'district', 'C', ['Quốc Oai', 'Hưng Đạo', 'Kiều Phú', 'Phú Cát']),
    ('Huyện Hoài Đức', 'district', 'C', ['Hoài Đức', 'Dương Hòa', 'Sơn Đồng', 'An Khánh']),
    ('Huyện Đan Phượng', 'district', 'C', ['Đan Phượng', 'Ô Diên', 'Liên Minh']),
]
# Real names of the former wards of two central districts; the others are
# numbered synthetic names.
old_names = {
    'Quận Hoàn Kiếm': ['Chương Dương', 'Cửa Đông', 'Cửa Nam', 'Đồng Xuân', 'Hàng Bạc', 'Hàng Bài',
                       'Hàng Bồ', 'Hàng Bông', 'Hàng Buồm', 'Hàng Đào', 'Hàng Gai', 'Hàng Mã',
                       'Hàng Trống', 'Lý Thái Tổ', 'Phan Chu Trinh', 'Phúc Tân', 'Tràng Tiền',
                       'Trần Hưng Đạo'],
    'Quận Ba Đình': ['Cống Vị', 'Điện Biên', 'Đội Cấn', 'Giảng Võ', 'Kim Mã', 'Liễu Giai', 'Ngọc Hà',
                     'Ngọc Khánh', 'Nguyễn Trung Trực', 'Phúc Xá', 'Quán Thánh', 'Thành Công',
                     'Trúc Bạch', 'Vĩnh Phúc'],
}
n_new = sum(len(d[3]) for d in districts)
assert n_new == 126, n_new
old_count = 0
new_units = {}
for dname, kind, default_kind, news in districts:
    dcode = slug(dname)
    add(dcode, dname, 'district', 'HN', '', D_END, '', random.randint(180, 420))
    # the new units of this territory
    targets = []
    for n in news:
        nkind = default_kind
        if n[:2] in ('W:', 'C:'):
            n, nkind = n[2:], n[0]
        prefix, kindword = ('Phường', 'ward') if nkind == 'W' else ('Xã', 'commune')
        code = ('P-' if nkind == 'W' else 'X-') + slug(n)
        if code not in new_units:
            new_units[code] = (f'{prefix} {n}', kindword)
        targets.append(code)
    names = old_names.get(dname)
    n_old = len(names) if names else len(targets) * random.randint(4, 6) - random.randint(0, 2)
    urban = default_kind == 'W'
    for i in range(n_old):
        okind = 'ward' if urban or (i == 0 and not urban) else 'commune'
        oname = names[i] if names else f'{"Phường" if okind == "ward" else "Xã"} {dname.split(" ", 1)[1]} {i + 1:02d}'
        if names:
            oname = f'Phường {oname}'
        ocode = f'{dcode}.{i + 1:02d}'
        # each old unit merges into one new unit of the territory
        succ = targets[i % len(targets)]
        add(ocode, oname, okind, dcode, '', D_END, succ, random.randint(12, 30))
        old_count += 1

# the new units, valid from 2025-07-01, directly under the city
for code, (name, kind) in new_units.items():
    add(code, name, kind, 'HN', C_START, '', '', random.randint(35, 70))

# emit new units after the old ones so successors are defined in the file
# (the importer accepts any order; this keeps the file readable)
with open('data/demo/units.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=['code', 'name', 'kind', 'parent', 'valid_from', 'valid_to',
                                      'successor', 'payroll_quota'], lineterminator='\n')
    w.writeheader()
    for u in units:
        w.writerow(u)

# Staff: synthetic people in departments, their divisions and the new
# communes and wards.
family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Phan', 'Đinh']
middle_m = ['Văn', 'Minh', 'Đức', 'Quang', 'Thanh', 'Hữu', 'Công', 'Xuân']
middle_f = ['Thị', 'Thu', 'Hồng', 'Ngọc', 'Thanh', 'Minh', 'Phương', 'Kim']
given_m = ['An', 'Bình', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Quân', 'Sơn', 'Tuấn', 'Tú', 'Việt', 'Đạt', 'Thắng']
given_f = ['Châu', 'Giang', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Tâm', 'Thảo', 'Trang', 'Vân', 'Yến']
positions = [('Giám đốc', 'cadre'), ('Phó Giám đốc', 'civil_servant'), ('Trưởng phòng', 'civil_servant'),
             ('Phó Trưởng phòng', 'civil_servant'), ('Chuyên viên chính', 'civil_servant'),
             ('Chuyên viên', 'civil_servant'), ('Cán sự', 'civil_servant'), ('Viên chức', 'public_employee'),
             ('Nhân viên hợp đồng', 'contract')]
staff = []
active = [u for u in units if not u['valid_to'] and u['kind'] in ('department', 'division', 'public_unit', 'ward', 'commune')]
k = 0
for u in active:
    n = {'department': 8, 'division': 14, 'public_unit': 16, 'ward': 26, 'commune': 22}[u['kind']]
    n = random.randint(n // 2, n)
    for i in range(n):
        k += 1
        female = random.random() < 0.5
        name = ' '.join([random.choice(family), random.choice(middle_f if female else middle_m),
                         random.choice(given_f if female else given_m)])
        if u['kind'] == 'public_unit':
            pos, cat = ('Viên chức', 'public_employee') if i else ('Giám đốc', 'public_employee')
        elif u['kind'] in ('ward', 'commune'):
            pos, cat = (('Chủ tịch UBND', 'cadre') if i == 0 else
                        ('Phó Chủ tịch UBND', 'cadre') if i < 3 else
                        random.choice([('Công chức', 'civil_servant'), ('Công chức', 'civil_servant'),
                                       ('Nhân viên hợp đồng', 'contract')]))
        else:
            pos, cat = positions[0] if i == 0 and u['kind'] == 'department' else random.choice(positions[1:])
        start = u['valid_from'] or f'{random.randint(1995, 2024)}-{random.randint(1, 12):02d}-01'
        staff.append(dict(code=f'CB{k:05d}', name=name, unit_code=u['code'], category=cat,
                          position=pos, valid_from=start, valid_to=''))
with open('data/demo/staff.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=['code', 'name', 'unit_code', 'category', 'position',
                                      'valid_from', 'valid_to'], lineterminator='\n')
    w.writeheader()
    for s in staff:
        w.writerow(s)
print(f'{len(units)} units ({old_count} former communes/wards, {len(new_units)} new), {len(staff)} staff')
