//! `check`: reads the whole office store and says whether it is whole (supervisor, admin). The lines are
//! the contract central office scripts read: `whole`, then `TREE ROWS` per tree, exit 0; or one line
//! `damaged<TAB>TREE<TAB>KEY<TAB>WHAT` per damage, the advice to restore on standard error, exit 1.

use crate::failure::Failure;
use crate::invocation::{out, print_json, Invocation};

#[derive(clap::Args, Debug)]
pub struct Check {
    /// JSON: `{"whole","rows":{TREE:N},"damage":[{"tree","key","what"}]}` (exit 1 still when damaged).
    #[arg(long)]
    json: bool,
}

impl Check {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let report = desk.check_store(&at.actor)?;
        if self.json {
            print_json(&report)?;
        } else if report.whole {
            out!("whole");
            for (tree, rows) in &report.rows {
                out!("{tree} {rows}");
            }
        } else {
            for d in &report.damage {
                out!("damaged\t{}\t{}\t{}", d.tree, d.key, d.what);
            }
        }
        if report.whole {
            Ok(())
        } else {
            Err(Failure::StoreDamaged {
                count: report.damage.len(),
            })
        }
    }
}
