//! The Debian tools the document checks use (poppler-utils, zbar-tools, imagemagick).

use std::path::Path;
use std::process::Command;

fn run(program: &str, args: &[&str], package: &str) -> std::process::Output {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed (Debian package {package}): {e}"));
    assert!(
        out.status.success() || program == "zbarimg",
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The text of a PDF, as `pdftotext` extracts it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = run(
        "pdftotext",
        &[path.to_str().expect("utf-8"), "-"],
        "poppler-utils",
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The QR codes on the first page rendered at 300 dpi, decoded by `zbarimg`.
pub fn pdf_qr(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let prefix = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            path.to_str().expect("utf-8"),
            prefix.to_str().expect("utf-8"),
        ],
        "poppler-utils",
    );
    let png = std::fs::read_dir(dir.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a rendered page");
    let out = run(
        "zbarimg",
        &["--raw", "-q", png.to_str().expect("utf-8")],
        "zbar-tools",
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A JPEG photo made by ImageMagick: `width` × `height`, a gradient.
pub fn jpeg(dir: &Path, width: u32, height: u32) -> Vec<u8> {
    let path = dir.join(format!("photo-{width}x{height}.jpg"));
    run(
        "/usr/bin/convert",
        &[
            "-size",
            &format!("{width}x{height}"),
            "gradient:tan-navy",
            path.to_str().expect("utf-8"),
        ],
        "imagemagick",
    );
    std::fs::read(path).expect("read jpeg")
}
