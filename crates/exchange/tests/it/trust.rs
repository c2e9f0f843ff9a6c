//! How far the central office trusts a workstation: each batch acts only on what its workstation (or one
//! it succeeds) issued; a workstation that starts again does so under a new code, trusted as the successor
//! of the old one; every trust, succession and replacement is recorded; batches in the clear are read only
//! when allowed.

use chrono::Duration;
use ed25519_dalek::Signer;
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_exchange::ack::{self, AckStatus};
use nssf_exchange::batch::{self, BatchInput, NO_PREVIOUS, VERSIONS_READ};
use nssf_exchange::central::OfficeState;
use nssf_exchange::{
    CentralPublic, ExchangeError, ImportOutcome, Plaintext, TrustChange, TrustRecord, TrustRequest,
    Trusted, FORMAT_VERSION,
};
use serde_json::{json, Value};

use crate::{connect, now, Backend, Central, Office};

/// The change-log entries of a batch, read back as the central office sees them (checked, not imported).
fn entries_of(central: &Central, bytes: &[u8]) -> Vec<ChangeEntry> {
    central
        .store
        .verify(bytes, Plaintext::Allowed)
        .expect("readable batch")
        .entries
}

/// A batch of `office`'s workstation carrying `records` (kind, key, record) as changes `first_seq…`, signed
/// with its own key: what a workstation may send, whatever its software.
fn signed_batch(
    office: &Office,
    batch: u64,
    previous_sha256: &str,
    first_seq: u64,
    records: &[Record],
) -> (Vec<u8>, String) {
    let key = office.signing_key();
    let setup = office.desk.office();
    let entries: Vec<ChangeEntry> = records
        .iter()
        .enumerate()
        .map(|(i, (kind, key, record))| ChangeEntry {
            seq: first_seq + i as u64,
            at: now(),
            actor: "setup".into(),
            kind: *kind,
            key: key.clone(),
            record: record.clone(),
        })
        .collect();
    let input = BatchInput {
        office: &setup.district_code,
        workstation: &setup.workstation,
        batch,
        previous_sha256,
        first_seq,
        entries: &entries,
        audit: &[],
        signer: key.verifying_key(),
    };
    let written = batch::write(&input, &|m| key.sign(m).to_bytes()).expect("write");
    (written.plaintext, written.sha256)
}

fn trust(
    central: &Central,
    office: &Office,
    succeeds: Option<&str>,
    replace: bool,
) -> Result<Trusted, ExchangeError> {
    let key = office.desk.office_public_key();
    let request = TrustRequest {
        office_key_file: &key,
        succeeds,
        replace,
    };
    central.store.trust(&request, now())
}

/// The verdicts of the workstation's latest batch, by sequence, from its signed acknowledgement.
fn verdicts(
    central: &Central,
    district: &str,
    workstation: &str,
) -> Vec<(u64, AckStatus, Option<String>)> {
    let public = CentralPublic::parse(&central.store.public_key_file()).expect("central key");
    let bytes = central.store.ack(district, workstation).expect("ack");
    ack::open(&bytes, &public.verifying)
        .expect("ack")
        .records
        .into_iter()
        .map(|r| (r.seq, r.status, r.reason))
        .collect()
}

fn record_of(entries: &[ChangeEntry], kind: ChangeKind) -> (String, Value) {
    let e = entries
        .iter()
        .find(|e| e.kind == kind)
        .expect("entry of kind");
    (e.key.clone(), e.record.clone())
}

fn void(receipt_no: &str) -> Record {
    (
        ChangeKind::ReceiptVoided,
        receipt_no.to_owned(),
        json!({"receipt_no": receipt_no, "reason": "wrong amount", "voided_by": "setup",
               "voided_on": "2026-11-20", "voided_at": "2026-11-20T03:00:00Z"}),
    )
}

fn base(member_no: &str, named: &str) -> Record {
    (
        ChangeKind::BaseChanged,
        member_no.to_owned(),
        json!({"member_no": named, "from": "2026-12", "income_base_kip": 3_000_000}),
    )
}

