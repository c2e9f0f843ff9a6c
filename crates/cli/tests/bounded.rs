//! Files that come from outside are read with bounded work: a folder, an endless device or a pipe is
//! refused without being read, and a file larger than its kind can be is refused from its size. Each
//! command that reads such a file, as a process, with the exit code and the stderr line scripts see.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far longer than any of these commands takes; only a command that reads an endless file (or waits on a
/// pipe) gets there, and it is then killed so that the test fails instead of hanging.
const HANG: Duration = Duration::from_secs(120);

/// Runs `nssf-desk --lang en ARGS`: the exit code and stderr, or `None` if it was still running after
/// [`HANG`].
fn run(args: &[&str]) -> Option<(i32, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .args(["--lang", "en"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nssf-desk");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > HANG {
            child.kill().expect("kill");
            child.wait().expect("reap");
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    Some((status.code().expect("exit code"), stderr))
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn ok(args: &[&str]) {
    assert_eq!(run(args).map(|(code, _)| code), Some(0), "{args:?}");
}

#[test]
fn files_that_are_not_regular_or_too_large_are_refused_unread() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let office = tmp.path().join("office");
    let central = tmp.path().join("central");
    let (o, c) = (p(&office), p(&central));
    ok(&[
        "--data",
        o,
        "init",
        "--office",
        "0101",
        "--workstation",
        "01",
    ]);
    ok(&["central", "--data", c, "init"]);

    let fifo = tmp.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let folder = tmp.path().join("folder.batch");
    std::fs::create_dir(&folder).expect("folder");
    // 256 MiB without taking the disk: a sparse file.
    let huge = tmp.path().join("huge.batch");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(256 * 1024 * 1024))
        .expect("sparse file");

    let not_regular = |path: &str| {
        format!(
            "{path} is not an ordinary file (it is a folder, a device or a pipe): choose the file itself.\n"
        )
    };
    let check = |args: &[&str], expected: (i32, String)| {
        assert_eq!(run(args), Some(expected), "{args:?}");
    };
    for path in ["/dev/zero", p(&fifo), p(&folder)] {
        check(
            &["central", "--data", c, "verify", path],
            (1, not_regular(path)),
        );
        check(
            &["central", "--data", c, "import", path],
            (1, not_regular(path)),
        );
        check(
            &["central", "--data", c, "trust", "--office-key", path],
            (1, not_regular(path)),
        );
        check(&["--data", o, "ack-import", path], (1, not_regular(path)));
        check(
            &["--data", o, "reference-import", path],
            (1, not_regular(path)),
        );
        check(
            &["--data", o, "central-key", "--import", path],
            (1, not_regular(path)),
        );
        check(
            &["verify-card", "--key", path, "--qr", "x"],
            (1, not_regular(path)),
        );
        // Input the user picks again: exit 2, the reason as the system would give it.
        check(
            &["--data", o, "register", "--json", path],
            (
                2,
                format!("The file {path} cannot be read: not a regular file\n"),
            ),
        );
        check(
            &["--data", o, "photo", "0101-01-0000001-5", "--file", path],
            (
                2,
                format!("The file {path} cannot be read: not a regular file\n"),
            ),
        );
    }
    check(
        &["central", "--data", c, "verify", p(&huge)],
        (
            1,
            format!(
                "The file {} is 268435456 bytes, more than the 67108864 allowed.\n",
                p(&huge)
            ),
        ),
    );
}
