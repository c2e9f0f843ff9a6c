//! Office → batch → central → acknowledgement → office, and the sequence rules between them.

use nssf_exchange::batch::AGE_MAGIC;
use nssf_exchange::{AuditChainCheck, ExchangeError, ImportOutcome, Plaintext};

use crate::{actor, connect, now, Backend, Central, Office};

/// One applicant's week: ID card, payments (months, method), amended, last payment voided.
type Visit = (&'static str, &'static [(u32, &'static str)], bool, bool);

/// What one office does in a week, as data.
const WEEK: &[Visit] = &[
    ("100000001", &[(2, "cash"), (1, "bank")], false, false),
    ("100000002", &[(3, "mobile")], true, true),
    ("100000003", &[], true, false),
    ("100000004", &[(1, "cash")], false, true),
];

struct Made {
    members: u64,
    payments: u64,
    /// Kip of the payments that stay valid.
    kip: i64,
    all_kip: i64,
}

fn make_week(office: &Office) -> Made {
    let mut made = Made {
        members: 0,
        payments: 0,
        kip: 0,
        all_kip: 0,
    };
    for (id, payments, amended, voided) in WEEK {
        let no = office.register(id);
        made.members += 1;
        if *amended {
            office.amend(&no, id);
        }
        let mut last = None;
        for (months, method) in *payments {
            let (receipt, kip) = office.pay(&no, *months, method);
            made.payments += 1;
            made.kip += kip;
            made.all_kip += kip;
            last = Some((receipt, kip));
        }
        if let (true, Some((receipt, kip))) = (voided, last) {
            office.void(&receipt);
            made.kip -= kip;
        }
    }
    made
}

fn round_trip_with_encryption_and_acknowledgement(backend: Backend) {
    let office = Office::new("0101", "01");
    let central = Central::new(backend);
    central.trust(&office);
    connect(&office, &central);
    let made = make_week(&office);

    let pending = office.desk.pending().expect("pending");
    assert_eq!(pending.kip, made.all_kip);
    let changes = pending.changes;
    assert_eq!(changes, 4 + 2 + 4 + 2, "registered, amended, paid, voided");

    let file = office.export();
    assert_eq!(file.batch, 1);
    assert!(file.encrypted);
    assert!(
        file.bytes.starts_with(AGE_MAGIC),
        "encrypted to the central key"
    );
    assert_eq!(file.file_name, "nssf-0101-01-000001.batch");

    let checked = central
        .store
        .verify(&file.bytes, Plaintext::Allowed)
        .expect("valid");
    assert_eq!(checked.manifest.first_seq, 1);
    assert_eq!(checked.manifest.last_seq, changes);
    assert_eq!(checked.manifest.control.kip_total, made.all_kip);

    let outcome = central
        .store
        .import(&file.bytes, Plaintext::Allowed)
        .expect("import");
    assert_eq!(
        outcome,
        ImportOutcome::Imported {
            office: "0101-01".into(),
            batch: 1,
            accepted: changes,
            duplicate: 0,
            rejected: 0,
            // The office's whole audit trail travels in its first batch: every entry up to the export.
            audit: AuditChainCheck::Intact {
                last_seq: checked.audit.as_ref().map_or(0, |a| a.len() as u64)
            },
        }
    );
    let stats = central.stats();
    assert_eq!(stats.members, made.members);
    assert_eq!(stats.payments, made.payments);
    assert_eq!(stats.kip, made.kip);
    assert_eq!(stats.voids, 2);
    assert_eq!(stats.batches, 1);

    // The same batch again: nothing changes.
    assert_eq!(
        central
            .store
            .import(&file.bytes, Plaintext::Allowed)
            .expect("again"),
        ImportOutcome::AlreadyImported {
            office: "0101-01".into(),
            batch: 1
        }
    );
    assert_eq!(central.stats(), stats);
    assert!(matches!(
        central.store.verify(&file.bytes, Plaintext::Allowed),
        Err(ExchangeError::AlreadyImported { .. })
    ));

    // The acknowledgement, applied at the office.
    let ack = central.store.ack("0101", "01").expect("ack");
    assert_eq!(
        ack,
        central.store.ack("0101", "01").expect("ack"),
        "deterministic"
    );
    let summary = office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect("ack import");
    assert!(summary.changed);
    assert_eq!(summary.accepted, changes);
    assert!(summary.rejected.is_empty());
    let pending = office.desk.pending().expect("pending");
    assert_eq!((pending.changes, pending.kip), (0, 0));
    // Applying it twice changes nothing.
    assert!(
        !office
            .desk
            .import_ack(&actor(), &ack, now())
            .expect("again")
            .changed
    );

    // The next batch carries only what came after, chained to the first.
    let no = office.register("100000009");
    office.pay(&no, 1, "cash");
    let second = office.export();
    assert_eq!(second.batch, 2);
    assert_eq!(second.first_seq, changes + 1);
    let outcome = central
        .store
        .import(&second.bytes, Plaintext::Allowed)
        .expect("import 2");
    assert!(matches!(
        outcome,
        ImportOutcome::Imported { accepted: 2, .. }
    ));
    assert_eq!(central.stats().members, made.members + 1);
    let ack = central.store.ack("0101", "01").expect("ack 2");
    office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect("ack 2 import");
    assert_eq!(office.desk.pending().expect("pending").changes, 0);
}

fn unencrypted_batches_are_deterministic_and_written_again_byte_for_byte(backend: Backend) {
    let office = Office::new("0101", "01");
    make_week(&office);
    let first = office.export();
    assert!(!first.encrypted);
    // A crash after recording the batch and before the file reached the stick: exporting again gives
    // the same batch, neither a hole nor a double.
    let again = office.export();
    assert_eq!((again.batch, &again.bytes), (1, &first.bytes));
    assert!(again.repeated);
    let stored = office.desk.batch_again(&actor(), 1, now()).expect("again");
    assert_eq!(stored.bytes, first.bytes);
    // The writer itself is deterministic: the same changes, number and previous hash, the same bytes.
    let key = office.signing_key();
    let opened = nssf_exchange::batch::open(&first.bytes, None, &|_| Some(key.verifying_key()))
        .expect("own batch");
    let (entries, audit) = (opened.entries, opened.audit.unwrap_or_default());
    let write = || {
        nssf_exchange::batch::write(
            &nssf_exchange::batch::BatchInput {
                office: "0101",
                workstation: "01",
                batch: 1,
                previous_sha256: nssf_exchange::batch::NO_PREVIOUS,
                first_seq: 1,
                entries: &entries,
                audit: &audit,
                signer: key.verifying_key(),
            },
            &|m| ed25519_dalek::Signer::sign(&key, m).to_bytes(),
        )
        .expect("write")
        .plaintext
    };
    assert_eq!(write(), write());
    assert_eq!(write(), first.bytes);
    // The same after a restart (the process died between recording the batch and writing its file).
    let Office { dir, desk } = office;
    drop(desk);
    let office = Office {
        desk: nssf_api::Desk::open(dir.path()).expect("reopen"),
        dir,
    };
    let after_crash = office.export();
    assert_eq!((after_crash.batch, &after_crash.bytes), (1, &first.bytes));

    let no = office.register("100000010");
    let second = office.export();
    assert_eq!(second.batch, 2);
    assert_eq!(
        second.first_seq, 1,
        "nothing acknowledged yet: everything again"
    );
    assert_eq!(
        (first.last_seq, second.last_seq),
        (12, 13),
        "one more change"
    );
    assert_ne!(second.bytes, first.bytes);
    assert_eq!(no, "0101-01-0000005-4", "the week's four members, then her");

    // Encrypted batches are stored as written: --again gives the very same bytes.
    let central = Central::new(backend);
    connect(&office, &central);
    office.register("100000011");
    let third = office.export();
    assert!(third.encrypted);
    assert_eq!(
        office
            .desk
            .batch_again(&actor(), 3, now())
            .expect("again")
            .bytes,
        third.bytes
    );
    assert_eq!(
        office
            .desk
            .batch_again(&actor(), 1, now())
            .expect("again")
            .bytes,
        first.bytes
    );
}

fn cumulative_batches_count_every_record_once_and_replays_change_nothing(backend: Backend) {
    let office = Office::new("0101", "01");
    let central = Central::new(backend);
    central.trust(&office);
    connect(&office, &central);
    let a = office.register("200000001");
    office.pay(&a, 2, "cash");
    let b1 = office.export();
    central
        .store
        .import(&b1.bytes, Plaintext::Allowed)
        .expect("import 1");
    // The acknowledgement never reaches the office: batch 2 sends everything again plus the new.
    let b = office.register("200000002");
    let (receipt, _) = office.pay(&b, 1, "bank");
    office.void(&receipt);
    let b2 = office.export();
    assert_eq!(b2.first_seq, 1);
    let outcome = central
        .store
        .import(&b2.bytes, Plaintext::Allowed)
        .expect("import 2");
    assert!(
        matches!(
            outcome,
            ImportOutcome::Imported {
                accepted: 3,
                duplicate: 0,
                rejected: 0,
                ..
            }
        ),
        "{outcome:?}"
    );
    let stats = central.stats();
    assert_eq!((stats.members, stats.payments, stats.voids), (2, 2, 1));
    // Batch 1 replayed after batch 2: nothing changes.
    assert_eq!(
        central
            .store
            .import(&b1.bytes, Plaintext::Allowed)
            .expect("replay"),
        ImportOutcome::AlreadyImported {
            office: "0101-01".into(),
            batch: 1
        }
    );
    assert_eq!(central.stats(), stats);
    // The acknowledgement of batch 2 covers everything; the earlier sends are reported as duplicates
    // only if they were judged so the first time (they were accepted).
    let ack = central.store.ack("0101", "01").expect("ack");
    let summary = office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect("apply");
    assert_eq!(summary.accepted, 5);
    assert_eq!(office.desk.pending().expect("pending").changes, 0);
}

fn a_lost_stick_costs_nothing(backend: Backend) {
    let office = Office::new("0101", "01");
    let central = Central::new(backend);
    central.trust(&office);
    let a = office.register("300000001");
    office.pay(&a, 1, "cash");
    let lost = office.export();
    office.register("300000002");
    let b2 = office.export();
    assert_eq!(b2.batch, 2);
    central
        .store
        .verify(&b2.bytes, Plaintext::Allowed)
        .expect("valid without batch 1");
    central
        .store
        .import(&b2.bytes, Plaintext::Allowed)
        .expect("import");
    let stats = central.stats();
    assert_eq!((stats.members, stats.payments), (2, 1));
    // The lost stick turns up after batch 2: an older batch changes nothing.
    assert_eq!(
        central
            .store
            .import(&lost.bytes, Plaintext::Allowed)
            .expect("late"),
        ImportOutcome::Superseded {
            office: "0101-01".into(),
            batch: 1
        }
    );
    assert!(matches!(
        central.store.verify(&lost.bytes, Plaintext::Allowed),
        Err(ExchangeError::Superseded { batch: 1, .. })
    ));
    assert_eq!(central.stats(), stats);
}

fn workstations_of_one_district_are_kept_apart(backend: Backend) {
    let one = Office::new("0101", "01");
    let two = Office::new("0101", "02");
    let central = Central::new(backend);
    central.trust(&one);
    central.trust(&two);
    connect(&one, &central);
    connect(&two, &central);
    // The same ID card at two workstations (two people, or one person twice: the central office sees
    // two member numbers, each workstation's own).
    one.register("400000001");
    one.register("400000002");
    two.register("400000003");
    let b1 = one.export();
    let b2 = two.export();
    central
        .store
        .import(&b2.bytes, Plaintext::Allowed)
        .expect("two");
    central
        .store
        .import(&b1.bytes, Plaintext::Allowed)
        .expect("one");
    let stats = central.stats();
    assert_eq!((stats.members, stats.batches, stats.offices), (3, 2, 2));
    let ack_one = central.store.ack("0101", "01").expect("ack one");
    let ack_two = central.store.ack("0101", "02").expect("ack two");
    let err = two
        .desk
        .import_ack(&actor(), &ack_one, now())
        .expect_err("other");
    assert_eq!(
        err.refusal,
        nssf_api::Refusal::ExchangeAckOtherOffice {
            office: "0101-01".into()
        }
    );
    assert_eq!(two.desk.pending().expect("pending").changes, 1);
    two.desk
        .import_ack(&actor(), &ack_two, now())
        .expect("own ack");
    one.desk
        .import_ack(&actor(), &ack_one, now())
        .expect("own ack");
    assert_eq!(one.desk.pending().expect("pending").changes, 0);
    assert_eq!(two.desk.pending().expect("pending").changes, 0);
}

fn rejected_records_are_listed_at_the_office(backend: Backend) {
    // A batch whose receipt lines do not add up to its total (re-signed with the office's key, so only
    // that record is wrong): the central office rejects that record, accepts the rest.
    let office = Office::new("0101", "01");
    let central = Central::new(backend);
    central.trust(&office);
    let a = office.register("500000001");
    office.pay(&a, 2, "cash");
    let file = office.export();
    let crafted = crate::resign(&file.bytes, &office.signing_key(), |_, parts| {
        let text = String::from_utf8(parts[1].clone()).expect("utf-8");
        // Lines of 225,000 each: make one line claim 1 kip; the total (and the control totals) stay.
        parts[1] = text
            .replacen("\"amount_kip\":225000", "\"amount_kip\":1", 1)
            .into_bytes();
    });
    assert_ne!(crafted, file.bytes);
    let outcome = central
        .store
        .import(&crafted, Plaintext::Allowed)
        .expect("imported with a rejection");
    assert!(
        matches!(
            outcome,
            ImportOutcome::Imported {
                accepted: 1,
                rejected: 1,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(central.stats().payments, 0);
    office
        .desk
        .install_central_key(&actor(), &central.store.public_key_file())
        .expect("install");
    // The acknowledgement names the crafted batch, which this office did not write: refused.
    let ack = central.store.ack("0101", "01").expect("ack");
    let err = office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect_err("not our batch");
    assert_eq!(
        err.refusal,
        nssf_api::Refusal::ExchangeAckUnknownBatch { batch: 1 }
    );
    assert_eq!(office.desk.pending().expect("pending").changes, 2);

    // The central office's own acknowledgement of the office's real batch, rejecting the payment.
    let keys = nssf_exchange::CentralKeys::load(&central.dir.path().join("central")).expect("keys");
    let real = nssf_exchange::batch::open(&file.bytes, None, &|_| {
        Some(office.signing_key().verifying_key())
    })
    .expect("own batch");
    let records = real
        .entries
        .iter()
        .map(|e| nssf_exchange::AckRecord {
            seq: e.seq,
            kind: e.kind,
            key: e.key.clone(),
            status: if e.kind == nssf_domain::change::ChangeKind::PaymentRecorded {
                nssf_exchange::AckStatus::Rejected
            } else {
                nssf_exchange::AckStatus::Accepted
            },
            reason: (e.kind == nssf_domain::change::ChangeKind::PaymentRecorded)
                .then(|| "total-mismatch".to_owned()),
        })
        .collect();
    let body = nssf_exchange::AckBody {
        format: "nssf-ack".into(),
        version: 1,
        office: "0101".into(),
        workstation: "01".into(),
        batch: 1,
        batch_sha256: real.sha256.clone(),
        through_seq: real.manifest.last_seq,
        records,
    };
    let ack = nssf_exchange::ack::write(&body, &keys.signing).expect("ack");
    let summary = office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect("apply");
    assert_eq!(summary.rejected.len(), 1);
    assert_eq!(office.desk.pending().expect("pending").changes, 0);
    let rejected = office.desk.rejected_changes().expect("rejected");
    assert_eq!(rejected.len(), 1);
    let status = office.desk.exchange_status(now()).expect("status");
    assert_eq!((status.acked_through, status.last_batch), (2, 1));
    assert_eq!(status.rejected, rejected);
    assert!(office.desk.change_posted(1).expect("posted"));
    assert!(!office
        .desk
        .change_posted(rejected[0].seq)
        .expect("rejected is not posted"));
    assert_eq!(rejected[0].reason, "total-mismatch");
    assert_eq!(
        rejected[0].kind,
        nssf_api::exchange::ChangeKind::PaymentRecorded
    );
}

crate::on_both_stores!(
    round_trip_with_encryption_and_acknowledgement,
    unencrypted_batches_are_deterministic_and_written_again_byte_for_byte,
    cumulative_batches_count_every_record_once_and_replays_change_nothing,
    a_lost_stick_costs_nothing,
    workstations_of_one_district_are_kept_apart,
    rejected_records_are_listed_at_the_office,
);
