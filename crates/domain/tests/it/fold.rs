use nssf_domain::fold::{fold_token, name_key, tokens};

#[test]
fn lao_spelling_variants_fold_together() {
    #[track_caller]
    fn same(a: &str, b: &str) {
        assert_eq!(
            fold_token(a),
            fold_token(b),
            "{a} and {b} should fold alike"
        );
    }
    same("ໜອງ", "ຫນອງ"); // ໜ = ຫ + ນ
    same("ໝາກ", "ຫມາກ"); // ໝ = ຫ + ມ
    same("ນ້ຳ", "ນ້ໍາ"); // ຳ = ໍ + າ
    same("ຫຼວງ", "ຫລວງ"); // subscript lo = ລ
    same("ເຈົ້າ", "ເຈ້ົາ"); // vowel and tone mark typed in either order (NFC keeps both)
    same("ນໍ້າໃຈ", "ນ້ຳໃຈ");
    same("໑໒໓", "123");
    same("Sisouphanh", "SISOUPHANH");
    same("Phô", "pho");
}

#[test]
fn different_names_stay_different() {
    for (a, b) in [
        ("ນ້ຳ", "ນາ"),
        ("ເຈົ້າ", "ເຈົາ"),
        ("somsak", "somsack"),
        ("ກ", "ຂ"),
    ] {
        assert_ne!(fold_token(a), fold_token(b), "{a} vs {b}");
    }
}

#[test]
fn tokens_split_at_spaces_and_punctuation() {
    let check = |input: &str, expected: &[&str]| assert_eq!(tokens(input), expected, "{input}");
    check(
        "ນາງ ເຈົ້າ ນ້ຳໃຈ",
        &["ນາງ", "ເຈ\u{ebb}\u{ec9}າ", "ນ\u{ec9}\u{ecd}າໃຈ"],
    );
    check("  Chao-Namchai, Jr. ", &["chao", "namchai", "jr"]);
    check("", &[]);
    check("\u{0ED1}\u{0ED2}", &["12"]);
    assert_eq!(name_key("ເຈົ້າ", ""), name_key("ເຈ້ົາ", ""));
}
