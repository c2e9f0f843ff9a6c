//! Backups of an office and restores from them (`docs/backup-format.md`).
//!
//! A backup is one file: a short text header (the office, when it was made, the office's backup key's
//! public half, and its private half sealed with the backup passphrase by age's scrypt recipient), then
//! the payload, encrypted with age to the backup key: every row of every tree, the batch files, the
//! office key. Because only the first backup needs the passphrase (it makes the backup key), later ones
//! (the window's automatic backups) need no one to type it; reading a backup always does.
//!
//! A restore fills a new folder, checks what it restored as `backup-verify` does (every row read, batch
//! hashes, the audit chain, the indexes equal to a rebuild from the records) and makes the office the
//! successor of the workstation it was, under a new workstation code and a new office key
//! (`docs/batch-format.md`, section 8), so no number is ever issued twice.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use age::secrecy::{ExposeSecret, SecretString};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use nssf_domain::{Problem, ProblemKind};
use nssf_store::{AuditVerdict, BackupKey, BackupRow, Store};
use serde::{Deserialize, Serialize};

use crate::office_key::{public_key_file, OfficeKey, KEY_FILE};
use crate::{Action, Actor, ApiError, Desk, NationalRules, Reference, Refusal};

/// The first line of a backup file.
pub const BACKUP_HEADER: &str = "NSSF-DESK-BACKUP 1";
/// The first bytes of the decrypted payload.
const PAYLOAD_MAGIC: &[u8] = b"NSSF-DESK-BACKUP-PAYLOAD 1\n";
/// The shortest passphrase accepted when the backup key is made.
pub const MIN_PASSPHRASE_CHARS: u32 = 10;
/// The longest header line read (the sealed key is about 300 characters of base64).
const MAX_HEADER_LINE: usize = 4096;
/// Limits of one frame of the payload, so a damaged length never asks for gigabytes.
const MAX_NAME: usize = 4096;
const MAX_VALUE: u64 = 256 * 1024 * 1024;
/// The folders of the data folder a backup carries as files (besides the office key file).
const FILE_FOLDERS: &[&str] = &["batches", "predecessor"];

/// Frame tags of the payload.
const FRAME_MANIFEST: u8 = b'M';
const FRAME_ROW: u8 = b'R';
const FRAME_FILE: u8 = b'F';
const FRAME_END: u8 = b'E';

/// The office's backup passphrase: it seals the backup key's private half. Never printed.
pub struct BackupPassphrase(SecretString);

impl BackupPassphrase {
    /// The passphrase as typed or read from `NSSF_DESK_BACKUP_PASSPHRASE`.
    pub fn new(text: impl Into<String>) -> BackupPassphrase {
        BackupPassphrase(SecretString::from(text.into()))
    }
}

impl BackupPassphrase {
    /// Its length in characters, as the minimum is counted.
    pub(crate) fn chars(&self) -> usize {
        self.0.expose_secret().chars().count()
    }
}

impl std::fmt::Debug for BackupPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupPassphrase(…)")
    }
}

/// What a backup held, as `backup` and `backup-verify` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    /// `DDDD-WW` of the workstation backed up.
    pub office: String,
    /// When the backup was made (RFC 3339).
    pub made: String,
    /// Rows of every tree.
    pub rows: u64,
    /// Files (batch files, the office key, …).
    pub files: u64,
    /// Members.
    pub members: u64,
    /// Receipts.
    pub receipts: u64,
    /// Audit entries (the chain checked whole).
    pub audit_entries: u64,
    /// Whether this backup made the office's backup key (its first backup).
    pub key_created: bool,
}

/// A restored office: the successor of the workstation backed up.
#[derive(Debug)]
pub struct Restored {
    /// The office, open.
    pub desk: Desk,
    /// What the backup held.
    pub summary: BackupSummary,
    /// The workstation succeeded, `DDDD-WW`.
    pub succeeds: String,
    /// The fingerprint of the successor's new office key.
    pub fingerprint: String,
    /// The predecessor's changes the central office had not acknowledged when the backup was made.
    pub unacknowledged_changes: u64,
}

/// The manifest at the head of the payload; it repeats the header's office and time, which the header
/// alone does not protect.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    office: String,
    made: String,
}

