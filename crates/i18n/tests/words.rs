use nssf_i18n::words::{english_kip, english_number, lao_kip, lao_number};

#[test]
fn lao_number_words() {
    let check = |n: u64, expected: &str| assert_eq!(lao_number(n), expected, "{n}");
    check(0, "ສູນ");
    check(1, "ໜຶ່ງ");
    check(10, "ສິບ");
    check(11, "ສິບເອັດ");
    check(20, "ຊາວ");
    check(21, "ຊາວເອັດ");
    check(25, "ຊາວຫ້າ");
    check(99, "ເກົ້າສິບເກົ້າ");
    check(100, "ໜຶ່ງຮ້ອຍ");
    check(101, "ໜຶ່ງຮ້ອຍເອັດ");
    check(111, "ໜຶ່ງຮ້ອຍສິບເອັດ");
    check(1_000, "ໜຶ່ງພັນ");
    check(1_001, "ໜຶ່ງພັນເອັດ");
    check(10_000, "ສິບພັນ");
    check(21_000, "ຊາວເອັດພັນ");
    check(100_000, "ໜຶ່ງແສນ");
    check(108_000, "ໜຶ່ງແສນແປດພັນ");
    check(225_000, "ສອງແສນຊາວຫ້າພັນ");
    check(1_000_000, "ໜຶ່ງລ້ານ");
    check(1_000_001, "ໜຶ່ງລ້ານເອັດ");
    check(2_500_000, "ສອງລ້ານຫ້າແສນ");
    check(4_860_000, "ສີ່ລ້ານແປດແສນຫົກສິບພັນ");
    check(11_000_000, "ສິບເອັດລ້ານ");
}

#[test]
fn english_number_words() {
    let check = |n: u64, expected: &str| assert_eq!(english_number(n), expected, "{n}");
    check(0, "zero");
    check(11, "eleven");
    check(20, "twenty");
    check(21, "twenty-one");
    check(101, "one hundred one");
    check(10_000, "ten thousand");
    check(100_000, "one hundred thousand");
    check(225_000, "two hundred twenty-five thousand");
    check(1_000_000, "one million");
    check(
        2_700_450,
        "two million seven hundred thousand four hundred fifty",
    );
}

#[test]
fn receipt_amounts() {
    assert_eq!(lao_kip(450_000), "ສີ່ແສນຫ້າສິບພັນກີບຖ້ວນ");
    assert_eq!(english_kip(450_000), "Four hundred fifty thousand kip");
}
