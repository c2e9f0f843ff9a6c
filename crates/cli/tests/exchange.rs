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

    // Its audit trail starts the workstation's chain at the central office: one stdout line.
    let imported = ok(&["central", "--data", c, "import", path]);
    let held: u64 = imported
        .strip_prefix("audit intact ")
        .and_then(|n| n.trim_end().parse().ok())
        .unwrap_or_else(|| panic!("`audit intact N` on stdout: {imported:?}"));
    assert!(held > 0);
    let stats = ok(&["central", "--data", c, "stats", "--json"]);
    // Imported already: nothing checked, nothing printed.
    assert_eq!(ok(&["central", "--data", c, "import", path]), "");
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

/// `fingerprint XXXX-…` alone on stdout: eight groups of four upper-case hex digits.
fn fingerprint_line(stdout: &str) -> String {
    let fingerprint = stdout
        .strip_prefix("fingerprint ")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("one fingerprint line: {stdout:?}"));
    let groups: Vec<&str> = fingerprint.split('-').collect();
    assert_eq!(groups.len(), 8, "{fingerprint}");
    assert!(
        groups.iter().all(|g| g.len() == 4
            && g.chars()
                .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))),
        "{fingerprint}"
    );
    fingerprint.to_owned()
}

/// The central office's trust, exactly as its scripts see it: fingerprints on stdout, a workstation that
/// starts again trusted as a successor (never under the old code), the old one's batches refused, every
/// key listed by `trusted --json`, and batches in the clear only with `--allow-plaintext`.
#[test]
fn trust_succession_and_batches_in_the_clear() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cdir = tmp.path().join("central");
    let c = p(&cdir);
    let json = tmp.path().join("applicant.json");
    std::fs::write(&json, applicant().registered_on("2026-06-20").json()).expect("write");
    // An office folder of workstation `ws`, with one member registered and its key exported.
    let workstation = |name: &str, district: &str, ws: &str| {
        let dir = tmp.path().join(name);
        let d = p(&dir).to_owned();
        ok(&[
            "--data",
            &d,
            "init",
            "--office",
            district,
            "--workstation",
            ws,
        ]);
        let member = ok(&[
            "--data",
            &d,
            "register",
            "--json",
            p(&json),
            "--allow-backdate",
        ]);
        let key = tmp.path().join(format!("{name}.key"));
        ok(&["--data", &d, "office-key", "--out", p(&key)]);
        (d, key, member.trim().to_owned())
    };
    let export = |dir: &str, out: &str| {
        let out = tmp.path().join(out);
        ok(&["--data", dir, "export", "--out", p(&out)])
            .trim_end()
            .to_owned()
    };

    ok(&["central", "--data", c, "init"]);
    let central_key = tmp.path().join("central.key");
    let printed = fingerprint_line(&ok(&[
        "central",
        "--data",
        c,
        "key",
        "--out",
        p(&central_key),
    ]));
    let written = std::fs::read_to_string(&central_key).expect("central key");
    assert_eq!(
        printed,
        nssf_exchange::CentralPublic::parse(&written)
            .expect("central key file")
            .fingerprint()
    );

    let (first, first_key, member) = workstation("first", "0101", "01");
    let trust = |key: &Path, extra: &[&str]| {
        let mut args = vec!["central", "--data", c, "trust", "--office-key", p(key)];
        args.extend_from_slice(extra);
        run(&args)
    };
    let out = trust(&first_key, &[]);
    assert_eq!(out.status.code(), Some(0));
    let first_fingerprint = fingerprint_line(&String::from_utf8_lossy(&out.stdout));
    // The same key again: harmless, and the same line.
    let again = trust(&first_key, &[]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(again.stdout, out.stdout);

    // A batch in the clear: refused unless allowed.
    let batch = export(&first, "stick-1");
    let clear = "The batch is not encrypted. Accept it only if you know it comes from the office, with --allow-plaintext.\n";
    assert_eq!(refused(&["central", "--data", c, "verify", &batch]), clear);
    assert_eq!(refused(&["central", "--data", c, "import", &batch]), clear);
    assert_eq!(
        ok(&[
            "central",
            "--data",
            c,
            "verify",
            &batch,
            "--allow-plaintext"
        ]),
        "valid\n"
    );
    ok(&[
        "central",
        "--data",
        c,
        "import",
        &batch,
        "--allow-plaintext",
    ]);

    // Reinstalled under the same code: refused at trust, naming the key trusted.
    let (_, reinstalled_key, _) = workstation("reinstalled", "0101", "01");
    let out = trust(&reinstalled_key, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "Another key (fingerprint {first_fingerprint}) is already trusted for workstation 0101-01. A reinstalled workstation starts under a new workstation code, trusted with --succeeds 0101-01; --replace is only for the same workstation's key exported again.\n"
        )
    );

    // Started again as 0101-02, the successor.
    let (_, successor_key, _) = workstation("successor", "0101", "02");
    let out = trust(&successor_key, &["--succeeds", "0101-01"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let successor_fingerprint = fingerprint_line(&String::from_utf8_lossy(&out.stdout));

    // The retired workstation's next batch is refused.
    ok(&[
        "--data", &first, "pay", &member, "--months", "1", "--method", "cash",
    ]);
    let late = export(&first, "stick-2");
    assert_eq!(
        refused(&["central", "--data", c, "import", &late, "--allow-plaintext"]),
        "Workstation 0101-01 is retired: 0101-02 took its place. Its batches are refused.\n"
    );
    // Neither re-keyed nor succeeded twice, nor across districts.
    refused(&[
        "central",
        "--data",
        c,
        "trust",
        "--office-key",
        p(&reinstalled_key),
        "--replace",
    ]);
    let (_, elsewhere_key, _) = workstation("elsewhere", "0102", "01");
    assert_eq!(
        String::from_utf8_lossy(&trust(&elsewhere_key, &["--succeeds", "0101-02"]).stderr),
        "Workstation 0102-01 cannot take the place of 0101-02: a successor belongs to the same district.\n"
    );

    let listed: serde_json::Value =
        serde_json::from_str(&ok(&["central", "--data", c, "trusted", "--json"])).expect("json");
    let rows = listed.as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{listed}");
    for row in rows {
        let fields: Vec<&str> = row
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            fields,
            ["fingerprint", "retired", "since", "succeeds", "workstation"]
        );
        let since = row["since"].as_str().expect("since");
        chrono::DateTime::parse_from_rfc3339(since).expect("RFC 3339");
    }
    let summary: Vec<(&str, &str, bool, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r["workstation"].as_str().unwrap_or_default(),
                r["fingerprint"].as_str().unwrap_or_default(),
                r["retired"].is_string(),
                r["succeeds"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("0101-01", first_fingerprint.as_str(), true, None),
            (
                "0101-02",
                successor_fingerprint.as_str(),
                false,
                Some("0101-01")
            ),
        ]
    );
}
