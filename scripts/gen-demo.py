#!/usr/bin/env python3
"""Generate the demo city register (data/demo/units.csv, staff.csv).

Public facts (../shared/DOMAIN.md): Hanoi had 21 specialised agencies
until 2025-02-28 and 16 from 2025-03-01 (15 departments, Thanh tra and Văn
phòng UBND included, and 1 equivalent body: Sở Ngoại vụ merged into Văn
phòng UBND, Sở Khoa học và Công nghệ absorbed Sở Thông tin và Truyền
thông, the two industrial-zone boards merged into Ban Quản lý Khu công
nghệ cao và Khu công nghiệp, taken as the equivalent body); 30 districts
and towns until 2025-06-30 with 579 communes, wards and townships (thị
trấn) until 2024-12-31 and 526 from 2025-01-01; 126 communes and wards
from 2025-07-01 (75 communes, 51 wards; Resolution 1656/NQ-UBTVQH15). The
names of the departments, the districts, the 126 new units and the former
wards of Hoàn Kiếm and Ba Đình are public; the 21 townships' names are
recalled (unconfirmed). Synthetic (demo data, labelled in
data/demo/README.md): the other former communes' names, the split of the
579 by district and kind, which units merged on 2025-01-01, divisions,
public units, payroll quotas and staff. Deterministic: re-running gives
the same files. Run from the repository root: python3 scripts/gen-demo.py
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

# Departments: the 21 specialised agencies until 2025-02-28 and the 16 from
# 2025-03-01 (the city's reorganisation of its agencies):
# (code, name, kind, valid_to, successors). The two industrial-zone boards
# were not specialised agencies (kind `board`); the board they merged into
# is the one equivalent body of the 16.
OLD_END, NEW_START = '2025-02-28', '2025-03-01'
depts = [
    ('VP-UBND', 'Văn phòng Ủy ban nhân dân thành phố', 'department', '', ''),
    ('SO-NV', 'Sở Nội vụ', 'department', '', ''),
    ('SO-TP', 'Sở Tư pháp', 'department', '', ''),
    ('SO-KHDT', 'Sở Kế hoạch và Đầu tư', 'department', OLD_END, 'SO-TC'),
    ('SO-TC', 'Sở Tài chính', 'department', '', ''),
    ('SO-CT', 'Sở Công Thương', 'department', '', ''),
    ('SO-NNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn', 'department', OLD_END, 'SO-NNMT'),
    ('SO-TNMT', 'Sở Tài nguyên và Môi trường', 'department', OLD_END, 'SO-NNMT'),
    ('SO-NNMT', 'Sở Nông nghiệp và Môi trường', 'department', '', ''),
    ('SO-GTVT', 'Sở Giao thông vận tải', 'department', OLD_END, 'SO-XD'),
    ('SO-XD', 'Sở Xây dựng', 'department', '', ''),
    ('SO-TTTT', 'Sở Thông tin và Truyền thông', 'department', OLD_END, 'SO-KHCN'),
    ('SO-KHCN', 'Sở Khoa học và Công nghệ', 'department', '', ''),
    ('SO-LDTBXH', 'Sở Lao động - Thương binh và Xã hội', 'department', OLD_END, 'SO-NV;SO-YT'),
    ('SO-VHTT', 'Sở Văn hóa và Thể thao', 'department', '', ''),
    ('SO-DL', 'Sở Du lịch', 'department', '', ''),
    ('SO-GDDT', 'Sở Giáo dục và Đào tạo', 'department', '', ''),
    ('SO-YT', 'Sở Y tế', 'department', '', ''),
    ('SO-QHKT', 'Sở Quy hoạch - Kiến trúc', 'department', '', ''),
    ('SO-NGV', 'Sở Ngoại vụ', 'department', OLD_END, 'VP-UBND'),
    ('BAN-DT', 'Ban Dân tộc', 'department', OLD_END, 'SO-DTTG'),
    ('SO-DTTG', 'Sở Dân tộc và Tôn giáo', 'department', '', ''),
    ('TTR-TP', 'Thanh tra thành phố', 'department', '', ''),
    ('BQL-KCN', 'Ban Quản lý các khu công nghiệp và chế xuất Hà Nội', 'board', OLD_END, 'BQL-CNC-KCN'),
    ('BQL-CNC-HL', 'Ban Quản lý Khu công nghệ cao Hòa Lạc', 'board', OLD_END, 'BQL-CNC-KCN'),
    ('BQL-CNC-KCN', 'Ban Quản lý Khu công nghệ cao và Khu công nghiệp', 'department', '', ''),
]
new_depts = {'SO-NNMT', 'SO-DTTG', 'BQL-CNC-KCN'}
def dept_count(date):
    return sum(1 for c, _, k, end, _ in depts if k == 'department'
               and (c not in new_depts or date >= NEW_START) and (not end or date <= end))
assert dept_count(OLD_END) == 21 and dept_count(NEW_START) == 16
division_names = ['Văn phòng', 'Thanh tra', 'Phòng Tổ chức cán bộ', 'Phòng Kế hoạch - Tài chính',
                  'Phòng Pháp chế', 'Phòng Quản lý chuyên ngành', 'Phòng Cải cách hành chính',
                  'Phòng Chuyển đổi số', 'Phòng Tổng hợp', 'Phòng Kiểm tra']
public_names = ['Trung tâm Dịch vụ công', 'Trung tâm Thông tin và Dữ liệu', 'Trung tâm Đào tạo',
                'Ban Quản lý dự án', 'Trung tâm Kỹ thuật']
for code, name, dkind, end, succ in depts:
    start = NEW_START if code in new_depts else ''
    add(code, name, dkind, 'HN', start, end, succ, random.randint(60, 260))
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
# communes (C) formed from their territory on 2025-07-01 (public names),
# and the former units of each: (wards, communes, townships) until
# 2024-12-31 (a synthetic split adding up to the public totals).
D_END, C_START = '2025-06-30', '2025-07-01'
R1_END, R1_START = '2024-12-31', '2025-01-01'  # the first round of merges
districts = [
    ('Quận Hoàn Kiếm', 'W', ['Hoàn Kiếm', 'Cửa Nam', 'Hồng Hà'], (18, 0)),
    ('Quận Ba Đình', 'W', ['Ba Đình', 'Ngọc Hà', 'Giảng Võ'], (14, 0)),
    ('Quận Hai Bà Trưng', 'W', ['Hai Bà Trưng', 'Vĩnh Tuy', 'Bạch Mai'], (18, 0)),
    ('Quận Đống Đa', 'W', ['Đống Đa', 'Kim Liên', 'Văn Miếu - Quốc Tử Giám', 'Láng', 'Ô Chợ Dừa'], (21, 0)),
    ('Quận Tây Hồ', 'W', ['Tây Hồ', 'Phú Thượng'], (8, 0)),
    ('Quận Hoàng Mai', 'W', ['Lĩnh Nam', 'Hoàng Mai', 'Vĩnh Hưng', 'Tương Mai', 'Định Công', 'Hoàng Liệt', 'Yên Sở'], (14, 0)),
    ('Quận Thanh Xuân', 'W', ['Thanh Xuân', 'Khương Đình', 'Phương Liệt'], (11, 0)),
    ('Quận Cầu Giấy', 'W', ['Cầu Giấy', 'Nghĩa Đô', 'Yên Hòa'], (8, 0)),
    ('Quận Bắc Từ Liêm', 'W', ['Tây Tựu', 'Phú Diễn', 'Xuân Đỉnh', 'Đông Ngạc', 'Thượng Cát'], (13, 0)),
    ('Quận Nam Từ Liêm', 'W', ['Từ Liêm', 'Xuân Phương', 'Tây Mỗ', 'Đại Mỗ'], (10, 0)),
    ('Quận Long Biên', 'W', ['Long Biên', 'Bồ Đề', 'Việt Hưng', 'Phúc Lợi'], (14, 0)),
    ('Quận Hà Đông', 'W', ['Hà Đông', 'Dương Nội', 'Yên Nghĩa', 'Phú Lương', 'Kiến Hưng'], (17, 0)),
    ('Thị xã Sơn Tây', 'W', ['Sơn Tây', 'Tùng Thiện', 'C:Đoài Phương'], (9, 6)),
    ('Huyện Thanh Trì', 'C', ['Thanh Trì', 'Đại Thanh', 'Nam Phù', 'Ngọc Hồi', 'W:Thanh Liệt'], (0, 15)),
    ('Huyện Chương Mỹ', 'C', ['W:Chương Mỹ', 'Phú Nghĩa', 'Xuân Mai', 'Trần Phú', 'Hòa Phú', 'Quảng Bị'], (0, 29)),
    ('Huyện Sóc Sơn', 'C', ['Sóc Sơn', 'Đa Phúc', 'Nội Bài', 'Trung Giã', 'Kim Anh'], (0, 25)),
    ('Huyện Đông Anh', 'C', ['Đông Anh', 'Phúc Thịnh', 'Thư Lâm', 'Thiên Lộc', 'Vĩnh Thanh'], (0, 23)),
    ('Huyện Mê Linh', 'C', ['Mê Linh', 'Yên Lãng', 'Tiến Thắng', 'Quang Minh'], (0, 16)),
    ('Huyện Gia Lâm', 'C', ['Gia Lâm', 'Thuận An', 'Bát Tràng', 'Phù Đổng'], (0, 20)),
    ('Huyện Thường Tín', 'C', ['Thượng Phúc', 'Thường Tín', 'Chương Dương', 'Hồng Vân'], (0, 27)),
    ('Huyện Phú Xuyên', 'C', ['Phú Xuyên', 'Phượng Dực', 'Chuyên Mỹ', 'Đại Xuyên'], (0, 26)),
    ('Huyện Thanh Oai', 'C', ['Thanh Oai', 'Bình Minh', 'Tam Hưng', 'Dân Hòa'], (0, 20)),
    ('Huyện Ứng Hòa', 'C', ['Vân Đình', 'Ứng Thiên', 'Hòa Xá', 'Ứng Hòa'], (0, 27)),
    ('Huyện Mỹ Đức', 'C', ['Mỹ Đức', 'Hồng Sơn', 'Phúc Sơn', 'Hương Sơn'], (0, 21)),
    ('Huyện Ba Vì', 'C', ['Minh Châu', 'Quảng Oai', 'Vật Lại', 'Cổ Đô', 'Bất Bạt', 'Suối Hai', 'Ba Vì', 'Yên Bài'], (0, 30)),
    ('Huyện Phúc Thọ', 'C', ['Phúc Thọ', 'Phúc Lộc', 'Hát Môn'], (0, 22)),
    ('Huyện Thạch Thất', 'C', ['Thạch Thất', 'Hạ Bằng', 'Tây Phương', 'Hòa Lạc', 'Yên Xuân'], (0, 22)),
    ('Huyện Quốc Oai', 'C', ['Quốc Oai', 'Hưng Đạo', 'Kiều Phú', 'Phú Cát'], (0, 20)),
    ('Huyện Hoài Đức', 'C', ['Hoài Đức', 'Dương Hòa', 'Sơn Đồng', 'An Khánh'], (0, 19)),
    ('Huyện Đan Phượng', 'C', ['Đan Phượng', 'Ô Diên', 'Liên Minh'], (0, 15)),
]
# The townships (thị trấn) of the rural districts until 2025-06-30.
townships = {
    'Huyện Thanh Trì': ['Văn Điển'], 'Huyện Chương Mỹ': ['Chúc Sơn', 'Xuân Mai'],
    'Huyện Sóc Sơn': ['Sóc Sơn'], 'Huyện Đông Anh': ['Đông Anh'],
    'Huyện Mê Linh': ['Chi Đông', 'Quang Minh'], 'Huyện Gia Lâm': ['Yên Viên', 'Trâu Quỳ'],
    'Huyện Thường Tín': ['Thường Tín'], 'Huyện Phú Xuyên': ['Phú Xuyên', 'Phú Minh'],
    'Huyện Thanh Oai': ['Kim Bài'], 'Huyện Ứng Hòa': ['Vân Đình'], 'Huyện Mỹ Đức': ['Đại Nghĩa'],
    'Huyện Ba Vì': ['Tây Đằng'], 'Huyện Phúc Thọ': ['Phúc Thọ'], 'Huyện Thạch Thất': ['Liên Quan'],
    'Huyện Quốc Oai': ['Quốc Oai'], 'Huyện Hoài Đức': ['Trạm Trôi'], 'Huyện Đan Phượng': ['Phùng'],
}
# Real names of the former wards of two central districts (kept as they
# were until 2025-06-30); the others are numbered synthetic names.
old_names = {
    'Quận Hoàn Kiếm': ['Chương Dương', 'Cửa Đông', 'Cửa Nam', 'Đồng Xuân', 'Hàng Bạc', 'Hàng Bài',
                       'Hàng Bồ', 'Hàng Bông', 'Hàng Buồm', 'Hàng Đào', 'Hàng Gai', 'Hàng Mã',
                       'Hàng Trống', 'Lý Thái Tổ', 'Phan Chu Trinh', 'Phúc Tân', 'Tràng Tiền',
                       'Trần Hưng Đạo'],
    'Quận Ba Đình': ['Cống Vị', 'Điện Biên', 'Đội Cấn', 'Giảng Võ', 'Kim Mã', 'Liễu Giai', 'Ngọc Hà',
                     'Ngọc Khánh', 'Nguyễn Trung Trực', 'Phúc Xá', 'Quán Thánh', 'Thành Công',
                     'Trúc Bạch', 'Vĩnh Phúc'],
}
N_OLD, N_R1, N_NEW = 579, 526, 126
assert sum(len(d[2]) for d in districts) == N_NEW
N_TOWNSHIPS = sum(len(t) for t in townships.values())
assert len(districts) == 30 and N_TOWNSHIPS == 21
assert sum(w + c for _, _, _, (w, c) in districts) + N_TOWNSHIPS == N_OLD
# The first round (2025-01-01): 53 former units absorbed by a neighbour of
# the same district (synthetic choice), 2 in each district except the two
# with real ward names, 1 in the last three.
merging = [d[0] for d in districts if d[0] not in old_names]
absorbed_in = {name: (2 if i < len(merging) - 3 else 1) for i, name in enumerate(merging)}
assert sum(absorbed_in.values()) == N_OLD - N_R1
old_count = 0
new_units = {}
for dname, default_kind, news, (n_wards, n_communes) in districts:
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
    # the former units: townships, wards, communes
    olds = [('township', f'Thị trấn {t}') for t in townships.get(dname, [])]
    names = old_names.get(dname)
    short = dname.split(' ', 1)[1] if not dname.startswith('Thị xã') else dname.split(' ', 2)[2]
    for i in range(n_wards):
        olds.append(('ward', f'Phường {names[i]}' if names else f'Phường {short} {i + 1:02d}'))
    for i in range(n_communes):
        olds.append(('commune', f'Xã {short} {i + 1:02d}'))
    n_abs = absorbed_in.get(dname, 0)
    keep = len(olds) - n_abs
    for i, (okind, oname) in enumerate(olds):
        ocode = f'{dcode}.{i + 1:02d}'
        if i < keep:
            # each remaining unit merges into one new unit of the territory
            add(ocode, oname, okind, dcode, '', D_END, targets[i % len(targets)],
                random.randint(12, 30))
        else:
            # absorbed on 2025-01-01 by a unit of the same kind (or the
            # district's first unit) that remains until 2025-06-30
            same = [j for j in range(keep) if olds[j][0] == okind]
            host = same[(i - keep) % len(same)] if same else 0
            add(ocode, oname, okind, dcode, '', R1_END, f'{dcode}.{host + 1:02d}',
                random.randint(12, 30))
        old_count += 1
assert old_count == N_OLD

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
active = [u for u in units if not u['valid_to'] and u['kind'] in ('department', 'division', 'public_unit', 'ward', 'commune', 'township')]
k = 0
for u in active:
    n = {'department': 8, 'division': 14, 'public_unit': 16, 'ward': 26, 'commune': 22,
         'township': 22}[u['kind']]
    n = random.randint(n // 2, n)
    for i in range(n):
        k += 1
        female = random.random() < 0.5
        name = ' '.join([random.choice(family), random.choice(middle_f if female else middle_m),
                         random.choice(given_f if female else given_m)])
        if u['kind'] == 'public_unit':
            pos, cat = ('Viên chức', 'public_employee') if i else ('Giám đốc', 'public_employee')
        elif u['kind'] in ('ward', 'commune', 'township'):
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
print(f'{len(units)} units ({old_count} former communes/wards/townships, {len(new_units)} new), {len(staff)} staff')
