//! What a lost workstation sent after its backup is not lost (issue 12), run as processes: back up,
//! register and pay and export and import at the central office, lose the folder, restore as a new
//! workstation, `central recover`, `recover-import`, register and pay and export again: the central
//! office imports everything with no conflict and the restored office shows every member and payment.
//! Then the refusals: each exits 1 and changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nssf_api::nssf_domain::Month;
use nssf_test_support::applicant;

const PASSPHRASE: &str = "a long backup passphrase";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .args(["--lang", "en"])
        .args(args)
        .env("NSSF_DESK_BACKUP_PASSPHRASE", PASSPHRASE)
        .env_remove("NSSF_DESK_PASSWORD")
        .output()
        .expect("run nssf-desk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok(args: &[&str]) -> (String, String) {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    (text(&out.stdout), text(&out.stderr))
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The `NAME VALUE` line of `name` on stdout.
fn value<'a>(stdout: &'a str, name: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no `{name}` line in {stdout:?}"))
}

/// Registers an applicant with this ID card and given name; returns the member number.
fn register(dir: &Path, json_dir: &Path, id_card: &str, (lao, latin): (&str, &str)) -> String {
    let json = json_dir.join(format!("{id_card}.json"));
    std::fs::write(&json, applicant().id_card(id_card).given(lao, latin).json()).expect("write");
    let (out, _) = ok(&[
        "--data",
        p(dir),
        "register",
        "--json",
        p(&json),
        "--allow-backdate",
    ]);
    out.trim().to_owned()
}

fn pay(dir: &Path, member: &str, months: &str) -> String {
    let (out, _) = ok(&[
        "--data",
        p(dir),
        "pay",
        member,
        "--months",
        months,
        "--method",
        "cash",
    ]);
    out.trim().to_owned()
}

/// Exports the next batch and imports it at the central office: no record may be rejected or a
/// duplicate, and the audit trail extends the chain held.
fn export_and_import(dir: &Path, central: &Path, stick: &Path) {
    let (path, _) = ok(&["--data", p(dir), "export", "--out", p(stick)]);
    let (stdout, stderr) = ok(&["central", "--data", p(central), "import", path.trim()]);
    assert!(stdout.starts_with("audit intact "), "{stdout}");
    assert!(
        stderr.contains(" already known, 0 rejected."),
        "no conflict: {stderr}"
    );
    assert!(
        stderr.contains(", 0 already known"),
        "no duplicate: {stderr}"
    );
}

/// The months of a member with their status and receipt: `MONTH STATUS RECEIPT` per line.
fn coverage(dir: &Path, member: &str) -> Vec<(String, String, String)> {
    let (out, _) = ok(&["--data", p(dir), "coverage", member, "--json"]);
    let months: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    months
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
            (s("month"), s("status"), s("receipt"))
        })
        .filter(|(_, status, _)| status == "covered")
        .collect()
}

/// What a refused `recover-import` must leave as it was: the audit trail and the members found.
fn state(dir: &Path) -> (String, String) {
    let (audit, _) = ok(&["--data", p(dir), "audit", "list", "--json"]);
    let (found, _) = ok(&["--data", p(dir), "search", "Som", "--json"]);
    (audit, found)
}

struct World {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    central: PathBuf,
    central_key: PathBuf,
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

#[test]
fn what_the_lost_workstation_sent_after_the_backup_comes_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().to_path_buf();
    let w = World {
        central: root.join("central"),
        central_key: root.join("central.key"),
        root,
        _tmp: tmp,
    };
    let office = w.path("office");
    let stick = w.path("stick");
    let o = p(&office);
    let c = p(&w.central);

    ok(&[
        "--data",
        o,
        "init",
        "--office",
        "0101",
        "--workstation",
        "01",
    ]);
    ok(&["central", "--data", c, "init"]);
    ok(&["central", "--data", c, "key", "--out", p(&w.central_key)]);
    let old_key = w.path("office-01.key");
    ok(&["--data", o, "office-key", "--out", p(&old_key)]);
    ok(&["central", "--data", c, "trust", "--office-key", p(&old_key)]);
    ok(&["--data", o, "central-key", "--import", p(&w.central_key)]);