fn invalid(detail: impl Into<String>) -> ApiError {
    Refusal::BackupInvalid {
        detail: detail.into(),
    }
    .into()
}

impl Desk {
    /// Whether the office has its backup key, so a backup needs no passphrase.
    pub fn has_backup_key(&self) -> Result<bool, ApiError> {
        Ok(self.store.backup_key()?.is_some())
    }

    /// Writes a backup of the office to `out` (temporary file, synced, renamed). The first backup makes
    /// the office's backup key and needs the passphrase (`backup-passphrase-needed` without one,
    /// `password-too-short` for a short one); later ones ignore it. Needs [`Action::Backup`].
    pub fn backup(
        &self,
        actor: &Actor,
        passphrase: Option<&BackupPassphrase>,
        out: &Path,
        now: DateTime<Utc>,
    ) -> Result<BackupSummary, ApiError> {
        actor.require(Action::Backup)?;
        let summary = self.write_backup(passphrase, out, now)?;
        if summary.key_created {
            // The first backup set the passphrase (the command line's way). Like the backup's own
            // record below, an entry the store cannot write (its disk full) does not undo a backup
            // already written whole.
            let _writing = self.write_turn();
            let _ = self.store.append_audit(
                now,
                &actor.staff_id,
                nssf_store::AuditAction::BackupPassphraseSet,
                nssf_store::OFFICE_TARGET,
                vec![],
            );
        }
        self.record_good_backup(actor, out, now);
        Ok(summary)
    }

    /// [`Desk::backup`] without the permission check: the automatic backup at day close is the
    /// office's, made for whoever closed the day (`backup_folder.rs`). Writes are paused while the rows
    /// are read, so the backup is one moment's (`write_gate.rs`).
    pub(crate) fn write_backup(
        &self,
        passphrase: Option<&BackupPassphrase>,
        out: &Path,
        now: DateTime<Utc>,
    ) -> Result<BackupSummary, ApiError> {
        let _paused = self.pause_writes();
        let (key, key_created) = match self.store.backup_key()? {
            Some(key) => (key, false),
            None => {
                let passphrase = passphrase.ok_or(Refusal::BackupPassphraseNeeded {})?;
                if (passphrase.0.expose_secret().chars().count() as u32) < MIN_PASSPHRASE_CHARS {
                    return Err(Refusal::PasswordTooShort {
                        min: MIN_PASSPHRASE_CHARS,
                    }
                    .into());
                }
                let key = new_backup_key(passphrase)?;
                self.store.set_backup_key(&key)?;
                (key, true)
            }
        };
        let recipient: age::x25519::Recipient = key.recipient.parse().map_err(ApiError::storage)?;
        let office = self.office();
        let code = format!("{}-{}", office.district_code, office.workstation);
        let made = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut summary = BackupSummary {
            office: code.clone(),
            made: made.clone(),
            rows: 0,
            files: 0,
            members: self.store.member_count() as u64,
            receipts: 0,
            audit_entries: 0,
            key_created,
        };
        let header = format!(
            "{BACKUP_HEADER}\noffice {code}\nmade {made}\nrecipient {}\nsealed {}\n\n",
            key.recipient,
            STANDARD.encode(&key.sealed_identity)
        );
        let data = self.store.data_folder();
        // Streamed into the temporary file beside `out` (age encrypts in 64 KiB chunks as the frames
        // arrive), so a backup needs memory for one row or one batch file, not for the office; the file
        // gets its real name only once whole and synced. The file's own errors (a full or read-only stick,
        // a stick pulled out) are `file-unwritable` naming it; the store's keep their own refusal.
        let unwritable = |_: std::io::Error| -> ApiError {
            Refusal::FileUnwritable {
                path: out.display().to_string(),
            }
            .into()
        };
        crate::files::write_atomically_with(
            out,
            |file| {
                file.write_all(header.as_bytes()).map_err(unwritable)?;
                let encryptor = age::Encryptor::with_recipients(std::iter::once(
                    &recipient as &dyn age::Recipient,
                ))
                .map_err(ApiError::storage)?;
                let mut payload = encryptor.wrap_output(file).map_err(unwritable)?;
                payload.write_all(PAYLOAD_MAGIC).map_err(unwritable)?;
                let manifest = serde_json::to_vec(&Manifest {
                    office: code.clone(),
                    made: made.clone(),
                })
                .map_err(ApiError::storage)?;
                write_frame(&mut payload, FRAME_MANIFEST, &[&manifest]).map_err(unwritable)?;
                for row in self.store.backup_rows() {
                    let row = row?;
                    match row.tree.as_str() {
                        "receipts" => summary.receipts += 1,
                        "audit" => summary.audit_entries += 1,
                        _ => {}
                    }
                    write_frame(
                        &mut payload,
                        FRAME_ROW,
                        &[row.tree.as_bytes(), &row.key, &row.value],
                    )
                    .map_err(unwritable)?;
                    summary.rows += 1;
                }
                for relative in data_files(&data)? {
                    let bytes = std::fs::read(data.join(&relative)).map_err(ApiError::storage)?;
                    write_frame(&mut payload, FRAME_FILE, &[relative.as_bytes(), &bytes])
                        .map_err(unwritable)?;
                    summary.files += 1;
                }
                let mut end = summary.rows.to_be_bytes().to_vec();
                end.extend(summary.files.to_be_bytes());
                write_frame(&mut payload, FRAME_END, &[&end]).map_err(unwritable)?;
                payload.finish().map_err(unwritable)?;
                Ok(())
            },
            unwritable,
        )?;
        Ok(summary)
    }
}

