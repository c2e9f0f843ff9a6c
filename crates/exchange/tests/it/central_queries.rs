//! What the central office asks (`central report`, `central member`), on both stores: batches of two
//! workstations of one district and one of another province, a member registered in one district who
//! pays in another (a member who moved), voids in the batch of their payment and in a later one, and a
//! workstation that never sent a batch. Every figure is asserted exactly.

use chrono::{DateTime, Duration, Utc};
use nssf_exchange::central::report::MemberHistory;
use nssf_exchange::Plaintext;
use serde_json::{json, Value};

use crate::{now, resign, Backend, Central, Office};

/// What the scenario made: the store, and what the offices printed.
struct Scenario {
    central: Central,
    /// The member registered at 0101-01 who also pays at 0202-01.
    moved: String,
    /// 0202-01's own member, whose payments were sent as the moved member's.
    own: String,
    /// Receipts and their totals, in the order taken.
    receipts: Vec<(String, i64)>,
    received: [DateTime<Utc>; 3],
}

fn scenario(backend: Backend) -> Scenario {
    let central = Central::new(backend);
    let a = Office::new("0101", "01");
    let b = Office::new("0101", "02");
    let c = Office::new("0202", "01");
    let silent = Office::new("0303", "01");
    for office in [&a, &b, &c, &silent] {
        central.trust(office);
    }
    let received = [
        now() + Duration::hours(1),
        now() + Duration::hours(2),
        now() + Duration::hours(3),
    ];
    let import = |bytes: &[u8], at: DateTime<Utc>| {
        central
            .store
            .import_at(bytes, Plaintext::Allowed, at)
            .expect("import");
    };

    let moved = a.register("810000001");
    let other = a.register("810000002");
    let r1 = a.pay(&moved, 1, "cash");
    let r2 = a.pay(&other, 2, "cash");
    import(&a.export().bytes, received[0]);
    let r3 = a.pay(&moved, 1, "cash");
    a.void(&r1.0);
    import(&a.export().bytes, received[1]);

    let third = b.register("810000003");
    let r4 = b.pay(&third, 1, "bank");
    import(&b.export().bytes, received[0]);

    // At 0202-01 the payments of its own member are sent as payments of the member who moved from
    // 0101 (the office app takes payments of its own members only; the central rules take a payment for
    // any member they hold, under the paying workstation's receipt numbers).
    let own = c.register("830000001");
    let r5 = c.pay(&own, 1, "cash");
    let r6 = c.pay(&own, 1, "cash");
    c.void(&r6.0);
    let plain = c.export().bytes;
    let sent = resign(&plain, &c.signing_key(), |_, parts| {
        let text = String::from_utf8(parts[1].clone()).expect("utf-8");
        parts[1] = text.replace(&own, &moved).into_bytes();
    });
    import(&sent, received[2]);

    Scenario {
        central,
        moved,
        own,
        receipts: vec![r1, r2, r3, r4, r5, r6],
        received,
    }
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn report_by_province_district_and_month(backend: Backend) {
    let s = scenario(backend);
    let kip = |i: usize| s.receipts[i - 1].1;
    let figures = |members: u64, payments: u64, voids: u64, kip: i64| json!({"members": members, "payments": payments, "voids": voids, "kip": kip});
    let with = |mut v: Value, extra: Value| {
        let (Value::Object(target), Value::Object(extra)) = (&mut v, extra) else {
            panic!("objects");
        };
        target.extend(extra);
        v
    };
    let workstation = |id: &str, batches: u64, last: Option<DateTime<Utc>>| {
        json!({"workstation": id, "batches": batches, "last_batch": batches,
               "last_received_at": last.map(at), "succeeded_by": null})
    };
    let expected = json!({
        "totals": figures(4, 6, 2, kip(2) + kip(3) + kip(4) + kip(5)),
        "provinces": [
            with(figures(3, 4, 1, kip(2) + kip(3) + kip(4)), json!({
                "province": "01",
                "districts": [with(figures(3, 4, 1, kip(2) + kip(3) + kip(4)), json!({
                    "district": "0101",
                    "last_received_at": at(s.received[1]),
                    "months": [
                        with(figures(3, 0, 0, 0), json!({"month": "2026-06"})),
                        with(figures(0, 4, 1, kip(2) + kip(3) + kip(4)), json!({"month": "2026-11"})),
                    ],
                    "workstations": [
                        workstation("0101-01", 2, Some(s.received[1])),
                        workstation("0101-02", 1, Some(s.received[0])),
                    ],
                }))],
            })),
            with(figures(1, 2, 1, kip(5)), json!({
                "province": "02",
                "districts": [with(figures(1, 2, 1, kip(5)), json!({
                    "district": "0202",
                    "last_received_at": at(s.received[2]),
                    "months": [
                        with(figures(1, 0, 0, 0), json!({"month": "2026-06"})),
                        with(figures(0, 2, 1, kip(5)), json!({"month": "2026-11"})),
                    ],
                    "workstations": [workstation("0202-01", 1, Some(s.received[2]))],
                }))],
            })),
            with(figures(0, 0, 0, 0), json!({
                "province": "03",
                "districts": [with(figures(0, 0, 0, 0), json!({
                    "district": "0303",
                    "last_received_at": null,
                    "months": [],
                    "workstations": [workstation("0303-01", 0, None)],
                }))],
            })),
        ],
    });
    let report = s.central.store.report().expect("report");
    assert_eq!(
        serde_json::to_value(&report).expect("json"),
        expected,
        "{report:#?}"
    );
    // The report agrees with the store's own figures, which read every record.
    let stats = s.central.stats();
    assert_eq!(
        (stats.members, stats.payments, stats.voids, stats.kip),
        (
            report.totals.members,
            report.totals.payments,
            report.totals.voids,
            report.totals.kip
        )
    );
}

/// A payment line as `central member` shows it: receipt, workstation, kip, void or not.
type Line = (String, String, i64, bool);

fn member_across_districts(backend: Backend) {
    let s = scenario(backend);
    let r = |i: usize| s.receipts[i - 1].clone();
    let line = |i: usize, workstation: &str, void: bool| -> Line {
        (r(i).0, workstation.to_owned(), r(i).1, void)
    };
    let lines = |m: &MemberHistory| -> Vec<Line> {
        m.payments
            .iter()
            .map(|p| {
                (
                    p.receipt_no.clone(),
                    p.workstation.clone(),
                    p.total_kip,
                    p.void.is_some(),
                )
            })
            .collect()
    };
    let check = |member_no: &str, expected: Option<(&str, Vec<Line>, i64)>| {
        let got = s.central.store.member(member_no).expect("member");
        let got = got.map(|m| (m.registered_by.clone(), lines(&m), m.paid_kip));
        let expected = expected.map(|(by, l, kip)| (by.to_owned(), l, kip));
        assert_eq!(got, expected, "{member_no}");
    };
    check(
        &s.moved,
        Some((
            "0101-01",
            vec![
                line(1, "0101-01", true),
                line(3, "0101-01", false),
                line(5, "0202-01", false),
                line(6, "0202-01", true),
            ],
            r(3).1 + r(5).1,
        )),
    );
    check(&s.own, Some(("0202-01", vec![], 0)));
    check("0101-01-999999-9", None);
    check("not a number", None);

    let m = s
        .central
        .store
        .member(&s.moved)
        .expect("member")
        .expect("held");
    let voided = m
        .payments
        .iter()
        .find(|p| p.void.is_some())
        .expect("a void");
    assert_eq!(
        voided.void.as_ref().map(|v| v.reason.as_str()),
        Some("wrong amount")
    );
    assert_eq!(voided.district, "0101");
    assert_eq!(m.payments_count, 4);
}

crate::on_both_stores!(
    report_by_province_district_and_month,
    member_across_districts
);

/// `psql` from `PATH`, else Debian's `/usr/lib/postgresql/*/bin`.
fn psql(url: &str, sql: &str) {
    let mut program = std::path::PathBuf::from("psql");
    for dir in std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
    {
        let candidate = dir.path().join("bin/psql");
        if candidate.exists() {
            program = candidate;
        }
    }
    let out = std::process::Command::new(program)
        .args([url, "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A store written before the running totals and the index by member were kept: opening it builds them
/// from its records (sled), or the migration does (PostgreSQL), and both queries answer as before.
fn a_store_written_before_the_totals(backend: Backend) {
    let s = scenario(backend);
    let report = s.central.store.report().expect("report");
    let member = s.central.store.member(&s.moved).expect("member");
    let Central { dir, store, db } = s.central;
    drop(store);
    let folder = dir.path().join("central");
    let store = match &db {
        None => {
            let sled = sled::open(folder.join("db")).expect("sled");
            for tree in ["totals", "receipts_by_member"] {
                sled.drop_tree(tree).expect("drop tree");
            }
            sled.open_tree("meta")
                .expect("meta")
                .clear()
                .expect("clear");
            sled.flush().expect("flush");
            drop(sled);
            nssf_exchange::CentralStore::open(&folder).expect("open")
        }
        Some(url) => {
            psql(
                url,
                "DROP TABLE report_totals; DELETE FROM central_schema WHERE version = 2",
            );
            let parsed = url.parse().expect("database URL");
            nssf_central_pg::open(&folder, &parsed, &nssf_central_pg::Environment::default())
                .expect("open")
        }
    };
    assert_eq!(store.report().expect("report"), report);
    assert_eq!(store.member(&s.moved).expect("member"), member);
}

crate::on_both_stores!(a_store_written_before_the_totals);
