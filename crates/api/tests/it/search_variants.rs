//! Spelling-tolerant search as a clerk meets it (`docs/search.md`): real Lao names registered in both
//! scripts, queries typed the way someone hears them, and what each must find and why; queries that must
//! not find a given person (the tolerance must not flood results); the order of the hits; and the
//! duplicate warning at registration.

use nssf_api::{Actor, ApiError, Desk, Matched, Refusal};

use crate::{applicant, desk, now};

/// Who is registered: label, Lao given and family name, Latin given and family name (as typed by
/// whoever registered them: some by someone else, e.g. a nickname), birth date.
const ROSTER: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "vilayphone",
        "ວິໄລພອນ",
        "ສີສຸກ",
        "Vilayphone",
        "Sisouk",
        "1980-01-01",
    ),
    (
        "phetsamone",
        "ເພັດສະໝອນ",
        "ພົມມະຈັນ",
        "Phetsamone",
        "Phommachanh",
        "1981-02-02",
    ),
    (
        "thongchanh",
        "ທອງຈັນ",
        "ແກ້ວມະນີ",
        "Thongchanh",
        "Keomany",
        "1982-03-03",
    ),
    (
        "khounmany",
        "ຄູນມະນີ",
        "ສຸກສະຫວັນ",
        "Khounmany",
        "Souksavanh",
        "1983-04-04",
    ),
    (
        "xaysana",
        "ໄຊສະນະ",
        "ວົງສາ",
        "Xaysana",
        "Vongsa",
        "1984-05-05",
    ),
    (
        "bouasy",
        "ບົວສີ",
        "ຈັນທະວົງ",
        "Bouasy",
        "Chanthavong",
        "1985-06-06",
    ),
    (
        "oudomphone",
        "ອຸດົມພອນ",
        "ມະນີວົງ",
        "Oudomphone",
        "Manivong",
        "1986-07-07",
    ),
    (
        "vanhxay",
        "ວັນໄຊ",
        "ພອນສະຫວັນ",
        "Vanhxay",
        "Phonsavanh",
        "1987-08-08",
    ),
    (
        "xayasane",
        "ໄຊຍະສານ",
        "ດາວເຮືອງ",
        "Xayasane",
        "Daoheuang",
        "1988-09-09",
    ),
    (
        "bounmy",
        "ບຸນມີ",
        "ສີສະຫວັດ",
        "Bounmy",
        "Sisavath",
        "1989-10-10",
    ),
    (
        "souliya",
        "ສຸລິຍາ",
        "ໄຊສົມບັດ",
        "Souliya",
        "Xaysombath",
        "1990-11-11",
    ),
    (
        "khamphaeng",
        "ຄຳແພງ",
        "ຫຼວງລາດ",
        "Khamphaeng",
        "Louanglath",
        "1991-12-12",
    ),
    // The Latin given name was typed as a nickname by someone else: the Lao name is the only key.
    (
        "phoummy",
        "ພູມມີ",
        "ແສງອາລຸນ",
        "Noy",
        "Sengaloun",
        "1979-01-15",
    ),
    (
        "daovone",
        "ດາວວອນ",
        "ພິລາວົງ",
        "Dao",
        "Philavong",
        "1978-02-16",
    ),
    (
        "somsanouk",
        "ສົມສະນຸກ",
        "ໄຊຍະວົງ",
        "Somsanouk",
        "Xayavong",
        "1977-03-17",
    ),
    (
        "chanthala",
        "ຈັນທະລາ",
        "ວົງພະຈັນ",
        "Chanthala",
        "Vongphachanh",
        "1976-04-18",
    ),
    (
        "sengphet",
        "ແສງເພັດ",
        "ສີຫາລາດ",
        "Sengphet",
        "Sihalath",
        "1975-05-19",
    ),
    (
        "keokhounsy",
        "ແກ້ວຄູນສີ",
        "ພົມມະວົງ",
        "Keokhounsy",
        "Phommavong",
        "1974-06-20",
    ),
    (
        "latsamy",
        "ລັດສະໝີ",
        "ອິນທະວົງ",
        "Latsamy",
        "Inthavong",
        "1973-07-21",
    ),
    (
        "manivanh",
        "ມະນີວັນ",
        "ສຸວັນນະພູມ",
        "Manivanh",
        "Souvannaphoum",
        "1972-08-22",
    ),
    (
        "somphone",
        "ສົມພອນ",
        "ແກ້ວມະນີ",
        "Somphone",
        "Keomany",
        "1971-09-23",
    ),
    (
        "somphanh",
        "ສົມພັນ",
        "ແກ້ວມະນີ",
        "Somphanh",
        "Keomany",
        "1970-10-24",
    ),
    (
        "bounthavy",
        "ບຸນທະວີ",
        "ສີສຸກ",
        "Bounthavy",
        "Sisouk",
        "2001-11-25",
    ),
    (
        "vilayvanh",
        "ວິໄລວັນ",
        "ສີສຸກ",
        "Vilayvanh",
        "Sisouk",
        "2000-12-26",
    ),
    (
        "kongkeo",
        "ກອງແກ້ວ",
        "ສຸລິວົງ",
        "Kongkeo",
        "Soulivong",
        "1999-01-27",
    ),
    (
        "thipphavanh",
        "ທິບພະວັນ",
        "ໄຊຍະລາດ",
        "Thipphavanh",
        "Xayalath",
        "1998-02-28",
    ),
    (
        "inpanh",
        "ອິນປັນ",
        "ແສງສຸລິຍາ",
        "Inpanh",
        "Sengsouliya",
        "1997-03-01",
    ),
    (
        "nouphanh",
        "ໜູພັນ",
        "ຈັນທະລາ",
        "Nouphanh",
        "Chanthala",
        "1996-04-02",
    ),
    // The Lao given name is a nickname (ນ້ອຍ, "little"): the Latin name is the only key for a Lao query.
    (
        "vongdeuane",
        "ນ້ອຍ",
        "ສີລາວົງ",
        "Vongdeuane",
        "Silavong",
        "1995-05-03",
    ),
    (
        "phonepasith",
        "ພອນປະສິດ",
        "ແກ້ວບຸນມາ",
        "Phonepasith",
        "Keobounma",
        "1994-06-04",
    ),
];

