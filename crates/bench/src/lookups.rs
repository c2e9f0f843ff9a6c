//! Step 3b of a registration run: exact lookups of members drawn at random from the loaded ones, on the
//! store alone (`Store::member`, `member_by_document`, `members_by_phone`) against the SQLite primary keys.
//! Every answer is compared between the stores; the run fails on any difference.

use std::time::Instant;

use anyhow::{ensure, Context as _, Result};
use nssf_domain::Member;
use nssf_store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use crate::{sqlite, Operation, SEARCH_LIMIT};

/// What the lookups measured.
#[derive(Debug)]
pub(crate) struct Lookups {
    /// By member number (record decoded), by document, by phone.
    pub(crate) operations: [Operation; 3],
    /// Answers compared between the stores (three per sampled member).
    pub(crate) agreed: usize,
    /// The sampled members, whose names the searches then use.
    pub(crate) members: Vec<Member>,
}

/// `samples` members drawn from `numbers` (seed 2), each looked up three ways on both stores.
pub(crate) fn run(
    store: &Store,
    db: &Connection,
    numbers: &[String],
    samples: usize,
) -> Result<Lookups> {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut members = Vec::with_capacity(samples);
    for _ in 0..samples {
        let no = &numbers[rng.random_range(0..numbers.len())];
        members.push(store.member(no)?.context("sampled member")?);
    }
    let mut by_no = Operation::new(
        "lookup_member_no",
        "exact lookup: member number (record decoded)",
    );
    let mut by_doc = Operation::new("lookup_document", "exact lookup: document number");
    let mut by_phone = Operation::new("lookup_phone", "exact lookup: phone (E.164)");
    let mut agreed = 0usize;
    for m in &members {
        let doc = m
            .document_keys()
            .next()
            .context("member without a document")?;
        let t = Instant::now();
        let a = store.member(&m.member_no)?;
        by_no.nssf.push(t.elapsed());
        let t = Instant::now();
        let b = sqlite::member(db, &m.member_no)?;
        by_no.sqlite.push(t.elapsed());
        ensure!(
            a.is_some() && a == b,
            "member {} differs between nssf and SQLite",
            m.member_no
        );

        let t = Instant::now();
        let a = store.member_by_document(&doc)?;
        by_doc.nssf.push(t.elapsed());
        let t = Instant::now();
        let b = sqlite::member_by_document(db, &doc)?;
        by_doc.sqlite.push(t.elapsed());
        ensure!(
            a.as_deref() == Some(m.member_no.as_str()) && a == b,
            "document {doc}: nssf {a:?}, SQLite {b:?}"
        );

        let t = Instant::now();
        let mut a = store.members_by_phone(&m.phone, SEARCH_LIMIT)?;
        by_phone.nssf.push(t.elapsed());
        let t = Instant::now();
        let mut b = sqlite::members_by_phone(db, &m.phone, SEARCH_LIMIT)?;
        by_phone.sqlite.push(t.elapsed());
        a.sort();
        b.sort();
        ensure!(
            a.contains(&m.member_no) && a == b,
            "phone {}: nssf {a:?}, SQLite {b:?}",
            m.phone
        );
        agreed += 3;
    }
    Ok(Lookups {
        operations: [by_no, by_doc, by_phone],
        agreed,
        members,
    })
}
