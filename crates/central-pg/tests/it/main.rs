//! The database URL as the central office types it: shown without its password, completed from the
//! environment and the password file as libpq does; and the PostgreSQL store's own refusals (the import
//! rules themselves are tested on both stores in `crates/exchange/tests/it`).

use nssf_central_pg::{pgpass_lookup, DbUrl, DbUrlError, Environment};
use nssf_exchange::ExchangeError;
use nssf_test_support::postgres::{server, PASSWORD, USER};

#[test]
fn a_url_is_shown_without_its_password() {
    fn check(url: &str, shown: &str) {
        let parsed: DbUrl = url.parse().expect("a URL");
        assert_eq!(parsed.to_string(), shown, "{url}");
        assert_eq!(format!("{parsed:?}"), format!("DbUrl({shown})"), "{url}");
    }
    check(
        "postgres://central:s3cret@db.example:5432/nssf",
        "postgres://central:***@db.example:5432/nssf",
    );
    check(
        "postgresql://central@db.example/nssf",
        "postgresql://central@db.example/nssf",
    );
    check(
        "postgres://central:p%40ss:w@db.example/nssf?sslmode=disable",
        "postgres://central:***@db.example/nssf?sslmode=disable",
    );
    check(
        "postgres://db.example/nssf?user=central&password=s3cret",
        "postgres://db.example/nssf?user=central&password=***",
    );
    check("postgres://db.example", "postgres://db.example");
    check(
        "postgres://central:s3cret@db.example?password=s3cret",
        "postgres://central:***@db.example?password=***",
    );
}

#[test]
fn only_postgres_urls_are_read() {
    fn check(text: &str, expected: Result<(), DbUrlError>) {
        let got = text.parse::<DbUrl>().map(|_| ());
        match (&got, &expected) {
            (Err(DbUrlError::Invalid(detail)), Err(DbUrlError::Invalid(_))) => {
                assert!(!detail.contains("s3cret"), "{detail}")
            }
            _ => assert_eq!(got, expected, "{text}"),
        }
    }
    check("postgres://central@localhost/nssf", Ok(()));
    check(
        "mysql://central@localhost/nssf",
        Err(DbUrlError::NotPostgres),
    );
    check("host=localhost user=central", Err(DbUrlError::NotPostgres));
    check(
        "postgres://central:s3cret@localhost:port/nssf",
        Err(DbUrlError::Invalid(String::new())),
    );
    // TLS: the client connects without it, so a URL that insists on it is refused as such (the
    // client itself knows no verify-ca or verify-full); one that only prefers it connects plainly.
    for mode in ["require", "verify-ca", "verify-full"] {
        check(
            &format!("postgres://central@db.example/nssf?sslmode={mode}"),
            Err(DbUrlError::TlsUnsupported),
        );
    }
    check(
        "postgres://central@db.example/nssf?connect_timeout=5&sslmode=require",
        Err(DbUrlError::TlsUnsupported),
    );
    for mode in ["disable", "prefer"] {
        check(
            &format!("postgres://central@db.example/nssf?sslmode={mode}"),
            Ok(()),
        );
    }
}