    // Before the backup: Som registered and paid, sent and acknowledged.
    let som = register(&office, &w.root, "500000001", ("ສົມ", "Som"));
    let som_receipt = pay(&office, &som, "1");
    export_and_import(&office, &w.central, &stick);
    let ack = w.path("ack-1");
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
    ok(&["--data", o, "ack-import", p(&ack)]);
    let backup = w.path("office.backup");
    ok(&["--data", o, "backup", "--out", p(&backup)]);

    // After the backup: Somchai registered and paid two months, Som's base changed and her receipt
    // voided; all of it sent to the central office.
    let somchai = register(&office, &w.root, "500000002", ("ສົມໃຈ", "Somchai"));
    let somchai_receipt = pay(&office, &somchai, "2");
    let later = Month::of(nssf_api::office_date(chrono::Utc::now())).plus(3);
    ok(&[
        "--data",
        o,
        "set-base",
        &som,
        "--kip",
        "3000000",
        "--from",
        &later.to_string(),
    ]);
    ok(&[
        "--data",
        o,
        "void",
        &som_receipt,
        "--reason",
        "wrong member",
    ]);
    export_and_import(&office, &w.central, &stick);

    // The PC dies; the backup is restored as workstation 02, the successor of 01.
    std::fs::remove_dir_all(&office).expect("lose the folder");
    let restored = w.path("restored");
    let r = p(&restored);
    let (out, _) = ok(&[
        "--data",
        r,
        "restore",
        "--from",
        p(&backup),
        "--workstation",
        "02",
    ]);
    assert_eq!(value(&out, "succeeds"), "0101-01");
    let new_key = w.path("office-02.key");
    ok(&["--data", r, "office-key", "--out", p(&new_key)]);
    ok(&[
        "central",
        "--data",
        c,
        "trust",
        "--office-key",
        p(&new_key),
        "--succeeds",
        "0101-01",
    ]);

    let file = w.path("recover-0101-01");
    let (out, _) = ok(&[
        "central",
        "--data",
        c,
        "recover",
        "--office",
        "0101",
        "--workstation",
        "01",
        "--out",
        p(&file),
    ]);
    assert_eq!(
        ["members", "receipts", "voids", "last-batch"].map(|n| value(&out, n)),
        ["2", "2", "1", "2"],
        "{out}"
    );

    refusals(&w, &restored, &file, &old_key);

    let (out, stderr) = ok(&["--data", r, "recover-import", p(&file)]);
    assert_eq!(
        out,
        "recovered 0101-01\nmembers-added 1\nmembers-updated 1\nmembers-kept 0\nreceipts-added 1\n\
         voids-added 1\nnot-at-central 0\n",
        "{stderr}"
    );
    assert!(stderr.contains("Recovery from 0101-01 applied"), "{stderr}");
    let (audit, _) = ok(&["--data", r, "audit", "list", "--json"]);
    assert!(audit.contains("\"recovered\""), "{audit}");
    // Applied again: nothing to add.
    let (again, _) = ok(&["--data", r, "recover-import", p(&file)]);
    assert!(
        again.contains("members-added 0\nmembers-updated 0\n"),
        "{again}"
    );
    assert!(
        again.contains("receipts-added 0\nvoids-added 0\n"),
        "{again}"
    );

