//! The worst files we can construct against the central office's reader, timed with their peak memory:
//! `cargo run --release -p nssf-exchange --example worst_case [--keep DIR]`. Prints the Markdown table of
//! `docs/reliability.md`.
//!
//! Each file is written to a temporary folder first; then the example runs itself once per file
//! (`worst_case measure FILE CENTRAL_DIR KIND`), so that each child's peak resident memory (`VmHWM` of
//! `/proc/self/status`, Linux only) is that of one file's reading and checking, as `nssf-desk central
//! verify --allow-plaintext FILE` does it: `nssf_api::files::read_incoming`, then `CentralStore::verify`
//! (or `ack::open` for an acknowledgement). The first row, a file of a few bytes, is the baseline: the
//! process and the central store open.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::Utc;
use nssf_api::files::{read_incoming, IncomingFile};
use nssf_api::{Actor, Desk, OfficeSetup};
use nssf_exchange::batch::{Control, Manifest, PartInfo, MAX_BATCH_BYTES, NO_PREVIOUS};
use nssf_exchange::central::{Plaintext, TrustRequest};
use nssf_exchange::{ack, container, CentralPublic, CentralStore};

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, file, central, kind] = args.as_slice() {
        if mode == "measure" {
            return measure(Path::new(file), Path::new(central), kind);
        }
    }
    // `--keep DIR` writes the files into DIR and leaves them there, to feed them to other programs
    // (an earlier `nssf-desk`, for the figures before the fix).
    let tmp = tempfile::tempdir()?;
    let dir = match args.as_slice() {
        [flag, dir] if flag == "--keep" => PathBuf::from(dir),
        _ => tmp.path().to_owned(),
    };
    std::fs::create_dir_all(&dir)?;
    let (central_dir, cases) = construct(&dir)?;
    println!("| file | bytes | outcome | time | peak RSS |\n| --- | --- | --- | --- | --- |");
    for case in cases {
        let out = Command::new(std::env::current_exe()?)
            .args([
                "measure",
                &path_text(&case.path)?,
                &path_text(&central_dir)?,
            ])
            .arg(case.kind)
            .output()?;
        let report = String::from_utf8_lossy(&out.stdout);
        let size = std::fs::metadata(&case.path).map_or(0, |m| m.len());
        println!("| {} | {size} | {} |", case.what, report.trim());
    }
    Ok(())
}

fn path_text(path: &Path) -> Result<String, Failure> {
    Ok(path
        .to_str()
        .ok_or("a temporary path that is not UTF-8")?
        .to_owned())
}

struct Case {
    what: &'static str,
    path: PathBuf,
    /// `batch` or `ack`: which reader.
    kind: &'static str,
}

/// Reads and checks one file, then prints `outcome | time | peak RSS`.
fn measure(file: &Path, central_dir: &Path, kind: &str) -> Result<(), Failure> {
    let central = CentralStore::open(central_dir)?;
    let started = Instant::now();
    let outcome = match kind {
        "ack" => read_incoming(file, IncomingFile::Acknowledgement)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                // Any key: the file is refused before or at its signature.
                let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
                ack::open(&bytes, &key).map_err(|e| e.to_string())
            })
            .map(|_| "accepted".to_owned()),
        _ => read_incoming(file, IncomingFile::Batch)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                central
                    .verify(&bytes, Plaintext::Allowed)
                    .map_err(|e| e.to_string())
            })
            .map(|_| "accepted".to_owned()),
    };
    let elapsed = started.elapsed();
    let outcome = outcome.unwrap_or_else(|refused| format!("refused: {refused}"));
    println!("{outcome} | {elapsed:.1?} | {}", peak_rss());
    Ok(())
}

#[cfg(target_os = "linux")]
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

#[cfg(not(target_os = "linux"))]
fn peak_rss() -> String {
    "? (Linux only)".to_owned()
}