#[test]
fn pgsslmode_asking_for_tls_is_refused_unless_the_url_says_otherwise() {
    let check = |url: &str, pgsslmode: Option<&str>, expected: Result<(), DbUrlError>| {
        let env = Environment {
            ssl_mode: pgsslmode.map(str::to_owned),
            ..Environment::default()
        };
        let url: DbUrl = url.parse().expect("url");
        assert_eq!(url.check_environment(&env), expected, "{url} {pgsslmode:?}");
    };
    let plain = "postgres://central@db.example/nssf";
    check(plain, None, Ok(()));
    check(plain, Some("disable"), Ok(()));
    check(plain, Some("prefer"), Ok(()));
    check(plain, Some("require"), Err(DbUrlError::TlsUnsupported));
    check(plain, Some("verify-full"), Err(DbUrlError::TlsUnsupported));
    // The URL's own sslmode wins over the environment's, as in libpq.
    check(
        "postgres://central@db.example/nssf?sslmode=disable",
        Some("require"),
        Ok(()),
    );
    // And the store refuses it too, before connecting (nothing listens on port 1).
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Environment {
        ssl_mode: Some("require".into()),
        ..Environment::default()
    };
    let url: DbUrl = "postgres://central@127.0.0.1:1/nssf".parse().expect("url");
    match nssf_central_pg::open(dir.path(), &url, &env) {
        Err(ExchangeError::Storage(detail)) => assert!(detail.contains("TLS"), "{detail}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_password_file_is_read_as_libpq_reads_it() {
    let file = "\
# host:port:database:user:password
db.example:5432:nssf:central:first
*:5433:*:central:any\\:host
db\\:odd:5432:nssf:central:escaped
db.example:5432:nssf:*:back\\\\slash
short:line
";
    let check = |host: &str, port: u16, db: &str, user: &str, expected: Option<&str>| {
        assert_eq!(
            pgpass_lookup(file, host, port, db, user).as_deref(),
            expected,
            "{host}:{port}:{db}:{user}"
        );
    };
    check("db.example", 5432, "nssf", "central", Some("first"));
    check("elsewhere", 5433, "other", "central", Some("any:host"));
    check("db:odd", 5432, "nssf", "central", Some("escaped"));
    check("db.example", 5432, "nssf", "reports", Some("back\\slash"));
    check("db.example", 5433, "nssf", "reports", None);
    check("short", 5432, "line", "x", None);
    check("#", 5432, "nssf", "central", None);
}

#[test]
fn the_url_is_completed_from_the_environment() {
    let pgpass = "127.0.0.1:5432:nssf:central:from-file\nlocalhost:5432:nssf:central:socket\n";
    let check = |url: &str, env: Environment, user: Option<&str>, password: Option<&str>| {
        let config = url.parse::<DbUrl>().expect("url").config(&env);
        assert_eq!(config.get_user(), user, "{url}");
        assert_eq!(config.get_password(), password.map(str::as_bytes), "{url}");
    };
    let env = |password: Option<&str>, file: Option<&str>, user: Option<&str>| Environment {
        password: password.map(str::to_owned),
        pgpass: file.map(str::to_owned),
        user: user.map(str::to_owned),
        ssl_mode: None,
    };
    // In the URL: the environment changes nothing.
    check(
        "postgres://central:inline@127.0.0.1/nssf",
        env(Some("variable"), Some(pgpass), Some("login")),
        Some("central"),
        Some("inline"),
    );
    // PGPASSWORD before the file.
    check(
        "postgres://central@127.0.0.1/nssf",
        env(Some("variable"), Some(pgpass), None),
        Some("central"),
        Some("variable"),
    );
    check(
        "postgres://central@127.0.0.1/nssf",
        env(None, Some(pgpass), None),
        Some("central"),
        Some("from-file"),
    );
    // The user from PGUSER (or the login), then the file for that user.
    check(
        "postgres://127.0.0.1/nssf",
        env(None, Some(pgpass), Some("central")),
        Some("central"),
        Some("from-file"),
    );
    // A socket folder matches `localhost`.
    check(
        "postgres://central@%2Fvar%2Frun%2Fpostgresql/nssf",
        env(None, Some(pgpass), None),
        Some("central"),
        Some("socket"),
    );
    check(
        "postgres://central@127.0.0.1/other",
        env(None, Some(pgpass), None),
        Some("central"),
        None,
    );
}

#[test]
fn a_database_is_initialised_once_and_opened_only_when_it_was() {
    let server = server();
    let url_text = server.new_database_url();
    let url: DbUrl = url_text.parse().expect("url");
    let env = Environment::default();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    assert_eq!(
        nssf_central_pg::open(&first, &url, &env).map(|_| ()),
        Err(ExchangeError::CentralNotInitialised)
    );
    nssf_central_pg::init(&first, &url, &env).expect("init");
    // `init` applied every migration kept in the repository, in order.
    let mut client = postgres::Client::connect(&url_text, postgres::NoTls).expect("connect");
    let applied: Vec<i32> = client
        .query("SELECT version FROM central_schema ORDER BY version", &[])
        .expect("central_schema")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let kept = std::fs::read_dir(std::path::Path::new(&manifest_dir()).join("migrations"))
        .expect("migrations")
        .count();
    assert_eq!(applied, (1..=kept as i32).collect::<Vec<_>>());
    // Another folder's keys with the same database: refused before a key is made.
    assert_eq!(
        nssf_central_pg::init(&second, &url, &env).map(|_| ()),
        Err(ExchangeError::CentralExists)
    );
    assert!(!second.join("central-sign.ed25519").exists());
    // The same folder again: its keys exist.
    assert_eq!(
        nssf_central_pg::init(&first, &url, &env).map(|_| ()),
        Err(ExchangeError::CentralExists)
    );
    let store = nssf_central_pg::open(&first, &url, &env).expect("open");
    assert_eq!(store.stats().expect("stats").members, 0);
    // Without the password, the server's refusal; the message holds no password.
    let no_password: DbUrl = server
        .url_without_password(&server.database())
        .parse()
        .expect("url");
    match nssf_central_pg::open(&first, &no_password, &env) {
        Err(ExchangeError::Storage(detail)) => assert!(!detail.contains(PASSWORD), "{detail}"),
        other => panic!("refused for want of a password: {other:?}"),
    }
    assert_eq!(USER, "nssf");
}

/// This crate's folder as `cargo test` gives it when the test runs, not where the test was compiled: a build
/// cache shared by several checkouts may run a binary another clone compiled, and that clone may be gone.
fn manifest_dir() -> std::ffi::OsString {
    std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
