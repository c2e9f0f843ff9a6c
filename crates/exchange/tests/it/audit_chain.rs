//! The audit trail travels with the weekly batch (format version 2): the central office checks that each
//! batch's entries extend the chain it holds for the workstation, and reports, without refusing the
//! records, a chain rewritten, edited or cut at the office (its sled store edited directly here). A
//! successor starts its own chain; a version-1 batch is still read and imported.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::Signer;
use nssf_domain::audit::{canonical_bytes, entry_hash, ChainedEntry, GENESIS_HASH};
use nssf_exchange::batch::{self, BatchInput, NO_PREVIOUS};
use nssf_exchange::central::{AuditStatus, RecordedBreak};
use nssf_exchange::{AuditChainBreak, AuditChainCheck, ImportOutcome, Plaintext, TrustRequest};
use serde_json::Value;

use crate::{actor, connect, now, Backend, Central, Office};

/// The audit entries a batch carries, as the central office reads them.
fn carried(central: &Central, bytes: &[u8]) -> Vec<ChainedEntry> {
    central
        .store
        .verify(bytes, Plaintext::Allowed)
        .expect("valid batch")
        .audit
        .expect("a version-2 batch")
}

/// Imports a batch; its records must go in whatever its audit trail shows. Returns the audit check.
fn import(central: &Central, bytes: &[u8]) -> AuditChainCheck {
    match central.store.import(bytes, Plaintext::Allowed) {
        Ok(ImportOutcome::Imported { audit, .. }) => audit,
        other => panic!("not imported: {other:?}"),
    }
}

/// The central office's acknowledgement of the office's latest batch, applied at the office.
fn acknowledge(central: &Central, office: &Office) {
    let setup = office.desk.office();
    let ack = central
        .store
        .ack(&setup.district_code, &setup.workstation)
        .expect("ack");
    office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect("ack import");
}

/// The sequence numbers of entries, in order.
fn seqs(entries: &[ChainedEntry]) -> Vec<u64> {
    entries.iter().map(|e| e.seq).collect()
}

/// Closes the office's store, lets `damage` work on its sled trees `audit` and `meta` as someone with
/// the files could, and opens it again.
fn tamper(office: Office, damage: impl FnOnce(&sled::Tree, &sled::Tree)) -> Office {
    let Office { dir, desk } = office;
    drop(desk);
    {
        let db = sled_open(dir.path());
        let audit = db.open_tree("audit").expect("audit tree");
        let meta = db.open_tree("meta").expect("meta tree");
        damage(&audit, &meta);
        db.flush().expect("flush");
    }
    let desk = nssf_api::Desk::open(dir.path()).expect("reopen");
    Office { dir, desk }
}

/// sled's folder lock is released a moment after the store is dropped.
fn sled_open(dir: &Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match nssf_store::open_sled(&dir.join("db")) {
            Ok(db) => return db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("sled open: {e}"),
        }
    }
}

/// The stored entry at `seq`, as JSON (the store's field names).
fn stored(audit: &sled::Tree, seq: u64) -> Value {
    let bytes = audit.get(seq.to_be_bytes()).expect("read").expect("entry");
    serde_json::from_slice(&bytes).expect("entry JSON")
}

fn text(v: &Value, field: &str) -> String {
    v[field].as_str().expect("text field").to_owned()
}

/// The hash of a stored entry (`docs/audit-trail.md`, section 2) chained onto `prev_hash`.
fn hash_of(entry: &Value, prev_hash: &str) -> String {
    let at: DateTime<Utc> = text(entry, "at").parse().expect("time");
    let changes = entry["changes"].as_array().expect("changes");
    let changes: Vec<(String, String, String)> = changes
        .iter()
        .map(|c| (text(c, "field"), text(c, "before"), text(c, "after")))
        .collect();
    entry_hash(&canonical_bytes(
        entry["seq"].as_u64().expect("seq"),
        &at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        &text(entry, "actor"),
        &text(entry, "action"),
        &text(entry, "target"),
        changes
            .iter()
            .map(|(f, b, a)| (f.as_str(), b.as_str(), a.as_str())),
        prev_hash,
    ))
}

/// Changes entry `seq`'s actor without touching its hash: the chain no longer holds there.
fn edit(audit: &sled::Tree, seq: u64) {
    let mut entry = stored(audit, seq);
    entry["actor"] = "mallory".into();
    let bytes = serde_json::to_vec(&entry).expect("JSON");
    audit.insert(seq.to_be_bytes(), bytes).expect("write");
}

