//! The central office's recovery file (`docs/backup-format.md`, section 5): what `CentralStore::recover`
//! holds of a workstation and its predecessors, on both stores, and what `recover::open` refuses.

use chrono::{TimeZone, Utc};
use nssf_exchange::recover::{self, RecoveredBase};
use nssf_exchange::{CentralKeys, ExchangeError, Plaintext, TrustRequest};

use crate::{actor, now, Backend, Central, Office};

fn recover_holds_the_lineage(backend: Backend) {
    let central = Central::new(backend);
    let old = Office::new("0101", "01");
    central.trust(&old);
    let paid = old.register("720000001");
    let other = old.register("720000002");
    let (kept, _) = old.pay(&paid, 1, "cash");
    let (voided, _) = old.pay(&paid, 1, "cash");
    old.void(&voided);
    old.desk
        .set_base(&actor(), &paid, "3000000", "2027-01", now())
        .expect("base");
    let batch = old.export();
    central
        .store
        .import(&batch.bytes, Plaintext::Allowed)
        .expect("import");
    // A member another workstation issued, paid at no workstation of the lineage, is not in the file.
    let elsewhere = Office::new("0101", "03");
    central.trust(&elsewhere);
    elsewhere.register("720000003");
    central
        .store
        .import(&elsewhere.export().bytes, Plaintext::Allowed)
        .expect("import elsewhere");

    let content = central.store.recover("0101", "01").expect("recover");
    assert_eq!(content.lineage, ["0101-01"]);
    assert_eq!((content.last_batch, content.last_seq), (1, 6));
    let numbers = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        numbers(
            content
                .members
                .iter()
                .map(|m| m.member_no.as_str())
                .collect()
        ),
        numbers(vec![&paid, &other])
    );
    assert_eq!(
        numbers(
            content
                .receipts
                .iter()
                .map(|r| r.receipt_no.as_str())
                .collect()
        ),
        numbers(vec![&kept, &voided])
    );
    assert_eq!(
        numbers(
            content
                .voids
                .iter()
                .map(|v| v.receipt_no.as_str())
                .collect()
        ),
        numbers(vec![&voided])
    );
    let base = |member_no: &str, from: &str, kip: i64| RecoveredBase {
        member_no: member_no.into(),
        from: from.into(),
        income_base_kip: kip,
    };
    assert_eq!(
        content.bases,
        [
            base(&paid, "2026-06", 2_500_000),
            base(&other, "2026-06", 2_500_000),
            base(&paid, "2027-01", 3_000_000),
        ]
    );

    // A successor's file holds its predecessor's records too, under its own name and sequence.
    let successor = Office::new("0101", "02");
    let key = successor.desk.office_public_key();
    central
        .store
        .trust(
            &TrustRequest {
                office_key_file: &key,
                succeeds: Some("0101-01"),
                replace: false,
            },
            now(),
        )
        .expect("trust successor");
    let its = central.store.recover("0101", "02").expect("recover 02");
    assert_eq!(its.lineage, ["0101-02", "0101-01"]);
    assert_eq!((its.last_batch, its.last_seq), (0, 0));
    assert_eq!(
        (its.members.len(), its.receipts.len(), its.voids.len()),
        (2, 2, 1)
    );

    assert_eq!(
        central.store.recover("0101", "09"),
        Err(ExchangeError::UntrustedKey("0101-09".into()))
    );

    // The signed file reads back whole with the central office's key, and only with it.
    let made = Utc
        .with_ymd_and_hms(2026, 11, 27, 8, 0, 0)
        .single()
        .expect("time");
    let (written, bytes) = central
        .store
        .recover_file("0101", "01", made)
        .expect("file");
    assert_eq!(written, content);
    let public =
        nssf_exchange::CentralPublic::parse(&central.store.public_key_file()).expect("key");
    let file = recover::open(&bytes, &public.verifying).expect("open");
    assert_eq!((file.made, file.content), (made, content));
    let stranger = CentralKeys::generate().public().verifying;
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let flipped = text.replacen("\"last_seq\":6", "\"last_seq\":9", 1);
    assert_ne!(flipped, text);
    let check = |bytes: &[u8], key: &ed25519_dalek::VerifyingKey, expected: ExchangeError| {
        assert_eq!(recover::open(bytes, key).map(|_| ()), Err(expected));
    };
    check(&bytes, &stranger, ExchangeError::BadSignature);
    check(
        flipped.as_bytes(),
        &public.verifying,
        ExchangeError::BadSignature,
    );
    check(
        &bytes[1..],
        &public.verifying,
        ExchangeError::RecoverInvalid("header".into()),
    );
    check(
        &bytes[..bytes.len() - 1],
        &public.verifying,
        ExchangeError::RecoverInvalid("trailing bytes".into()),
    );
}

crate::on_both_stores!(recover_holds_the_lineage);
