//! `Store::recover` on a restored successor: what the central office holds of the predecessor is added,
//! older versions take the central office's, versions changed here in a change the central office does
//! not hold stay, and the indexes agree with a rebuild.

use chrono::NaiveDate;
use nssf_domain::{Member, MemberNumber, Month, Receipt, ReceiptLine, ReceiptNumber, Void};
use nssf_store::{
    AuditAction, AuditVerdict, Durability, Recovered, RecoveredBase, Recovery, Store,
};

use super::{at, office, person};

fn member_no(counter: u32) -> String {
    MemberNumber {
        district: 101,
        workstation: 3,
        counter,
    }
    .to_string()
}

fn receipt(counter: u32, member_no: &str, month: &str) -> Receipt {
    Receipt {
        receipt_no: ReceiptNumber {
            district: 101,
            workstation: 3,
            year: 2026,
            counter,
        }
        .to_string(),
        member_no: member_no.into(),
        paid_on: NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
        method: "cash".into(),
        reference: String::new(),
        lines: vec![ReceiptLine {
            month: month.into(),
            base_kip: 2_500_000,
            rate_basis_points: 900,
            amount_kip: 225_000,
            floor_applied: false,
        }],
        total_kip: 225_000,
        cashier: "noy".into(),
        issued_at: at(30),
    }
}

/// Workstation 03 registers A and B (changes 1 and 2), is backed up and restored as 04, which then
/// changes B's phone. Returns the store and the two members as restored.
fn successor(dir: &std::path::Path) -> (Store, Member, Member) {
    let store = Store::create(dir, &office()).expect("create");
    let a = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", ""),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("a");
    let b = store
        .insert_member(
            &person("ແກ້ວ", "Keo", "A1002", ""),
            "clerk",
            at(1),
            Durability::FlushEach,
        )
        .expect("b");
    store
        .become_successor(4, "admin", at(5), "2026-11-26T09:04:00Z")
        .expect("successor");
    let b_here = Member {
        phone: "+8562055551234".into(),
        ..b.clone()
    };
    store
        .update_member(&b_here, "clerk", at(6))
        .expect("amend b");
    (store, a, b_here)
}

/// Each row: the last change of 03 the central office received, and what the recovery must do.
#[test]
fn the_central_office_version_wins_unless_changed_here() {
    let check = |central_last_seq: u64, expected: Recovery, a_updated: bool| {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, a, b_here) = successor(dir.path());
        // The central office's versions: A amended at 03 after the backup, B too (but 04 changed B
        // since), C registered after the backup, with a receipt; A paid and the payment voided.
        let a_central = Member {
            house_no: "99".into(),
            ..a.clone()
        };
        let b_central = Member {
            house_no: "7".into(),
            ..b_here.clone()
        };
        let c = Member {
            member_no: member_no(3),
            ..person("ຄຳ", "Kham", "A1003", "+8562055550003")
        };
        let members = [a_central.clone(), b_central, c.clone()];
        let bases = [
            RecoveredBase {
                member_no: c.member_no.clone(),
                from: Month {
                    year: 2026,
                    month: 11,
                },
                income_base_kip: 2_500_000,
            },
            RecoveredBase {
                member_no: a.member_no.clone(),
                from: Month {
                    year: 2027,
                    month: 2,
                },
                income_base_kip: 3_000_000,
            },
        ];
        let receipts = [
            receipt(1, &c.member_no, "2026-11"),
            receipt(2, &a.member_no, "2026-11"),
        ];
        let voids = [Void {
            receipt_no: receipts[1].receipt_no.clone(),
            reason: "wrong member".into(),
            voided_by: "supervisor".into(),
            voided_on: NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
            voided_at: at(40),
        }];
        let recovered = Recovered {
            workstation: "0101-03",
            central_last_seq,
            members: &members,
            bases: &bases,
            receipts: &receipts,
            voids: &voids,
        };
        let changes_before = store.changes_after(0).count();
        let done = store.recover(&recovered, "admin", at(50)).expect("recover");
        assert_eq!(done, expected, "central_last_seq {central_last_seq}");

        let a_now = store.member(&a.member_no).expect("read").expect("a");
        if a_updated {
            assert_eq!(a_now.house_no, "99");
            assert_eq!(a_now.income_base_kip, 3_000_000, "the latest base received");
        } else {
            let a_based = Member {
                income_base_kip: 3_000_000,
                ..a.clone()
            };
            assert_eq!(
                a_now, a_based,
                "changed before the backup, never received: kept, with the base received"
            );
        }
        assert_eq!(
            store.member(&b_here.member_no).expect("read"),
            Some(b_here.clone())
        );
        assert_eq!(store.member(&c.member_no).expect("read"), Some(c.clone()));
        let c_ledger = store.member_ledger(&c.member_no).expect("ledger");
        assert_eq!(c_ledger.paid.len(), 1, "C's month is paid");
        let a_ledger = store.member_ledger(&a.member_no).expect("ledger");
        assert!(
            a_ledger.paid.is_empty(),
            "A's month is free again: its receipt is void"
        );
        assert_eq!(a_ledger.voids.len(), 1);
        assert_eq!(
            store.index_contents().expect("read"),
            store.index_report().expect("rebuild")
        );
        assert_eq!(
            store.changes_after(0).count(),
            changes_before,
            "nothing recovered goes into the change log"
        );
        let last = store
            .audit_entries_after(0)
            .expect("audit")
            .pop()
            .expect("entry");
        assert_eq!(last.action, AuditAction::Recovered);
        // The successor's chain: restored, amended, recovered.
        let verdict = store.verify_audit().expect("verify");
        assert!(
            matches!(verdict, AuditVerdict::Intact { entries: 3, .. }),
            "{verdict:?}"
        );

        // Applied again: nothing more.
        let again = store.recover(&recovered, "admin", at(51)).expect("again");
        assert_eq!(
            (
                again.members_added,
                again.members_updated,
                again.receipts_added,
                again.voids_added
            ),
            (0, 0, 0, 0)
        );
    };
    // Everything of 03 reached the central office: A takes its version, B (changed here) stays.
    check(
        2,
        Recovery {
            members_added: 1,
            members_updated: 1,
            members_kept: 1,
            receipts_added: 2,
            voids_added: 1,
            not_at_central: 0,
        },
        true,
    );
    // B's registration never reached it: B stays, as it would anyway.
    check(
        1,
        Recovery {
            members_added: 1,
            members_updated: 1,
            members_kept: 1,
            receipts_added: 2,
            voids_added: 1,
            not_at_central: 1,
        },
        true,
    );
    // Neither did A's: the version here is the one the central office lacks, so it stays.
    check(
        0,
        Recovery {
            members_added: 1,
            members_updated: 0,
            members_kept: 2,
            receipts_added: 2,
            voids_added: 1,
            not_at_central: 2,
        },
        false,
    );
}
