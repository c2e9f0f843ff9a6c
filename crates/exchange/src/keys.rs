//! Keys. The central office holds an age X25519 identity (batches are encrypted to it) and an Ed25519
//! signing key (it signs acknowledgements). Each workstation signs its batches with its own Ed25519 key
//! (the office key of `nssf-api`), whose public half travels as the office key file.
//!
//! Central public-key file (UTF-8, `\n` line ends):
//! ```text
//! NSSF-CENTRAL-KEY 1
//! age age1…
//! ed25519 <standard base64 of the 32-byte public key>
//! ```

use std::path::Path;

use age::secrecy::ExposeSecret;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::ExchangeError;

/// The first line of the central office's public-key file.
pub const CENTRAL_HEADER: &str = "NSSF-CENTRAL-KEY 1";
/// The first line of a workstation's public-key file (`office-key` writes it).
pub const OFFICE_HEADER: &str = "NSSF-OFFICE-KEY 1";
const AGE_FILE: &str = "central-age.key";
const SIGN_FILE: &str = "central-sign.ed25519";

/// The central office's public keys, as installed in an office.
#[derive(Debug, Clone)]
pub struct CentralPublic {
    /// The key batches are encrypted to (age X25519).
    pub recipient: age::x25519::Recipient,
    /// The key acknowledgements are verified with.
    pub verifying: VerifyingKey,
}

impl CentralPublic {
    /// Reads the central office's public-key file; [`ExchangeError::KeyFileInvalid`] for anything else.
    pub fn parse(text: &str) -> Result<CentralPublic, ExchangeError> {
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(CENTRAL_HEADER) {
            return Err(ExchangeError::KeyFileInvalid);
        }
        let mut recipient = None;
        let mut verifying = None;
        for line in lines {
            match line.trim().split_once(' ') {
                Some(("age", v)) => {
                    recipient = Some(
                        v.trim()
                            .parse::<age::x25519::Recipient>()
                            .map_err(|_| ExchangeError::KeyFileInvalid)?,
                    );
                }
                Some(("ed25519", v)) => verifying = Some(parse_ed25519(v)?),
                Some(_) | None => {}
            }
        }
        match (recipient, verifying) {
            (Some(recipient), Some(verifying)) => Ok(CentralPublic {
                recipient,
                verifying,
            }),
            (Some(_), None) | (None, Some(_)) | (None, None) => Err(ExchangeError::KeyFileInvalid),
        }
    }

    /// The fingerprint of both keys (see [`fingerprint`]), over the file's text as
    /// [`CentralPublic::to_file`] writes it, so the same keys always give the same fingerprint.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.to_file().as_bytes())
    }

    /// The public-key file's text, as [`CentralPublic::parse`] reads it.
    pub fn to_file(&self) -> String {
        format!(
            "{CENTRAL_HEADER}\nage {}\ned25519 {}\n",
            self.recipient,
            STANDARD.encode(self.verifying.as_bytes())
        )
    }
}

/// A key's fingerprint as two people read it to each other by phone: the first 16 bytes of the SHA-256 of
/// `public`, upper-case hex in dash-separated groups of four (`3F2A-91C0-…`, eight groups). Printed as
/// `fingerprint <that>` by `office-key`, `central key`, `central trust` and `central-key --import`.
///
/// For a workstation's key `public` is the 32 bytes of its Ed25519 public key ([`office_fingerprint`]);
/// for the central office it is its public-key file's text ([`CentralPublic::fingerprint`]), which
/// holds both of its keys.
pub fn fingerprint(public: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(public);
    digest[..16]
        .chunks(2)
        .map(|pair| format!("{:02X}{:02X}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join("-")
}

/// The fingerprint of a workstation's Ed25519 public key (see [`fingerprint`]).
pub fn office_fingerprint(key: &VerifyingKey) -> String {
    fingerprint(key.as_bytes())
}

/// An Ed25519 public key in standard base64.
pub fn parse_ed25519(text: &str) -> Result<VerifyingKey, ExchangeError> {
    let bytes: [u8; 32] = STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(ExchangeError::KeyFileInvalid)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| ExchangeError::KeyFileInvalid)
}

/// An office key file (`nssf-desk office-key`): the office id `DDDD-WW` and its Ed25519 public key.
pub fn parse_office_key(text: &str) -> Result<(String, VerifyingKey), ExchangeError> {
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some(OFFICE_HEADER) {
        return Err(ExchangeError::KeyFileInvalid);
    }
    let mut office = None;
    let mut key = None;
    for line in lines {
        match line.trim().split_once(' ') {
            Some(("office", v)) => office = Some(v.trim().to_owned()),
            Some(("ed25519", v)) => key = Some(parse_ed25519(v)?),
            Some(_) | None => {}
        }
    }
    match (office, key) {
        (Some(office), Some(key)) if valid_office_id(&office) => Ok((office, key)),
        (Some(_), Some(_)) | (Some(_), None) | (None, Some(_)) | (None, None) => {
            Err(ExchangeError::KeyFileInvalid)
        }
    }
}

/// `DDDD-WW`: four digits, a dash, two digits.
pub fn valid_office_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[5..].iter().all(u8::is_ascii_digit)
}