/// Registers the roster; the member number of each label.
fn registered(desk: &Desk) -> Vec<(&'static str, String)> {
    let actor = Actor::setup_user();
    ROSTER
        .iter()
        .enumerate()
        .map(|(i, (label, lo_given, lo_family, given, family, born))| {
            let draft = applicant()
                .given(lo_given, given)
                .family(lo_family, family)
                .born(born)
                .id_card(&format!("SV{i:04}"))
                .draft();
            let no = desk
                .register(&actor, &draft, true, now())
                .unwrap_or_else(|e| panic!("{label}: {e:?}"))
                .member
                .member_no;
            (*label, no)
        })
        .collect()
}

fn number<'a>(members: &'a [(&str, String)], label: &str) -> &'a str {
    &members
        .iter()
        .find(|(l, _)| *l == label)
        .unwrap_or_else(|| panic!("no {label} in the roster"))
        .1
}

/// The hits of a query: (member number, why).
fn hits(desk: &Desk, query: &str) -> Vec<(String, Option<Matched>)> {
    desk.search(&Actor::setup_user(), query, 20)
        .expect("search")
        .into_iter()
        .map(|h| (h.member_no, h.matched))
        .collect()
}

use Matched::{CrossScript, Exact, Folded, Phonetic, Typo};

/// (typed query, who must be found, why). At least 100 rows, both scripts.
const MUST_FIND: &[(&str, &str, Matched)] = &[
    // Vilayphone / Vilaiphon
    ("Vilayphone Sisouk", "vilayphone", Exact),
    ("vilayphone sisouk", "vilayphone", Folded),
    ("VILAYPHONE", "vilayphone", Folded),
    ("Vilaiphon", "vilayphone", Phonetic),
    ("Vilaiphon Sisuk", "vilayphone", Phonetic),
    ("Wilaiphone", "vilayphone", Phonetic),
    ("ວິໄລພອນ", "vilayphone", Exact),
    ("ວິໄລພອນ ສີສຸກ", "vilayphone", Exact),
    ("Vilayphome", "vilayphone", Typo),
    ("Vilyaphone Sisouk", "vilayphone", Typo),
    // Phetsamone / Petsamon
    ("Phetsamone", "phetsamone", Exact),
    ("Petsamon", "phetsamone", Phonetic),
    ("Phetsamorn Phommachan", "phetsamone", Phonetic),
    ("Petsamone Pommachan", "phetsamone", Phonetic),
    ("ເພັດສະໝອນ", "phetsamone", Exact),
    ("ເພັດສະຫມອນ", "phetsamone", Folded),
    ("Phetsamnoe", "phetsamone", Typo),
    ("Phetsmone", "phetsamone", Typo),
    // Thongchanh / Tongchan
    ("Thongchanh Keomany", "thongchanh", Exact),
    ("Tongchan", "thongchanh", Phonetic),
    ("Thongjan Kaeomani", "thongchanh", Phonetic),
    ("Thongchan Keomani", "thongchanh", Phonetic),
    ("ທອງຈັນ", "thongchanh", Exact),
    ("Thonchanh", "thongchanh", Typo),
    // Khounmany / Kounmani
    ("Khounmany", "khounmany", Exact),
    ("Kounmani", "khounmany", Phonetic),
    ("Khoonmanee Suksavan", "khounmany", Phonetic),
    ("ຄູນມະນີ ສຸກສະຫວັນ", "khounmany", Exact),
    ("Khounmamy", "khounmany", Typo),
    ("Souksavanh", "khounmany", Exact),
    // Xaysana / Saysana
    ("Xaysana", "xaysana", Exact),
    ("Saysana", "xaysana", Phonetic),
    ("Saisana Vongsa", "xaysana", Phonetic),
    ("ໄຊສະນະ", "xaysana", Exact),
    ("Xaysanna", "xaysana", Phonetic), // a doubled letter is one
    ("Xaysama", "xaysana", Typo),
    // Bouasy / Buasi
    ("Bouasy Chanthavong", "bouasy", Exact),
    ("Buasi", "bouasy", Phonetic),
    ("Bouasi Jantavong", "bouasy", Phonetic),
    ("ບົວສີ", "bouasy", Exact),
    ("Bouassy", "bouasy", Phonetic),
    ("Buoasy", "bouasy", Typo),
    // Oudomphone / Udomphon
    ("Oudomphone Manivong", "oudomphone", Exact),
    ("Udomphon", "oudomphone", Phonetic),
    ("Udomphon Maniwong", "oudomphone", Phonetic),
    ("ອຸດົມພອນ", "oudomphone", Exact),
    ("Oudomphine", "oudomphone", Typo),
    // Vanhxay / Vansai
    ("Vanhxay", "vanhxay", Exact),
    ("Vansai", "vanhxay", Phonetic),
    ("Vanxay Phonsavan", "vanhxay", Phonetic),
    ("Wansai Ponsavanh", "vanhxay", Phonetic),
    ("ວັນໄຊ", "vanhxay", Exact),
    ("Phonsavnah", "vanhxay", Typo),
    // Xayasane / ໄຊຍະສານ
    ("Xayasane", "xayasane", Exact),
    ("Xayyasan", "xayasane", Phonetic),
    ("Saiyasan Daoheuang", "xayasane", Phonetic),
    ("ໄຊຍະສານ ດາວເຮືອງ", "xayasane", Exact),
    ("Daoheaung", "xayasane", Typo),
    // Bounmy / Boonmee
    ("Bounmy Sisavath", "bounmy", Exact),
    ("Boonmee", "bounmy", Phonetic),
    ("Bounmi Sisavat", "bounmy", Phonetic),
    ("ບຸນມີ", "bounmy", Exact),
    ("Sisavagh", "bounmy", Typo),
    // Souliya / Souriya
    ("Souliya", "souliya", Exact),
    ("Souriya", "souliya", Phonetic),
    ("Suliya Xaisombat", "souliya", Phonetic),
    ("ສຸລິຍາ ໄຊສົມບັດ", "souliya", Exact),
    ("Xaysombaht", "souliya", Phonetic), // h after a vowel is silent
    ("Xaysonbath", "souliya", Typo),
    // Khamphaeng / Khampheng
    ("Khamphaeng Louanglath", "khamphaeng", Exact),
    ("Khampheng", "khamphaeng", Phonetic),
    ("Kampaeng Luanglat", "khamphaeng", Phonetic),
    ("ຄຳແພງ ຫລວງລາດ", "khamphaeng", Folded),
    ("ຄໍາແພງ", "khamphaeng", Folded),
    ("Louanglaht", "khamphaeng", Phonetic),
    ("Lousnglath", "khamphaeng", Typo),
    // Latin typed by someone else (a nickname): the Lao name answers Latin queries.
    ("Phoummy", "phoummy", CrossScript),
    ("Phoumi Sengaloun", "phoummy", CrossScript),
    ("Pumi", "phoummy", CrossScript),
    ("Noy Sengaloun", "phoummy", Exact),
    ("ພູມມີ", "phoummy", Exact),
    ("Daovone", "daovone", CrossScript),
    ("Daovon Philavong", "daovone", CrossScript),
    ("Dao Philavong", "daovone", Exact),
    ("ດາວວອນ", "daovone", Exact),
    // A Lao query finds the Latin name when the Lao field holds a nickname.
    ("ວົງເດືອນ", "vongdeuane", CrossScript),
    ("ວົງເດືອນ ສີລາວົງ", "vongdeuane", CrossScript),
    ("Vongdeuane", "vongdeuane", Exact),
    ("Vongdeuan", "vongdeuane", Folded), // still typing
    ("Wongdeuane", "vongdeuane", Phonetic),
    ("Noy", "vongdeuane", CrossScript), // ນ້ອຍ
    ("Noy", "phoummy", Exact),
    // Lao-script queries for Latin spellings of the same names, and the other way round.
    ("ສົມສະນຸກ", "somsanouk", Exact),
    ("Somsanuk Xayavong", "somsanouk", Phonetic),
    ("Somsanouk Xaiyavong", "somsanouk", Phonetic),
    ("Somsanouc", "somsanouk", Phonetic),
    ("Chanthala Vongphachanh", "chanthala", Exact),
    ("Jantala", "chanthala", Phonetic),
    ("ຈັນທະລາ ວົງພະຈັນ", "chanthala", Exact),
    ("Vongphachnah", "chanthala", Typo),
    ("Sengphet", "sengphet", Exact),
    ("Saengphet Sihalat", "sengphet", Phonetic),
    ("ແສງເພັດ", "sengphet", Exact),
    ("Keokhounsy", "keokhounsy", Exact),
    ("Kaeokhounsi Phommawong", "keokhounsy", Phonetic),
    ("ແກ້ວຄູນສີ", "keokhounsy", Exact),
    ("Latsamy Inthavong", "latsamy", Exact),
    ("Latsami Intavong", "latsamy", Phonetic),
    ("ລັດສະໝີ", "latsamy", Exact),
    ("Inthavomg", "latsamy", Typo),
    ("Manivanh Souvannaphoum", "manivanh", Exact),
    ("Manivan Suvanaphum", "manivanh", Phonetic),
    ("ມະນີວັນ ສຸວັນນະພູມ", "manivanh", Exact),
    ("Souvannaphuom", "manivanh", Typo),
    ("Somphone Keomany", "somphone", Exact),
    ("Sompon Kaeomani", "somphone", Phonetic),
    ("Somporn", "somphone", Phonetic),
    ("ສົມພອນ ແກ້ວມະນີ", "somphone", Exact),
    ("Somphanh Keomany", "somphanh", Exact),
    ("Sompan", "somphanh", Phonetic),
    ("Bounthavy", "bounthavy", Exact),
    ("Bounthawi", "bounthavy", Phonetic),
    ("ບຸນທະວີ ສີສຸກ", "bounthavy", Exact),
    ("Vilayvanh", "vilayvanh", Exact),
    ("Vilaivan Sisouk", "vilayvanh", Phonetic),
    ("Kongkeo Soulivong", "kongkeo", Exact),
    ("Kongkaew", "kongkeo", Phonetic),
    ("Soulivomg", "kongkeo", Typo),
    ("Thipphavanh", "thipphavanh", Exact),
    ("Tipavan Xayalat", "thipphavanh", Phonetic),
    ("ທິບພະວັນ", "thipphavanh", Exact),
    ("Inpanh Sengsouliya", "inpanh", Exact),
    ("Inpan Saengsouliya", "inpanh", Phonetic),
    ("Nouphanh Chanthala", "nouphanh", Exact),
    ("Nouphan", "nouphanh", Folded),
    ("Nuphan", "nouphanh", Phonetic),
    ("ຫນູພັນ", "nouphanh", Folded),
    ("Phonepasith Keobounma", "phonepasith", Exact),
    ("Phonpasit", "phonepasith", Phonetic),
    ("ພອນປະສິດ", "phonepasith", Exact),
    ("Keobounma", "phonepasith", Exact),
    ("Kaeobounma", "phonepasith", Phonetic),
    ("Phonepasiht", "phonepasith", Phonetic),
    ("Phonepadith", "phonepasith", Typo),
    // Still typing: the start of a name.
    ("Vilayph", "vilayphone", Folded),
    ("ວິໄລ", "vilayphone", Folded),
];

