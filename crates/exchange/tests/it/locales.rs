//! Every refusal of the exchange has a message in both locales, with exactly the arguments it passes.

use std::collections::{BTreeMap, BTreeSet};

use nssf_exchange::ExchangeError;

const EN: &str = include_str!("../../../../locales/en/exchange.ftl");
const LO: &str = include_str!("../../../../locales/lo/exchange.ftl");

fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    text.lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(id, value)| {
            let vars = value
                .split("{ $")
                .skip(1)
                .filter_map(|v| v.split_once(' ').map(|(name, _)| name.to_owned()))
                .collect();
            (id.trim().to_owned(), vars)
        })
        .collect()
}

fn every_error() -> Vec<ExchangeError> {
    let s = || "x".to_owned();
    vec![
        ExchangeError::TooLarge { size: 1, max: 1 },
        ExchangeError::NoIdentity,
        ExchangeError::Decrypt(s()),
        ExchangeError::BadMagic,
        ExchangeError::Truncated,
        ExchangeError::TrailingBytes,
        ExchangeError::TooManyParts(1),
        ExchangeError::BadPartName,
        ExchangeError::UnknownPart(s()),
        ExchangeError::MissingPart(s()),
        ExchangeError::PartOrder(s()),
        ExchangeError::ManifestInvalid(s()),
        ExchangeError::UnsupportedVersion(1),
        ExchangeError::UntrustedKey(s()),
        ExchangeError::BadSignature,
        ExchangeError::PartHash(s()),
        ExchangeError::RecordInvalid {
            part: s(),
            line: 1,
            detail: s(),
        },
        ExchangeError::RecordRange { first: 1, last: 1 },
        ExchangeError::CountMismatch(s()),
        ExchangeError::TotalsMismatch(s()),
        ExchangeError::Gap {
            office: s(),
            expected: 1,
            got: 1,
        },
        ExchangeError::ChainBroken {
            office: s(),
            batch: 1,
        },
        ExchangeError::AlreadyImported {
            office: s(),
            batch: 1,
        },
        ExchangeError::Superseded {
            office: s(),
            batch: 1,
        },
        ExchangeError::ConflictingBatch {
            office: s(),
            batch: 1,
        },
        ExchangeError::KeyFileInvalid,
        ExchangeError::NoCentralKey,
        ExchangeError::AckInvalid(s()),
        ExchangeError::AckOtherOffice(s()),
        ExchangeError::AckUnknownBatch(1),
        ExchangeError::NothingToAck(s()),
        ExchangeError::CentralNotInitialised,
        ExchangeError::CentralExists,
        ExchangeError::Storage(s()),
    ]
}

#[test]
fn every_error_has_its_own_message_in_both_locales() {
    let en = messages(EN);
    let lo = messages(LO);
    assert_eq!(en, lo, "same ids and variables in both locales");
    let mut ids = BTreeSet::new();
    for e in every_error() {
        let id = e.message_id();
        assert!(ids.insert(id), "{id} is used twice");
        let vars: BTreeSet<String> = e.args().iter().map(|(k, _)| (*k).to_owned()).collect();
        assert_eq!(en.get(id), Some(&vars), "{id}");
    }
    for reason in [
        "undecodable",
        "other-office",
        "unknown-member",
        "total-mismatch",
        "unknown-receipt",
    ] {
        assert!(
            en.contains_key(&format!("exchange-reason-{reason}")),
            "{reason}"
        );
    }
}
