//! Files going into the window (a photo) and coming out of it (saved PDFs and batches).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::{eventually, TestResult};

/// Writes a landscape 1200×900 JPEG of a plain gradient, without EXIF, to `path`: a photo as a webcam would
/// give it, to be cropped to 3:4. ImageMagick is called by its full path because a stand-in sits on PATH.
pub fn gradient_jpeg(path: &Path) -> TestResult {
    let status = Command::new("/usr/bin/convert")
        .args(["-size", "1200x900", "gradient:#d0a080-#203040"])
        .arg(path)
        .status()?;
    if !status.success() {
        return Err(format!("/usr/bin/convert failed: {status}").into());
    }
    Ok(())
}

/// The text of a PDF, by poppler's `pdftotext` (the PDFs carry ActualText, so this is the text as typed).
pub fn pdf_text(path: &Path) -> TestResult<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output()?;
    if !out.status.success() {
        return Err(format!("pdftotext {} failed", path.display()).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Waits until the window has written the file `path`.
pub async fn wait_file(path: &Path) -> TestResult {
    eventually(
        &path.display().to_string(),
        Duration::from_millis(100),
        async || {
            if path.is_file() {
                Ok(())
            } else {
                Err("was never written".into())
            }
        },
    )
    .await
}
