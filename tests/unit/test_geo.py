"""Finding the province and district in addresses as people type them."""

from __future__ import annotations

import pytest

from core.domain.geo import (
    Location,
    capital_district,
    district_by_name,
    district_name,
    find_location,
    province_by_name,
    province_name,
    subdistrict_districts,
)

# A tiny hand-made data set: two provinces, shared district names, a shared postcode.
SMALL = {
    "provinces": [
        {"code": "10", "name_th": "กรุงเทพมหานคร", "name_en": "Bangkok", "aliases": ["กทม."]},
        {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai", "aliases": []},
    ],
    "districts": [
        {"code": "1004", "province_code": "10", "name_th": "บางรัก", "name_en": "Bang Rak"},
        {"code": "1035", "province_code": "10", "name_th": "จอมทอง", "name_en": "Chom Thong"},
        {"code": "5001", "province_code": "50", "name_th": "เมืองเชียงใหม่",
         "name_en": "Mueang Chiang Mai"},
        {"code": "5002", "province_code": "50", "name_th": "จอมทอง", "name_en": "Chom Thong"},
    ],
    "postcodes": {"10500": [["10", "1004"]], "99999": [["10", "1035"], ["50", "5002"]]},
    # บางมด in two Bangkok districts; สีลม only in บางรัก; ดอยแก้ว in Bangkok and Chiang Mai.
    "subdistricts": {"1004": ["สีลม", "บางมด", "ดอยแก้ว"], "1035": ["บางมด"],
                     "5002": ["ดอยแก้ว", "บ้านหลวง"]},
}


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("เขตจอมทอง กทม.", Location("10", "1035", "province+district")),
        ("อ.จอมทอง เชียงใหม่", Location("50", "5002", "province+district")),
        ("10500", Location("10", "1004", "postcode+district")),
        ("อ.เมือง จ.เชียงใหม่", Location("50", "5001", "province+district")),
        ("99999", None),  # one postcode, two provinces, nothing else: unsure
        ("แขวงสีลม กทม.", Location("10", "1004", "province+subdistrict")),
        ("1 ถนนสีลม แขวงสีลม", Location("10", "1004", "subdistrict")),
        ("แขวงบางมด กทม.", Location("10", None, "province")),  # two districts: not guessed
        ("แขวงบางมด", None),
        ("ต.บ้านหลวง", Location("50", "5002", "subdistrict")),
        ("แขวงดอยแก้ว", Location("10", "1004", "subdistrict")),  # แขวง: Bangkok's word
        ("ต.ดอยแก้ว", Location("50", "5002", "subdistrict")),
        ("ต.ดอยแก้ว กทม.", Location("10", "1004", "province+subdistrict")),  # province first
        ("ต.ดอยแก้ว 99999", Location("50", "5002", "postcode+subdistrict")),
        ("แขวงสีลม เขตจอมทอง", Location("10", "1035", "district")),  # the เขต typed wins
        ("ไม่ได้บอกที่อยู่", None),
    ],
)
def test_find_location_with_small_data(address: str, expected: Location | None) -> None:
    assert find_location(address, SMALL) == expected


