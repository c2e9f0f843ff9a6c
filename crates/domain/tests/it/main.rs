//! Domain tests, table-driven: one `check(input, expected)` per row.

mod fold;
mod ledger;
mod member_no;
mod phone;
mod phonetic;
mod reference;
mod validate;
