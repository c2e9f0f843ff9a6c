use std::path::Path;

use nssf_api::files::{read_bounded, read_incoming, write_atomically, IncomingFile};
use nssf_api::{ApiError, Refusal};

#[test]
fn files_are_written_whole_with_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let check = |len: usize| {
        let path = dir.path().join(format!("out-{len}.bin"));
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let mut seen = Vec::new();
        write_atomically(&path, &bytes, &mut |done, total| seen.push((done, total)))
            .expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
        assert_eq!(seen.first(), Some(&(0, len as u64)));
        assert_eq!(seen.last(), Some(&(len as u64, len as u64)));
        assert!(
            !dir.path().join(format!("out-{len}.bin.part")).exists(),
            "no temporary file left"
        );
    };
    check(0);
    check(10);
    check(200_000); // several 64 KB pieces
                    // A folder that does not exist: an error, and nothing left behind.
    let missing = dir.path().join("no-such-folder").join("x.pdf");
    assert!(write_atomically(&missing, b"pdf", &mut |_, _| {}).is_err());
    assert!(!missing.exists());
}

/// What reading gave: the bytes, or the refusal the window and the CLI show.
fn read(path: &Path, max: u64) -> Result<Vec<u8>, Refusal> {
    read_bounded(path, max).map_err(|e| ApiError::from(e).refusal)
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn only_regular_files_within_their_limit_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = |name: &str, len: usize| {
        let path = dir.path().join(name);
        std::fs::write(&path, vec![7u8; len]).expect("write");
        path
    };
    let check = |path: &Path, max: u64, expected: Result<Vec<u8>, Refusal>| {
        assert_eq!(read(path, max), expected, "{}", path.display());
    };
    check(&file("empty", 0), 10, Ok(Vec::new()));
    check(&file("ten", 10), 10, Ok(vec![7; 10]));
    let eleven = file("eleven", 11);
    check(
        &eleven,
        10,
        Err(Refusal::FileTooLarge {
            path: path_text(&eleven),
            size: 11,
            max: 10,
        }),
    );
    let missing = dir.path().join("missing");
    check(
        &missing,
        10,
        Err(Refusal::FileUnreadable {
            path: path_text(&missing),
        }),
    );
    #[cfg(unix)]
    {
        // A folder, an endless device and a pipe nobody writes to: refused from the opened file's type,
        // without reading (reading /dev/zero never ends; opening a pipe waits for a writer).
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        for path in [dir.path(), Path::new("/dev/zero"), &fifo] {
            check(
                path,
                u64::MAX - 1,
                Err(Refusal::FileNotRegular {
                    path: path_text(path),
                }),
            );
        }
    }
}

/// A 256 MiB file (sparse: it takes no disk) is refused from its size, before anything is allocated.
#[test]
fn a_file_larger_than_a_batch_is_refused_from_its_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.batch");
    let size = 256 * 1024 * 1024;
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
    let max = IncomingFile::Batch.max_bytes();
    assert!(max < size, "a batch may be at most {max} bytes");
    assert_eq!(
        read_incoming(&path, IncomingFile::Batch).map_err(|e| ApiError::from(e).refusal),
        Err(Refusal::FileTooLarge {
            path: path_text(&path),
            size,
            max,
        })
    );
}