@pytest.mark.parametrize(
    ("address", "province", "district"),
    [
        ("99/1 ถ.สีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพฯ 10500", "10", "1004"),
        ("12 หมู่ 3 ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000", "40", "4001"),
        ("12 ม.3 ต.ในเมืองอ.เมืองจ.ขอนแก่น", "40", "4001"),
        ("๑๒ ถนนบางนา-ตราด อ.บางพลี จ.สมุทรปราการ ๑๐๕๔๐", "11", "1103"),
        ("แขวงบางกะปิ เขตห้วยขวาง กรุงเทพมหานคร", "10", "1017"),
        ("ซอยสุขุมวิท 22 คลองเตย กทม 10110", "10", "1033"),
        ("ถ.ตากสิน แขวงบุคคโล เขตธนบุรี", "10", "1015"),
        ("หางดง เชียงใหม่", "50", "5015"),
        ("50230", "50", "5015"),
        ("อ.พระนครศรีอยุธยา จ.พระนครศรีอยุธยา", "14", "1401"),
        ("อ.กัลยาณิวัฒนา จ.เชียงใหม่ 58130", "50", "5025"),
        ("123 Moo 4, Hang Dong, Chiang Mai 50230", "50", "5015"),
        ("Bang Rak, Bangkok 10500", "10", "1004"),
        ("อยู่โคราชค่ะ", "30", None),
        ("บ้านอยู่ จ.บึงกาฬ อ.เซกา", "38", "3804"),
        ("99/1 ถนนสีลม แขวงสีลม กรุงเทพฯ", "10", "1004"),
        ("99/1 ถนนสีลม แขวงสีลมกรุงเทพฯ", "10", "1004"),
        ("แขวงบางกะปิ กรุงเทพมหานคร", "10", "1017"),  # in เขตห้วยขวาง
        ("5 ซอยวัดบางมด แขวงบางมด กทม.", "10", None),  # เขตจอมทอง or เขตทุ่งครุ
        ("12 หมู่ 5 ต.แม่เหียะ จ.เชียงใหม่", "50", "5001"),
        ("12 หมู่ 5 ตำบลแม่เหียะ", "50", "5001"),
        ("1 ต.สุเทพอ.เมือง", "50", "5001"),
        ("ต.ในเมืองขอนแก่น", "40", None),  # three ตำบลในเมือง in Khon Kaen
        ("ตำบลคลองนครเนื่องเขต จ.ฉะเชิงเทรา", "24", "2401"),  # เขต inside the name
    ],
)
def test_find_location_in_real_addresses(address: str, province: str,
                                         district: str | None) -> None:
    found = find_location(address)
    assert found is not None
    assert (found.province_code, found.district_code) == (province, district)


def test_named_province_beats_a_mistyped_postcode() -> None:
    found = find_location("นนทบุรี 10500")
    assert found is not None and found.province_code == "12" and found.source == "province"


def test_postcode_spanning_two_provinces_alone_is_unsure() -> None:
    assert find_location("58130") is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [("กทม", "10"), ("กรุงเทพฯ", "10"), ("Bangkok", "10"), ("จ.เชียงใหม่", "50"),
     ("เชียงไหม่", "50"), ("Chiang mai", "50"), ("โคราช", "30"), ("อยุธยา", "14"),
     ("ขอนแกน", "40"), ("นครศรีฯ", "80"), ("ฉันอยู่ที่ภูเก็ต", "83"),
     ("xyz", None), ("", None), ("สมุทร", None)],
)
def test_province_by_name(typed: str, code: str | None) -> None:
    assert province_by_name(typed) == code


def test_names_and_capitals() -> None:
    assert province_name("10") == "กรุงเทพมหานคร" and province_name("00") is None
    assert district_name("1004") == "บางรัก" and district_name("0000") is None
    assert capital_district("14") == "1401" and capital_district("30") == "3001"
    assert capital_district("10") is None
    assert district_by_name("เขตบางลัก", "10") == "1004"
    assert district_by_name("Bang Rak", "10") == "1004"
    assert district_by_name("บางรัก", "50") is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [("ป้อมปราบ", "1008"), ("ป้อม", "1008"), ("เขตป้อมปราบ ค่ะ", "1008"), ("Pom Prap", "1008"),
     ("ลาดกระ", "1011"), ("ดอน", "1036"), ("จตุจักรค่ะ", "1030"),
     ("บาง", None), ("ลาด", None), ("ปอ", None), ("แขวงสีลม", None)],
)
def test_district_by_a_unique_start_of_its_name(typed: str, code: str | None) -> None:
    assert district_by_name(typed, "10") == code


def test_province_by_name_ignores_polite_particles() -> None:
    assert province_by_name("กทม.ค่ะ") == "10" and province_by_name("เชียงใหม่ครับ") == "50"


def test_subdistrict_districts() -> None:
    assert subdistrict_districts("แขวงสีลม") == ["1004"]
    assert subdistrict_districts("สีลม ค่ะ", "10") == ["1004"]
    assert subdistrict_districts("แขวงบางมด", "10") == ["1035", "1049"]
    assert subdistrict_districts("ปอพาน", "45") == ["4501"]  # ปอภาร (ปอพาน): both names
    assert len(subdistrict_districts("ตำบลในเมือง")) > 10
    assert subdistrict_districts("สีลม", "50") == [] and subdistrict_districts("") == []


def test_an_unknown_or_ambiguous_subdistrict_alone_is_no_location() -> None:
    assert find_location("12 หมู่ 3 ตำบลในเมือง") is None
    assert find_location("12 หมู่ 3 ตำบลไม่มีจริง") is None
