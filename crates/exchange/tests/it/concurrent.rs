//! Imports at the same time: two of different workstations both win; two of the same workstation do not
//! both win (the same batch is imported once, a conflicting one is refused). On PostgreSQL each import
//! has its own connection, as two `central import` processes would; sled allows one process, so its two
//! imports share the store from two threads.

use std::sync::Barrier;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use nssf_exchange::{CentralStore, ExchangeError, ImportOutcome, Plaintext};

use crate::{resign, Backend, Central, Office};

/// Imports `first` through the central store and `second` through another handle on it, both at
/// once; their outcomes in that order.
fn at_once(
    central: &Central,
    first: &[u8],
    second: &[u8],
) -> [Result<ImportOutcome, ExchangeError>; 2] {
    let other = central.open_again();
    let other: &CentralStore = other.as_ref().unwrap_or(&central.store);
    let barrier = Barrier::new(2);
    std::thread::scope(|s| {
        let a = s.spawn(|| {
            barrier.wait();
            central.store.import(first, Plaintext::Allowed)
        });
        let b = s.spawn(|| {
            barrier.wait();
            other.import(second, Plaintext::Allowed)
        });
        [
            a.join().expect("first import"),
            b.join().expect("second import"),
        ]
    })
}

fn imported(r: &Result<ImportOutcome, ExchangeError>) -> bool {
    matches!(r, Ok(ImportOutcome::Imported { .. }))
}

fn different_workstations_both_win(backend: Backend) {
    let central = Central::new(backend);
    let one = Office::new("0101", "01");
    let two = Office::new("0101", "02");
    central.trust(&one);
    central.trust(&two);
    let member = one.register("610000001");
    one.pay(&member, 1, "cash");
    two.register("610000002");
    let outcomes = at_once(&central, &one.export().bytes, &two.export().bytes);
    assert!(outcomes.iter().all(imported), "{outcomes:?}");
    let stats = central.stats();
    assert_eq!((stats.members, stats.payments, stats.batches), (2, 1, 2));
}

fn the_same_batch_is_imported_once(backend: Backend) {
    let central = Central::new(backend);
    let office = Office::new("0101", "01");
    central.trust(&office);
    let member = office.register("620000001");
    office.pay(&member, 2, "bank");
    let batch = office.export().bytes;
    let outcomes = at_once(&central, &batch, &batch);
    let won = outcomes.iter().filter(|r| imported(r)).count();
    let again = outcomes
        .iter()
        .filter(|r| matches!(r, Ok(ImportOutcome::AlreadyImported { batch: 1, .. })))
        .count();
    assert_eq!((won, again), (1, 1), "{outcomes:?}");
    let stats = central.stats();
    assert_eq!((stats.members, stats.payments, stats.batches), (1, 1, 1));
}

fn two_conflicting_batches_do_not_both_win(backend: Backend) {
    let central = Central::new(backend);
    let office = Office::new("0101", "01");
    central.trust(&office);
    office.register("630000001");
    // Another batch 1 of the same workstation, with other records, signed with its key: as if its
    // folder had been copied and both copies went on working.
    let copy = Office::new("0101", "01");
    copy.register("630000002");
    copy.register("630000003");
    let key = office.signing_key();
    let signer = STANDARD.encode(key.verifying_key().as_bytes());
    let conflicting = resign(&copy.export().bytes, &key, |manifest, _| {
        manifest.signer = signer;
    });
    let outcomes = at_once(&central, &office.export().bytes, &conflicting);
    let won = outcomes.iter().filter(|r| imported(r)).count();
    let refused = outcomes
        .iter()
        .filter(|r| matches!(r, Err(ExchangeError::ConflictingBatch { batch: 1, .. })))
        .count();
    assert_eq!((won, refused), (1, 1), "{outcomes:?}");
    let stats = central.stats();
    assert!(
        (stats.members, stats.batches) == (1, 1) || (stats.members, stats.batches) == (2, 1),
        "one batch's records only: {stats:?}"
    );
}

crate::on_both_stores!(
    different_workstations_both_win,
    the_same_batch_is_imported_once,
    two_conflicting_batches_do_not_both_win,
);
