//! `nssf-desk central report --json` and `central member NUMBER --json` as processes, on the sled store
//! (no `--db`) and on a throw-away PostgreSQL server: the README's JSON fields, and exit 1 with a
//! localised reason for a member the central office does not hold.

use std::path::Path;
use std::process::{Command, Output};

use nssf_test_support::applicant;
use nssf_test_support::postgres::{server, PASSWORD};
use serde_json::Value;

fn run(home: &Path, lang: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    command.args(["--lang", lang]).args(args);
    for var in ["PGPASSFILE", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE"] {
        command.env_remove(var);
    }
    command.env("HOME", home).env("PGPASSWORD", PASSWORD);
    command.output().expect("run nssf-desk")
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, "en", args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The keys of a JSON object, sorted (the CLI writes them in the README's order; serde_json reads
/// them into a sorted map).
fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

/// One office's member and payment, imported through the CLI into the central store `--db db`
/// (sled without it); then the two queries.
fn queries(db: Option<&str>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path();
    let office = tmp.path().join("office");
    let cdir = tmp.path().join("central");
    let o = p(&office);
    let central = |args: &[&str]| -> Vec<String> {
        let mut all = vec![
            "central".to_owned(),
            "--data".to_owned(),
            p(&cdir).to_owned(),
        ];
        if let Some(db) = db {
            all.extend(["--db".to_owned(), db.to_owned()]);
        }
        all.extend(args.iter().map(|s| (*s).to_owned()));
        all
    };
    let central_ok = |args: &[&str]| {
        let args = central(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(home, &args)
    };
    ok(
        home,
        &[
            "--data",
            o,
            "init",
            "--office",
            "0101",
            "--workstation",
            "01",
        ],
    );
    let json = tmp.path().join("chao.json");
    std::fs::write(&json, applicant().registered_on("2026-06-20").json()).expect("write");
    let member = ok(
        home,
        &[
            "--data",
            o,
            "register",
            "--json",
            p(&json),
            "--allow-backdate",
        ],
    );
    let member = member.trim();
    ok(
        home,
        &[
            "--data", o, "pay", member, "--months", "2", "--method", "cash",
        ],
    );
    let key = tmp.path().join("office.key");
    ok(home, &["--data", o, "office-key", "--out", p(&key)]);
    central_ok(&["init"]);
    let central_key = tmp.path().join("central.key");
    central_ok(&["key", "--out", p(&central_key)]);
    central_ok(&["trust", "--office-key", p(&key)]);
    ok(
        home,
        &["--data", o, "central-key", "--import", p(&central_key)],
    );
    let stick = tmp.path().join("stick");
    let batch = ok(home, &["--data", o, "export", "--out", p(&stick)]);
    central_ok(&["import", batch.trim()]);

    let report: Value = serde_json::from_str(&central_ok(&["report", "--json"])).expect("json");
    assert_eq!(keys(&report), sorted(vec!["totals", "provinces"]));
    let figures = ["kip", "members", "payments", "voids"];
    assert_eq!(sorted(keys(&report["totals"])), figures);
    let province = &report["provinces"][0];
    assert_eq!(
        sorted(keys(province)),
        sorted([&figures[..], &["province", "districts"]].concat())
    );
    let district = &province["districts"][0];
    assert_eq!(
        sorted(keys(district)),
        sorted(
            [
                &figures[..],
                &["district", "last_received_at", "months", "workstations"]
            ]
            .concat()
        )
    );
    assert_eq!(
        (
            &province["province"],
            &district["district"],
            &district["kip"],
            &district["members"],
            &district["payments"],
            &district["months"][0]["month"],
            &district["months"][1]["kip"],
        ),
        (
            &"01".into(),
            &"0101".into(),
            &450_000.into(),
            &1.into(),
            &1.into(),
            &"2026-06".into(),
            &450_000.into()
        ),
        "{report}"
    );
    let workstation = &district["workstations"][0];
    assert_eq!(
        keys(workstation),
        sorted(vec![
            "workstation",
            "batches",
            "last_batch",
            "last_received_at",
            "succeeded_by"
        ])
    );
    assert_eq!(
        (&workstation["workstation"], &workstation["batches"]),
        (&"0101-01".into(), &1.into())
    );
    assert!(workstation["last_received_at"].is_string(), "{workstation}");

    let found: Value =
        serde_json::from_str(&central_ok(&["member", member, "--json"])).expect("json");
    assert_eq!(
        keys(&found),
        sorted(vec![
            "member_no",
            "registered_by",
            "registered_on",
            "given_name_lo",
            "family_name_lo",
            "given_name_latin",
            "family_name_latin",
            "date_of_birth",
            "phone",
            "district_code",
            "income_base_kip",
            "payments_count",
            "paid_kip",
            "payments"
        ])
    );
    assert_eq!(
        (
            &found["member_no"],
            &found["registered_by"],
            &found["paid_kip"]
        ),
        (&member.into(), &"0101-01".into(), &450_000.into())
    );
    let payment = &found["payments"][0];
    assert_eq!(
        keys(payment),
        sorted(vec![
            "receipt_no",
            "workstation",
            "district",
            "paid_on",
            "months",
            "total_kip",
            "method",
            "void"
        ])
    );
    assert_eq!(payment["months"].as_array().map(Vec::len), Some(2));
    assert!(payment["void"].is_null());
    // The payment counts in the month it was paid (today's: the CLI reads the clock).
    let paid_on = payment["paid_on"].as_str().expect("paid_on");
    assert_eq!(district["months"][1]["month"].as_str(), paid_on.get(..7));

    // A member the central office does not hold: exit 1, nothing on stdout, the reason in the language.
    for (lang, words) in [("en", "holds no member"), ("lo", "ບໍ່ມີສະມາຊິກ")]
    {
        let args = central(&["member", "0101-01-999999-9", "--json"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(home, lang, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(out.stdout.is_empty());
        assert!(stderr.contains(words), "{lang}: {stderr}");
    }
}

#[test]
fn report_and_member_on_sled() {
    queries(None);
}

#[test]
fn report_and_member_on_postgresql() {
    let server = server();
    let db = server.database();
    let url = server.url_without_password(&db);
    queries(Some(&url));
}
