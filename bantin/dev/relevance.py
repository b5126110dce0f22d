"""The relevance set: queries a reader would type, each with the demo article it wants.

Drawn from the five legacy seeds and the demo's own article; used by
``tests/test_search.py`` (in Chromium, on the demo site) and ``invoke bench-search``.
The target: the wanted article among the first three results for at least 90 %.
"""
A000 = "phuong-duc-giang-to-chuc-hoi-nghi-doi-thoai-giua-chu-tich-ubnd-phuong-voi-nhan"
A001 = "hoi-nghi-doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-phuong-gia-thuy-voi"
A002 = "phuong-duc-giang-to-chuc-hoi-nghi-so-ket-01-nam-thuc-hien-thi-diem-to-chuc-mo"
A003 = "phuoc-long-can-tang-cuong-hon-nua-cac-hoat-dong-trao-doi-thong-tin-khao-sat-nam"
A004 = "phuong-phuc-dong-quyet-tam-hoan-thanh-chi-tieu-ve-dich-truoc-thoi-han"
GUIDE = "huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong"
TOP = 3
TARGET = 0.9

RELEVANCE = (
    ("đối thoại thủ tục hành chính", A000),
    ("doi thoai thu tuc hanh chinh", A000),
    ("Lương Hồng Điệp đối thoại", A000),
    ("hướng dẫn 04/HD-UBND", A000),
    ("Nghị định 32/2021/NĐ-CP", A000),
    ("Đức Giang đối thoại", A000),
    ("Gia Thụy", A001),
    ("gia thuy doi thoai", A001),
    ("người đứng đầu cấp ủy", A001),
    ("Đặng Việt Phương", A001),
    ("MTTQ các tổ chức chính trị xã hội", A001),
    ("97/2019/QH14", A002),
    ("sơ kết thí điểm", A002),
    ("so ket 01 nam", A002),
    ("mô hình chính quyền đô thị", A002),
    ("Cao Thị Mai Nguyệt", A002),
    ("hội nghị sơ kết", A002),
    ("Phước Long", A003),
    ("dân vận chính quyền", A003),
    ("Ma Ly Phước", A003),
    ("tâm tư nguyện vọng", A003),
    ("164/UBND-NC", A003),
    ("Phúc Đồng", A004),
    ("phuc dong ve dich", A004),
    ("đại dịch Covid-19", A004),
    ("hoàn thành chỉ tiêu", A004),
    ("đại hội Đảng bộ", A004),
    ("gửi ảnh", GUIDE),
    ("gui anh trang thong tin", GUIDE),
    ("chú thích ảnh", GUIDE),
    ("thông tin vị trí GPS", GUIDE),
    ("điện thoại mạng di động", GUIDE),
)
