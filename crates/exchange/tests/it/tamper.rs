//! Every way a batch can be wrong is refused with its own reason, and nothing is imported.

use nssf_exchange::batch::AUDIT_PART;
use nssf_exchange::container::{self, PART_NAMES};
use nssf_exchange::{ExchangeError, Plaintext, Stats};

use crate::{actor, connect, now, resign, Backend, Central, Office};

/// An office with a week's data and a central office that trusts it.
fn setup(backend: Backend) -> (Office, Central) {
    let office = Office::new("0101", "01");
    let central = Central::new(backend);
    central.trust(&office);
    let a = office.register("600000001");
    let b = office.register("600000002");
    office.amend(&a, "600000001");
    office.pay(&a, 2, "cash");
    let (r, _) = office.pay(&b, 1, "bank");
    office.void(&r);
    (office, central)
}

fn empty(central: &Central) {
    let Stats {
        members,
        payments,
        batches,
        voids,
        ..
    } = central.stats();
    assert_eq!(
        (members, payments, batches, voids),
        (0, 0, 0, 0),
        "nothing imported"
    );
}

/// Refused by verify and by import with the same reason, and nothing imported.
fn refused(central: &Central, bytes: &[u8]) -> ExchangeError {
    let by_verify = central
        .store
        .verify(bytes, Plaintext::Allowed)
        .expect_err("verify must refuse");
    let by_import = central
        .store
        .import(bytes, Plaintext::Allowed)
        .expect_err("import must refuse");
    assert_eq!(by_verify, by_import);
    by_verify
}

fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    container::read(bytes)
        .expect("container")
        .into_iter()
        .map(|(n, d)| (n.to_owned(), d.to_vec()))
        .collect()
}

fn rebuild(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    container::write(&borrowed)
}

fn a_flipped_bit_anywhere_is_refused(backend: Backend) {
    let (office, central) = setup(backend);
    let plain = office.export().bytes;
    let len = plain.len();
    let positions: Vec<usize> = (0..64.min(len))
        .chain((0..len).step_by((len / 300).max(1)))
        .chain(len.saturating_sub(64)..len)
        .collect();
    for pos in positions {
        for bit in [0u8, 3, 7] {
            let mut bytes = plain.clone();
            bytes[pos] ^= 1 << bit;
            let err = refused(&central, &bytes);
            // The header is a container error; everything under the signature is a signature or hash
            // error; never anything that imports.
            assert!(
                !matches!(
                    err,
                    ExchangeError::AlreadyImported { .. } | ExchangeError::Superseded { .. }
                ),
                "byte {pos} bit {bit}: {err:?}"
            );
        }
    }
    empty(&central);
    central
        .store
        .import(&plain, Plaintext::Allowed)
        .expect("the original still imports");
}

fn a_flipped_bit_in_an_encrypted_batch_is_refused(backend: Backend) {
    let (office, central) = setup(backend);
    connect(&office, &central);
    office.register("600000003");
    let sealed = office.export().bytes;
    let len = sealed.len();
    for pos in (0..len).step_by((len / 100).max(1)).chain([len - 1]) {
        let mut bytes = sealed.clone();
        bytes[pos] ^= 0x10;
        let err = refused(&central, &bytes);
        assert!(
            matches!(
                err,
                // A flip in the age header is refused by the header check before decryption.
                ExchangeError::Decrypt(_)
                    | ExchangeError::BadMagic
                    | ExchangeError::EncryptionHeader(_)
            ),
            "byte {pos}: {err:?}"
        );
    }
    empty(&central);
}

