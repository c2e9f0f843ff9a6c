//! The database URL (`--db postgres://…`): parsed once, shown only with its password hidden, and
//! completed as every PostgreSQL client does: the password from `PGPASSWORD` or the password file
//! (`PGPASSFILE`, else `~/.pgpass`), the user from `PGUSER` or the login name.

use std::fmt;
use std::str::FromStr;

use postgres::config::Host;

/// What a shown URL has in place of its password.
const HIDDEN: &str = "***";

/// A `postgres://` or `postgresql://` URL. Its `Display` and `Debug` hide the password, so it can be
/// put in any message or log.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    text: String,
}

/// Why a `--db` value is not a database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrlError {
    /// It does not start with `postgres://` or `postgresql://`.
    NotPostgres,
    /// The PostgreSQL client does not read it (its detail, which never holds the password).
    Invalid(String),
    /// It asks for an encrypted connection (`sslmode=require`, `verify-ca` or `verify-full`, in the URL
    /// or, when the URL names none, in `PGSSLMODE`), which this client does not make: refused before
    /// connecting, rather than failing in the handshake with the client's own words.
    TlsUnsupported,
}

impl fmt::Display for DbUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbUrlError::NotPostgres => f.write_str("a database URL starts with postgres://"),
            DbUrlError::Invalid(detail) => write!(f, "not a PostgreSQL URL: {detail}"),
            DbUrlError::TlsUnsupported => {
                f.write_str("the URL asks for TLS (sslmode), which this program does not support")
            }
        }
    }
}

impl std::error::Error for DbUrlError {}

impl FromStr for DbUrl {
    type Err = DbUrlError;

    fn from_str(text: &str) -> Result<DbUrl, DbUrlError> {
        if !(text.starts_with("postgres://") || text.starts_with("postgresql://")) {
            return Err(DbUrlError::NotPostgres);
        }
        // Before the client reads it: the client knows no `verify-ca` or `verify-full` and would call
        // the URL invalid.
        if ssl_mode(text).is_some_and(requires_tls) {
            return Err(DbUrlError::TlsUnsupported);
        }
        // The client's own error names the part it could not read, never the URL itself.
        postgres::Config::from_str(text).map_err(|e| DbUrlError::Invalid(e.to_string()))?;
        Ok(DbUrl {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redacted(&self.text))
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({})", redacted(&self.text))
    }
}

/// The `sslmode` parameter of a URL, if it has one.
fn ssl_mode(text: &str) -> Option<&str> {
    let (_, query) = text.split_once('?')?;
    query.split('&').find_map(|p| p.strip_prefix("sslmode="))
}

/// Whether an `sslmode` value (libpq's: disable, allow, prefer, require, verify-ca, verify-full) insists
/// on TLS. The others connect without it when the client or the server has none, as this client does.
fn requires_tls(mode: &str) -> bool {
    matches!(mode, "require" | "verify-ca" | "verify-full")
}

/// The URL with the password of its user part and any `password=` parameter replaced by `***`.
fn redacted(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_owned();
    };
    let (authority, path) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user_info, hosts)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:{HIDDEN}@{hosts}"),
            None => format!("{user_info}@{hosts}"),
        },
        None => authority.to_owned(),
    };
    let path = match path.split_once('?') {
        Some((before, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((name, _)) if name == "password" => format!("{name}={HIDDEN}"),
                    Some(_) | None => p.to_owned(),
                })
                .collect();
            format!("{before}?{}", params.join("&"))
        }
        None => path.to_owned(),
    };
    format!("{scheme}://{authority}{path}")
}

/// What completes a URL outside it, read from the environment by [`Environment::read`] (or given by a
/// test).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `PGPASSWORD`.
    pub password: Option<String>,
    /// The password file's text (`PGPASSFILE`, else `~/.pgpass`), if there is one.
    pub pgpass: Option<String>,
    /// `PGUSER`, else the login name (`USER`).
    pub user: Option<String>,
    /// `PGSSLMODE`: what a URL naming no `sslmode` asks for.
    pub ssl_mode: Option<String>,
}

impl Environment {
    /// The process's environment and password file. On Unix, libpq ignores a password file that others
    /// may read; so do we.
    pub fn read() -> Environment {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let pgpass_path = var("PGPASSFILE")
            .map(std::path::PathBuf::from)
            .or_else(|| var("HOME").map(|home| std::path::Path::new(&home).join(".pgpass")));
        let pgpass = pgpass_path.and_then(|path| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).ok()?.permissions().mode();
                if mode & 0o077 != 0 {
                    return None;
                }
            }
            std::fs::read_to_string(path).ok()
        });
        Environment {
            password: var("PGPASSWORD"),
            pgpass,
            user: var("PGUSER").or_else(|| var("USER")),
            ssl_mode: var("PGSSLMODE"),
        }
    }
}

impl DbUrl {
    /// Refuses ([`DbUrlError::TlsUnsupported`]) when `env` asks for TLS and the URL says nothing of it
    /// (a URL asking for TLS itself is refused when parsed): as libpq would, the operator who set
    /// `PGSSLMODE=require` expects an encrypted connection, and must not get a plain one silently.
    pub fn check_environment(&self, env: &Environment) -> Result<(), DbUrlError> {
        match (ssl_mode(&self.text), env.ssl_mode.as_deref()) {
            (None, Some(mode)) if requires_tls(mode) => Err(DbUrlError::TlsUnsupported),
            _ => Ok(()),
        }
    }

    /// The client's configuration: the URL, completed from `env` where it says nothing (user, then
    /// password: `PGPASSWORD`, else the first matching line of the password file).
    pub fn config(&self, env: &Environment) -> postgres::Config {
        // Checked when parsed.
        let mut config = postgres::Config::from_str(&self.text).unwrap_or_default();
        if config.get_user().is_none() {
            if let Some(user) = &env.user {
                config.user(user);
            }
        }
        if config.get_password().is_none() {
            let from_file = || {
                let host = match config.get_hosts().first() {
                    Some(Host::Tcp(name)) => name.clone(),
                    // A socket directory matches `localhost`, as in libpq.
                    Some(Host::Unix(_)) | None => "localhost".to_owned(),
                };
                let port = config.get_ports().first().copied().unwrap_or(5432);
                let user = config.get_user().unwrap_or_default();
                let db = config.get_dbname().unwrap_or(user);
                env.pgpass
                    .as_deref()
                    .and_then(|text| pgpass_lookup(text, &host, port, db, user))
            };
            if let Some(password) = env.password.clone().or_else(from_file) {
                config.password(password);
            }
        }
        config
    }
}

/// The password of the first line of a password file that matches (`host:port:database:user:password`,
/// `*` matching anything in the first four fields, `\:` and `\\` standing for `:` and `\`, lines
/// starting with `#` ignored), as libpq reads it.
pub fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    let wanted = [host, port.as_str(), db, user];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(pgpass_fields)
        .find(|fields| {
            fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut fields| fields.swap_remove(4))
}

/// A password file line's five fields, unescaped; `None` for a line with fewer.
fn pgpass_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut chars = line.trim_end_matches('\r').chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut()?.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => fields.last_mut()?.push(c),
        }
    }
    (fields.len() == 5).then_some(fields)
}
