//! The recovery after a restore (`docs/backup-format.md`, "Recover: what the central office writes
//! back"): an office restored from a backup as the successor of its lost workstation applies the file in
//! which the central office wrote back what it holds of that workstation, so that what the workstation
//! sent after the backup is not lost.
//!
//! The file is checked whole before anything is written: signed by the central office whose key this
//! office trusts, about the workstation this office succeeds. Then the records are applied in one
//! transaction (`nssf_store::Store::recover`); none goes into the change log, since the central office
//! holds them already.

use chrono::{DateTime, Utc};
use nssf_domain::Month;
use nssf_exchange::{recover, ExchangeError};
use nssf_store::{Recovered, RecoveredBase};

use crate::{Action, Actor, ApiError, Desk, Refusal};

/// What applying a recovery file did (`recover-import`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoverySummary {
    /// The workstation the records came from, `DDDD-WW`: the one this office succeeds.
    pub workstation: String,
    /// Members this office lacked.
    pub members_added: u64,
    /// Members held in an older version, now the central office's.
    pub members_updated: u64,
    /// Members that differ and were changed here in a change the central office does not hold: the
    /// version here is the newer one and stays.
    pub members_kept: u64,
    /// Receipts this office lacked.
    pub receipts_added: u64,
    /// Voids this office lacked.
    pub voids_added: u64,
    /// The predecessor's changes made before the backup that the central office never received: they
    /// are in this office's records, and nowhere else.
    pub not_at_central: u64,
}

impl Desk {
    /// Checks a recovery file and applies it (supervisor, admin). Refused with nothing changed: a file
    /// not signed by the central office whose key is installed here (`exchange-bad-signature`, also for
    /// one altered), not a recovery file (`exchange-recover-invalid`), an office that is no successor
    /// (`recover-not-successor`), a file about another workstation than the one it succeeds
    /// (`recover-other-workstation`). Applying the same file again adds nothing.
    pub fn import_recovery(
        &self,
        actor: &Actor,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<RecoverySummary, ApiError> {
        actor.require(Action::RecoverImport)?;
        let _writing = self.write_turn();
        let central = self
            .central_key()?
            .ok_or_else(|| ApiError::from(ExchangeError::NoCentralKey))?;
        let file = recover::open(bytes, &central.verifying)?;
        let content = &file.content;
        let from = nssf_exchange::office_id(&content.office, &content.workstation);
        let Some(succeeds) = self.store.succeeds()? else {
            return Err(Refusal::RecoverNotSuccessor {}.into());
        };
        if from != succeeds {
            return Err(Refusal::RecoverOtherWorkstation {
                workstation: from,
                succeeds,
            }
            .into());
        }
        let bases = content
            .bases
            .iter()
            .map(|b| {
                // `recover::open` checked every month already.
                let from = Month::parse(&b.from)
                    .ok_or_else(|| ExchangeError::RecoverInvalid("base".into()))?;
                Ok(RecoveredBase {
                    member_no: b.member_no.clone(),
                    from,
                    income_base_kip: b.income_base_kip,
                })
            })
            .collect::<Result<Vec<_>, ExchangeError>>()?;
        let recovered = Recovered {
            workstation: &from,
            central_last_seq: content.last_seq,
            members: &content.members,
            bases: &bases,
            receipts: &content.receipts,
            voids: &content.voids,
        };
        let done = self.store.recover(&recovered, &actor.staff_id, now)?;
        Ok(RecoverySummary {
            workstation: from,
            members_added: done.members_added,
            members_updated: done.members_updated,
            members_kept: done.members_kept,
            receipts_added: done.receipts_added,
            voids_added: done.voids_added,
            not_at_central: done.not_at_central,
        })
    }
}
