//! Bytes flipped in sled's own file (`db/db`) of a closed store, at seeded offsets: opening and reading
//! everything back never panics and never answers wrong. Each damaged copy ends one of the ways of
//! [`Outcome`]; what each way means, and how often it came, is in `docs/reliability.md` ("Damaged files").

use std::collections::BTreeMap;
use std::path::Path;

use nssf_domain::Member;
use nssf_store::{Durability, Store, StoreError};

use crate::{at, office, person};

/// How many damaged copies are tried (each a fresh copy of the same store); 1 to 3 bits flipped each.
const COPIES: u64 = 200;

/// How reading a damaged copy ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// `Store::open` refused with a typed error (sled's corruption error, a damaged row, …).
    Refused(String),
    /// The store opened and `check` or a read reported the damage.
    Reported,
    /// Every member read back exactly as written and the store is whole: the flip hit bytes no longer in
    /// use (an older version of a page, free space).
    Same,
    /// The store is whole but ends earlier: sled found a message whose CRC fails and, taking it for a
    /// write torn by a crash, recovered up to the message before it; `n` members are missing. A silently
    /// wrong answer: `db/confirmed` turns it into a refusal.
    EarlierState(usize),
    /// A member read back with different content: a wrong answer.
    Wrong(String),
    /// A panic reached the caller.
    Panicked(String),
}

/// A store of 30 members, closed; returns them as written. sled writes a snapshot of its page table when
/// a store closes: with `snapshot_last`, the store is opened and closed once more so that the snapshot
/// covers every member; without, the members are written after the snapshot the creation left.
fn written(dir: &Path, snapshot_last: bool) -> Vec<Member> {
    drop(Store::create(dir, &office()).expect("create"));
    let store = Store::open(dir).expect("open");
    let members = (0..30)
        .map(|i| {
            store
                .insert_member(
                    &person("ສົມສັກ", "Somsak", &format!("F{i:04}"), ""),
                    "clerk",
                    at(i),
                    Durability::FlushEach,
                )
                .expect("insert")
        })
        .collect();
    drop(store);
    if snapshot_last {
        drop(Store::open(dir).expect("reopen"));
    }
    members
}

/// A small xorshift: the offsets are the same on every run, so a failure names its case.
struct Offsets(u64);

impl Offsets {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Opens the damaged copy and reads everything back.
fn read_back(dir: &Path, members: &[Member]) -> Outcome {
    let store = match Store::open(dir) {
        Ok(store) => store,
        Err(e @ StoreError::Corrupt { .. }) | Err(e @ StoreError::Sled(_)) => {
            return Outcome::Refused(e.to_string())
        }
        Err(other) => return Outcome::Refused(format!("another error: {other}")),
    };
    let report = store.check();
    let mut missing = 0;
    let mut failed = false;
    for m in members {
        match store.member(&m.member_no) {
            Ok(Some(got)) if got == *m => {}
            Ok(Some(got)) => return Outcome::Wrong(format!("{} read as {got:?}", m.member_no)),
            Ok(None) => missing += 1,
            Err(_) => failed = true,
        }
    }
    if failed || !report.is_whole() {
        Outcome::Reported
    } else if missing > 0 {
        Outcome::EarlierState(missing)
    } else {
        Outcome::Same
    }
}

/// Flips bits in `COPIES` copies of a store written as `written(_, snapshot_last)` says; asserts that none
/// panics or answers wrong, and returns how each ended, for `docs/reliability.md`.
fn damaged_copies(snapshot_last: bool) -> BTreeMap<String, u32> {
    let pristine = tempfile::tempdir().expect("tempdir");
    let members = written(pristine.path(), snapshot_last);
    let bytes = std::fs::read(pristine.path().join("db/db")).expect("sled's file");
    // sled's segment is 512 KiB, mostly zeros past what was written: the flips fall in what was written.
    let used = bytes
        .iter()
        .rposition(|b| *b != 0)
        .map_or(bytes.len(), |last| last + 1);
    let mut offsets = Offsets(0x5eed_0fda_7a00);
    let mut tally: BTreeMap<String, u32> = BTreeMap::new();
    for copy in 0..COPIES {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_folder(pristine.path(), dir.path());
        let mut damaged = bytes.clone();
        let flipped: Vec<usize> = (0..=copy % 3)
            .map(|_| {
                let at = (offsets.next() % used as u64) as usize;
                damaged[at] ^= 1 << (offsets.next() % 8);
                at
            })
            .collect();
        std::fs::write(dir.path().join("db/db"), &damaged).expect("write");
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_back(dir.path(), &members)
        }))
        .unwrap_or_else(|panic| {
            Outcome::Panicked(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
            )
        });
        // Never a panic, never a member read back changed or missing from a store that says it is whole.
        assert!(
            !matches!(
                outcome,
                Outcome::Wrong(_) | Outcome::Panicked(_) | Outcome::EarlierState(_)
            ),
            "copy {copy}, bits flipped at {flipped:?} of {used}: {outcome:?}"
        );
        let kind = match outcome {
            Outcome::Refused(why) if why.contains("dropped the end of its log") => {
                "refused: the store ends before the last audit entry confirmed".to_owned()
            }
            Outcome::Refused(why) => format!("refused: {why}"),
            Outcome::EarlierState(n) => format!("earlier state, {n} of 30 members missing"),
            other @ (Outcome::Reported
            | Outcome::Same
            | Outcome::Wrong(_)
            | Outcome::Panicked(_)) => format!("{other:?}"),
        };
        *tally.entry(kind).or_default() += 1;
    }
    // The figures of `docs/reliability.md`: `cargo test -p nssf-store --test it flipped -- --nocapture`.
    eprintln!(
        "snapshot last: {snapshot_last}; {used} bytes written in db/db; {COPIES} damaged copies: {tally:#?}"
    );
    tally
}

#[test]
fn flipped_bits_under_sleds_snapshot_refuse_to_open() {
    let tally = damaged_copies(true);
    // Every message the snapshot names is read and checked when opening: a damaged copy is refused, or
    // (rarely: a flip in bytes sled no longer reads) reads back exactly as written.
    let refused: u32 = tally
        .iter()
        .filter(|(k, _)| k.starts_with("refused: "))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(
        refused + tally.get("Same").copied().unwrap_or(0),
        COPIES as u32,
        "{tally:?}"
    );
    assert!(refused > COPIES as u32 * 9 / 10, "{tally:?}");
}

#[test]
fn flipped_bits_after_sleds_snapshot_are_refused_not_answered_from_an_earlier_state() {
    let tally = damaged_copies(false);
    // sled takes most of these for a torn write and recovers an earlier state; the store refuses it.
    assert!(
        tally
            .get("refused: the store ends before the last audit entry confirmed")
            .is_some_and(|n| *n > COPIES as u32 / 2),
        "{tally:?}"
    );
}