fn each_defect_has_its_own_reason(backend: Backend) {
    let (office, central) = setup(backend);
    let plain = office.export().bytes;
    let key = office.signing_key();
    let parts = parts_of(&plain);

    type Case<'a> = (
        &'static str,
        Box<dyn Fn() -> Vec<u8> + 'a>,
        fn(&ExchangeError) -> bool,
    );
    let cases: Vec<Case> = vec![
        (
            "truncated",
            Box::new(|| plain[..plain.len() - 10].to_vec()),
            |e| matches!(e, ExchangeError::Truncated),
        ),
        (
            "truncated in the header",
            Box::new(|| plain[..5].to_vec()),
            |e| matches!(e, ExchangeError::Truncated),
        ),
        (
            "an appended byte",
            Box::new(|| [plain.as_slice(), b"\n"].concat()),
            |e| matches!(e, ExchangeError::TrailingBytes),
        ),
        (
            "not a batch",
            Box::new(|| b"PK\x03\x04 something else entirely".to_vec()),
            |e| matches!(e, ExchangeError::BadMagic),
        ),
        (
            "two parts swapped",
            Box::new(|| {
                let mut p = parts.clone();
                p.swap(1, 2);
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::PartOrder(n) if n == PART_NAMES[2]),
        ),
        (
            "a part removed",
            Box::new(|| {
                let mut p = parts.clone();
                p.remove(3);
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::MissingPart(n) if n == PART_NAMES[3]),
        ),
        (
            "a part repeated",
            Box::new(|| {
                let mut p = parts.clone();
                p.insert(2, p[1].clone());
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::PartOrder(_)),
        ),
        (
            "an unknown part",
            Box::new(|| {
                let mut p = parts.clone();
                p.push(("extra.bin".into(), vec![1, 2, 3]));
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::UnknownPart(n) if n == "extra.bin"),
        ),
        (
            "a record altered",
            Box::new(|| {
                let mut p = parts.clone();
                let text = String::from_utf8(p[2].1.clone()).expect("utf-8");
                p[2].1 = text.replacen("cash", "bank", 1).into_bytes();
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::PartHash(n) if n == PART_NAMES[2]),
        ),
        (
            "the manifest altered",
            Box::new(|| {
                let mut p = parts.clone();
                let text = String::from_utf8(p[0].1.clone()).expect("utf-8");
                p[0].1 = text.replacen("\"batch\":1", "\"batch\":7", 1).into_bytes();
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::BadSignature),
        ),
        (
            "the signature replaced",
            Box::new(|| {
                let mut p = parts.clone();
                let last = p.len() - 1;
                p[last].1 = vec![7; 64];
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::BadSignature),
        ),
        (
            "an audit entry altered",
            Box::new(|| {
                let mut p = parts.clone();
                let text = String::from_utf8(p[5].1.clone()).expect("utf-8");
                p[5].1 = text.replacen("setup", "noy", 1).into_bytes();
                rebuild(&p)
            }),
            |e| matches!(e, ExchangeError::PartHash(n) if n == AUDIT_PART),
        ),
        (
            "totals that do not add up (re-signed)",
            Box::new(|| {
                resign(&plain, &key, |m, _| {
                    *m.control.kip_by_method.entry("cash".into()).or_default() += 1000;
                    m.control.kip_total += 1000;
                })
            }),
            |e| matches!(e, ExchangeError::TotalsMismatch(_)),
        ),
        (
            "a void count that does not add up (re-signed)",
            Box::new(|| resign(&plain, &key, |m, _| m.control.voids += 1)),
            |e| matches!(e, ExchangeError::TotalsMismatch(d) if d == "voids"),
        ),
        (
            "a payment moved to another method (re-signed, totals kept)",
            Box::new(|| {
                resign(&plain, &key, |_, parts| {
                    let text = String::from_utf8(parts[1].clone()).expect("utf-8");
                    parts[1] = text
                        .replacen("\"method\":\"cash\"", "\"method\":\"mobile\"", 1)
                        .into_bytes();
                })
            }),
            |e| matches!(e, ExchangeError::TotalsMismatch(_)),
        ),
        (
            "counts that do not add up (re-signed)",
            Box::new(|| {
                resign(&plain, &key, |m, _| {
                    *m.counts.entry("member_registered".into()).or_default() += 1;
                })
            }),
            |e| matches!(e, ExchangeError::CountMismatch(k) if k == "member_registered"),
        ),
        (
            "a record removed (re-signed)",
            Box::new(|| {
                resign(&plain, &key, |_, parts| {
                    let text = String::from_utf8(parts[0].clone()).expect("utf-8");
                    let rest: Vec<&str> = text.lines().skip(1).collect();
                    parts[0] = rest
                        .iter()
                        .map(|l| format!("{l}\n"))
                        .collect::<String>()
                        .into_bytes();
                })
            }),
            |e| matches!(e, ExchangeError::RecordRange { .. }),
        ),
        (
            "a record in the wrong part (re-signed)",
            Box::new(|| {
                resign(&plain, &key, |_, parts| {
                    let moved = std::mem::take(&mut parts[2]);
                    parts[0].extend(moved);
                })
            }),
            |e| matches!(e, ExchangeError::RecordInvalid { .. }),
        ),
        (
            "another version (re-signed)",
            Box::new(|| resign(&plain, &key, |m, _| m.version = 3)),
            |e| matches!(e, ExchangeError::UnsupportedVersion(3)),
        ),
        (
            "another workstation's batch under this key (re-signed)",
            Box::new(|| resign(&plain, &key, |m, _| m.workstation = "09".into())),
            |e| matches!(e, ExchangeError::UntrustedKey(o) if o == "0101-09"),
        ),
        (
            "a first batch that names a previous one (re-signed)",
            Box::new(|| resign(&plain, &key, |m, _| m.previous_sha256 = "ab".repeat(32))),
            |e| matches!(e, ExchangeError::ChainBroken { batch: 1, .. }),
        ),
    ];
    for (name, make, expected) in &cases {
        let bytes = make();
        let err = refused(&central, &bytes);
        assert!(expected(&err), "{name}: got {err:?}");
    }
    empty(&central);
    central
        .store
        .import(&plain, Plaintext::Allowed)
        .expect("the original still imports");
}

fn an_untrusted_key_is_refused(backend: Backend) {
    let (office, _) = setup(backend);
    let plain = office.export().bytes;
    let stranger = Central::new(backend);
    assert!(matches!(
        refused(&stranger, &plain),
        ExchangeError::UntrustedKey(o) if o == "0101-01"
    ));
    // The same office id, but another workstation's key trusted for it (a reinstalled PC).
    let other = Office::new("0101", "01");
    stranger.trust(&other);
    assert!(matches!(
        refused(&stranger, &plain),
        ExchangeError::UntrustedKey(_)
    ));
    empty(&stranger);
    // A batch signed with another key than the one it names.
    let forged = resign(&plain, &other.signing_key(), |_, _| {});
    let central = Central::new(backend);
    central.trust(&office);
    assert!(matches!(
        refused(&central, &forged),
        ExchangeError::BadSignature
    ));
    empty(&central);
}

fn a_gap_is_held_back_and_a_broken_chain_refused(backend: Backend) {
    let (office, central) = setup(backend);
    let b1 = office.export();
    central
        .store
        .import(&b1.bytes, Plaintext::Allowed)
        .expect("import 1");
    let ack = central.store.ack("0101", "01").expect("ack");
    office
        .desk
        .install_central_key(&actor(), &central.store.public_key_file())
        .expect("key");
    office.desk.import_ack(&actor(), &ack, now()).expect("ack");
    office.register("600000004");
    let b2 = office.export();
    assert_eq!(b2.first_seq, b1.last_seq + 1);
    // A central office restored from an old backup never saw batch 1: batch 2 leaves a gap.
    let fresh = Central::new(backend);
    fresh.trust(&office);
    // Batch 2 is encrypted to the first central office; another one cannot even read it.
    assert!(matches!(
        refused(&fresh, &b2.bytes),
        ExchangeError::Decrypt(_)
    ));
    // Re-sealed in the clear, its sequence starts after a gap.
    let plain2 = nssf_exchange::batch::decrypt(
        &b2.bytes,
        Some(
            &nssf_exchange::CentralKeys::load(&central.dir.path().join("central"))
                .expect("keys")
                .identity,
        ),
    )
    .expect("decrypt");
    assert!(matches!(
        refused(&fresh, &plain2),
        ExchangeError::Gap { expected: 1, got, .. } if got == b1.last_seq + 1
    ));
    empty(&fresh);
    // A batch 2 that does not follow the batch 1 imported.
    let broken = resign(&plain2, &office.signing_key(), |m, _| {
        m.previous_sha256 = "cd".repeat(32)
    });
    let before = central.stats();
    assert!(matches!(
        refused(&central, &broken),
        ExchangeError::ChainBroken { batch: 2, .. }
    ));
    // Another batch 1 after batch 1 was imported.
    let b1_plain = office
        .desk
        .batch_again(&actor(), 1, now())
        .expect("again")
        .bytes;
    let other1 = resign(&b1_plain, &office.signing_key(), |m, _| {
        m.office = m.office.clone()
    });
    assert_eq!(
        other1, b1_plain,
        "re-signing the same manifest gives the same bytes (Ed25519 is deterministic)"
    );
    let conflicting = resign(&b1_plain, &office.signing_key(), |_, parts| {
        let text = String::from_utf8(parts[0].clone()).expect("utf-8");
        parts[0] = text.replacen("Chao", "Chai", 1).into_bytes();
    });
    assert!(matches!(
        refused(&central, &conflicting),
        ExchangeError::ConflictingBatch { batch: 1, .. }
    ));
    assert_eq!(central.stats(), before);
    // The real batch 2 still imports.
    central
        .store
        .import(&b2.bytes, Plaintext::Allowed)
        .expect("import 2");
}

fn a_tampered_acknowledgement_changes_nothing(backend: Backend) {
    let (office, central) = setup(backend);
    connect(&office, &central);
    let b1 = office.export();
    central
        .store
        .import(&b1.bytes, Plaintext::Allowed)
        .expect("import");
    let ack = central.store.ack("0101", "01").expect("ack");
    let pending = office.desk.pending().expect("pending");
    for pos in (0..ack.len()).step_by((ack.len() / 150).max(1)) {
        let mut bytes = ack.clone();
        bytes[pos] ^= 0x04;
        if bytes == ack {
            continue;
        }
        office
            .desk
            .import_ack(&actor(), &bytes, now())
            .expect_err("tampered ack");
        assert_eq!(
            office.desk.pending().expect("pending"),
            pending,
            "byte {pos}"
        );
    }
    office
        .desk
        .import_ack(&actor(), &ack[..ack.len() - 3], now())
        .expect_err("truncated");
    office
        .desk
        .import_ack(&actor(), &[ack.as_slice(), b"x"].concat(), now())
        .expect_err("appended");
    // Signed by another central office.
    let other = Central::new(backend);
    other.trust(&office);
    other
        .store
        .import(
            &office
                .desk
                .batch_again(&actor(), 1, now())
                .expect("again")
                .bytes,
            Plaintext::Allowed,
        )
        .expect_err("encrypted to the first central office");
    assert_eq!(office.desk.pending().expect("pending"), pending);
    office
        .desk
        .import_ack(&actor(), &ack, now())
        .expect("the real one");
    assert_eq!(office.desk.pending().expect("pending").changes, 0);
}

crate::on_both_stores!(
    a_flipped_bit_anywhere_is_refused,
    a_flipped_bit_in_an_encrypted_batch_is_refused,
    each_defect_has_its_own_reason,
    an_untrusted_key_is_refused,
    a_gap_is_held_back_and_a_broken_chain_refused,
    a_tampered_acknowledgement_changes_nothing,
);