/// Writes every case's file; returns the central office's folder and the cases, baseline first.
fn construct(dir: &Path) -> Result<(PathBuf, Vec<Case>), Failure> {
    let central_dir = dir.join("central");
    let central = CentralStore::init(&central_dir)?;
    let office = Desk::init(
        &dir.join("office"),
        &OfficeSetup {
            district_code: "0101".into(),
            workstation: "01".into(),
        },
        &Actor::setup_user(),
        Utc::now(),
    )?;
    central.trust(
        &TrustRequest {
            office_key_file: &office.office_public_key(),
            succeeds: None,
            replace: false,
        },
        Utc::now(),
    )?;
    let signer = nssf_exchange::keys::parse_office_key(&office.office_public_key())?.1;
    let recipient = CentralPublic::parse(&central.public_key_file())?.recipient;
    drop(central);

    let mut cases = Vec::new();
    let mut add = |what, name: &str, kind, bytes: &[u8]| -> Result<(), Failure> {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        cases.push(Case { what, path, kind });
        Ok(())
    };
    add(
        "baseline: 8 bytes, not a batch",
        "tiny",
        "batch",
        b"NSSFBAT?",
    )?;

    let max = usize::try_from(MAX_BATCH_BYTES)?;
    // The most a file can make us do before its signature is checked: a container at the size limit
    // whose manifest is the largest accepted (1 MiB) and names the trusted workstation, so that it is
    // parsed, the key looked up and the signature checked over the whole megabyte (and fails).
    let manifest = big_manifest(&STANDARD.encode(signer.as_bytes()))?;
    let at_limit = |room: usize| -> Vec<u8> {
        let fixed = container::write(&[
            ("manifest.json", &manifest),
            ("members.jsonl", b""),
            ("payments.jsonl", b""),
            ("voids.jsonl", b""),
            ("days.jsonl", b""),
            ("signature", &[0; 64]),
        ])
        .len();
        let members = vec![b'{'; room - fixed];
        container::write(&[
            ("manifest.json", &manifest),
            ("members.jsonl", &members),
            ("payments.jsonl", b""),
            ("voids.jsonl", b""),
            ("days.jsonl", b""),
            ("signature", &[0; 64]),
        ])
    };
    add(
        "container at the limit, 1 MiB manifest, bad signature (plaintext)",
        "limit-plain.batch",
        "batch",
        &at_limit(max),
    )?;
    // age adds a 16-byte tag per 64 KiB and a header of about 300 bytes.
    let encrypted = encrypt(
        &at_limit(max - max / 4096 - 1024),
        std::slice::from_ref(&recipient),
    )?;
    add(
        "the same, encrypted to the central office, at the limit",
        "limit-age.batch",
        "batch",
        &encrypted,
    )?;
    add(
        "a container whose first part claims 2^64-1 bytes",
        "huge-part.batch",
        "batch",
        &[
            &container::MAGIC[..],
            &6u16.to_be_bytes(),
            &[13],
            b"manifest.json",
            &u64::MAX.to_be_bytes(),
        ]
        .concat(),
    )?;
    let nested = format!("{}{}", "[".repeat(512 * 1024), "]".repeat(512 * 1024));
    add(
        "a manifest of 1 MiB nested arrays",
        "nested.batch",
        "batch",
        &container::write(&[
            ("manifest.json", nested.as_bytes()),
            ("members.jsonl", b""),
            ("payments.jsonl", b""),
            ("voids.jsonl", b""),
            ("days.jsonl", b""),
            ("signature", &[0; 64]),
        ]),
    )?;
    let stanzas: Vec<age::x25519::Recipient> = (0..20_000)
        .map(|_| age::x25519::Identity::generate().to_public())
        .chain(std::iter::once(recipient.clone()))
        .collect();
    add(
        "age header with 20,001 X25519 stanzas, the central office's last",
        "stanzas.batch",
        "batch",
        &encrypt(container::MAGIC, &stanzas)?,
    )?;
    let mut long_line = b"age-encryption.org/v1\n-> X25519 ".to_vec();
    long_line.resize(2 * 1024 * 1024, b'A');
    add(
        "age header line of 2 MiB",
        "long-line.batch",
        "batch",
        &long_line,
    )?;
    let mut ack_file = format!("{}\n", ack::ACK_HEADER).into_bytes();
    ack_file.resize(usize::try_from(ack::MAX_ACK_BYTES)? - 100, b'A');
    ack_file.extend_from_slice(format!("\n{}\n", STANDARD.encode([0u8; 64])).as_bytes());
    add(
        "acknowledgement at its limit, bad signature",
        "limit.ack",
        "ack",
        &ack_file,
    )?;

    let over = dir.join("over.batch");
    std::fs::File::create(&over)?.set_len(256 * 1024 * 1024)?;
    cases.push(Case {
        what: "256 MiB (sparse)",
        path: over,
        kind: "batch",
    });
    cases.push(Case {
        what: "/dev/zero",
        path: PathBuf::from("/dev/zero"),
        kind: "batch",
    });
    Ok((central_dir, cases))
}

/// A manifest of about 1 MiB (the largest read) that parses and names `signer`: its part list is long.
fn big_manifest(signer: &str) -> Result<Vec<u8>, Failure> {
    let part = PartInfo {
        name: "members.jsonl".into(),
        bytes: 0,
        sha256: "0".repeat(64),
    };
    let mut manifest = Manifest {
        format: "nssf-batch".into(),
        // Version 1's six parts, as the containers above lay out.
        version: 1,
        office: "0101".into(),
        workstation: "01".into(),
        batch: 1,
        previous_sha256: NO_PREVIOUS.into(),
        first_seq: 1,
        last_seq: 0,
        counts: Default::default(),
        control: Control::default(),
        audit_entries: None,
        parts: Vec::new(),
        signer: signer.into(),
    };
    let one = serde_json::to_vec(&part)?.len() + 1;
    manifest.parts = vec![part; (1024 * 1024 - 1024) / one];
    Ok(serde_json::to_vec(&manifest)?)
}

fn encrypt(plaintext: &[u8], recipients: &[age::x25519::Recipient]) -> Result<Vec<u8>, Failure> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))?;
    let mut out = Vec::with_capacity(plaintext.len() + plaintext.len() / 4096 + 4096);
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(plaintext)?;
    writer.finish()?;
    Ok(out)
}
