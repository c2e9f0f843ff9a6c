//! The applicant every story registers, in the window or through the CLI.

/// Her given name in Lao.
pub const GIVEN_LO: &str = "ເຈົ້າ";

/// Her family name in Lao, typed the usual way: ້ + ຳ.
pub const FAMILY_LO: &str = "ນ້ຳໃຈ";

/// ນ້ຳໃຈ typed the other way: ໍ + ້ + າ instead of ້ + ຳ. Search must fold both to one spelling.
pub const FAMILY_LO_FOLDED: &str = "\u{0E99}\u{0ECD}\u{0EC9}\u{0EB2}\u{0EC3}\u{0E88}";

/// Her registration as the CLI reads it (`nssf-desk register --json -`), registered on `registered_on`
/// (`YYYY-MM-DD`; empty for today). Her village is in district 0101, the office every story sets up.
pub fn applicant(registered_on: &str) -> serde_json::Value {
    serde_json::json!({
        "title": "ms", "given_name_lo": GIVEN_LO, "family_name_lo": FAMILY_LO,
        "given_name_latin": "Chao", "family_name_latin": "Namchai", "sex": "female",
        "date_of_birth": "1990-05-12", "documents": [{"kind": "id_card", "number": "123456789"}],
        "phone": "020 5555 1234", "village_code": "0101001", "house_no": "12", "occupation": "vendor",
        "income_base_kip": 2500000, "hospital": "MHS", "consent": true, "registered_on": registered_on,
    })
}