#[test]
fn spellings_scripts_and_typos_find_the_person() {
    assert!(MUST_FIND.len() >= 100, "{} rows", MUST_FIND.len());
    let (_dir, desk) = desk();
    let members = registered(&desk);
    let mut wrong = Vec::new();
    for (query, label, why) in MUST_FIND {
        let expected = number(&members, label);
        let got = hits(&desk, query);
        match got.iter().find(|(no, _)| no == expected) {
            Some((_, Some(found))) if found == why => {}
            Some((_, found)) => wrong.push(format!(
                "{query:?}: {label} found as {found:?}, not {why:?}"
            )),
            None => wrong.push(format!("{query:?}: {label} not found ({} hits)", got.len())),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// (typed query, who must NOT be found): other names a loose match would drag in.
const MUST_NOT_FIND: &[(&str, &str)] = &[
    ("Somphone", "somphanh"),
    ("Somphanh", "somphone"),
    ("Vilayphone", "vilayvanh"),
    ("Vilayvanh", "vilayphone"),
    ("Vilayphone Sisouk", "bounthavy"),
    ("Keomany", "khounmany"),
    ("Khounmany", "keokhounsy"),
    ("Manivong", "manivanh"),
    ("Manivanh", "oudomphone"),
    ("Chanthala", "bouasy"),
    ("Chanthavong", "chanthala"),
    ("Xayavong", "thipphavanh"),
    ("Xayalath", "somsanouk"),
    ("Souliya", "kongkeo"),
    ("Soulivong", "souliya"),
    ("Sengsouliya", "souliya"),
    ("ສົມພອນ", "somsanouk"),
    ("ວິໄລພອນ", "vilayvanh"),
    ("ບຸນມີ", "phonepasith"),
    ("Bounma", "phonepasith"), // inside Keobounma, not its start
    ("Sisouk", "bounmy"),
    ("Sisavath", "vilayphone"),
    ("Phonsavanh", "phonepasith"),
    ("Noy", "inpanh"),
    ("Inpanh", "nouphanh"),
    ("Xaysana", "xayasane"),
    ("Xayasane", "xaysana"),
    ("Somsak", "somsanouk"),
    ("Souk", "vilayphone"), // inside Sisouk
    ("Phet", "sengphet"),
    ("Kham", "somsanouk"),
];

#[test]
fn tolerance_does_not_flood_the_results() {
    let (_dir, desk) = desk();
    let members = registered(&desk);
    let mut wrong = Vec::new();
    for (query, label) in MUST_NOT_FIND {
        let unwanted = number(&members, label);
        let got = hits(&desk, query);
        if let Some((_, why)) = got.iter().find(|(no, _)| no == unwanted) {
            wrong.push(format!("{query:?} finds {label} ({why:?})"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn hits_rank_exact_then_folded_then_sound_then_typo() {
    let (_dir, desk) = desk();
    let members = registered(&desk);
    let actor = Actor::setup_user();
    // Two more people for the ranking: a full-name match beats a partial one of the same strength.
    let extra = [
        ("ສົມພອນ", "", "Somphone", "", "1992-01-01", "SV9001"),
        ("ສົມພອນ", "ສີສຸກ", "Sompon", "Sisouk", "1992-02-02", "SV9002"),
    ];
    let mut all = members.clone();
    for (i, (lo_given, lo_family, given, family, born, doc)) in extra.into_iter().enumerate() {
        let draft = applicant()
            .given(lo_given, given)
            .family(lo_family, family)
            .born(born)
            .id_card(doc)
            .draft();
        let no = desk
            .register(&actor, &draft, true, now())
            .expect("extra")
            .member
            .member_no;
        all.push([("somphone-alone", no.clone()), ("sompon-sisouk", no)][i].clone());
    }
    // (query, the hits in order, as labels)
    let rows: &[(&str, &[&str])] = &[
        // exact (case kept) before folded: Somphone Keomany typed exactly; Sompon Sisouk by sound.
        ("Somphone", &["somphone-alone", "somphone", "sompon-sisouk"]),
        ("Sompon", &["sompon-sisouk", "somphone-alone", "somphone"]),
        // The phonetic full name (Somphone Keomany) before a typo.
        ("Somphone Keomany", &["somphone"]),
        ("Sompone Keomany", &["somphone"]),
        // Folded full name of the Lao-only "Somphone" first, then the longer names holding it.
        // In Lao a vowel sign is one character: ສົມພັນ is one edit from ສົມພອນ and comes last, as a typo.
        (
            "ສົມພອນ",
            &["somphone-alone", "somphone", "sompon-sisouk", "somphanh"],
        ),
        // Exact holders of Sisouk, then by sound (none), then the typo.
        (
            "Sisouk",
            &["vilayphone", "bounthavy", "vilayvanh", "sompon-sisouk"],
        ),
        (
            "Sisuok",
            &["vilayphone", "bounthavy", "vilayvanh", "sompon-sisouk"],
        ),
    ];
    let mut wrong = Vec::new();
    for (query, expected) in rows {
        let got: Vec<&str> = hits(&desk, query)
            .iter()
            .map(|(no, _)| {
                all.iter()
                    .find(|(_, n)| n == no)
                    .map_or("?", |(label, _)| *label)
            })
            .collect();
        if got != *expected {
            wrong.push(format!("{query:?}: {got:?}, not {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The order of kinds holds whatever the names: exact keys, then exact, folded, sound, typo.
    let kinds: Vec<Option<Matched>> = hits(&desk, "Sisouk").into_iter().map(|(_, m)| m).collect();
    assert_eq!(kinds, [Some(Exact), Some(Exact), Some(Exact), Some(Exact)]);
}

/// Lao given, Lao family, Latin given, Latin family, birth date, and the candidates a registration of
/// them must name.
type DuplicateRow<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a [&'a str]);

#[test]
fn a_variant_spelling_born_the_same_day_is_a_possible_duplicate() {
    let (_dir, desk) = desk();
    let members = registered(&desk);
    let actor = Actor::setup_user();
    // (Lao given, Lao family, Latin given, Latin family, born, the candidates named)
    let rows: &[DuplicateRow] = &[
        // The same person, spelt another way in Latin, same Lao.
        (
            "ວິໄລພອນ",
            "ສີສຸກ",
            "Vilaiphon",
            "Sisuk",
            "1980-01-01",
            &["vilayphone"],
        ),
        // Lao spelt with ຫມ, Latin by sound.
        (
            "ເພັດສະຫມອນ",
            "ພົມມະຈັນ",
            "Petsamon",
            "Pommachan",
            "1981-02-02",
            &["phetsamone"],
        ),
        // Only the Latin name is close (a typo), the Lao name a nickname.
        (
            "ນ້ອຍ",
            "ແກ້ວມະນີ",
            "Thongchan",
            "Keomanu",
            "1982-03-03",
            &["thongchanh"],
        ),
        // The Lao name alone matches the nickname-registered member.
        (
            "ພູມມີ",
            "ແສງອາລຸນ",
            "Phoumi",
            "Sengaloun",
            "1979-01-15",
            &["phoummy"],
        ),
        // Same names, another birth date: no warning.
        ("ວິໄລພອນ", "ສີສຸກ", "Vilaiphon", "Sisuk", "1980-01-02", &[]),
        // Another name, same birth date: no warning.
        ("ສົມສັກ", "ພົມມະຈັນ", "Somsak", "Phommachanh", "1981-02-02", &[]),
    ];
    let mut wrong = Vec::new();
    for (i, (lo_given, lo_family, given, family, born, expected)) in rows.iter().enumerate() {
        let draft = applicant()
            .given(lo_given, given)
            .family(lo_family, family)
            .born(born)
            .id_card(&format!("DUP{i:03}"))
            .draft();
        let expected: Vec<String> = expected
            .iter()
            .map(|l| number(&members, l).to_owned())
            .collect();
        match desk.register(&actor, &draft, false, now()) {
            Err(ApiError {
                refusal: Refusal::PossibleDuplicate { candidates },
                ..
            }) if candidates == expected => {}
            Ok(_) if expected.is_empty() => {}
            other => wrong.push(format!(
                "{given} {family} {born}: {other:?}, expected {expected:?}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
