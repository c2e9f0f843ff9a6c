//! The CLI contract of the weekly batch, exactly: office export, central verify/import/ack, office
//! ack-import, with exit codes and stdout as scripts read them.

use std::path::Path;
use std::process::{Command, Output};

use nssf_test_support::applicant;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("run nssf-desk")
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.status.code(), Some(1), "{args:?} must exit 1");
    assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn office_to_central_and_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let office = tmp.path().join("office");
    let cdir = tmp.path().join("central");
    let stick = tmp.path().join("stick");
    let o = p(&office);
    let c = p(&cdir);

    ok(&[
        "--data",
        o,
        "init",
        "--office",
        "0101",
        "--workstation",
        "01",
    ]);
    let json = tmp.path().join("chao.json");
    std::fs::write(
        &json,
        applicant()
            .phone("020 5555 1234")
            .registered_on("2026-06-20")
            .json(),
    )
    .expect("write");
    // Registered months back: the setup user, a supervisor, allows it.
    let member = ok(&[
        "--data",
        o,
        "register",
        "--json",
        p(&json),
        "--allow-backdate",
    ]);
    let member = member.trim();
    ok(&[
        "--data", o, "pay", member, "--months", "2", "--method", "cash",
    ]);
    let key = tmp.path().join("office.key");
    ok(&["--data", o, "office-key", "--out", p(&key)]);

    let pending: serde_json::Value =
        serde_json::from_str(&ok(&["--data", o, "pending", "--json"])).expect("json");
    assert_eq!(pending["changes"], 2);
    assert_eq!(
        pending["kip"],
        2 * 225_000,
        "two months at 9 % of 2,500,000"
    );

    // The central office.
    ok(&["central", "--data", c, "init"]);
    let central_key = tmp.path().join("central.key");
    ok(&["central", "--data", c, "key", "--out", p(&central_key)]);
    ok(&["central", "--data", c, "trust", "--office-key", p(&key)]);
    ok(&["--data", o, "central-key", "--import", p(&central_key)]);

    let path = ok(&["--data", o, "export", "--out", p(&stick)]);
    let path = path.trim_end_matches('\n');
    assert!(!path.contains('\n'), "the path alone on stdout");
    assert!(path.ends_with("nssf-0101-01-000001.batch"), "{path}");
    let first = std::fs::read(path).expect("batch");

    // Written again, byte for byte.
    let again_dir = tmp.path().join("again");
    let again = ok(&[
        "--data",
        o,
        "export",
        "--again",
        "1",
        "--out",
        p(&again_dir),
    ]);
    assert_eq!(std::fs::read(again.trim()).expect("again"), first);

    assert_eq!(ok(&["central", "--data", c, "verify", path]), "valid\n");
    // A damaged copy: exit 1, the reason on stderr, nothing imported.
    let damaged = tmp.path().join("damaged.batch");
    let mut bytes = first.clone();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&damaged, &bytes).expect("write");
    assert_eq!(
        refused(&["central", "--data", c, "verify", p(&damaged)]),
        "The batch cannot be decrypted: it was altered, or encrypted to another central office.\n"
    );
    refused(&["central", "--data", c, "import", p(&damaged)]);

    ok(&["central", "--data", c, "import", path]);
    let stats = ok(&["central", "--data", c, "stats", "--json"]);
    ok(&["central", "--data", c, "import", path]);
    assert_eq!(
        ok(&["central", "--data", c, "stats", "--json"]),
        stats,
        "nothing changes the second time"
    );
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("json");
    assert_eq!(stats["members"], 1);
    assert_eq!(stats["payments"], 1);
    assert_eq!(stats["batches"], 1);
    assert_eq!(stats["kip"], pending["kip"]);

    let ack = tmp.path().join("ack");
    ok(&[
        "central",
        "--data",
        c,
        "ack",
        "--office",
        "0101",
        "--workstation",
        "01",
        "--out",
        p(&ack),
    ]);
    // A damaged acknowledgement changes nothing.
    let bad_ack = tmp.path().join("bad.ack");
    let mut bytes = std::fs::read(&ack).expect("ack");
    bytes[40] ^= 2;
    std::fs::write(&bad_ack, &bytes).expect("write");
    refused(&["--data", o, "ack-import", p(&bad_ack)]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&ok(&["--data", o, "pending", "--json"]))
            .expect("json"),
        pending
    );
    ok(&["--data", o, "ack-import", p(&ack)]);
    let after: serde_json::Value =
        serde_json::from_str(&ok(&["--data", o, "pending", "--json"])).expect("json");
    assert_eq!(after, serde_json::json!({"changes": 0, "kip": 0}));
}

