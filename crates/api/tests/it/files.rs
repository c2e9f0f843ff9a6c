use nssf_api::files::write_atomically;

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
