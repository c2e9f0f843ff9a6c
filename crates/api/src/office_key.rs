//! The office's Ed25519 key pair: it signs cards' QR codes and the weekly batches. The secret half stays
//! in the data folder; the public half travels as the office key file (`office-key`), which the central
//! office trusts and anyone may use to check a card offline.
//!
//! The key is made once, when the office is created, and never again: a folder whose key is missing or
//! damaged refuses to open (`office-key-unreadable`) until it is restored from a backup. `docs/keys.md`
//! says what each key file is and what to do when one is lost.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::{ApiError, Desk, Refusal};

pub(crate) const KEY_FILE: &str = "office-key.ed25519";
pub(crate) const PUBLIC_HEADER: &str = "NSSF-OFFICE-KEY 1";

/// The office's Ed25519 key pair; the secret half never leaves the data folder.
pub struct OfficeKey {
    signing: SigningKey,
}

impl std::fmt::Debug for OfficeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfficeKey")
            .field(
                "public",
                &STANDARD.encode(self.signing.verifying_key().as_bytes()),
            )
            .finish()
    }
}

impl OfficeKey {
    /// The key of a new office (first-run setup, `init`), made from the system's random source and
    /// written readable by the owner only ([`nssf_exchange::keys::write_secret_file`]: temporary file,
    /// fsync, rename). Called only after the store of the new office was created, so that setting up a
    /// folder that already holds an office never reaches it. A key file already in the folder is kept,
    /// never overwritten: whatever it signed keeps verifying; a damaged one is refused like at open.
    pub(crate) fn create(dir: &Path) -> Result<OfficeKey, ApiError> {
        let path = dir.join(KEY_FILE);
        if path.exists() {
            return OfficeKey::load(dir);
        }
        let signing = SigningKey::generate(&mut rand_core::OsRng);
        nssf_exchange::keys::write_secret_file(
            &path,
            STANDARD.encode(signing.to_bytes()).as_bytes(),
        )
        .map_err(ApiError::storage)?;
        Ok(OfficeKey { signing })
    }

    /// Reads the key of an existing office. A key file that is missing, unreadable or malformed is
    /// `office-key-unreadable` naming it, and nothing is written: a new key would make every card printed
    /// before fail to verify and the central office refuse every batch, so only a backup can help.
    pub(crate) fn load(dir: &Path) -> Result<OfficeKey, ApiError> {
        let path = dir.join(KEY_FILE);
        let unreadable = || -> ApiError {
            Refusal::OfficeKeyUnreadable {
                path: path.display().to_string(),
            }
            .into()
        };
        let text = std::fs::read_to_string(&path).map_err(|_| unreadable())?;
        let seed: [u8; 32] = STANDARD
            .decode(text.trim())
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(unreadable)?;
        Ok(OfficeKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The half anyone may hold, to check cards and batches offline.
    pub fn public_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.signing.sign(message)
    }
}

/// The public-key file `office-key` writes and `verify-card` (and the central office) reads.
pub fn public_key_file(office: &str, key: &VerifyingKey) -> String {
    format!(
        "{PUBLIC_HEADER}\noffice {office}\ned25519 {}\n",
        STANDARD.encode(key.as_bytes())
    )
}

impl Desk {
    /// The fingerprint of the office's public key (`3F2A-91C0-…`), which the central office reads back
    /// by phone before trusting the key file ([`nssf_exchange::keys::office_fingerprint`]).
    pub fn office_key_fingerprint(&self) -> String {
        nssf_exchange::keys::office_fingerprint(&self.key.public_key())
    }
}