/// The national reference file: issued by `central reference`, applied by `reference-import`, with the
/// exit codes of the contract: 0 applied or already applied; 1 and nothing changed for an altered file,
/// another central office's key, an older issue or invalid content.
#[test]
fn reference_from_central_to_office() {
    use nssf_api::nssf_domain::Month;

    let tmp = tempfile::tempdir().expect("tempdir");
    let office = tmp.path().join("office");
    let (o, cdir, other) = (
        p(&office),
        tmp.path().join("central"),
        tmp.path().join("other"),
    );
    let (c, x) = (p(&cdir), p(&other));
    let file = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    // The CLI reads the clock: the new floor starts this month, as the office sees it.
    let this_month = Month::of(nssf_api::office_date(chrono::Utc::now()));
    let row = |month: Month, floor: i64, ceiling: i64| {
        format!(
            r#"{{"effective_month": "{month}", "rate_basis_points": 900, "floor_kip": {floor}, "ceiling_kip": {ceiling}, "decree": "No. {floor}/PM"}}"#
        )
    };
    let old = row(
        Month {
            year: 2024,
            month: 10,
        },
        2_500_000,
        4_500_000,
    );
    let new = row(this_month, 3_000_000, 5_000_000);
    let first_schedule = file("schedule-1.json", &format!("[{old}]"));
    let second_schedule = file("schedule-2.json", &format!("[{old},{new}]"));
    let hospitals = file(
        "hospitals.json",
        r#"[{"code": "MHS", "name_lo": "ໂຮງໝໍມະໂຫສົດ", "name_en": "Mahosot Hospital"}]"#,
    );
    let benefits = file(
        "benefits.json",
        r#"[{"code": "maternity", "title_lo": "ເກີດລູກ", "title_en": "Maternity", "text_lo": "ເງິນຊ່ວຍເຫຼືອ", "text_en": "A grant", "figures": []}]"#,
    );
    let issue = |central: &str, schedule: &Path, out: &str| {
        let out = tmp.path().join(out);
        ok(&[
            "central",
            "--data",
            central,
            "reference",
            "--schedule",
            p(schedule),
            "--hospitals",
            p(&hospitals),
            "--benefits",
            p(&benefits),
            "--out",
            p(&out),
        ]);
        out
    };

    ok(&[
        "--data",
        o,
        "init",
        "--office",
        "0101",
        "--workstation",
        "01",
    ]);
    let json = file("chao.json", &applicant().json());
    let member = ok(&["--data", o, "register", "--json", p(&json)]);
    let member = member.trim();
    // This month, paid at the old floor before the new one is known.
    ok(&[
        "--data", o, "pay", member, "--months", "1", "--method", "cash",
    ]);

    ok(&["central", "--data", c, "init"]);
    ok(&["central", "--data", x, "init"]);
    let central_key = tmp.path().join("central.key");
    ok(&["central", "--data", c, "key", "--out", p(&central_key)]);
    ok(&["--data", o, "central-key", "--import", p(&central_key)]);

    let first = issue(c, &first_schedule, "first.ref");
    let second = issue(c, &second_schedule, "second.ref");
    let foreign = issue(x, &second_schedule, "foreign.ref");
    let mut bytes = std::fs::read(&second).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    let altered = tmp.path().join("altered.ref");
    std::fs::write(&altered, &bytes).expect("write");
    // Invalid content: no file written, no number taken.
    let bad_schedule = file(
        "bad.json",
        &format!("[{}]", row(this_month, 6_000_000, 5_000_000)),
    );
    let bad = tmp.path().join("bad.ref");
    refused(&[
        "central",
        "--data",
        c,
        "reference",
        "--schedule",
        p(&bad_schedule),
        "--hospitals",
        p(&hospitals),
        "--out",
        p(&bad),
    ]);
    assert!(!bad.exists());

    let import = |path: &Path| run(&["--data", o, "reference-import", p(path)]);
    let check = |name: &str, path: &Path, code: i32, stderr: &str| {
        let out = import(path);
        assert_eq!(out.status.code(), Some(code), "{name}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert_eq!(String::from_utf8_lossy(&out.stderr), stderr, "{name}");
    };
    check(
        "issue 2",
        &second,
        0,
        "Reference issue 2 applied: 2 schedule rows, 1 hospitals, 1 benefits.\n",
    );
    check(
        "issue 2 again",
        &second,
        0,
        "Reference issue 2 is already in force: nothing changed.\n",
    );
    check(
        "issue 1 after 2",
        &first,
        1,
        "This reference file is issue 1; issue 2 is already in force here, so nothing was changed.\n",
    );
    check(
        "an altered byte",
        &altered,
        1,
        "The signature does not verify: the file was altered or signed by another key.\n",
    );
    check(
        "another central office",
        &foreign,
        1,
        "The signature does not verify: the file was altered or signed by another key.\n",
    );
    // Still issue 2 in force.
    check(
        "issue 2 once more",
        &second,
        0,
        "Reference issue 2 is already in force: nothing changed.\n",
    );

    // This month keeps what it was paid at; the next is owed at the new floor.
    ok(&[
        "--data", o, "pay", member, "--months", "1", "--method", "cash",
    ]);
    let coverage: serde_json::Value =
        serde_json::from_str(&ok(&["--data", o, "coverage", member, "--json"])).expect("json");
    let dues: Vec<(String, i64)> = coverage
        .as_array()
        .expect("months")
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap_or_default().to_owned(),
                m["due_kip"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        dues,
        [
            (this_month.to_string(), 225_000),
            (this_month.next().to_string(), 270_000)
        ]
    );
}
