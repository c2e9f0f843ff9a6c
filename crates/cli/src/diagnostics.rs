//! `diagnostics --out FILE`: the support file for the central office's IT (`docs/support.md`), the same
//! use case as the window's Help → Diagnostics. No one signs in: it holds no personal data, and it is most
//! needed when the folder does not open (that reason is written in it, and the command still succeeds).
//! The command line logs nowhere, so the file carries the window's log errors only when `--logs` names
//! the window's log folder. Prints the file's path.

use std::path::PathBuf;

use nssf_api::diagnostics::{diagnostics, write_diagnostics, DiagnosticsSource, OfficeState};
use nssf_api::Code;

use crate::failure::Failure;
use crate::invocation::{out, Invocation};

#[derive(clap::Args, Debug)]
pub struct Diagnostics {
    /// Where to write the support file (JSON).
    #[arg(long)]
    out: PathBuf,
    /// The window's log folder, whose latest errors the file carries.
    #[arg(long)]
    logs: Option<PathBuf>,
}

impl Diagnostics {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let failed;
        let office = match at.open_desk() {
            Ok(desk) => OfficeState::Open(desk),
            Err(Failure::Refused(e)) if e.code() == Code::NotInitialised => OfficeState::NotSetUp,
            Err(Failure::Refused(e) | Failure::Failed(e)) => {
                failed = e;
                OfficeState::Failed(&failed)
            }
            Err(other) => return Err(other),
        };
        let source = DiagnosticsSource {
            data_folder: &at.data,
            log_folder: self.logs.as_deref(),
            office,
        };
        write_diagnostics(&diagnostics(&source, at.now), &self.out)?;
        out!("{}", self.out.display());
        Ok(())
    }
}