/// A new backup key: an X25519 identity, its private half sealed with the passphrase.
pub(crate) fn new_backup_key(passphrase: &BackupPassphrase) -> Result<BackupKey, ApiError> {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let sealer = age::Encryptor::with_user_passphrase(passphrase.0.clone());
    let mut sealed = sealer.wrap_output(Vec::new()).map_err(ApiError::storage)?;
    sealed
        .write_all(identity.to_string().expose_secret().as_bytes())
        .map_err(ApiError::storage)?;
    let sealed_identity = sealed.finish().map_err(ApiError::storage)?;
    Ok(BackupKey {
        recipient,
        sealed_identity,
    })
}

/// The files a backup carries, as paths relative to the data folder with `/` separators: the office key
/// file and every file under [`FILE_FOLDERS`], sorted.
fn data_files(data: &Path) -> Result<Vec<String>, ApiError> {
    let mut found = Vec::new();
    if data.join(KEY_FILE).is_file() {
        found.push(KEY_FILE.to_owned());
    }
    let mut pending: Vec<String> = FILE_FOLDERS.iter().map(|f| (*f).to_owned()).collect();
    while let Some(folder) = pending.pop() {
        let entries = match std::fs::read_dir(data.join(&folder)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(ApiError::storage(e)),
        };
        for entry in entries {
            let entry = entry.map_err(ApiError::storage)?;
            let name = entry.file_name().into_string().map_err(|n| {
                ApiError::storage(format!("file name not UTF-8: {}", n.to_string_lossy()))
            })?;
            let relative = format!("{folder}/{name}");
            let kind = entry.file_type().map_err(ApiError::storage)?;
            if kind.is_dir() {
                pending.push(relative);
            } else if kind.is_file() && !name.ends_with(".part") {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// One frame: the tag, then each part as its length (u64 BE) and its bytes.
fn write_frame(out: &mut impl Write, tag: u8, parts: &[&[u8]]) -> std::io::Result<()> {
    out.write_all(&[tag])?;
    for part in parts {
        out.write_all(&(part.len() as u64).to_be_bytes())?;
        out.write_all(part)?;
    }
    Ok(())
}

/// Reads one part of a frame, at most `max` bytes long.
fn read_part(input: &mut impl Read, max: u64) -> Result<Vec<u8>, ApiError> {
    let mut len = [0u8; 8];
    input.read_exact(&mut len).map_err(damaged)?;
    let len = u64::from_be_bytes(len);
    if len > max {
        return Err(invalid(format!("a part of {len} bytes")));
    }
    let mut bytes = vec![0u8; len as usize];
    input.read_exact(&mut bytes).map_err(damaged)?;
    Ok(bytes)
}

/// A read of the payload that failed: age's authentication of each chunk failed, or the file ended early.
fn damaged(e: std::io::Error) -> ApiError {
    invalid(format!("damaged or cut short: {e}"))
}

/// A backup's header, read and its backup key unsealed; the payload not yet read.
struct OpenedBackup {
    office: String,
    made: String,
    payload: Box<dyn Read>,
}

/// Reads the header of the backup at `path` and unseals its backup key with `passphrase`
/// (`backup-passphrase-wrong` when it does not open it); nothing is written.
fn open_backup(path: &Path, passphrase: &BackupPassphrase) -> Result<OpenedBackup, ApiError> {
    let file =
        std::fs::File::open(path).map_err(|e| invalid(format!("{}: {e}", path.display())))?;
    let mut input = BufReader::new(file);
    let mut fields = Vec::new();
    loop {
        let mut line = Vec::new();
        (&mut input)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .map_err(damaged)?;
        if line.last() != Some(&b'\n') {
            return Err(invalid("not a backup file (header)"));
        }
        line.pop();
        if line.is_empty() {
            break;
        }
        fields.push(String::from_utf8(line).map_err(|_| invalid("not a backup file (header)"))?);
        if fields.len() > 8 {
            return Err(invalid("not a backup file (header)"));
        }
    }
    if fields.first().map(String::as_str) != Some(BACKUP_HEADER) {
        return Err(invalid("not a backup file"));
    }
    let field = |name: &str| -> Result<String, ApiError> {
        fields
            .iter()
            .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(' ')))
            .map(str::to_owned)
            .ok_or_else(|| invalid(format!("header without {name}")))
    };
    let (office, made, recipient) = (field("office")?, field("made")?, field("recipient")?);
    let sealed = STANDARD
        .decode(field("sealed")?)
        .map_err(|_| invalid("sealed key not base64"))?;
    let identity = unseal(&sealed, passphrase)?;
    if identity.to_public().to_string() != recipient {
        return Err(invalid("the sealed key is not the backup's key"));
    }
    let decryptor = age::Decryptor::new(input).map_err(|e| invalid(e.to_string()))?;
    let payload = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| invalid(e.to_string()))?;
    Ok(OpenedBackup {
        office,
        made,
        payload: Box::new(BufReader::new(payload)),
    })
}

/// The backup key's private half, unsealed with the passphrase.
fn unseal(sealed: &[u8], passphrase: &BackupPassphrase) -> Result<age::x25519::Identity, ApiError> {
    let decryptor = age::Decryptor::new(sealed).map_err(|e| invalid(e.to_string()))?;
    if !decryptor.is_scrypt() {
        return Err(invalid("the sealed key is not sealed with a passphrase"));
    }
    let identity = age::scrypt::Identity::new(passphrase.0.clone());
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| {
            // Only the passphrase's own stanza was tried: failing to open it is the passphrase.
            if matches!(
                e,
                age::DecryptError::DecryptionFailed
                    | age::DecryptError::KeyDecryptionFailed
                    | age::DecryptError::NoMatchingKeys
            ) {
                ApiError::from(Refusal::BackupPassphraseWrong {})
            } else {
                invalid(e.to_string())
            }
        })?;
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|_| ApiError::from(Refusal::BackupPassphraseWrong {}))?;
    text.trim()
        .parse::<age::x25519::Identity>()
        .map_err(|_| invalid("the sealed key is not an age key"))
}