fn photo(member_no: &str) -> Record {
    (
        ChangeKind::PhotoChanged,
        member_no.to_owned(),
        json!({"member_no": member_no, "jpeg_bytes": 1000, "sha256": "00"}),
    )
}

fn card(member_no: &str) -> Record {
    (
        ChangeKind::CardIssued,
        member_no.to_owned(),
        json!({"member_no": member_no, "issue_no": 2, "issued_on": "2026-11-20", "reason": "lost",
               "fingerprint": "00", "issued_by": "setup", "issued_at": "2026-11-20T03:00:00Z"}),
    )
}

const OTHER: Option<&str> = Some("other-office");

/// One record of a batch: its kind, its key and the record.
type Record = (ChangeKind, String, Value);

/// Issue 10, reproduced: a batch from 0101-01 voided 0102-01's receipts and lowered the central kip. Each
/// record about another workstation's member or receipt is now rejected as `other-office`, and nothing of
/// it is applied; a payment for another district's member under the workstation's own receipt number (a
/// member paying away from home) is still taken.
fn a_batch_acts_only_on_what_its_workstation_issued(backend: Backend) {
    let central = Central::new(backend);
    let home = Office::new("0102", "01");
    central.trust(&home);
    let member_102 = home.register("700000001");
    let (receipt_102, kip_102) = home.pay(&member_102, 3, "cash");
    let home_batch = home.export().bytes;
    let (_, registered_102) = record_of(
        &entries_of(&central, &home_batch),
        ChangeKind::MemberRegistered,
    );
    central
        .store
        .import(&home_batch, Plaintext::Allowed)
        .expect("import 0102-01");

    let away = Office::new("0101", "01");
    central.trust(&away);
    let member_101 = away.register("700000002");
    let (receipt_a, _) = away.pay(&member_101, 1, "cash");
    let (receipt_b, kip_b) = away.pay(&member_101, 2, "bank");
    let real = entries_of(&central, &away.export().bytes);
    let (_, registration) = record_of(&real, ChangeKind::MemberRegistered);
    let payments: Vec<&ChangeEntry> = real
        .iter()
        .filter(|e| e.kind == ChangeKind::PaymentRecorded)
        .collect();
    let mut served_away = payments[1].record.clone();
    served_away["member_no"] = json!(member_102);

    let mut amended_102 = registered_102.clone();
    amended_102["phone"] = json!("+8562055551234");
    let cases: Vec<(Record, Option<&str>)> = vec![
        (
            (
                ChangeKind::MemberRegistered,
                member_101.clone(),
                registration,
            ),
            None,
        ),
        (
            (
                ChangeKind::PaymentRecorded,
                receipt_a.clone(),
                payments[0].record.clone(),
            ),
            None,
        ),
        (
            (ChangeKind::PaymentRecorded, receipt_b.clone(), served_away),
            None,
        ),
        (
            (
                ChangeKind::MemberRegistered,
                member_102.clone(),
                registered_102,
            ),
            OTHER,
        ),
        (
            (ChangeKind::MemberAmended, member_102.clone(), amended_102),
            OTHER,
        ),
        (base(&member_102, &member_102), OTHER),
        (photo(&member_102), OTHER),
        (card(&member_102), OTHER),
        (void(&receipt_102), OTHER),
        (base(&member_101, &member_102), OTHER),
        (void(&receipt_a), None),
        (base(&member_101, &member_101), None),
        (photo(&member_101), None),
        (card(&member_101), None),
    ];
    let records: Vec<_> = cases.iter().map(|(r, _)| r.clone()).collect();
    let (bytes, _) = signed_batch(&away, 1, NO_PREVIOUS, 1, &records);
    central
        .store
        .import(&bytes, Plaintext::Allowed)
        .expect("import 0101-01");

    let got = verdicts(&central, "0101", "01");
    for ((seq, status, reason), ((kind, key, _), expected)) in got.iter().zip(&cases) {
        let expected_status = match expected {
            None => AckStatus::Accepted,
            Some(_) => AckStatus::Rejected,
        };
        assert_eq!(
            (*status, reason.as_deref()),
            (expected_status, *expected),
            "change {seq}: {kind:?} {key}"
        );
    }
    assert_eq!(got.len(), cases.len());
    let stats = central.stats();
    assert_eq!(stats.voids, 1, "only 0101-01's own receipt is void");
    assert_eq!(stats.kip, kip_102 + kip_b, "0102-01's receipt still counts");
}

