//! The registration rules the SQLite side applies exactly as the nssf store does: validation of the same
//! draft, and the member number a counter value gives.

use anyhow::{Context as _, Result};
use nssf_domain::member::{self, Context};
use nssf_domain::{Draft, Member, MemberNumber};

/// The member number a store issues for a counter value.
pub fn member_number(district: u16, workstation: u8, counter: u64) -> Result<String> {
    let counter = u32::try_from(counter).context("counter overflow")?;
    Ok(MemberNumber {
        district,
        workstation,
        counter,
    }
    .to_string())
}

/// Validates a draft exactly as `Desk::register` does.
pub fn validate(draft: &Draft, cx: &Context<'_>) -> Result<Member> {
    member::validate(draft, cx).map_err(|p| anyhow::anyhow!("draft invalid: {p:?}"))
}
