//! The romaniser and the phonetic key, as tables: Lao names with the spelling the romaniser gives, Latin
//! spellings that must share a key, and names that must keep apart.

use nssf_domain::fold::fold_token;
use nssf_domain::phonetic::{key, script, Script};
use nssf_domain::romanise::romanise;
use nssf_domain::typo::{one_edit_apart, tolerates_typo};

#[test]
fn lao_names_romanise_as_the_government_system_spells_them() {
    let mut wrong = Vec::new();
    let mut check = |lao: &str, expected: &str| {
        let got = romanise(&fold_token(lao));
        if got != expected {
            wrong.push(format!("{lao}: {got}, not {expected}"));
        }
    };
    check("ວິໄລພອນ", "vilaiphon");
    check("ເພັດສະໝອນ", "phetsamon");
    check("ທອງຈັນ", "thongchan");
    check("ຄູນມະນີ", "khounmani");
    check("ໄຊສະນະ", "xaisana");
    check("ໄຊຍະສານ", "xaiyasan");
    check("ບົວສີ", "bouasi");
    check("ອຸດົມພອນ", "oudomphon");
    check("ວັນໄຊ", "vanxai");
    check("ສົມພອນ", "somphon");
    check("ສີພອນ", "siphon");
    check("ແກ້ວມະນີ", "kaeomani");
    check("ສຸກສະຫວັນ", "souksavan");
    check("ສີສະຫວັດ", "sisavat");
    check("ພູມມີ", "phoummi");
    check("ຫຼວງ", "louang");
    check("ດາວເຮືອງ", "daoheuang");
    check("ມະນີວົງ", "manivong");
    check("ນ້ຳໃຈ", "namchai");
    check("ຄຳພັນ", "khamphan");
    check("ບຸນມີ", "bounmi");
    check("ແສງ", "saeng");
    check("ໄຊສົມບັດ", "xaisombat");
    check("ຈັນທະວົງ", "chanthavong");
    check("ພົມມະຈັນ", "phommachan");
    check("ສຸລິຍາ", "souliya");
    check("ນ້ອຍ", "noy");
    check("ເມຍ", "mia");
    check("ເຂັມ", "khem");
    check("ເຈົ້າ", "chao");
    check("ໂພທິສານ", "phothisan");
    check("ຄວນ", "khouan");
    check("ສົມຄວນ", "somkhouan");
    check("ບຸນຫອມ", "bounhom");
    check("ໜູ", "nou");
    check("ໝັ້ນ", "man");
    check("ເລີດ", "loet");
    check("ສຽງ", "siang");
    check("ສີວົງ", "sivong");
    check("ພອນສະຫວັນ", "phonsavan");
    check("ຄໍາແພງ", "khamphaeng");
    check("ເພັງ", "pheng");
    check("ໂຊກໄຊ", "xokxai");
    check("ຍອດ", "yot");
    check("ວົງສາ", "vongsa");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn spellings_of_one_name_share_a_key() {
    // Each row: spellings of one name, Latin and Lao, that must all give the same key.
    let rows: &[&[&str]] = &[
        &[
            "Vilayphone",
            "Vilaiphon",
            "Vilaiphone",
            "Wilaiphon",
            "ວິໄລພອນ",
        ],
        &[
            "Phetsamone",
            "Petsamon",
            "Phetsamorn",
            "Phetsamon",
            "ເພັດສະໝອນ",
        ],
        &["Thongchanh", "Tongchan", "Thongchan", "Thongjan", "ທອງຈັນ"],
        &["Khounmany", "Kounmani", "Khoonmanee", "Khounmani", "ຄູນມະນີ"],
        &["Xaysana", "Saysana", "Xaisana", "Saisana", "ໄຊສະນະ"],
        &["Xayasane", "Xayyasan", "Saiyasan", "ໄຊຍະສານ"],
        &["Bouasy", "Buasi", "Bouasi", "Bouasie", "ບົວສີ"],
        &["Oudomphone", "Udomphon", "Oudomphon", "ອຸດົມພອນ"],
        &["Vanhxay", "Vansai", "Vanxay", "Wansai", "ວັນໄຊ"],
        &["Somphone", "Sompon", "Somphon", "Somporn", "ສົມພອນ"],
        &["Keomany", "Kaeomani", "Kèomany", "Kaewmani", "ແກ້ວມະນີ"],
        &["Souksavanh", "Suksavan", "Souksavan", "ສຸກສະຫວັນ"],
        &["Phoummy", "Phoumi", "Pumi", "ພູມມີ"],
        &["Louang", "Luang", "ຫຼວງ"],
        &["Daoheuang", "Daoheuang", "ດາວເຮືອງ"],
        &["Manivong", "Maniwong", "ມະນີວົງ"],
        &["Bounmy", "Boonmee", "Bounmi", "ບຸນມີ"],
        &["Saeng", "Seng", "ແສງ"],
        &["Xaysombath", "Saysombat", "Xaisombat", "ໄຊສົມບັດ"],
        &["Chanthavong", "Jantavong", "Chanthawong", "ຈັນທະວົງ"],
        &["Phommachanh", "Pommachan", "Phomachan", "ພົມມະຈັນ"],
        &["Souliya", "Souriya", "Suliya", "ສຸລິຍາ"],
        &["Noy", "Noi", "ນ້ອຍ"],
        &["Sisavath", "Sisavat", "Sisawat", "ສີສະຫວັດ"],
        &["Phonsavanh", "Ponsavan", "Phonesavanh", "ພອນສະຫວັນ"],
        &["Khamphaeng", "Khampheng", "Kampaeng", "ຄຳແພງ"],
        &["Xokxay", "Sokxai", "Choksai", "ໂຊກໄຊ"],
        &["Nyot", "Gnot", "Yot", "ຍອດ"],
        &["Kaew", "Keo", "Kaeo", "ແກ້ວ"],
        &["Khamsene", "Khamsen", "Kamsen"],
        &["Viengxay", "Viangxai", "Wiengsay", "ວຽງໄຊ"],
        &["Viengchanh", "Viangchan", "Wiangjan", "ວຽງຈັນ"],
    ];
    let mut wrong = Vec::new();
    for row in rows {
        let keys: Vec<String> = row.iter().map(|s| key(&fold_token(s))).collect();
        if keys.iter().any(|k| k != &keys[0]) {
            wrong.push(format!("{row:?} give {keys:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn different_names_keep_different_keys() {
    for (a, b) in [
        ("Somphone", "Somphanh"),
        ("Bounmy", "Bounma"),
        ("Vilayphone", "Vilayvanh"),
        ("Phetsamone", "Phetsamai"),
        ("Keo", "Kham"),
        ("Souk", "Sak"),
        ("Dara", "Tara"),
        ("Bounthavy", "Pounthavy"),
        ("Somsak", "Somsy"),
        ("ສົມພອນ", "ສົມພັນ"),
        ("ບຸນມີ", "ບຸນມາ"),
        ("ຄຳ", "ກົມ"),
        ("Manivong", "Manivanh"),
        ("Noy", "Nouy"),
    ] {
        assert_ne!(key(&fold_token(a)), key(&fold_token(b)), "{a} / {b}");
    }
}

#[test]
fn scripts_are_told_apart() {
    for (token, expected) in [
        ("ສົມພອນ", Script::Lao),
        ("somphone", Script::Latin),
        ("123", Script::Latin),
    ] {
        assert_eq!(script(token), expected, "{token}");
    }
}

#[test]
fn one_edit_apart_is_damerau_levenshtein_one() {
    for (a, b, expected) in [
        ("somphone", "somphone", true),
        ("somphone", "sompone", true),   // deletion
        ("somphone", "somphonne", true), // insertion
        ("somphone", "somphine", true),  // substitution
        ("somphone", "smophone", true),  // transposition
        ("somphone", "somphoen", true),  // transposition at the end
        ("somphone", "xomphone", true),  // first letter
        ("somphone", "somphonee", true), // added at the end
        ("somphone", "omphone", true),   // first letter missing
        ("somphone", "smphne", false),   // two deletions
        ("somphone", "somphan", false),  // two edits
        ("somphone", "msophnoe", false), // two swaps
        ("ສົມພອນ", "ສົມພອມ", true),
        ("ສົມພອນ", "ສມພອນ", true),
        ("ສົມພອນ", "ສົມພັນ", true),
        ("ສົມພອນ", "ສົມສັກ", false),
    ] {
        assert_eq!(one_edit_apart(a, b), expected, "{a} / {b}");
        assert_eq!(one_edit_apart(b, a), expected, "{b} / {a}");
    }
    for (token, expected) in [
        ("somsy", true),
        ("soms", false),
        ("ສົມພອນ", true),
        ("ສົມ", false),
    ] {
        assert_eq!(tolerates_typo(token), expected, "{token}");
    }
}
