//! While the office is open in the app (sled's lock on the folder held, here by this test's `Desk`), every
//! command that opens the store says that the office is open in the app and that backups are made from
//! there, exits 1, and touches nothing: no output file, the data folder as it was (issue 12).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nssf_api::{Actor, Desk, OfficeSetup};
use nssf_test_support::{applicant, now};

/// The data folder's names, recursively, with their sizes: what "touching nothing" compares.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut seen = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let entry = entry.expect("entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                pending.push(entry.path());
            }
            seen.push((entry.path(), if meta.is_dir() { 0 } else { meta.len() }));
        }
    }
    seen.sort();
    seen
}

#[test]
fn every_command_on_an_office_open_in_the_app_says_so_and_touches_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("office");
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let actor = Actor::setup_user();
    let desk = Desk::init(&data, &setup, &actor, now()).expect("init");
    let member = desk
        .register_with(
            &actor,
            &applicant().draft(),
            nssf_api::RegistrationChoices {
                confirm_duplicate: true,
                allow_backdate: true,
            },
            now(),
        )
        .expect("register")
        .member
        .member_no;
    drop(desk);
    let form = root.path().join("form.json");
    std::fs::write(&form, applicant().id_card("777000111").json()).expect("form");
    let out = root.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let file = |name: &str| out.join(name).to_str().expect("utf-8").to_owned();
    let form = form.to_str().expect("utf-8").to_owned();
    let english = "This office is open in the NSSF Desk app";
    let english_backup = "make its backups from the app";
    let lao = "ຫ້ອງການນີ້ກຳລັງເປີດຢູ່ໃນໂປຣແກຣມ NSSF Desk";
    let rows: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "en",
            vec!["backup".into(), "--out".into(), file("office.backup")],
            english_backup,
        ),
        (
            "lo",
            vec!["backup".into(), "--out".into(), file("office-lo.backup")],
            lao,
        ),
        (
            "en",
            vec!["register".into(), "--json".into(), form.clone()],
            english,
        ),
        (
            "en",
            vec!["show".into(), member.clone(), "--json".into()],
            english,
        ),
        (
            "en",
            vec!["search".into(), "Chao".into(), "--json".into()],
            english,
        ),
        (
            "en",
            vec!["demo".into(), "--members".into(), "3".into()],
            english,
        ),
        (
            "en",
            ["pay", &member, "--months", "1", "--method", "cash"]
                .map(String::from)
                .to_vec(),
            english,
        ),
        (
            "en",
            vec!["coverage".into(), member.clone(), "--json".into()],
            english,
        ),
        (
            "en",
            vec![
                "statement".into(),
                member.clone(),
                "--out".into(),
                file("statement.pdf"),
            ],
            english,
        ),
        (
            "en",
            vec![
                "card".into(),
                member.clone(),
                "--out".into(),
                file("card.pdf"),
            ],
            english,
        ),
        (
            "en",
            vec!["office-key".into(), "--out".into(), file("office.pub")],
            english,
        ),
        (
            "en",
            vec!["export".into(), "--out".into(), file("batches")],
            english,
        ),
        ("en", vec!["pending".into(), "--json".into()], english),
        ("en", vec!["audit".into(), "verify".into()], english),
        ("en", vec!["check".into()], english),
        (
            "en",
            vec!["staff".into(), "list".into(), "--json".into()],
            english,
        ),
        ("en", vec!["settings".into(), "--json".into()], english),
    ];

    // The app has the office open.
    let app = Desk::open(&data).expect("the app opens the office");
    let before = listing(&data);
    // Each refused command waits a few seconds for the lock (a store closing releases it late): all are
    // started at once, then waited for.
    let children: Vec<_> = rows
        .iter()
        .map(|(lang, args, _)| {
            Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
                .args(["--lang", lang, "--data"])
                .arg(&data)
                .args(args)
                .env("NSSF_DESK_BACKUP_PASSPHRASE", "a long backup passphrase")
                .env_remove("NSSF_DESK_PASSWORD")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn nssf-desk")
        })
        .collect();
    for ((_, args, expected), child) in rows.iter().zip(children) {
        let done = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: {expected:?} not in {stderr:?}"
        );
        assert!(
            done.stdout.is_empty(),
            "{args:?}: printed {:?}",
            String::from_utf8_lossy(&done.stdout)
        );
    }
    assert_eq!(listing(&data), before, "the data folder was touched");
    assert_eq!(
        std::fs::read_dir(&out).expect("out").count(),
        0,
        "an output was written"
    );
    drop(app);
}