/// Issue 10, reproduced: a reinstalled workstation (same code, new key, empty store) used to be merged
/// with the old one's history (its batches 1–3 refused, batch 4 accepted with records skipped). Its key
/// is now refused at trust; it starts under a new code as the successor, with its own sequence.
fn a_workstation_that_starts_again_is_a_successor_under_a_new_code(backend: Backend) {
    let central = Central::new(backend);
    let old = Office::new("0101", "01");
    central.trust(&old);
    let member = old.register("710000001");
    let (first, _) = old.pay(&member, 1, "cash");
    let (second, _) = old.pay(&member, 1, "cash");
    central
        .store
        .import(&old.export().bytes, Plaintext::Allowed)
        .expect("import old");
    let before = central.stats();

    // The reinstall under the same code: refused at trust, naming the key trusted.
    let reinstalled = Office::new("0101", "01");
    let old_fingerprint = trust(&central, &old, None, false)
        .expect("same key")
        .fingerprint;
    assert!(matches!(
        trust(&central, &reinstalled, None, false),
        Err(ExchangeError::KeyAlreadyTrusted { office, fingerprint })
            if office == "0101-01" && fingerprint == old_fingerprint
    ));
    reinstalled.register("710000002");
    assert_eq!(
        central
            .store
            .import(&reinstalled.export().bytes, Plaintext::Allowed),
        Err(ExchangeError::UntrustedKey("0101-01".into())),
        "its batch 1 is not taken for the old workstation's"
    );
    assert_eq!(central.stats(), before);

    // Started again as 0101-02, successor of 0101-01.
    let successor = Office::new("0101", "02");
    let trusted = trust(&central, &successor, Some("0101-01"), false).expect("successor");
    assert_eq!(
        trusted.change,
        TrustChange::Succeeded {
            predecessor: "0101-01".into()
        }
    );
    // The old workstation is retired: its later batches are refused.
    old.pay(&member, 1, "cash");
    let late = old.export().bytes;
    let retired = ExchangeError::Retired {
        office: "0101-01".into(),
        successor: "0101-02".into(),
    };
    assert_eq!(
        central.store.verify(&late, Plaintext::Allowed).map(|_| ()),
        Err(retired.clone())
    );
    assert_eq!(
        central.store.import(&late, Plaintext::Allowed),
        Err(retired)
    );

    // The successor's own sequence starts at 1, and it may void and change what its predecessor issued.
    let own = successor.register("710000003");
    let real = entries_of(&central, &successor.export().bytes);
    let mut records: Vec<_> = real
        .iter()
        .map(|e| (e.kind, e.key.clone(), e.record.clone()))
        .collect();
    records.extend([void(&first), base(&member, &member), base(&own, &own)]);
    let (bytes, sha) = signed_batch(&successor, 1, NO_PREVIOUS, 1, &records);
    assert!(matches!(
        central.store.import(&bytes, Plaintext::Allowed),
        Ok(ImportOutcome::Imported {
            accepted: 4,
            rejected: 0,
            ..
        })
    ));

    // A successor of the successor inherits the whole line.
    let third = Office::new("0101", "03");
    trust(&central, &third, Some("0101-02"), false).expect("third");
    let (bytes, _) = signed_batch(
        &third,
        1,
        NO_PREVIOUS,
        1,
        &[void(&second), base(&own, &own)],
    );
    assert!(matches!(
        central.store.import(&bytes, Plaintext::Allowed),
        Ok(ImportOutcome::Imported {
            accepted: 2,
            rejected: 0,
            ..
        })
    ));
    // And the retired successor's batch 2 is refused like its predecessor's.
    let (bytes, _) = signed_batch(&successor, 2, &sha, 5, &[base(&own, &own)]);
    assert!(matches!(
        central.store.import(&bytes, Plaintext::Allowed),
        Err(ExchangeError::Retired { .. })
    ));
    assert_eq!(central.stats().voids, 2);
}

