use std::time::{Duration, Instant};

use nssf_documents::photo::{prepare, Crop, PhotoError};

use crate::support::{portrait_png, run, scratch};

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG signature and a valid IHDR chunk claiming `width` × `height`, and nothing else.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&chunk);
    png.extend(crc32(&chunk).to_be_bytes());
    png
}

fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn jpeg_of(png: &[u8]) -> Vec<u8> {
    let img = image::load_from_memory(png).expect("decode PNG");
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .expect("encode JPEG");
    jpeg
}

/// Inserts an EXIF APP1 segment with the given orientation right after SOI.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    exif.extend(1u16.to_be_bytes()); // one IFD entry
    exif.extend(0x0112u16.to_be_bytes()); // Orientation
    exif.extend(3u16.to_be_bytes()); // SHORT
    exif.extend(1u32.to_be_bytes());
    exif.extend(orientation.to_be_bytes());
    exif.extend([0, 0]);
    exif.extend(0u32.to_be_bytes()); // no next IFD
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(exif.len() + 2).expect("small").to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn bad_inputs_are_refused_with_their_code() {
    let good_jpeg = jpeg_of(&portrait_png(300, 400));
    let good_png = portrait_png(300, 400);
    let square = Some(Crop {
        x: 0,
        y: 0,
        width: 300,
        height: 300,
    });
    let outside = Some(Crop {
        x: 100,
        y: 100,
        width: 300,
        height: 400,
    });
    let cases: Vec<(&str, Vec<u8>, Option<Crop>, &str)> = vec![
        ("empty", Vec::new(), None, "photo-empty"),
        ("random bytes", noise(4096), None, "photo-unsupported"),
        (
            "text file",
            b"Name,Member no\nChao,01-2024-000123\n".to_vec(),
            None,
            "photo-unsupported",
        ),
        (
            "GIF",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            None,
            "photo-unsupported",
        ),
        (
            "truncated JPEG",
            good_jpeg[..good_jpeg.len() / 2].to_vec(),
            None,
            "photo-corrupt",
        ),
        (
            "truncated PNG",
            good_png[..good_png.len() / 2].to_vec(),
            None,
            "photo-corrupt",
        ),
        (
            "PNG header only",
            png_header(300, 400),
            None,
            "photo-corrupt",
        ),
        (
            "50000 × 50000 PNG",
            png_header(50_000, 50_000),
            None,
            "photo-too-large",
        ),
        (
            "12001 wide PNG",
            png_header(12_001, 10),
            None,
            "photo-too-large",
        ),
        ("square crop", good_jpeg.clone(), square, "photo-bad-crop"),
        ("crop outside", good_jpeg.clone(), outside, "photo-bad-crop"),
        (
            "empty crop",
            good_jpeg.clone(),
            Some(Crop {
                x: 0,
                y: 0,
                width: 0,
                height: 0,
            }),
            "photo-bad-crop",
        ),
    ];
    for (name, bytes, crop, code) in cases {
        let started = Instant::now();
        let result = prepare(&bytes, crop);
        let err = result.expect_err(name);
        assert_eq!(err.code(), code, "{name}: {err}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{name} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn huge_png_is_refused_before_allocating() {
    let started = Instant::now();
    let err = prepare(&png_header(50_000, 50_000), None).expect_err("too large");
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            PhotoError::TooLarge {
                width: 50_000,
                height: 50_000
            }
        ),
        "{err:?}"
    );
}

fn rgb_at(jpeg: &[u8], x: u32, y: u32) -> [u8; 3] {
    let img = image::load_from_memory(jpeg)
        .expect("decode output")
        .to_rgb8();
    img.get_pixel(x, y).0
}

#[test]
fn exif_orientation_6_is_applied_and_output_fits_limits() {
    // 4000 × 3000 landscape, left half red, right half blue, stored sideways: orientation 6
    // means "rotate 90° clockwise to view", which puts red on top.
    let dir = scratch("exif");
    let src = dir.join("src.jpg");
    let src_str = src.to_str().expect("UTF-8 path");
    let output = run(
        "/usr/bin/convert",
        &[
            "-size",
            "4000x3000",
            "xc:red",
            "-fill",
            "blue",
            "-draw",
            "rectangle 2000,0 3999,2999",
            "-quality",
            "90",
            src_str,
        ],
    );
    assert!(
        output.status.success(),
        "convert: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let jpeg = with_exif_orientation(&std::fs::read(&src).expect("read"), 6);

    let photo = prepare(&jpeg, None).expect("prepare");
    assert_eq!((photo.width, photo.height), (600, 800));
    assert!(photo.jpeg.len() <= 80 * 1024, "{} bytes", photo.jpeg.len());
    let top = rgb_at(&photo.jpeg, 300, 50);
    let bottom = rgb_at(&photo.jpeg, 300, 750);
    assert!(top[0] > 200 && top[2] < 60, "top should be red: {top:?}");
    assert!(
        bottom[2] > 200 && bottom[0] < 60,
        "bottom should be blue: {bottom:?}"
    );
}

#[test]
fn small_png_with_alpha_is_flattened_on_white_and_not_enlarged() {
    let img = image::RgbaImage::from_fn(90, 120, |x, _| {
        if x < 45 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([0, 128, 0, 255])
        }
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let photo = prepare(&png, None).expect("prepare");
    assert_eq!((photo.width, photo.height), (90, 120));
    let left = rgb_at(&photo.jpeg, 10, 60);
    assert!(
        left.iter().all(|&c| c > 240),
        "transparent must become white: {left:?}"
    );
}

#[test]
fn webp_works_and_default_crop_is_centred_3_4() {
    let dir = scratch("webp");
    let path = dir.join("wide.webp");
    let path_str = path.to_str().expect("UTF-8 path");
    // 800 × 400: the centred 3:4 crop is 300 × 400 of the middle (green) band.
    let output = run(
        "/usr/bin/convert",
        &[
            "-size",
            "800x400",
            "xc:red",
            "-fill",
            "lime",
            "-draw",
            "rectangle 250,0 549,399",
            path_str,
        ],
    );
    assert!(
        output.status.success(),
        "convert: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let photo = prepare(&std::fs::read(&path).expect("read"), None).expect("prepare");
    assert_eq!((photo.width, photo.height), (300, 400));
    for x in [5, 150, 294] {
        let p = rgb_at(&photo.jpeg, x, 200);
        assert!(p[1] > 200 && p[0] < 60, "column {x} should be green: {p:?}");
    }
}

#[test]
fn explicit_crop_is_used() {
    let png = portrait_png(1000, 1000);
    let crop = Crop {
        x: 100,
        y: 50,
        width: 450,
        height: 600,
    };
    let photo = prepare(&png, Some(crop)).expect("prepare");
    assert_eq!((photo.width, photo.height), (450, 600));
    // 2 % tolerance: 452 × 600 is accepted, 470 × 600 is not.
    let within = prepare(&png, Some(Crop { width: 452, ..crop })).expect("452 × 600 is within 2 %");
    assert_eq!((within.width, within.height), (452, 600));
    let beyond = prepare(&png, Some(Crop { width: 470, ..crop }));
    assert!(matches!(beyond, Err(PhotoError::BadCrop(_))), "{beyond:?}");
}

#[test]
fn noisy_photo_still_fits_80_kb() {
    let img = image::RgbImage::from_raw(900, 1200, noise(900 * 1200 * 3)).expect("buffer size");
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let photo = prepare(&png, None).expect("prepare");
    assert!(photo.jpeg.len() <= 80 * 1024, "{}", photo.jpeg.len());
    assert_eq!(photo.width * 4, photo.height * 3);
}
