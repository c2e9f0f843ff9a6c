//! The last audit entry reported saved, kept outside sled in `db/confirmed` (the workstation code, one
//! byte, then the audit counter, u64 BE), so that a store whose end sled dropped is found damaged instead
//! of answering from an earlier state.
//!
//! sled 0.34 checks each message of its log against a CRC when it opens a store. A message the snapshot
//! of its page table names is required, and a failed check refuses the store; but a failed check in the
//! messages written after that snapshot is taken for a write torn by a crash, and sled recovers up to the
//! message before it, silently. A bit flipped in those messages (measured in `docs/reliability.md`,
//! "Damaged files": most flips in a store last written after its snapshot) would give a whole-looking
//! store missing the members, payments and audit entries written since. Every change appends an audit
//! entry in its own transaction, so the audit counter in `meta` says how far the store goes; this file
//! says how far it went when a write was last reported saved.
//!
//! The file is written after sled's log is synced, so it never names more than the medium holds; it is
//! not synced itself: a power cut may leave it behind the store (it then proves less, never something
//! false), and a write is not reported failed for it: it is evidence, not data. A folder without it (a
//! store from before it, a restore) is checked from its first write on. A restored office that continues
//! as the successor of its old workstation starts its audit counter again under a new workstation code:
//! the counter witnessed for another workstation is not compared, and is replaced at the next write.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use sled::Tree;

use crate::encoding::u64_be;
use crate::{Damage, StoreError};

/// What the file says: the workstation and its audit counter.
type Witnessed = (u8, u64);

/// The name of the file inside sled's folder `db`.
const FILE: &str = "confirmed";
/// The counter every change advances (`changelog.rs`).
const AUDIT_COUNTER: &str = "counter/audit";

/// The open file, the last value written to it, and the workstation whose counter the store keeps now
/// (read from the office record when opening; a successor's is set by [`Confirmed::restart`]). Kept here,
/// not read from the store's office at each write: a settings change flushes while it holds the office.
#[derive(Debug)]
pub(crate) struct Confirmed {
    path: PathBuf,
    file: Mutex<Option<Witness>>,
}

#[derive(Debug)]
struct Witness {
    file: File,
    written: Option<Witnessed>,
    workstation: u8,
}

impl Confirmed {
    /// Opens (creating) `db/confirmed` in `dir` (sled's folder) and checks the store against it: a store
    /// whose audit counter is behind what was confirmed is [`StoreError::Corrupt`] in the tree `sled`.
    /// A file that cannot be opened leaves the store unchecked and unwitnessed rather than unopenable.
    pub(crate) fn open(sled_dir: &Path, meta: &Tree) -> Result<Confirmed, StoreError> {
        let path = sled_dir.join(FILE);
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        // The office record read here only for its workstation: its damage is reported where it is read.
        let workstation = crate::office::read(meta)
            .ok()
            .flatten()
            .map(|o| o.workstation);
        let Ok(mut file) = opened else {
            return Ok(Confirmed {
                path,
                file: Mutex::new(None),
            });
        };
        let mut bytes = Vec::new();
        // An unreadable or short file proves nothing: checked from the next write on.
        let witnessed = match file.read_to_end(&mut bytes) {
            Ok(_) => <[u8; 9]>::try_from(bytes.as_slice()).ok().map(|b| {
                let (workstation, counter) = b.split_at(1);
                (
                    workstation[0],
                    u64::from_be_bytes(counter.try_into().unwrap_or([0; 8])),
                )
            }),
            Err(_) => None,
        };
        let holds = audit_counter(meta)?;
        let compared = witnessed.filter(|(w, _)| workstation.is_none_or(|now| now == *w));
        if let Some((_, witnessed)) = compared.filter(|(_, n)| holds < *n) {
            return Err(StoreError::Corrupt {
                tree: "sled".into(),
                key: "db/db".into(),
                damage: Damage::Unreadable(format!(
                    "the store ends at audit entry {holds}, but entry {witnessed} was reported saved: \
                     sled dropped the end of its log"
                )),
            });
        }
        // A store being created has no office yet: `Store::create` writes it and calls `restart`.
        Ok(Confirmed {
            path,
            file: Mutex::new(workstation.map(|workstation| Witness {
                file,
                written: witnessed,
                workstation,
            })),
        })
    }

    /// The audit counter now, read before a flush: every write that took it is in the flush. (Read after
    /// it, another thread's write committed meanwhile could be witnessed before it is on the medium.)
    pub(crate) fn before_flush(meta: &Tree) -> Option<u64> {
        audit_counter(meta).ok()
    }

    /// Records `holds` (read by [`Confirmed::before_flush`]) as the audit counter confirmed, once sled's
    /// log is synced.
    pub(crate) fn record(&self, holds: Option<u64>) {
        let Some(holds) = holds else {
            return;
        };
        let mut guard = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(Witness {
            file,
            written,
            workstation,
        }) = guard.as_mut()
        {
            let workstation = *workstation;
            let newer = written.is_none_or(|(w, n)| w != workstation || holds > n);
            if newer {
                let mut bytes = vec![workstation];
                bytes.extend_from_slice(&holds.to_be_bytes());
                let wrote = file
                    .seek(SeekFrom::Start(0))
                    .and_then(|_| file.write_all(&bytes));
                // A file that could not be written proves less; the write it follows is saved all the same.
                if wrote.is_ok() {
                    *written = Some((workstation, holds));
                }
            }
        }
    }
}

impl Confirmed {
    /// Witnesses `meta`'s audit counter as it is now, for the office `meta` records now, even below what
    /// was witnessed: for a new store once its office is written (`Store::create`), and for a restored
    /// store made a successor (`backup.rs`), whose audit chain starts again at 1 under its new
    /// workstation code.
    pub(crate) fn restart(&self, meta: &Tree) {
        let Ok(Some(office)) = crate::office::read(meta) else {
            return;
        };
        let mut guard = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_mut() {
            Some(witness) => {
                witness.workstation = office.workstation;
                witness.written = None;
            }
            None => {
                let Ok(file) = std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&self.path)
                else {
                    return;
                };
                *guard = Some(Witness {
                    file,
                    written: None,
                    workstation: office.workstation,
                });
            }
        }
        drop(guard);
        self.record(Confirmed::before_flush(meta));
    }
}

fn audit_counter(meta: &Tree) -> Result<u64, StoreError> {
    match meta.get(AUDIT_COUNTER)? {
        Some(v) => u64_be(meta, AUDIT_COUNTER.as_bytes(), &v),
        None => Ok(0),
    }
}
