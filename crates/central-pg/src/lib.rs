//! The central office's store in PostgreSQL (`nssf-desk central --db postgres://… --data CDIR`): the
//! key pair stays in the central folder, the records go to the database. The import rules are
//! `nssf_exchange::central`'s, the same as for the sled store; this crate only stores rows
//! ([`PgBackend`]), applies the schema migrations kept in `migrations/`, and reads the URL as every
//! PostgreSQL client does ([`DbUrl`]: `PGPASSWORD`, `~/.pgpass`, never printed with its password).
//!
//! ```no_run
//! use nssf_central_pg::{DbUrl, Environment};
//! let url: DbUrl = "postgres://central@127.0.0.1/nssf".parse()?;
//! let store = nssf_central_pg::open(std::path::Path::new("/srv/central"), &url, &Environment::read())?;
//! println!("{}", store.stats()?.members);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod store;
mod url;

use std::path::Path;

use nssf_exchange::{CentralStore, ExchangeError};

pub use store::PgBackend;
pub use url::{pgpass_lookup, DbUrl, DbUrlError, Environment};

/// Creates the central store: its key pair in `dir` and its tables in the database (`central init`).
/// A folder with keys, or a database with a central store, is refused ([`ExchangeError::CentralExists`]).
pub fn init(dir: &Path, url: &DbUrl, env: &Environment) -> Result<CentralStore, ExchangeError> {
    refuse_tls(url, env)?;
    let config = url.config(env);
    CentralStore::init_with(dir, &|| {
        PgBackend::create(&config)
            .map(|b| Box::new(b) as Box<dyn nssf_exchange::central::backend::CentralBackend>)
    })
}

/// Opens the central store whose keys are in `dir` and whose records are in the database.
pub fn open(dir: &Path, url: &DbUrl, env: &Environment) -> Result<CentralStore, ExchangeError> {
    refuse_tls(url, env)?;
    let backend = PgBackend::open(&url.config(env))?;
    CentralStore::open_with(dir, Box::new(backend))
}

/// `PGSSLMODE` asking for TLS, which this client does not make: refused before connecting. The command
/// line checks it first ([`DbUrl::check_environment`]) to say so in the user's language; this is for
/// every other caller.
fn refuse_tls(url: &DbUrl, env: &Environment) -> Result<(), ExchangeError> {
    url.check_environment(env)
        .map_err(|e| ExchangeError::Storage(e.to_string()))
}
