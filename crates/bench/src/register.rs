//! Step 3a of a registration run: durable registration of new applicants on both stores, with the bare
//! fsync baseline interleaved so that all three see the same disk; which store goes first alternates.
//! The member numbers the two stores issue are checked to be equal.

use std::time::Instant;

use anyhow::{ensure, Result};
use chrono::{DateTime, Utc};
use nssf_api::demo::DemoApplicants;
use nssf_api::{Actor, Desk, PaymentRequest, RegistrationChoices};
use nssf_domain::member::{self, Context};
use nssf_domain::{Receipt, ReceiptLine};
use nssf_store::{Durability, Store};
use rusqlite::Connection;

use crate::baseline::FsyncBaseline;
use crate::sqlite;
use crate::Operation;

/// The demo applicants are dated up to months back: the benchmark's supervisor allows that, as at the
/// counter (the same checks run; only the refusal is waived).
pub(crate) const BACKDATED: RegistrationChoices = RegistrationChoices {
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

/// Runs `side`, its time pushed to `samples`: the number it issued.
fn timed(
    samples: &mut Vec<std::time::Duration>,
    side: impl FnOnce() -> Result<String>,
) -> Result<String> {
    let t = Instant::now();
    let number = side()?;
    samples.push(t.elapsed());
    Ok(number)
}

/// One sample of both sides: each timed into `op`, nssf first when `nssf_first` (callers alternate, so
/// neither side always runs right after the other's write), then the numbers the two issued compared.
fn sample_both(
    op: &mut Operation,
    nssf_first: bool,
    nssf: impl FnOnce() -> Result<String>,
    sqlite: impl FnOnce() -> Result<String>,
) -> Result<()> {
    let (nssf_no, sqlite_no) = if nssf_first {
        let n = timed(&mut op.nssf, nssf)?;
        (n, timed(&mut op.sqlite, sqlite)?)
    } else {
        let q = timed(&mut op.sqlite, sqlite)?;
        (timed(&mut op.nssf, nssf)?, q)
    };
    ensure!(
        nssf_no == sqlite_no,
        "nssf issued {nssf_no} but SQLite {sqlite_no}"
    );
    Ok(())
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
        let (db, cx, numbering, actor, now) =
            (&mut *run.db, run.cx, run.numbering, run.actor, run.now);
        sample_both(
            &mut reg,
            i % 2 == 0,
            || {
                let view = desk
                    .register_with(actor, &draft, BACKDATED, now)
                    .map_err(|e| anyhow::anyhow!("register: {e}"))?;
                Ok(view.member.member_no)
            },
            || {
                sqlite::register(
                    db,
                    &draft,
                    cx,
                    numbering.district,
                    numbering.workstation,
                    &actor.staff_id,
                    now,
                )
            },
        )?;
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
        let (db, numbering, actor, now) = (&mut *run.db, run.numbering, run.actor, run.now);
        sample_both(
            &mut reg_store,
            i % 2 == 1,
            || {
                Ok(store
                    .insert_member(&m, &actor.staff_id, now, Durability::FlushEach)?
                    .member_no)
            },
            || {
                sqlite::register_validated(
                    db,
                    m.clone(),
                    numbering.district,
                    numbering.workstation,
                    &actor.staff_id,
                    now,
                )
            },
        )?;
    }
    Ok(reg_store)
}

/// Durable payment commits: `Desk::pay` of one month for `samples` loaded members (never paid before)
/// against the same receipt written by [`sqlite::record_payment`]. The month and its amount come from
/// `Desk::quote` outside the timer, so that either side can go first (the order alternates, as for
/// registration); each sample first takes one bare fsync sample into `fsync_samples`. The receipt numbers
/// the two stores issue are checked to be equal.
pub(crate) fn payments(
    desk: &Desk,
    run: &mut Registrations<'_>,
    members: &[String],
    fsync: &mut FsyncBaseline,
    fsync_samples: &mut Vec<std::time::Duration>,
) -> Result<Operation> {
    let mut pay = Operation::new("pay", "durable payment commit (one month)");
    let paid_on = nssf_api::office_date(run.now);
    for (i, no) in members.iter().enumerate() {
        let request = PaymentRequest::cash_for_next(no.clone(), 1);
        let quote = desk
            .quote(run.actor, &request, run.now)
            .map_err(|e| anyhow::anyhow!("quote for {no}: {e}"))?;
        let receipt = Receipt {
            receipt_no: String::new(),
            member_no: no.clone(),
            paid_on,
            method: "cash".into(),
            reference: String::new(),
            total_kip: quote.total_kip,
            lines: quote
                .lines
                .into_iter()
                .map(|l| ReceiptLine {
                    month: l.month,
                    base_kip: l.base_kip,
                    rate_basis_points: l.rate_basis_points,
                    amount_kip: l.amount_kip,
                    floor_applied: l.floor_applied,
                })
                .collect(),
            cashier: run.actor.staff_id.clone(),
            issued_at: run.now,
        };
        fsync_samples.push(fsync.sample()?);
        let (db, numbering, actor, now) = (&mut *run.db, run.numbering, run.actor, run.now);
        sample_both(
            &mut pay,
            i % 2 == 0,
            || {
                let r = desk
                    .pay(actor, &request, now)
                    .map_err(|e| anyhow::anyhow!("pay {no}: {e}"))?;
                Ok(r.receipt_no)
            },
            || sqlite::record_payment(db, receipt, numbering.district, numbering.workstation, now),
        )?;
    }
    Ok(pay)
}
