//! Every refusal of the exchange reaches the window and the CLI as its own code of `nssf_api::Refusal`
//! (shown as `error-<code>`, whose messages the i18n tests check in both locales), with its arguments typed.

use std::collections::BTreeSet;

use nssf_api::{Code, Refusal};
use nssf_exchange::ExchangeError;

fn every_error() -> Vec<ExchangeError> {
    let s = || "x".to_owned();
    vec![
        ExchangeError::TooLarge { size: 1, max: 1 },
        ExchangeError::NoIdentity,
        ExchangeError::Decrypt(s()),
        ExchangeError::EncryptionHeader(s()),
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
        ExchangeError::Unencrypted,
        ExchangeError::KeyAlreadyTrusted {
            office: s(),
            fingerprint: s(),
        },
        ExchangeError::SuccessorOtherDistrict {
            office: s(),
            predecessor: s(),
        },
        ExchangeError::PredecessorUntrusted(s()),
        ExchangeError::SuccessionTooLate(s()),
        ExchangeError::Retired {
            office: s(),
            successor: s(),
        },
        ExchangeError::RecoverInvalid(s()),
        ExchangeError::Storage(s()),
    ]
}

#[test]
fn every_error_has_its_own_code() {
    let mut codes = BTreeSet::new();
    for e in every_error() {
        let code = Refusal::from(&e).code();
        let expected_storage = matches!(e, ExchangeError::Storage(_));
        assert_eq!(code == Code::Storage, expected_storage, "{e:?} → {code}");
        assert!(
            expected_storage || code.as_str().starts_with("exchange-"),
            "{e:?} → {code}"
        );
        assert!(codes.insert(code), "{code} is used twice");
    }
}

/// The arguments travel typed; English details stay behind.
#[test]
fn arguments_are_typed() {
    let check = |e: ExchangeError, expected: serde_json::Value| {
        assert_eq!(
            serde_json::to_value(Refusal::from(&e)).expect("json"),
            expected,
            "{e:?}"
        );
    };
    check(
        ExchangeError::TooLarge { size: 10, max: 5 },
        serde_json::json!({"code": "exchange-too-large", "args": {"size": 10, "max": 5}}),
    );
    check(
        ExchangeError::RecordInvalid {
            part: "payments.jsonl".into(),
            line: 3,
            detail: "missing field `total_kip`".into(),
        },
        serde_json::json!({
            "code": "exchange-record-invalid",
            "args": {"part": "payments.jsonl", "line": 3},
        }),
    );
    check(
        ExchangeError::AckInvalid("signature".into()),
        serde_json::json!({"code": "exchange-ack-invalid", "args": {}}),
    );
    check(
        ExchangeError::Storage("disk full".into()),
        serde_json::json!({"code": "storage", "args": {"detail": "disk full"}}),
    );
}
