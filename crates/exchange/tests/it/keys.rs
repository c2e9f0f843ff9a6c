//! Keys: fingerprints as two people read them by phone, and the central office's secret key files (made
//! owner-only, never replaced when damaged).

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use nssf_api::Refusal;
use nssf_exchange::keys::{fingerprint, office_fingerprint, write_secret_file};
use nssf_exchange::{CentralKeys, CentralPublic, CentralStore, ExchangeError};

/// The first 16 bytes of SHA-256, upper-case hex, eight dash-separated groups of four.
#[test]
fn fingerprint_of_known_inputs() {
    let check = |input: &[u8], expected: &str| {
        assert_eq!(fingerprint(input), expected, "{input:?}");
    };
    // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb924 27ae41e4…
    check(b"", "E3B0-C442-98FC-1C14-9AFB-F4C8-996F-B924");
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223 b00361a3… (FIPS 180-2, appendix B.1)
    check(b"abc", "BA78-16BF-8F01-CFEA-4141-40DE-5DAE-2223");
    check(
        b"The quick brown fox jumps over the lazy dog",
        "D7A8-FBB3-07D7-8094-69CA-9ABC-B008-2E4F",
    );
    check(&[0; 32], "6668-7AAD-F862-BD77-6C8F-C18B-8E9F-8E20");
    check(&[0xff; 32], "AF96-1376-0F72-635F-BDB4-4A5A-0A63-C39F");
}

/// A workstation's fingerprint is over its 32-byte Ed25519 public key; the central office's over its
/// public-key file as `to_file` writes it, so spacing or line ends in the file handed over change nothing.
#[test]
fn fingerprints_of_known_keys() {
    // The Ed25519 key of the seed [7; 32] is ea4a6c63e29c520a… (RFC 8032 key derivation).
    let office = SigningKey::from_bytes(&[7; 32]).verifying_key();
    assert_eq!(
        office_fingerprint(&office),
        "FE81-2C12-F3AB-4CE6-AC5D-B69A-C352-F906"
    );

    // The age identity of the scalar [9; 32] and the same Ed25519 key.
    let canonical = "NSSF-CENTRAL-KEY 1\n\
        age age12ld5kdvlywh9u9rwfcj3ypt8q3ez2p353s2sc9r485xfx0gy6sss5uskuv\n\
        ed25519 6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=\n";
    let sloppy = "NSSF-CENTRAL-KEY 1\r\n\
        age  age12ld5kdvlywh9u9rwfcj3ypt8q3ez2p353s2sc9r485xfx0gy6sss5uskuv  \r\n\
        ed25519 6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=";
    for text in [canonical, sloppy] {
        let central = CentralPublic::parse(text).expect("central key file");
        assert_eq!(central.to_file(), canonical);
        assert_eq!(
            central.fingerprint(),
            "3EE4-EE7F-A703-BADE-E663-5016-9BD1-D2B3",
            "{text:?}"
        );
    }
}

fn central_folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("central");
    drop(CentralStore::init(&dir).expect("central init"));
    (tmp, dir)
}

/// Every file in the folder with its bytes (sled's own folder aside), to show nothing was written.
fn key_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// A central folder whose secret key is deleted, emptied, cut short or overwritten refuses to open with
/// the file's path (never "not initialised", never a new key): only its backup can bring the key back.
#[test]
fn a_damaged_central_key_refuses_to_open_and_nothing_is_written() {
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 4] = [
        ("deleted", |p| std::fs::remove_file(p).expect("delete")),
        ("emptied", |p| std::fs::write(p, b"").expect("empty")),
        ("cut short", |p| {
            let bytes = std::fs::read(p).expect("read");
            std::fs::write(p, &bytes[..bytes.len() / 2]).expect("truncate");
        }),
        ("overwritten", |p| {
            std::fs::write(p, b"not a key at all\n").expect("corrupt")
        }),
    ];
    for file in 0..2 {
        for (how, damage) in damages {
            let (_tmp, dir) = central_folder();
            let path = CentralKeys::files(&dir)[file].clone();
            damage(&path);
            let before = key_files(&dir);
            let refused = CentralStore::open(&dir).expect_err("a damaged key must not open");
            assert_eq!(
                refused,
                ExchangeError::CentralKeyUnreadable {
                    path: path.display().to_string()
                },
                "{} {how}",
                path.display()
            );
            assert_eq!(
                key_files(&dir),
                before,
                "{} {how}: nothing written",
                path.display()
            );
        }
    }
}

#[test]
fn the_central_key_refusal_names_the_file() {
    let refusal = Refusal::from(&ExchangeError::CentralKeyUnreadable {
        path: "/srv/central/central-sign.ed25519".into(),
    });
    assert_eq!(
        serde_json::to_value(refusal).expect("json"),
        serde_json::json!({
            "code": "exchange-central-key-unreadable",
            "args": {"path": "/srv/central/central-sign.ed25519"},
        })
    );
}

/// Secret key files are readable by their owner only, from the moment they exist: a temporary file left
/// by a crash with a wider mode is not reused.
#[cfg(unix)]
#[test]
fn secret_key_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;

    let (_tmp, dir) = central_folder();
    for path in CentralKeys::files(&dir) {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }

    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("secret.key");
    let leftover = tmp.path().join("secret.key.tmp");
    std::fs::write(&leftover, b"half a key").expect("leftover");
    std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    write_secret_file(&path, b"the secret").expect("write");
    assert_eq!(std::fs::read(&path).expect("read"), b"the secret");
    assert_eq!(mode(&path), 0o600);
    assert!(!leftover.exists(), "the temporary file was renamed");
}