/// Every refusal of `central trust`, and what it leaves unchanged.
fn trust_refuses_what_would_merge_or_cross_workstations(backend: Backend) {
    let central = Central::new(backend);
    let first = Office::new("0101", "01");
    let second = Office::new("0101", "02");
    central.trust(&first);
    trust(&central, &second, Some("0101-01"), false).expect("successor");
    let other_district = Office::new("0102", "01");
    let orphan = Office::new("0101", "04");
    let late = Office::new("0101", "05");
    let first_again = Office::new("0101", "01");
    let check =
        |office: &Office, succeeds: Option<&str>, replace: bool, expected: ExchangeError| {
            assert_eq!(
                trust(&central, office, succeeds, replace),
                Err(expected.clone()),
                "{expected}"
            );
        };
    check(
        &other_district,
        Some("0101-02"),
        false,
        ExchangeError::SuccessorOtherDistrict {
            office: "0102-01".into(),
            predecessor: "0101-02".into(),
        },
    );
    check(
        &orphan,
        Some("0101-09"),
        false,
        ExchangeError::PredecessorUntrusted("0101-09".into()),
    );
    check(
        &orphan,
        Some("0101"),
        false,
        ExchangeError::PredecessorUntrusted("0101".into()),
    );
    let retired = ExchangeError::Retired {
        office: "0101-01".into(),
        successor: "0101-02".into(),
    };
    check(&late, Some("0101-01"), false, retired.clone());
    check(&first_again, None, true, retired);
    check(
        &second,
        Some("0101-05"),
        false,
        ExchangeError::SuccessionTooLate("0101-02".into()),
    );
    // Nothing of the refused was recorded.
    let rows: Vec<(String, Option<String>)> = central
        .store
        .trusted()
        .expect("trusted")
        .into_iter()
        .map(|r| (r.workstation, r.succeeds))
        .collect();
    assert_eq!(
        rows,
        [
            ("0101-01".to_owned(), None),
            ("0101-02".to_owned(), Some("0101-01".to_owned()))
        ]
    );
}

/// `--replace` swaps the key and keeps the sequence, which is why it is only for a key exported again:
/// a workstation with new data would collide with its own old batches.
fn replacing_a_key_keeps_the_sequence_and_records_both_keys(backend: Backend) {
    let central = Central::new(backend);
    let office = Office::new("0101", "01");
    let old_fingerprint = trust(&central, &office, None, false)
        .expect("trust")
        .fingerprint;
    office.register("720000001");
    let first = office.export().bytes;
    central
        .store
        .import(&first, Plaintext::Allowed)
        .expect("import");

    let other = Office::new("0101", "01");
    let later = now() + Duration::hours(1);
    let key = other.desk.office_public_key();
    let replaced = central
        .store
        .trust(
            &TrustRequest {
                office_key_file: &key,
                succeeds: None,
                replace: true,
            },
            later,
        )
        .expect("replace");
    assert_eq!(replaced.change, TrustChange::Replaced);
    // The same key again is a harmless no-op that still names its fingerprint.
    let again = trust(&central, &other, None, false).expect("again");
    assert_eq!(
        (again.change, &again.fingerprint),
        (TrustChange::Unchanged, &replaced.fingerprint)
    );

    other.register("720000002");
    assert!(
        matches!(
            central
                .store
                .import(&other.export().bytes, Plaintext::Allowed),
            Err(ExchangeError::ConflictingBatch { batch: 1, .. })
        ),
        "the sequence is kept"
    );
    office.register("720000003");
    assert_eq!(
        central
            .store
            .import(&office.export().bytes, Plaintext::Allowed),
        Err(ExchangeError::UntrustedKey("0101-01".into())),
        "the replaced key is no longer trusted"
    );

    assert_eq!(
        central.store.trusted().expect("trusted"),
        [
            TrustRecord {
                workstation: "0101-01".into(),
                fingerprint: old_fingerprint,
                since: Some(now()),
                succeeds: None,
                retired: Some(later),
            },
            TrustRecord {
                workstation: "0101-01".into(),
                fingerprint: replaced.fingerprint,
                since: Some(later),
                succeeds: None,
                retired: None,
            },
        ]
    );
}

