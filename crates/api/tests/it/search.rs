use nssf_api::Actor;

use crate::{applicant, desk, now};

#[test]
fn one_box_finds_by_every_key() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let chao = applicant()
        .id_card("AB123456")
        .phone("020 5555 1234")
        .draft();
    let chao = desk
        .register(&actor, &chao, false, now())
        .expect("chao")
        .member
        .member_no;
    let other = applicant()
        .given("ໜູພິນ", "Nouphin")
        .family("ຫຼວງລາດ", "Louanglath")
        .id_card("CD999")
        .phone("030 555 1234")
        .born("1985-01-01")
        .draft();
    let other = desk
        .register(&actor, &other, false, now())
        .expect("other")
        .member
        .member_no;

    let check = |query: &str, expected: &[&str]| {
        let got: Vec<String> = desk
            .search(&Actor::setup_user(), query, 20)
            .expect("search")
            .into_iter()
            .map(|h| h.member_no)
            .collect();
        assert_eq!(got, expected, "{query:?}");
    };
    check(&chao, &[&chao]);
    check(&chao.replace('-', ""), &[&chao]);
    check(&chao[..9], &[&chao, &other]); // first digits: both numbers of this workstation
    check("AB123456", &[&chao]);
    check("ab-123 456", &[&chao]);
    check("020 5555 1234", &[&chao]);
    check("02055551234", &[&chao]);
    check("+856 20 5555 1234", &[&chao]);
    check("2055551234", &[&chao]);
    check("030 555 1234", &[&other]);
    check("Chao", &[&chao]);
    check("namchai chao", &[&chao]);
    check("CHAO NAM", &[&chao]);
    check("ເຈົ້າ", &[&chao]);
    check("ນໍ້າໃຈ", &[&chao]); // ໍ + ້ + າ instead of ້ + ຳ
    check("ນ້ຳ", &[&chao]); // still typing
    check("ຫນູພິນ", &[&other]); // ຫນ for ໜ
    check("ຫລວງລາດ", &[&other]); // ຫລ for ຫຼ
    check("Louanglath", &[&other]);
    check("nobody", &[]);
    check("", &[]);
    check("   ", &[]);
    let hit = &desk
        .search(&Actor::setup_user(), "Chao", 1)
        .expect("search")[0];
    assert_eq!(
        (
            hit.given_name_lo.as_str(),
            hit.village_name_lo.as_str(),
            hit.date_of_birth.as_str()
        ),
        ("ເຈົ້າ", "ໜອງປິງ", "1990-05-12")
    );
}

#[test]
fn results_survive_a_reopen() {
    let (dir, desk) = desk();
    let no = desk
        .register(
            &Actor::setup_user(),
            &applicant().family("", "").id_card("X123").draft(),
            false,
            now(),
        )
        .expect("reg")
        .member
        .member_no;
    drop(desk);
    let desk = nssf_api::Desk::open(dir.path()).expect("reopen");
    assert_eq!(
        desk.search(&Actor::setup_user(), "chao", 5)
            .expect("search")[0]
            .member_no,
        no
    );
}
