use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nssf_documents::{photo, CardData, CardLabels};

/// Runs a system tool, failing the test with the Debian package to install when it is missing.
pub fn run(tool: &str, args: &[&str]) -> Output {
    let package = match tool {
        "pdftotext" | "pdffonts" | "pdfinfo" | "pdftoppm" | "pdfimages" => "poppler-utils",
        "mutool" => "mupdf-tools",
        "qpdf" => "qpdf",
        "zbarimg" => "zbar-tools",
        "hb-shape" => "libharfbuzz-bin",
        "/usr/bin/convert" => "imagemagick",
        _ => "?",
    };
    match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`{tool}` is not installed: run scripts/system-packages.sh (Debian package {package})")
        }
        Err(e) => panic!("could not run `{tool}`: {e}"),
    }
}

/// Runs a tool and returns its stdout, failing on a non-zero exit.
pub fn stdout(tool: &str, args: &[&str]) -> String {
    let output = run(tool, args);
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

pub fn repo_root() -> PathBuf {
    Path::new(&manifest_dir()).join("../..")
}

/// A scratch directory unique to one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nssf-documents-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// A photo-like test image: smooth gradients, a face-like oval and some fine texture, so the JPEG
/// is of realistic size.
pub fn portrait_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let texture = (((x * 7 + y * 13) % 17) as f32 - 8.0) * 1.5;
        let head = ((fx - 0.5) / 0.2).powi(2) + ((fy - 0.38) / 0.22).powi(2) < 1.0;
        let body = fy > 0.66 && ((fx - 0.5) / 0.45).powi(2) + ((fy - 1.05) / 0.4).powi(2) < 1.0;
        let base = if head {
            [200.0, 152.0, 122.0]
        } else if body {
            [50.0 + 60.0 * fx, 70.0, 120.0]
        } else {
            [180.0 + 50.0 * fy, 190.0 + 40.0 * fx, 210.0]
        };
        image::Rgb(base.map(|v| (v + texture).clamp(0.0, 255.0) as u8))
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode PNG");
    png
}

pub fn prepared_photo() -> photo::Photo {
    photo::prepare(&portrait_png(1200, 1600), None).expect("prepare test photo")
}

pub fn sample_card(member_no: &str, photo_jpeg: Option<Vec<u8>>) -> CardData {
    CardData {
        fund_name_lo: "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ".into(),
        fund_name_en: "National Social Security Fund".into(),
        card_title: "ບັດສະມາຊິກ / Member card".into(),
        name_lo: "ນາງ ເຈົ້າ ນ້ຳໃຈ".into(),
        name_latin: "Ms Chao NAMCHAI".into(),
        member_no: member_no.into(),
        date_of_birth: "12/03/1985".into(),
        hospital: "ໂຮງໝໍມິດຕະພາບ".into(),
        issue_date: "26/11/2026".into(),
        labels: CardLabels {
            member_no: "ເລກສະມາຊິກ / Member no.".into(),
            date_of_birth: "ວັນເດືອນປີເກີດ / Date of birth".into(),
            hospital: "ໂຮງໝໍ / Hospital".into(),
            issued: "ວັນທີອອກ / Issued".into(),
            issue: "ສະບັບທີ / Issue".into(),
        },
        issue_number: 2,
        photo_jpeg,
        qr_payload: format!(
            "NSSF1:{member_no}:2026-11-26:2:sig=MEUCIQDx4v3l1pQ8kzQn9y1mZ3wq7t2Y8aKc0fH6uJ9eWbGx"
        ),
    }
}

/// This crate's folder as `cargo test` gives it when the test runs, not where the test was compiled: a build
/// cache shared by several checkouts may run a binary another clone compiled, and that clone may be gone.
fn manifest_dir() -> std::ffi::OsString {
    std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
