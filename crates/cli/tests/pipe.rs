//! A reader that closes the output pipe early (`nssf-desk … | head -c 10`) ends the command quietly with
//! exit 0, as ripgrep does, instead of a panic on the write that met the closed pipe.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn nssf_desk(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    command
        .arg("--data")
        .arg(data)
        .arg("--lang")
        .arg("en")
        .args(args);
    command
}

/// Runs a command to the end, for setting up the folder.
fn setup(data: &Path, args: &[&str]) {
    let out = nssf_desk(data, args).output().expect("run nssf-desk");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Reads `take` bytes of the command's output, closes the pipe, and returns (exit code, stderr).
fn read_then_close(data: &Path, args: &[&str], take: usize) -> (Option<i32>, String) {
    let mut child = nssf_desk(data, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nssf-desk");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = vec![0u8; take];
    stdout.read_exact(&mut first).expect("the first bytes");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    setup(
        dir.path(),
        &["init", "--office", "0101", "--workstation", "01"],
    );
    // 200 members' JSON is far more than a pipe holds (64 KiB on Linux), so the command is still writing
    // when the reader goes.
    setup(dir.path(), &["demo", "--members", "200"]);
    let check = |args: &[&str]| {
        assert_eq!(
            read_then_close(dir.path(), args, 10),
            (Some(0), String::new()),
            "{args:?}"
        );
    };
    check(&["search", "0101-01", "--limit", "200", "--json"]);
}

/// Every line a command prints goes through `invocation::print_line` (the `out!` macro), which ends the
/// command at a closed pipe: a `println!` would panic there instead.
#[test]
fn no_command_prints_with_println() {
    let src = Path::new(&manifest_dir()).join("src");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        for (i, line) in text.lines().enumerate() {
            if line.contains("println!(") || line.contains("print!(") {
                offenders.push(format!("{}:{}", path.display(), i + 1));
            }
        }
    }
    assert_eq!(offenders, Vec::<String>::new());
}

/// This crate's folder as `cargo test` gives it when the test runs, not where the test was compiled: a build
/// cache shared by several checkouts may run a binary another clone compiled, and that clone may be gone.
fn manifest_dir() -> std::ffi::OsString {
    std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