/// A relative path of the backup as a path under `dir`, refusing anything that would leave it.
fn inside(dir: &Path, relative: &str) -> Result<PathBuf, ApiError> {
    let path = Path::new(relative);
    if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(invalid(format!("file path {relative:?}")));
    }
    Ok(dir.join(path))
}

/// Checks a batch file's name (`NNNNNN-SHA256.batch`) against its bytes.
fn check_batch_file(relative: &str, bytes: &[u8]) -> Result<(), ApiError> {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if let Some(sha) = name
        .strip_suffix(".batch")
        .and_then(|stem| stem.split_once('-'))
        .map(|(_, sha)| sha)
    {
        if nssf_store::sha256_hex(bytes) != sha {
            return Err(invalid(format!(
                "batch file {relative} does not match its hash"
            )));
        }
    }
    Ok(())
}

/// Writes the payload of `opened` into the empty folder `dir` and checks the result: every row read,
/// the batch files against their hashes and their records, the audit chain whole, the indexes equal to
/// a rebuild (rebuilt if not), the office key readable.
fn unpack(mut opened: OpenedBackup, dir: &Path) -> Result<(Store, BackupSummary), ApiError> {
    let input = &mut opened.payload;
    let mut magic = vec![0u8; PAYLOAD_MAGIC.len()];
    input.read_exact(&mut magic).map_err(damaged)?;
    if magic != PAYLOAD_MAGIC {
        return Err(invalid("not a backup payload"));
    }
    let mut tag = [0u8; 1];
    input.read_exact(&mut tag).map_err(damaged)?;
    if tag[0] != FRAME_MANIFEST {
        return Err(invalid("payload without manifest"));
    }
    let manifest: Manifest = serde_json::from_slice(&read_part(input, MAX_NAME as u64)?)
        .map_err(|e| invalid(format!("manifest: {e}")))?;
    if manifest.office != opened.office || manifest.made != opened.made {
        return Err(invalid("the header does not match the payload"));
    }
    let mut restoring = Store::begin_restore(dir)?;
    let mut files = 0u64;
    loop {
        input.read_exact(&mut tag).map_err(damaged)?;
        match tag[0] {
            FRAME_ROW => {
                let tree = String::from_utf8(read_part(input, MAX_NAME as u64)?)
                    .map_err(|_| invalid("tree name not UTF-8"))?;
                let key = read_part(input, MAX_VALUE)?;
                let value = read_part(input, MAX_VALUE)?;
                restoring.insert(&BackupRow { tree, key, value })?;
            }
            FRAME_FILE => {
                let relative = String::from_utf8(read_part(input, MAX_NAME as u64)?)
                    .map_err(|_| invalid("file name not UTF-8"))?;
                let bytes = read_part(input, MAX_VALUE)?;
                check_batch_file(&relative, &bytes)?;
                let path = inside(dir, &relative)?;
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(ApiError::storage)?;
                }
                crate::files::write_atomically(&path, &bytes, &mut |_, _| {})
                    .map_err(ApiError::storage)?;
                files += 1;
            }
            FRAME_END => {
                let end = read_part(input, 16)?;
                let count = |at: usize| {
                    end.get(at..at + 8)
                        .and_then(|b| <[u8; 8]>::try_from(b).ok())
                        .map(u64::from_be_bytes)
                };
                if count(0) != Some(restoring.rows()) || count(8) != Some(files) {
                    return Err(invalid("the payload's counts do not match"));
                }
                break;
            }
            other => return Err(invalid(format!("unknown frame {other}"))),
        }
    }
    let mut rest = [0u8; 1];
    if input.read(&mut rest).map_err(damaged)? != 0 {
        return Err(invalid("bytes after the end"));
    }
    let rows = restoring.rows();
    let store = restoring.finish()?;
    let audit_entries = match store.verify_audit()? {
        AuditVerdict::Intact { entries, .. } => entries,
        AuditVerdict::Broken { seq, why } => {
            return Err(invalid(format!("audit chain breaks at {seq} ({why:?})")))
        }
    };
    store.rebuild_indexes()?;
    let receipts = store.check_ledger_rows()?;
    for (batch, _) in store.exported_batches()? {
        store.exported_batch(batch)?;
    }
    OfficeKey::load(dir)?;
    let summary = BackupSummary {
        office: opened.office,
        made: opened.made,
        rows,
        files,
        members: store.member_count() as u64,
        receipts,
        audit_entries,
        key_created: false,
    };
    Ok((store, summary))
}