    // The restored office carries on: a new member, and a payment of a recovered one; the central
    // office takes all of it without a conflict.
    let kham = register(&restored, &w.root, "500000003", ("ຄຳ", "Kham"));
    assert!(kham.starts_with("0101-02-"), "{kham}");
    let kham_receipt = pay(&restored, &kham, "1");
    let somchai_next = pay(&restored, &somchai, "1");
    export_and_import(&restored, &w.central, &stick);
    let (stats, _) = ok(&["central", "--data", c, "stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("json");
    assert_eq!(
        (&stats["members"], &stats["payments"], &stats["voids"]),
        (&3.into(), &4.into(), &1.into())
    );

    // Every member and payment is here.
    let (found, _) = ok(&["--data", r, "search", "Som", "--json"]);
    for member in [&som, &somchai] {
        assert!(found.contains(member.as_str()), "{member} in {found}");
    }
    ok(&["--data", r, "show", &kham]);
    let receipts = |member: &str| -> Vec<String> {
        coverage(&restored, member)
            .into_iter()
            .map(|(_, _, receipt)| receipt)
            .collect()
    };
    assert_eq!(
        receipts(&somchai),
        [
            somchai_receipt.clone(),
            somchai_receipt.clone(),
            somchai_next.clone()
        ]
    );
    assert_eq!(receipts(&som), Vec::<String>::new(), "her receipt is void");
    assert_eq!(receipts(&kham), [kham_receipt]);
    let (som_json, _) = ok(&["--data", r, "show", &som, "--json"]);
    let som_json: serde_json::Value = serde_json::from_str(&som_json).expect("json");
    assert_eq!(
        som_json["income_base_kip"], 3_000_000,
        "the base changed after the backup"
    );
    let statement = w.path("statement.pdf");
    ok(&["--data", r, "statement", &somchai, "--out", p(&statement)]);
}

/// Each refused `recover-import` exits 1 and changes nothing; so does `central recover` of a workstation
/// the central office does not know.
fn refusals(w: &World, restored: &Path, file: &Path, old_key: &Path) {
    let c = p(&w.central);
    let tampered = w.path("tampered");
    let mut bytes = std::fs::read(file).expect("read");
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    std::fs::write(&tampered, &bytes).expect("write");

    // The restored office's own records: a file about another workstation than its predecessor.
    let own = w.path("recover-0101-02");
    ok(&[
        "central",
        "--data",
        c,
        "recover",
        "--office",
        "0101",
        "--workstation",
        "02",
        "--out",
        p(&own),
    ]);

    // Another central office that trusts the lost workstation's key too.
    let other = w.path("other-central");
    let x = p(&other);
    ok(&["central", "--data", x, "init"]);
    ok(&["central", "--data", x, "trust", "--office-key", p(old_key)]);
    let foreign = w.path("recover-other-central");
    ok(&[
        "central",
        "--data",
        x,
        "recover",
        "--office",
        "0101",
        "--workstation",
        "01",
        "--out",
        p(&foreign),
    ]);

    // An office that was never restored.
    let fresh = w.path("fresh");
    ok(&[
        "--data",
        p(&fresh),
        "init",
        "--office",
        "0101",
        "--workstation",
        "03",
    ]);
    ok(&[
        "--data",
        p(&fresh),
        "central-key",
        "--import",
        p(&w.central_key),
    ]);

    let unknown = w.path("unknown");
    let cases: &[(&Path, &[&str], &str)] = &[
        (
            restored,
            &["recover-import", p(&tampered)],
            "The signature does not verify",
        ),
        (
            restored,
            &["recover-import", p(&own)],
            "about workstation 0101-02, but this office succeeds 0101-01",
        ),
        (
            restored,
            &["recover-import", p(&foreign)],
            "The signature does not verify",
        ),
        (
            restored,
            &["recover-import", p(&w.central_key)],
            "not a recovery file",
        ),
        (
            &fresh,
            &["recover-import", p(file)],
            "This office succeeds none",
        ),
        (
            &w.central,
            &[
                "central",
                "recover",
                "--office",
                "0101",
                "--workstation",
                "09",
                "--out",
                p(&unknown),
            ],
            "0101-09 is not trusted",
        ),
    ];
    for (dir, args, expected) in cases {
        let central = args[0] == "central";
        let before = if central {
            ok(&["central", "--data", c, "stats", "--json"])
        } else {
            state(dir)
        };
        let mut full = vec![];
        if central {
            full.extend(["central", "--data", p(dir)]);
            full.extend(&args[1..]);
        } else {
            full.extend(["--data", p(dir)]);
            full.extend(args.iter());
        }
        let out = run(&full);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{full:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{full:?}: nothing on stdout");
        assert!(
            text(&out.stderr).contains(expected),
            "{full:?}: {expected:?} not in {}",
            text(&out.stderr)
        );
        let after = if central {
            ok(&["central", "--data", c, "stats", "--json"])
        } else {
            state(dir)
        };
        assert_eq!(after, before, "{full:?} changed something");
    }
    assert!(!unknown.exists(), "no file for a workstation not known");
}