/// The central office's secret keys, kept in its data folder.
pub struct CentralKeys {
    /// Decrypts batches encrypted to the central office.
    pub identity: age::x25519::Identity,
    /// Signs acknowledgements.
    pub signing: SigningKey,
}

impl std::fmt::Debug for CentralKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CentralKeys")
            .field("public", &self.public().to_file())
            .finish()
    }
}

/// Writes a secret key file whole or not at all: a temporary file beside it, synced, then renamed over
/// `path`, and (on Unix) the folder synced so the rename itself survives a power cut.
///
/// On Unix the file is created with mode 0600 from the start (owner read and write only), never widened
/// and narrowed after the secret is in it; a temporary file left by an earlier crash is removed first,
/// because opening an existing file would keep its old mode. On Windows files get no mode: a data folder
/// under the user's profile (the app's default, `%APPDATA%`) inherits an ACL that grants only that user,
/// SYSTEM and the administrators, which is the protection the key files have there.
pub fn write_secret_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let Some(name) = path.file_name() else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a key file's path must end in a file name",
        ));
    };
    let mut name = name.to_os_string();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    match std::fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    // Windows cannot open a folder as a file to sync it; NTFS journals the rename itself.
    #[cfg(unix)]
    if let Some(folder) = path.parent() {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        std::fs::File::open(folder)?.sync_all()?;
    }
    Ok(())
}

impl CentralKeys {
    /// A new key pair, from the system's random source.
    pub fn generate() -> CentralKeys {
        CentralKeys {
            identity: age::x25519::Identity::generate(),
            signing: SigningKey::generate(&mut rand_core::OsRng),
        }
    }

    /// Whether `dir` holds either of the secret key files.
    pub fn exists(dir: &Path) -> bool {
        dir.join(AGE_FILE).exists() || dir.join(SIGN_FILE).exists()
    }

    /// Writes both secret keys into `dir`, each whole or not at all, readable by the owner only (see
    /// [`write_secret_file`]).
    pub fn save(&self, dir: &Path) -> Result<(), ExchangeError> {
        let write = |file: &str, text: String| {
            write_secret_file(&dir.join(file), text.as_bytes())
                .map_err(|e| ExchangeError::Storage(e.to_string()))
        };
        write(
            AGE_FILE,
            format!("{}\n", self.identity.to_string().expose_secret()),
        )?;
        write(
            SIGN_FILE,
            format!("{}\n", STANDARD.encode(self.signing.to_bytes())),
        )
    }

    /// Reads both secret keys from `dir`, the folder of an existing central store. A key file that is
    /// missing, unreadable or malformed is [`ExchangeError::CentralKeyUnreadable`] naming it, never "not
    /// initialised" and never a reason to make new keys: every office has the public half installed, and
    /// only the central office's backup can bring the secret half back.
    pub fn load(dir: &Path) -> Result<CentralKeys, ExchangeError> {
        let unreadable = |file: &str| ExchangeError::CentralKeyUnreadable {
            path: dir.join(file).display().to_string(),
        };
        let read =
            |file: &str| std::fs::read_to_string(dir.join(file)).map_err(|_| unreadable(file));
        let identity = read(AGE_FILE)?
            .trim()
            .parse::<age::x25519::Identity>()
            .map_err(|_| unreadable(AGE_FILE))?;
        let seed: [u8; 32] = STANDARD
            .decode(read(SIGN_FILE)?.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| unreadable(SIGN_FILE))?;
        Ok(CentralKeys {
            identity,
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The paths of the two secret key files in `dir` (the age identity, the Ed25519 signing key).
    pub fn files(dir: &Path) -> [std::path::PathBuf; 2] {
        [dir.join(AGE_FILE), dir.join(SIGN_FILE)]
    }

    /// The public half, to hand out as the central office's key file.
    pub fn public(&self) -> CentralPublic {
        CentralPublic {
            recipient: self.identity.to_public(),
            verifying: self.signing.verifying_key(),
        }
    }
}
