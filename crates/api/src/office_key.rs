//! The office's Ed25519 key pair: it signs cards' QR codes and the weekly batches. The secret half stays
//! in the data folder; the public half travels as the office key file (`office-key`), which the central
//! office trusts and anyone may use to check a card offline.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::ApiError;

const KEY_FILE: &str = "office-key.ed25519";
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
    /// Reads the key, or makes one (first start, or a folder from before cards existed). Written to a
    /// temporary file and renamed, so a power cut never leaves half a key.
    pub fn load_or_create(dir: &Path) -> Result<OfficeKey, ApiError> {
        let path = dir.join(KEY_FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            let bytes = STANDARD.decode(text.trim()).map_err(ApiError::storage)?;
            let seed: [u8; 32] = bytes
                .try_into()
                .map_err(|_| ApiError::storage("office key has the wrong length"))?;
            return Ok(OfficeKey {
                signing: SigningKey::from_bytes(&seed),
            });
        }
        let signing = SigningKey::generate(&mut rand_core::OsRng);
        let tmp = dir.join(format!("{KEY_FILE}.tmp"));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(ApiError::storage)?;
            f.write_all(STANDARD.encode(signing.to_bytes()).as_bytes())
                .map_err(ApiError::storage)?;
            f.sync_all().map_err(ApiError::storage)?;
        }
        std::fs::rename(&tmp, &path).map_err(ApiError::storage)?;
        Ok(OfficeKey { signing })
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
