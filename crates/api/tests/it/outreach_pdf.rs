//! Reading back the report and the call sheet: their text as poppler (which reads ActualText) and MuPDF
//! (which reads only the fonts' ToUnicode maps) extract it, and their pages.

use std::path::Path;
use std::process::Command;

fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed (poppler-utils, mupdf-tools): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The text `pdftotext` extracts, after checking that neither it nor MuPDF's extraction holds a
/// replacement character, and that MuPDF reads the same Lao and Latin letters (spacing and line order
/// aside).
pub fn extracted(path: &Path) -> String {
    let file = path.to_str().expect("a UTF-8 path");
    let poppler = tool("pdftotext", &["-layout", file, "-"]);
    let mupdf = tool("mutool", &["draw", "-F", "txt", "-o", "-", file]);
    for (who, text) in [("pdftotext", &poppler), ("mutool", &mupdf)] {
        assert!(!text.contains('\u{fffd}'), "{who} met U+FFFD:\n{text}");
    }
    let letters = |text: &str| -> Vec<char> {
        let mut chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
        chars.sort_unstable();
        chars
    };
    assert_eq!(
        letters(&poppler),
        letters(&mupdf),
        "poppler and MuPDF read other letters:\n{poppler}\n---\n{mupdf}"
    );
    poppler
}

/// Every page is A4 portrait (595 × 842 pt).
pub fn assert_a4(path: &Path) {
    let file = path.to_str().expect("a UTF-8 path");
    let info = tool("pdfinfo", &["-f", "1", "-l", "999", file]);
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .collect();
    assert!(!sizes.is_empty(), "{info}");
    for size in sizes {
        assert!(
            size.contains("595.") && size.contains("x 841.") && size.contains("(A4)"),
            "{size}"
        );
    }
}

/// How many pages.
pub fn pages(path: &Path) -> usize {
    let info = tool("pdfinfo", &[path.to_str().expect("a UTF-8 path")]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}
