//! Work before authentication is bounded: an age header is read as text and refused, before any key is
//! tried, unless it names exactly one X25519 recipient (the central office) and at most the one grease
//! stanza the age crate adds. The costs of the worst files are measured by the `worst_case` example and
//! recorded in `docs/reliability.md`.

use std::io::Write;

use nssf_exchange::central::Plaintext;
use nssf_exchange::{CentralPublic, ExchangeError};

use crate::{Backend, Central, Office};

/// A signed, unencrypted batch of a workstation the central office trusts (the office has no central key,
/// so its export is the signed container itself).
fn signed_batch(central: &Central) -> Vec<u8> {
    let office = Office::new("0101", "01");
    central.trust(&office);
    let member = office.register("600000001");
    office.pay(&member, 2, "cash");
    office.export().bytes
}

/// `plaintext` encrypted with age to every recipient given, in order (age adds its grease stanza).
fn encrypt_to(plaintext: &[u8], recipients: &[age::x25519::Recipient]) -> Vec<u8> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .expect("recipients");
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).expect("wrap");
    writer.write_all(plaintext).expect("write");
    writer.finish().expect("finish");
    out
}

fn stranger() -> age::x25519::Recipient {
    age::x25519::Identity::generate().to_public()
}

/// `file` with `lines` inserted after its version line (the header's MAC no longer matches, which only
/// decryption would find out).
fn with_header_lines(file: &[u8], lines: &str) -> Vec<u8> {
    let version = b"age-encryption.org/v1\n".len();
    [&file[..version], lines.as_bytes(), &file[version..]].concat()
}

fn x25519_stanza(seed: u8) -> String {
    let share = format!("{:043}", seed).replace('0', "A");
    format!("-> X25519 {share}\n{}\n", "B".repeat(43))
}

fn headers_naming_anything_but_the_central_office_are_refused_before_decryption(backend: Backend) {
    let central = Central::new(backend);
    let plaintext = signed_batch(&central);
    let ours = CentralPublic::parse(&central.store.public_key_file())
        .expect("central key")
        .recipient;
    let own = encrypt_to(&plaintext, std::slice::from_ref(&ours));
    let header = |detail: &str| Err(ExchangeError::EncryptionHeader(detail.into()));
    let check = |file: Vec<u8>, expected: Result<(), ExchangeError>, why: &str| {
        let got = central.store.verify(&file, Plaintext::Refused).map(|_| ());
        assert_eq!(got, expected, "{why}");
    };
    check(own.clone(), Ok(()), "the batch as age writes it");
    check(
        encrypt_to(&plaintext, &[stranger(), ours.clone()]),
        header("more than one recipient stanza"),
        "also encrypted to a stranger: age would try each stanza, and open it",
    );
    check(
        encrypt_to(
            &plaintext,
            &[stranger(), stranger(), stranger(), ours.clone()],
        ),
        header("more than one recipient stanza"),
        "many recipients",
    );
    check(
        with_header_lines(&own, &(1..=3).map(x25519_stanza).collect::<String>()),
        header("more than one recipient stanza"),
        "junk X25519 stanzas before ours, each a key agreement for age",
    );
    check(
        with_header_lines(&own, "-> a-grease\n\n"),
        header("more than one recipient stanza"),
        "a second grease stanza",
    );
    check(
        with_header_lines(&own, &format!("-> X25519 {}\n\n", "A".repeat(100_000))),
        header("line too long"),
        "a 100 kB stanza line",
    );
    check(
        with_header_lines(&own, &format!("{}\n", "A".repeat(100_000))),
        header("line too long"),
        "a 100 kB body line",
    );
    check(
        with_header_lines(&own, &"AAAA\n".repeat(1_000)),
        header("header too long or cut short"),
        "no MAC line within 2 KiB",
    );
    check(
        with_header_lines(&own, "-> scrypt c2FsdHNhbHRzYWx0c2FsdA 60\n\n"),
        header("stanza of another kind"),
        "a passphrase stanza with a huge work factor",
    );
    let without_recipient: Vec<u8> = {
        let text = String::from_utf8_lossy(&own[..own.len().min(400)]).into_owned();
        let start = text.find("-> X25519").expect("stanza");
        let end = start + text[start..].find('\n').expect("line") + 1 + 44;
        [&own[..start], &own[end..]].concat()
    };
    check(
        without_recipient,
        header("no X25519 recipient"),
        "only the grease stanza",
    );
}

/// The exporter cuts a backlog into batches the central office reads: `records_that_fit` takes entries
/// from the first while their lines fit the budget, and always at least one.
#[test]
fn a_backlog_is_cut_where_the_record_budget_ends() {
    use nssf_domain::change::{ChangeEntry, ChangeKind};
    let entry = |seq: u64| ChangeEntry {
        seq,
        at: nssf_test_support::now(),
        actor: "setup".into(),
        kind: ChangeKind::DayClosed,
        key: format!("day/2026-11-{seq:02}/setup"),
        record: serde_json::json!({"date": format!("2026-11-{seq:02}")}),
    };
    let entries: Vec<ChangeEntry> = (1..=3).map(entry).collect();
    // Every entry's line (JSON and `\n`) has the same length here: the keys differ only in two digits.
    let line = serde_json::to_vec(&entries[0]).expect("json").len() as u64 + 1;
    let check = |entries: &[ChangeEntry], budget: u64, expected: usize| {
        assert_eq!(
            nssf_exchange::batch::records_that_fit(entries, budget).expect("fit"),
            expected,
            "budget {budget} of lines of {line} bytes"
        );
    };
    check(&entries, 0, 1);
    check(&entries, line, 1);
    check(&entries, 2 * line - 1, 1);
    check(&entries, 2 * line, 2);
    check(&entries, 3 * line - 1, 2);
    check(&entries, 3 * line, 3);
    check(&entries, nssf_exchange::batch::RECORD_BUDGET_BYTES, 3);
    check(&[], 0, 0);
}

crate::on_both_stores!(
    headers_naming_anything_but_the_central_office_are_refused_before_decryption,
);
