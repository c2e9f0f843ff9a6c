//! Step 3a of a registration run: durable registration of new applicants on both stores, with the bare
//! fsync baseline interleaved so that all three see the same disk; which store goes first alternates.
//! The member numbers the two stores issue are checked to be equal.

use std::time::Instant;

use anyhow::{ensure, Result};
use chrono::{DateTime, Utc};
use nssf_api::demo::DemoApplicants;
use nssf_api::{Actor, Desk, RegistrationChoices};
use nssf_domain::member::{self, Context};
use nssf_store::{Durability, Store};
use rusqlite::Connection;

use crate::baseline::FsyncBaseline;
use crate::sqlite;
use crate::Operation;

/// The demo applicants are dated up to months back: the benchmark's supervisor allows that, as at the
/// counter (the same checks run; only the refusal is waived).
const BACKDATED: RegistrationChoices = RegistrationChoices {
    confirm_duplicate: true,
    allow_backdate: true,
};

/// Where both stores number members: the office's district and workstation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Numbering {
    pub(crate) district: u16,
    pub(crate) workstation: u8,
}

/// What both sides of a registration row share.
pub(crate) struct Registrations<'a> {
    pub(crate) applicants: &'a mut DemoApplicants,
    pub(crate) db: &'a mut Connection,
    pub(crate) cx: &'a Context<'a>,
    pub(crate) numbering: Numbering,
    pub(crate) actor: &'a Actor,
    pub(crate) now: DateTime<Utc>,
}

/// `samples` full registrations: `Desk::register` (validation, document check, the transaction, the
/// flush, the member view) against the same validation and one SQLite transaction. Each sample first
/// takes one bare fsync sample into `fsync`.
pub(crate) fn through_api(
    desk: &Desk,
    run: &mut Registrations<'_>,
    samples: usize,
    fsync: &mut FsyncBaseline,
    fsync_samples: &mut Vec<std::time::Duration>,
) -> Result<Operation> {
    let mut reg = Operation::new(
        "register",
        "durable registration (validate + write + fsync)",
    );
    for i in 0..samples {
        let draft = run.applicants.next_draft();
        fsync_samples.push(fsync.sample()?);
        let (mut nssf_no, mut sqlite_no) = (String::new(), String::new());
        for nssf_side in [i % 2 == 0, i % 2 == 1] {
            let t = Instant::now();
            if nssf_side {
                let view = desk
                    .register_with(run.actor, &draft, BACKDATED, run.now)
                    .map_err(|e| anyhow::anyhow!("register: {e}"))?;
                reg.nssf.push(t.elapsed());
                nssf_no = view.member.member_no;
            } else {
                sqlite_no = sqlite::register(
                    run.db,
                    &draft,
                    run.cx,
                    run.numbering.district,
                    run.numbering.workstation,
                    &run.actor.staff_id,
                    run.now,
                )?;
                reg.sqlite.push(t.elapsed());
            }
        }
        ensure!(
            nssf_no == sqlite_no,
            "nssf issued {nssf_no} but SQLite {sqlite_no}"
        );
    }
    Ok(reg)
}

/// The stores' own share of a registration: `Store::insert_member(…, FlushEach)` against the SQLite
/// transaction, on drafts validated beforehand, outside the timer.
pub(crate) fn store_only(
    store: &Store,
    run: &mut Registrations<'_>,
    samples: usize,
) -> Result<Operation> {
    let mut reg_store = Operation::new("register_store", "  of which the store's write + fsync");
    for i in 0..samples {
        let draft = run.applicants.next_draft();
        let m = member::validate(&draft, run.cx)
            .map_err(|p| anyhow::anyhow!("demo draft invalid: {p:?}"))?;
        let (mut nssf_no, mut sqlite_no) = (String::new(), String::new());
        for nssf_side in [i % 2 == 1, i % 2 == 0] {
            let t = Instant::now();
            if nssf_side {
                let stored =
                    store.insert_member(&m, &run.actor.staff_id, run.now, Durability::FlushEach)?;
                reg_store.nssf.push(t.elapsed());
                nssf_no = stored.member_no;
            } else {
                sqlite_no = sqlite::register_validated(
                    run.db,
                    m.clone(),
                    run.numbering.district,
                    run.numbering.workstation,
                    &run.actor.staff_id,
                    run.now,
                )?;
                reg_store.sqlite.push(t.elapsed());
            }
        }
        ensure!(
            nssf_no == sqlite_no,
            "nssf issued {nssf_no} but SQLite {sqlite_no}"
        );
    }
    Ok(reg_store)
}