/// A central store written before trust records and successions (its workstation states without the new
/// fields) opens, lists its workstations with no trust time, and goes on importing.
#[test]
fn a_store_from_before_trust_records_opens_and_imports() {
    let central = Central::new(Backend::Sled);
    let office = Office::new("0101", "01");
    central.trust(&office);
    let path = central.dir.path().join("central");
    let Central { dir, store, .. } = central;
    drop(store);
    {
        let db = sled::open(path.join("db")).expect("sled");
        let offices = db.open_tree("offices").expect("offices");
        let (id, bytes) = offices.iter().next().expect("one").expect("row");
        let state: OfficeState = serde_json::from_slice(&bytes).expect("state");
        let legacy = json!({"public_key": state.public_key, "last_batch": 0, "last_seq": 0});
        offices
            .insert(id, serde_json::to_vec(&legacy).expect("json"))
            .expect("insert");
        db.drop_tree("trust").expect("drop trust");
        db.flush().expect("flush");
    }
    let store = nssf_exchange::CentralStore::open(&path).expect("open");
    let rows = store.trusted().expect("trusted");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].workstation.as_str(), rows[0].since),
        ("0101-01", None)
    );
    let central = Central {
        dir,
        store,
        db: None,
    };
    office.register("730000001");
    assert!(matches!(
        central
            .store
            .import(&office.export().bytes, Plaintext::Allowed),
        Ok(ImportOutcome::Imported { accepted: 1, .. })
    ));
    assert_eq!(
        trust(&central, &office, None, false).map(|t| t.change),
        Ok(TrustChange::Unchanged)
    );
}

/// A batch in the clear is refused unless allowed; an encrypted one is read either way.
fn batches_in_the_clear_are_read_only_when_allowed(backend: Backend) {
    let central = Central::new(backend);
    let office = Office::new("0101", "01");
    central.trust(&office);
    office.register("740000001");
    let plain = office.export().bytes;
    assert_eq!(
        central.store.verify(&plain, Plaintext::Refused).map(|_| ()),
        Err(ExchangeError::Unencrypted)
    );
    assert_eq!(
        central.store.import(&plain, Plaintext::Refused),
        Err(ExchangeError::Unencrypted)
    );
    assert_eq!(central.stats().batches, 0);
    central
        .store
        .verify(&plain, Plaintext::Allowed)
        .expect("allowed");

    connect(&office, &central);
    office.register("740000002");
    let sealed = office.export().bytes;
    central
        .store
        .import(&sealed, Plaintext::Refused)
        .expect("encrypted");
}

/// The versions read include the one written; the writer never emits one the reader refuses.
#[test]
fn the_version_written_is_read() {
    assert!(VERSIONS_READ.contains(&FORMAT_VERSION));
    assert_eq!(VERSIONS_READ, [1, 2], "version 1 batches stay readable");
}

crate::on_both_stores!(
    a_batch_acts_only_on_what_its_workstation_issued,
    a_workstation_that_starts_again_is_a_successor_under_a_new_code,
    trust_refuses_what_would_merge_or_cross_workstations,
    replacing_a_key_keeps_the_sequence_and_records_both_keys,
    batches_in_the_clear_are_read_only_when_allowed,
);
