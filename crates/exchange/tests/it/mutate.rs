//! What CI runs instead of cargo-fuzz (which needs a nightly compiler): a few thousand mutated batches,
//! from a seeded RNG, fed to the reader. None may panic; none may pass unless it is the original.

use nssf_exchange::{batch, container, ExchangeError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::{resign, Office};

fn mutate(rng: &mut ChaCha8Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..rng.random_range(1..4) {
        if bytes.is_empty() {
            bytes.push(rng.random());
            continue;
        }
        let pos = rng.random_range(0..bytes.len());
        match rng.random_range(0..7) {
            0 => bytes[pos] ^= 1 << rng.random_range(0..8),
            1 => bytes[pos] = rng.random(),
            2 => bytes.truncate(pos),
            3 => bytes.insert(pos, rng.random()),
            4 => {
                let end = (pos + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(pos..end);
            }
            5 => {
                let end = (pos + rng.random_range(1..64)).min(bytes.len());
                let chunk = bytes[pos..end].to_vec();
                let at = rng.random_range(0..bytes.len());
                bytes.splice(at..at, chunk);
            }
            _ => {
                // Lengths are the dangerous bytes: write a big one where one might be.
                let v: u64 = if rng.random() {
                    u64::MAX
                } else {
                    rng.random_range(0..1 << 20)
                };
                for (i, b) in v.to_be_bytes().iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(pos + i) {
                        *slot = *b;
                    }
                }
            }
        }
    }
    bytes
}

#[test]
fn thousands_of_mutated_batches_never_panic() {
    let office = Office::new("0101", "01");
    let a = office.register("700000001");
    office.pay(&a, 2, "cash");
    let (r, _) = office.pay(&a, 1, "mobile");
    office.void(&r);
    let plain = office.export().bytes;
    let key = office.signing_key();
    let public = key.verifying_key();
    let trusted = |_: &str| Some(public);
    let mut rng = ChaCha8Rng::seed_from_u64(0x4e53_5346);
    let mut refused = 0;
    for i in 0..3000 {
        let candidate = if i % 3 == 0 {
            // Garbage under a valid signature and valid hashes: exercises the record checks.
            let mut data: [Vec<u8>; 4] = Default::default();
            let parts = container::read(&plain).expect("container");
            for (j, slot) in data.iter_mut().enumerate() {
                *slot = parts[j + 1].1.to_vec();
            }
            let which = rng.random_range(0..4);
            let mutated = mutate(&mut rng, &data[which]);
            resign(&plain, &key, |_, parts| parts[which] = mutated)
        } else {
            mutate(&mut rng, &plain)
        };
        let _ = container::read(&candidate);
        match batch::open_plain(&candidate, &trusted) {
            Ok(b) => assert_eq!(b.sha256, nssf_exchange::sha256_hex(&candidate)),
            Err(e) if i % 3 == 0 => {
                refused += 1;
                // Signature and hashes hold: only the records' own checks are left to refuse it.
                assert!(
                    matches!(
                        e,
                        ExchangeError::RecordInvalid { .. }
                            | ExchangeError::RecordRange { .. }
                            | ExchangeError::CountMismatch(_)
                            | ExchangeError::TotalsMismatch(_)
                    ),
                    "re-signed garbage: {e:?}"
                );
            }
            Err(e) => {
                refused += 1;
                // A byte changed under the signature: refused before any record is read.
                assert!(
                    matches!(
                        e,
                        ExchangeError::TooLarge { .. }
                            | ExchangeError::BadMagic
                            | ExchangeError::Truncated
                            | ExchangeError::TrailingBytes
                            | ExchangeError::TooManyParts(_)
                            | ExchangeError::BadPartName
                            | ExchangeError::UnknownPart(_)
                            | ExchangeError::MissingPart(_)
                            | ExchangeError::PartOrder(_)
                            | ExchangeError::ManifestInvalid(_)
                            | ExchangeError::UnsupportedVersion(_)
                            | ExchangeError::UntrustedKey(_)
                            | ExchangeError::BadSignature
                            | ExchangeError::PartHash(_)
                    ),
                    "mutated bytes: {e:?}"
                );
            }
        }
    }
    assert!(refused > 2500, "{refused}");
}
