//! `nssf-desk central --db URL …` end to end on a throw-away PostgreSQL server: the contract of the sled
//! store (init, key, trust, verify, import, ack, stats), the password from `PGPASSWORD` or a password
//! file and never shown, and two `central import` processes of one batch at once.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use nssf_test_support::applicant;
use nssf_test_support::postgres::{server, PASSWORD, USER};

/// How the database password reaches a `central` process.
#[derive(Debug, Clone, Copy)]
enum Password<'a> {
    /// `PGPASSWORD`.
    Variable,
    /// `PGPASSFILE` naming this file.
    File(&'a Path),
    /// Neither.
    None,
}

fn command(home: &Path, password: Password<'_>, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    command.args(["--lang", "en"]).args(args);
    for var in [
        "PGPASSWORD",
        "PGPASSFILE",
        "PGUSER",
        "PGHOST",
        "PGPORT",
        "PGDATABASE",
        "PGSSLMODE",
    ] {
        command.env_remove(var);
    }
    // No password file of the machine's user is read.
    command.env("HOME", home);
    match password {
        Password::Variable => {
            command.env("PGPASSWORD", PASSWORD);
        }
        Password::File(path) => {
            command.env("PGPASSFILE", path);
        }
        Password::None => {}
    }
    command
}

fn run(home: &Path, password: Password<'_>, args: &[&str]) -> Output {
    command(home, password, args)
        .output()
        .expect("run nssf-desk")
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, Password::Variable, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn the_central_contract_on_postgresql() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path();
    let server = server();
    let db = server.database();
    let url = server.url_without_password(&db);
    let office = tmp.path().join("office");
    let cdir = tmp.path().join("central");
    let (o, c) = (p(&office), p(&cdir));
    let central = |args: &[&str]| -> Vec<String> {
        ["central", "--data", c, "--db", url.as_str()]
            .iter()
            .chain(args)
            .map(|s| (*s).to_owned())
            .collect()
    };
    let central_ok = |args: &[&str]| {
        let args = central(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(home, &args)
    };

    ok(
        home,
        &[
            "--data",
            o,
            "init",
            "--office",
            "0101",
            "--workstation",
            "01",
        ],
    );
    let json = tmp.path().join("chao.json");
    std::fs::write(&json, applicant().registered_on("2026-06-20").json()).expect("write");
    let member = ok(
        home,
        &[
            "--data",
            o,
            "register",
            "--json",
            p(&json),
            "--allow-backdate",
        ],
    );
    ok(
        home,
        &[
            "--data",
            o,
            "pay",
            member.trim(),
            "--months",
            "2",
            "--method",
            "cash",
        ],
    );
    let key = tmp.path().join("office.key");
    ok(home, &["--data", o, "office-key", "--out", p(&key)]);

    central_ok(&["init"]);
    // The database holds a central store now: a second init is refused, whatever the folder.
    let other = tmp.path().join("other");
    let again = run(
        home,
        Password::Variable,
        &["central", "--data", p(&other), "--db", &url, "init"],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "a second init on one database"
    );
    assert!(!other.join("central-sign.ed25519").exists(), "no key made");
    let central_key = tmp.path().join("central.key");
    central_ok(&["key", "--out", p(&central_key)]);
    central_ok(&["trust", "--office-key", p(&key)]);
    ok(
        home,
        &["--data", o, "central-key", "--import", p(&central_key)],
    );

    let stick = tmp.path().join("stick");
    let first = ok(home, &["--data", o, "export", "--out", p(&stick)]);
    let first = first.trim();
    assert_eq!(central_ok(&["verify", first]), "valid\n");
    let imported = central_ok(&["import", first]);
    assert!(imported.starts_with("audit intact "), "{imported:?}");
    assert_eq!(central_ok(&["import", first]), "", "imported already");
    let stats: serde_json::Value =
        serde_json::from_str(&central_ok(&["stats", "--json"])).expect("json");
    assert_eq!(
        (
            &stats["members"],
            &stats["payments"],
            &stats["kip"],
            &stats["batches"]
        ),
        (&1.into(), &1.into(), &450_000.into(), &1.into())
    );
    let ack = tmp.path().join("ack");
    central_ok(&[
        "ack",
        "--office",
        "0101",
        "--workstation",
        "01",
        "--out",
        p(&ack),
    ]);
    ok(home, &["--data", o, "ack-import", p(&ack)]);

    // The password from a password file (escapes and wildcards as libpq reads them).
    let pgpass = tmp.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "# host:port:database:user:password\nother\\:host:*:*:*:wrong\n127.0.0.1:{}:{db}:{USER}:{PASSWORD}\n",
            server.port()
        ),
    )
    .expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let args = central(&["stats", "--json"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(home, Password::File(&pgpass), &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The password file at its default place, `~/.pgpass`: read when only its owner may read it,
    // ignored otherwise, as libpq does.
    let dot_pgpass = home.join(".pgpass");
    std::fs::copy(&pgpass, &dot_pgpass).expect("copy");
    #[cfg(unix)]
    for (mode, code) in [(0o600, 0), (0o644, 1)] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dot_pgpass, std::fs::Permissions::from_mode(mode))
            .expect("chmod");
        let out = run(home, Password::None, &args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "~/.pgpass mode {mode:o}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::remove_file(&dot_pgpass).expect("remove");

    // No password at all: refused (exit 1), saying why, naming no URL.
    let out = run(home, Password::None, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    // A password in the URL is never shown: a wrong one, and a URL that does not parse.
    let secret = "not-the-password-0451";
    let wrong = format!(
        "postgres://{USER}:{secret}@127.0.0.1:{}/{db}",
        server.port()
    );
    let unreadable = format!("postgres://{USER}:{secret}@127.0.0.1:port/{db}");
    for (db_url, code) in [(&wrong, 1), (&unreadable, 2)] {
        let out = run(
            home,
            Password::None,
            &["central", "--data", c, "--db", db_url, "stats"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(!stderr.contains(secret), "the password shown: {stderr}");
        assert!(!stderr.is_empty(), "a reason is given");
    }

    // Two processes import the next batch at once: one imports it, the other finds it imported.
    let json = tmp.path().join("keo.json");
    std::fs::write(
        &json,
        applicant()
            .given("ແກ້ວ", "Keo")
            .id_card("987654321")
            .registered_on("2026-06-20")
            .json(),
    )
    .expect("write");
    ok(
        home,
        &[
            "--data",
            o,
            "register",
            "--json",
            p(&json),
            "--allow-backdate",
        ],
    );
    let second = ok(home, &["--data", o, "export", "--out", p(&stick)]);
    let args = central(&["import", second.trim()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let spawn = || -> Child {
        command(home, Password::Variable, &args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (a, b) = (spawn(), spawn());
    let outputs = [a, b].map(|child| child.wait_with_output().expect("wait"));
    for out in &outputs {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let winners = outputs
        .iter()
        .filter(|out| out.stdout.starts_with(b"audit intact "))
        .count();
    assert_eq!(winners, 1, "one process imports the batch");
    let stats: serde_json::Value =
        serde_json::from_str(&central_ok(&["stats", "--json"])).expect("json");
    assert_eq!(
        (&stats["members"], &stats["batches"]),
        (&2.into(), &2.into())
    );
}

#[test]
fn a_database_url_asking_for_tls_is_refused_saying_why() {
    // The client connects without TLS: a URL (or PGSSLMODE) that insists on it is refused before
    // any connection, in the user's language, exit 2, the URL and its password never repeated. No
    // server is needed: nothing listens on port 1.
    let tmp = tempfile::tempdir().expect("tempdir");
    let cdir = tmp.path().join("central");
    let secret = "not-the-password-0451";
    let check = |lang: &str, url: &str, pgsslmode: Option<&str>, expected: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
        command
            .args([
                "--lang",
                lang,
                "central",
                "--data",
                p(&cdir),
                "--db",
                url,
                "stats",
            ])
            .env("HOME", tmp.path())
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        match pgsslmode {
            Some(mode) => command.env("PGSSLMODE", mode),
            None => command.env_remove("PGSSLMODE"),
        };
        let out = command.output().expect("run nssf-desk");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains(secret), "the password shown: {stderr}");
        match expected {
            Some(message) => {
                assert_eq!(
                    (out.status.code(), stderr.trim_end()),
                    (Some(2), message),
                    "{url} {pgsslmode:?}"
                );
            }
            // Not refused for TLS: it goes on to connect, and fails for want of a server.
            None => {
                assert_eq!(out.status.code(), Some(1), "{url} {pgsslmode:?}: {stderr}");
                assert!(!stderr.contains("sslmode"), "{stderr}");
            }
        }
    };
    let en = "--db asks for an encrypted connection (sslmode=require, verify-ca or verify-full, or PGSSLMODE), which nssf-desk does not make yet: run it on the database server (a socket folder or 127.0.0.1) or through an SSH tunnel, without sslmode or with sslmode=disable (docs/central-operations.md).";
    let lo = "--db ຂໍການເຊື່ອມຕໍ່ແບບເຂົ້າລະຫັດ (sslmode=require, verify-ca ຫຼື verify-full, ຫຼື PGSSLMODE), ເຊິ່ງ nssf-desk ຍັງເຮັດບໍ່ໄດ້: ໃຫ້ໃຊ້ຢູ່ເທິງເຄື່ອງຂອງຖານຂໍ້ມູນເອງ (ໂຟນເດີ socket ຫຼື 127.0.0.1) ຫຼື ຜ່ານ SSH tunnel, ໂດຍບໍ່ໃສ່ sslmode ຫຼື ໃສ່ sslmode=disable (docs/central-operations.md).";
    let url = |query: &str| format!("postgres://{USER}:{secret}@127.0.0.1:1/nssf{query}");
    check("en", &url("?sslmode=require"), None, Some(en));
    check("lo", &url("?sslmode=require"), None, Some(lo));
    check("en", &url("?sslmode=verify-full"), None, Some(en));
    check("en", &url(""), Some("require"), Some(en));
    check("en", &url("?sslmode=disable"), Some("require"), None);
    check("en", &url("?sslmode=prefer"), None, None);
}