/// Checks the backup at `path` completely without restoring it anywhere the office uses: it is unpacked
/// into a temporary folder, checked as a restore checks it, and removed.
pub fn verify_backup(
    path: &Path,
    passphrase: &BackupPassphrase,
) -> Result<BackupSummary, ApiError> {
    let opened = open_backup(path, passphrase)?;
    let scratch = std::env::temp_dir().join(format!(
        "nssf-backup-verify-{}-{}",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::create_dir_all(&scratch).map_err(ApiError::storage)?;
    let result = unpack(opened, &scratch).map(|(_, summary)| summary);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Restores the backup at `from` into `dir` (absent or empty: `restore-folder-not-empty` otherwise) as
/// the successor of the workstation backed up, under the workstation code `workstation` (which must
/// differ from the old one: `restore-same-workstation`). A wrong passphrase, a damaged backup or any
/// failed check leaves `dir` as it was. The successor gets a new office key; the old one (which signed
/// the cards and batches before) is kept in `predecessor/DDDD-WW/`, with its public-key file.
pub fn restore(
    from: &Path,
    dir: &Path,
    workstation: &str,
    passphrase: &BackupPassphrase,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Restored, ApiError> {
    let ws = nssf_domain::text::ascii_digits(workstation.trim());
    let Some(code) = ws
        .parse::<u8>()
        .ok()
        .filter(|w| (1..=99).contains(w) && ws.len() <= 2)
    else {
        return Err(ApiError::invalid(vec![Problem::new(
            "workstation",
            ProblemKind::WorkstationInvalid { value: ws },
        )]));
    };
    let existed = dir.exists();
    if existed
        && std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(true)
    {
        return Err(Refusal::RestoreFolderNotEmpty {
            path: dir.display().to_string(),
        }
        .into());
    }
    let opened = open_backup(from, passphrase)?;
    if opened.office.rsplit('-').next() == Some(format!("{code:02}").as_str()) {
        return Err(Refusal::RestoreSameWorkstation {
            workstation: format!("{code:02}"),
        }
        .into());
    }
    // Built beside the target under a name that is not the office's, checked there, and only then
    // renamed into place: a crash or a failed check never leaves a half-restored folder where the office
    // is looked for, and the target stays as it was (absent or empty) until the restore is whole.
    let name = dir
        .file_name()
        .ok_or_else(|| ApiError::storage(format!("{} is not a folder name", dir.display())))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(ApiError::storage)?;
    let mut partial_name = name.to_os_string();
    partial_name.push(format!(".partial-{:016x}", rand::random::<u64>()));
    let partial = parent.join(partial_name);
    std::fs::create_dir(&partial).map_err(ApiError::storage)?;
    let result = restore_into(opened, &partial, code, actor, now)
        .and_then(|restored| move_into_place(restored, &partial, dir, existed));
    if result.is_err() {
        // Everything in it is this restore's; the target was not touched.
        let _ = std::fs::remove_dir_all(&partial);
    }
    result
}

/// Closes the store restored in `partial`, renames `partial` to `dir` (which is absent, or empty and
/// removed first) with the rename synced in the parent folder, and opens the office there.
fn move_into_place(
    restored: Restored,
    partial: &Path,
    dir: &Path,
    existed: bool,
) -> Result<Restored, ApiError> {
    let Restored {
        desk,
        summary,
        succeeds,
        fingerprint,
        unacknowledged_changes,
    } = restored;
    // sled keeps the folder's path and lock: closed before the folder moves, opened again after.
    desk.flush()?;
    drop(desk);
    if existed {
        std::fs::remove_dir(dir).map_err(ApiError::storage)?;
    }
    std::fs::rename(partial, dir).map_err(ApiError::storage)?;
    crate::files::sync_folder(dir).map_err(ApiError::storage)?;
    let desk = Desk::open(dir)?;
    Ok(Restored {
        desk,
        summary,
        succeeds,
        fingerprint,
        unacknowledged_changes,
    })
}

fn restore_into(
    opened: OpenedBackup,
    dir: &Path,
    workstation: u8,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Restored, ApiError> {
    let (store, summary) = unpack(opened, dir)?;
    let old_key = OfficeKey::load(dir)?;
    let keep = dir.join("predecessor").join(&summary.office);
    std::fs::create_dir_all(&keep).map_err(ApiError::storage)?;
    std::fs::rename(dir.join(KEY_FILE), keep.join(KEY_FILE)).map_err(ApiError::storage)?;
    crate::files::write_atomically(
        &keep.join("office-key.pub"),
        public_key_file(&summary.office, &old_key.public_key()).as_bytes(),
        &mut |_, _| {},
    )
    .map_err(ApiError::storage)?;
    let key = OfficeKey::create(dir)?;
    let succession = store.become_successor(workstation, &actor.staff_id, now, &summary.made)?;
    let national = NationalRules::of_store(&store)?;
    let fingerprint = nssf_exchange::keys::office_fingerprint(&key.public_key());
    Ok(Restored {
        desk: Desk {
            store,
            reference: Reference::bundled(),
            national: RwLock::new(Arc::new(national)),
            key,
            writes: Default::default(),
        },
        summary,
        succeeds: succession.predecessor,
        fingerprint,
        unacknowledged_changes: succession.unacknowledged_changes,
    })
}
