//! A throw-away PostgreSQL server for the tests that run the central store on PostgreSQL: one per test
//! binary ([`server`]), one database per test ([`PgServer::database`]).
//!
//! The server is PostgreSQL 14 or later from the distribution's packages (the highest version under
//! `/usr/lib/postgresql/*/bin`; `scripts/system-packages.sh` installs it). Its cluster lives in a
//! temporary folder (the unix socket too) and listens on a free loopback port; it runs without fsync,
//! since a test's data need not survive a power cut. `initdb` and `pg_ctl` refuse to run as root, and
//! CI runs as root: then they run as `nobody`, in a folder given to it. The server is stopped
//! (`pg_ctl stop -m immediate`) and its folder removed when the test binary exits, however it exits, by
//! a watcher process started with it (a static is never dropped).
//!
//! Local connections (the socket) are trusted; TCP ones need [`PASSWORD`], so a test can show that a
//! password given outside the URL (`PGPASSWORD`, a password file) is used.

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// The server's user.
pub const USER: &str = "nssf";
/// Its password, needed over TCP.
pub const PASSWORD: &str = "throw-away-test-password";

/// A running server.
#[derive(Debug)]
pub struct PgServer {
    bin: PathBuf,
    socket: PathBuf,
    port: u16,
    /// The user and group ids of `nobody` when the tests run as root.
    run_as: Option<(u32, u32)>,
    databases: AtomicU32,
    /// The process that stops the server once this one is gone: never waited for, it outlives us.
    watcher: Option<Child>,
}

/// The test binary's server, started on first use. Panics, saying what to install, when there is no
/// PostgreSQL 14 or later.
pub fn server() -> &'static PgServer {
    static SERVER: OnceLock<PgServer> = OnceLock::new();
    SERVER.get_or_init(PgServer::start)
}

/// The highest PostgreSQL version's `bin` folder, if it is 14 or later.
fn binaries() -> Option<PathBuf> {
    let versions = std::fs::read_dir("/usr/lib/postgresql").ok()?;
    versions
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            (version >= 14 && bin.join("initdb").exists()).then_some((version, bin))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, bin)| bin)
}

fn must(output: std::io::Result<Output>, what: &str) -> Output {
    let output = output.unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

impl PgServer {
    fn start() -> PgServer {
        let bin = binaries().expect(
            "the central store's tests need PostgreSQL 14 or later under /usr/lib/postgresql: \
             run scripts/system-packages.sh",
        );
        let is_root = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let run_as = is_root.then(|| {
            let id = |flag: &str| -> u32 {
                let out = must(Command::new("id").args([flag, "nobody"]).output(), "id");
                String::from_utf8_lossy(&out.stdout)
                    .trim()
                    .parse()
                    .expect("a numeric id")
            };
            (id("-u"), id("-g"))
        });
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let root = std::env::temp_dir().join(format!("nssf-pg-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&root).expect("the server's folder");
        let password_file = root.join("password");
        std::fs::write(&password_file, PASSWORD).expect("the password file");
        if let Some((uid, gid)) = run_as {
            for path in [&root, &password_file] {
                std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown to nobody");
            }
        }
        let mut server = PgServer {
            bin,
            socket: root.clone(),
            port: 0,
            run_as,
            databases: AtomicU32::new(0),
            watcher: None,
        };
        let data = root.join("data");
        must(
            server
                .command("initdb")
                .arg("-D")
                .arg(&data)
                .args([
                    "-U",
                    USER,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                ])
                .args(["-E", "UTF8", "--locale=C", "--no-sync"])
                .arg(format!("--pwfile={}", password_file.display()))
                .output(),
            "initdb",
        );
        server.watcher = Some(server.watch(&root, &data));
        // A free port can be taken between our look and the server's start: try a few.
        let mut last = None;
        for _ in 0..5 {
            server.port = free_port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
                 -c full_page_writes=off -c max_connections=100",
                server.port,
                server.socket.display()
            );
            let output = server
                .command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(root.join("server.log"))
                .args(["-w", "-t", "60", "-o", &options, "start"])
                .output();
            match output {
                Ok(o) if o.status.success() => return server,
                other => last = Some(other),
            }
        }
        panic!(
            "the test PostgreSQL server did not start: {last:?}; its log: {}",
            std::fs::read_to_string(root.join("server.log")).unwrap_or_default()
        );
    }

    /// `program`, run as the server's user.
    fn as_server_user(&self, program: &Path) -> Command {
        match self.run_as {
            Some((uid, gid)) => {
                let mut c = Command::new("setpriv");
                c.arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={gid}"))
                    .arg("--clear-groups")
                    .arg(program);
                c
            }
            None => Command::new(program),
        }
    }

    /// `program` from the server's `bin`, run as the server's user.
    fn command(&self, program: &str) -> Command {
        let mut command = self.as_server_user(&self.bin.join(program));
        for var in [
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGDATABASE",
            "PGPASSWORD",
            "PGPASSFILE",
        ] {
            command.env_remove(var);
        }
        command.stdin(Stdio::null());
        command
    }

    /// Starts the watcher that stops the server and removes its folder once this process is gone.
    fn watch(&self, root: &Path, data: &Path) -> Child {
        let pg_ctl = self.bin.join("pg_ctl");
        let script = format!(
            "while [ -d /proc/{pid} ]; do sleep 1; done; '{pg_ctl}' -D '{data}' stop -m immediate; rm -rf '{root}'",
            pid = std::process::id(),
            pg_ctl = pg_ctl.display(),
            data = data.display(),
            root = root.display(),
        );
        self.as_server_user(Path::new("sh"))
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server's watcher")
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A new, empty database; its name.
    pub fn database(&self) -> String {
        let name = format!("t_{}", self.databases.fetch_add(1, Ordering::SeqCst));
        let mut psql = Command::new(self.bin.join("psql"));
        for var in [
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGDATABASE",
            "PGPASSWORD",
            "PGPASSFILE",
        ] {
            psql.env_remove(var);
        }
        must(
            psql.arg("-h")
                .arg(&self.socket)
                .args(["-p", &self.port.to_string(), "-U", USER, "-d", "postgres"])
                .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c"])
                .arg(format!("CREATE DATABASE {name}"))
                .output(),
            "CREATE DATABASE",
        );
        name
    }

    /// The URL of database `name` over TCP, without a password (`PGPASSWORD` or a password file gives
    /// it).
    pub fn url_without_password(&self, name: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{name}", self.port)
    }

    /// The URL of database `name` over TCP, password included.
    pub fn url(&self, name: &str) -> String {
        format!(
            "postgres://{USER}:{PASSWORD}@127.0.0.1:{}/{name}",
            self.port
        )
    }

    /// A new, empty database's URL, password included.
    pub fn new_database_url(&self) -> String {
        let name = self.database();
        self.url(&name)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
