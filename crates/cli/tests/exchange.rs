//! The CLI contract of the weekly batch, exactly: office export, central verify/import/ack, office
//! ack-import, with exit codes and stdout as scripts read them.

use std::path::Path;
use std::process::{Command, Output};

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

const CHAO: &str = r#"{"title":"ms","given_name_lo":"ເຈົ້າ","family_name_lo":"ນ້ຳໃຈ","given_name_latin":"Chao",
"family_name_latin":"Namchai","sex":"female","date_of_birth":"1990-05-12","documents":[{"kind":"id_card","number":"123456789"}],
"phone":"020 5555 1234","village_code":"0101001","house_no":"12","occupation":"vendor","business_licence_no":"","tax_id":"",
"income_base_kip":2500000,"hospital":"MHS","consent":true,"registered_on":"2026-06-20"}"#;

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
    std::fs::write(&json, CHAO).expect("write");
    let member = ok(&["--data", o, "register", "--json", p(&json)]);
    let member = member.trim();
    ok(&[
        "--data", o, "pay", member, "--months", "2", "--method", "cash",
    ]);
    let key = tmp.path().join("office.key");
    ok(&["--data", o, "office-key", "--out", p(&key)]);

    let pending: serde_json::Value =
        serde_json::from_str(&ok(&["--data", o, "pending", "--json"])).expect("json");
    assert_eq!(pending["changes"], 2);
    assert!(pending["kip"].as_i64().expect("kip") > 0);

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
    assert!(!refused(&["central", "--data", c, "verify", p(&damaged)]).is_empty());
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