/// Changes entry `seq`'s actor and chains every entry from it on again, `meta`'s last hash included: a
/// rewrite the office's own check cannot see.
fn rewrite(audit: &sled::Tree, meta: &sled::Tree, seq: u64) {
    let mut prev_hash = text(&stored(audit, seq), "prev_hash");
    let last = audit
        .iter()
        .keys()
        .filter_map(Result::ok)
        .filter_map(|k| <[u8; 8]>::try_from(k.as_ref()).ok())
        .map(u64::from_be_bytes)
        .max()
        .expect("entries");
    for n in seq..=last {
        let mut entry = stored(audit, n);
        if n == seq {
            entry["actor"] = "mallory".into();
        }
        entry["prev_hash"] = prev_hash.clone().into();
        let hash = hash_of(&entry, &prev_hash);
        entry["hash"] = hash.clone().into();
        let bytes = serde_json::to_vec(&entry).expect("JSON");
        audit.insert(n.to_be_bytes(), bytes).expect("write");
        prev_hash = hash;
    }
    let raw: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&prev_hash[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    meta.insert("audit/last_hash", raw).expect("write");
}

/// An office whose first batch the central office imported and acknowledged, then a member registered
/// and paid for: the entries after the acknowledged ones wait for the next batch. Returns the last entry
/// the central office holds.
fn acknowledged_office(central: &Central) -> (Office, u64) {
    let office = Office::new("0101", "01");
    central.trust(&office);
    connect(&office, central);
    let member = office.register("700000001");
    office.pay(&member, 1, "cash");
    let first = office.export();
    let check = import(central, &first.bytes);
    let AuditChainCheck::Intact { last_seq: held } = check else {
        panic!("first batch: {check:?}");
    };
    acknowledge(central, &office);
    let member = office.register("700000002");
    office.pay(&member, 2, "bank");
    (office, held)
}

fn the_chain_travels_intact_across_batches_and_acknowledgements(backend: Backend) {
    let central = Central::new(backend);
    let office = Office::new("0101", "01");
    central.trust(&office);
    connect(&office, &central);
    let member = office.register("710000001");
    office.pay(&member, 1, "cash");

    // Batch 1 carries the whole trail, from entry 1 chained onto 64 zeros.
    let b1 = office.export();
    let in_b1 = carried(&central, &b1.bytes);
    assert_eq!(seqs(&in_b1), (1..=in_b1.len() as u64).collect::<Vec<_>>());
    assert_eq!(in_b1[0].prev_hash, GENESIS_HASH);
    let n1 = in_b1.len() as u64;
    assert_eq!(
        import(&central, &b1.bytes),
        AuditChainCheck::Intact { last_seq: n1 }
    );

    // Batch 2 before any acknowledgement carries the trail again, from entry 1: the overlap matches what
    // the central office holds, and the new entries (batch 1's `batch-written` first) extend it.
    office.amend(&member, "710000001");
    let b2 = office.export();
    let in_b2 = carried(&central, &b2.bytes);
    assert_eq!(in_b2.first().map(|e| e.seq), Some(1));
    assert_eq!(in_b2[n1 as usize].action, "batch-written");
    let n2 = in_b2.len() as u64;
    assert_eq!(
        import(&central, &b2.bytes),
        AuditChainCheck::Intact { last_seq: n2 }
    );

    // Acknowledged, the next batch carries only what follows batch 2's last entry.
    acknowledge(&central, &office);
    office.pay(&member, 1, "mobile");
    let b3 = office.export();
    let in_b3 = carried(&central, &b3.bytes);
    assert_eq!(in_b3.first().map(|e| e.seq), Some(n2 + 1));
    assert_eq!(in_b3[0].prev_hash, in_b2[n2 as usize - 1].hash);
    let n3 = n2 + in_b3.len() as u64;
    assert_eq!(
        import(&central, &b3.bytes),
        AuditChainCheck::Intact { last_seq: n3 }
    );

    // A batch with no new change carries the audit entries since; its acknowledgement moves the trail
    // on although it acknowledges no change.
    acknowledge(&central, &office);
    let b4 = office.export();
    assert_eq!((b4.first_seq, b4.last_seq), (b3.last_seq + 1, b3.last_seq));
    let in_b4 = carried(&central, &b4.bytes);
    assert_eq!(in_b4.first().map(|e| e.seq), Some(n3 + 1));
    let n4 = n3 + in_b4.len() as u64;
    assert_eq!(
        import(&central, &b4.bytes),
        AuditChainCheck::Intact { last_seq: n4 }
    );
    acknowledge(&central, &office);
    office.pay(&member, 1, "cash");
    let b5 = office.export();
    assert_eq!(
        carried(&central, &b5.bytes).first().map(|e| e.seq),
        Some(n4 + 1)
    );
    assert!(matches!(
        import(&central, &b5.bytes),
        AuditChainCheck::Intact { .. }
    ));

    // The central office holds the office's chain entry for entry, and nothing is recorded as broken.
    let held = central.store.audit_entries("0101-01").expect("held");
    assert_eq!(seqs(&held), (1..=held.len() as u64).collect::<Vec<_>>());
    assert!(held.windows(2).all(|w| w[1].prev_hash == w[0].hash));
    let status = central
        .store
        .audit_status("0101-01")
        .expect("status")
        .expect("trusted");
    assert_eq!(status.tail.map(|t| t.last_seq), held.last().map(|e| e.seq));
    assert_eq!(status.last_break, None);
}

/// What the office's store suffers after its first batch was acknowledged (given the last entry the
/// central office holds).
type Damage = fn(&sled::Tree, &sled::Tree, u64);
/// What the next import must report, given the last entry held before it and the last entry it carries.
type Expected = fn(u64, u64) -> AuditChainCheck;

fn a_chain_changed_at_the_office_is_reported_on_the_next_import_and_the_records_still_go_in(
    backend: Backend,
) {
    let check = |what: &str, damage: Damage, expected: Expected| {
        let central = Central::new(backend);
        let (office, held) = acknowledged_office(&central);
        let office = tamper(office, |audit, meta| damage(audit, meta, held));
        let b2 = office.export();
        let last = carried(&central, &b2.bytes).last().map_or(0, |e| e.seq);
        let report = import(&central, &b2.bytes);
        assert_eq!(report, expected(held, last), "{what}");
        // The records of the batch are imported all the same.
        assert_eq!(central.stats().batches, 2, "{what}");
        assert_eq!(central.stats().members, 2, "{what}");
        let AuditChainCheck::Broken { seq, why } = report else {
            return;
        };
        let recorded = central
            .store
            .audit_status("0101-01")
            .expect("status")
            .expect("trusted")
            .last_break;
        assert_eq!(
            recorded,
            Some(RecordedBreak { batch: 2, seq, why }),
            "{what}"
        );
        // The entries the central office held are kept as first received.
        let kept = central.store.audit_entries("0101-01").expect("held");
        assert!(
            kept.iter()
                .filter(|e| e.seq <= held)
                .all(|e| e.actor != "mallory"),
            "{what}"
        );
        // Reported once: the next batch is checked against the chain as received.
        acknowledge(&central, &office);
        office.register("700000009");
        let b3 = office.export();
        assert!(
            matches!(import(&central, &b3.bytes), AuditChainCheck::Intact { .. }),
            "{what}: the batch after"
        );
        assert_eq!(
            central
                .store
                .audit_status("0101-01")
                .expect("status")
                .expect("trusted")
                .last_break
                .map(|b| b.batch),
            Some(2),
            "{what}: the break stays recorded"
        );
    };
    check(
        "nothing changed",
        |_, _, _| {},
        |_, last| AuditChainCheck::Intact { last_seq: last },
    );
    check(
        "an entry not yet sent, edited",
        |audit, _, held| edit(audit, held + 2),
        |held, _| AuditChainCheck::Broken {
            seq: held + 2,
            why: AuditChainBreak::Edited,
        },
    );
    check(
        "an entry not yet sent, deleted",
        |audit, _, held| {
            audit.remove((held + 2).to_be_bytes()).expect("remove");
        },
        |held, _| AuditChainCheck::Broken {
            seq: held + 2,
            why: AuditChainBreak::Missing,
        },
    );
    check(
        "an entry the central office holds, rewritten and the chain recomputed",
        |audit, meta, _| rewrite(audit, meta, 2),
        |held, _| AuditChainCheck::Broken {
            seq: held + 1,
            why: AuditChainBreak::Rewritten,
        },
    );
    check(
        "the last entry the central office holds, rewritten",
        rewrite,
        |held, _| AuditChainCheck::Broken {
            seq: held + 1,
            why: AuditChainBreak::Rewritten,
        },
    );
}

/// The office's own check does not see a careful rewrite: that is why the central office keeps the chain.
fn a_recomputed_rewrite_passes_the_office_check_but_not_the_central_one(backend: Backend) {
    let central = Central::new(backend);
    let (office, held) = acknowledged_office(&central);
    let office = tamper(office, |audit, meta| rewrite(audit, meta, 2));
    assert!(matches!(
        office.desk.audit_verify(&actor()).expect("verify"),
        nssf_api::AuditCheck::Intact { .. }
    ));
    let b2 = office.export();
    assert_eq!(
        import(&central, &b2.bytes),
        AuditChainCheck::Broken {
            seq: held + 1,
            why: AuditChainBreak::Rewritten
        }
    );
}

fn a_successor_starts_its_own_chain_and_is_not_reported(backend: Backend) {
    let central = Central::new(backend);
    let (office, _) = acknowledged_office(&central);
    drop(office);
    let successor = Office::new("0101", "02");
    let key = successor.desk.office_public_key();
    let request = TrustRequest {
        office_key_file: &key,
        succeeds: Some("0101-01"),
        replace: false,
    };
    central.store.trust(&request, now()).expect("successor");
    connect(&successor, &central);
    successor.register("720000001");
    let b1 = successor.export();
    let entries = carried(&central, &b1.bytes);
    assert_eq!(entries.first().map(|e| e.seq), Some(1));
    assert_eq!(entries[0].prev_hash, GENESIS_HASH);
    assert_eq!(
        import(&central, &b1.bytes),
        AuditChainCheck::Intact {
            last_seq: entries.len() as u64
        }
    );
    let status = central
        .store
        .audit_status("0101-02")
        .expect("status")
        .expect("trusted");
    assert_eq!(status.last_break, None);
}

/// A district not yet upgraded sends version 1: no audit part, read and imported as before, and its
/// next version-2 batch starts the chain.
fn a_version_1_batch_is_still_imported(backend: Backend) {
    let central = Central::new(backend);
    let office = Office::new("0101", "01");
    central.trust(&office);
    let member = office.register("730000001");
    office.pay(&member, 1, "cash");
    let key = office.signing_key();
    let own = batch::open(&office.export().bytes, None, &|_| Some(key.verifying_key()))
        .expect("own batch");
    let entries = own.entries;
    let input = BatchInput {
        office: "0101",
        workstation: "01",
        batch: 1,
        previous_sha256: NO_PREVIOUS,
        first_seq: 1,
        entries: &entries,
        audit: &[],
        signer: key.verifying_key(),
    };
    let v1 = batch::write_version(1, &input, &|m| key.sign(m).to_bytes()).expect("v1");
    assert_eq!(v1.manifest.version, 1);
    assert_eq!(v1.manifest.audit_entries, None);
    let read = central
        .store
        .verify(&v1.plaintext, Plaintext::Allowed)
        .expect("v1 read");
    assert_eq!(read.audit, None);
    assert_eq!(
        central.store.import(&v1.plaintext, Plaintext::Allowed),
        Ok(ImportOutcome::Imported {
            office: "0101-01".into(),
            batch: 1,
            accepted: entries.len() as u64,
            duplicate: 0,
            rejected: 0,
            audit: AuditChainCheck::NotCarried,
        })
    );
    assert_eq!(
        central.store.audit_status("0101-01").expect("status"),
        Some(AuditStatus {
            tail: None,
            last_break: None
        })
    );
    // Version 1 has no room for audit entries: the writer refuses rather than drop them.
    let some = own.audit.expect("the office writes version 2");
    let with_audit = BatchInput {
        audit: &some,
        ..input
    };
    assert!(batch::write_version(1, &with_audit, &|m| key.sign(m).to_bytes()).is_err());
}

crate::on_both_stores!(
    the_chain_travels_intact_across_batches_and_acknowledgements,
    a_chain_changed_at_the_office_is_reported_on_the_next_import_and_the_records_still_go_in,
    a_recomputed_rewrite_passes_the_office_check_but_not_the_central_one,
    a_successor_starts_its_own_chain_and_is_not_reported,
    a_version_1_batch_is_still_imported,
);
