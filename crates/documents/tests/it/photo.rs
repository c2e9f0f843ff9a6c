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

/// A PNG signature and a valid IHDR chunk claiming `width` × `height` 8-bit RGBA, and nothing else.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    png_header_of(width, height, 8, 6)
}

/// A PNG signature and a valid IHDR chunk claiming `width` × `height` at `depth` bits per sample
/// of PNG colour type `colour` (0 grey, 2 RGB, 6 RGBA), and nothing else.
fn png_header_of(width: u32, height: u32, depth: u8, colour: u8) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([depth, colour, 0, 0, 0]); // deflate, no filter, no interlace
    png.extend(chunk(b"IHDR", &ihdr));
    png
}

/// A PNG chunk: length, type, data, CRC.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend(data);
    let mut out = u32::try_from(data.len())
        .expect("small")
        .to_be_bytes()
        .to_vec();
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
    out
}

/// `png` with an animation control chunk (APNG) right after IHDR: 2 frames, played once.
fn animated(png: &[u8]) -> Vec<u8> {
    let after_ihdr = 8 + 12 + 13;
    let mut actl = 2u32.to_be_bytes().to_vec();
    actl.extend(1u32.to_be_bytes());
    let mut out = png[..after_ihdr].to_vec();
    out.extend(chunk(b"acTL", &actl));
    out.extend(&png[after_ihdr..]);
    out
}

/// The start of an animated WebP: a VP8X chunk with the animation flag, 300 × 400 canvas.
fn animated_webp() -> Vec<u8> {
    let mut vp8x = vec![0x02, 0, 0, 0];
    vp8x.extend(&299u32.to_le_bytes()[..3]);
    vp8x.extend(&399u32.to_le_bytes()[..3]);
    let mut body = b"WEBPVP8X".to_vec();
    body.extend(10u32.to_le_bytes());
    body.extend(vp8x);
    let mut out = b"RIFF".to_vec();
    out.extend(u32::try_from(body.len()).expect("small").to_le_bytes());
    out.extend(body);
    out
}

/// A lossless WebP whose header claims `width` × `height` (at most 16384), followed by a few
/// bytes of junk instead of the image data.
fn webp_header(width: u32, height: u32) -> Vec<u8> {
    let size_bits = (width - 1) | (height - 1) << 14;
    let mut vp8l = vec![0x2F];
    vp8l.extend(size_bits.to_le_bytes());
    vp8l.extend([0; 16]);
    let mut body = b"WEBPVP8L".to_vec();
    body.extend(u32::try_from(vp8l.len()).expect("small").to_le_bytes());
    body.extend(vp8l);
    let mut out = b"RIFF".to_vec();
    out.extend(u32::try_from(body.len()).expect("small").to_le_bytes());
    out.extend(body);
    out
}

fn png_of(img: image::DynamicImage) -> Vec<u8> {
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode PNG");
    png
}

/// `jpeg` cut at half its length and given back its end marker, as a broken transfer or a
/// careless repair leaves it: the header still claims the full size.
fn cut_and_terminated(jpeg: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..jpeg.len() / 2].to_vec();
    out.extend([0xFF, 0xD9]);
    out
}

/// `jpeg` with its baseline frame header changed to claim `height` rows.
fn claiming_height(jpeg: &[u8], height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let sof = out
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out
}

/// `jpeg` with `segments` APP1 EXIF segments of 64 KB of junk after SOI.
fn with_huge_exif(jpeg: &[u8], segments: usize) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for _ in 0..segments {
        out.extend([0xFF, 0xE1, 0xFF, 0xFF]);
        out.extend(b"Exif\0\0MM\0\x2a");
        out.extend(noise(65_533 - 10));
    }
    out.extend(&jpeg[2..]);
    out
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
    let dir = scratch("refused");
    let progressive = dir.join("progressive.jpg");
    let output = run(
        "/usr/bin/convert",
        &[
            "-size",
            "600x800",
            "plasma:fractal",
            "-interlace",
            "JPEG",
            progressive.to_str().expect("UTF-8 path"),
        ],
    );
    assert!(
        output.status.success(),
        "convert: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let progressive = std::fs::read(&progressive).expect("read");
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
        (
            "JPEG cut short, end marker put back",
            cut_and_terminated(&good_jpeg),
            None,
            "photo-corrupt",
        ),
        (
            "large JPEG cut short, end marker put back",
            cut_and_terminated(&jpeg_of(&portrait_png(1200, 1600))),
            None,
            "photo-corrupt",
        ),
        (
            "progressive JPEG cut short, end marker put back",
            cut_and_terminated(&progressive),
            None,
            "photo-corrupt",
        ),
        (
            "JPEG whose header claims 300 × 1200",
            claiming_height(&good_jpeg, 1200),
            None,
            "photo-corrupt",
        ),
        (
            "16-bit RGBA 12000 × 12000 PNG header",
            png_header_of(12_000, 12_000, 16, 6),
            None,
            "photo-too-large",
        ),
        (
            "16-bit RGBA 5000 × 5000 PNG header (200 MB decoded)",
            png_header_of(5_000, 5_000, 16, 6),
            None,
            "photo-too-large",
        ),
        (
            "8-bit RGB 10000 × 6000 PNG header (60 Mpx)",
            png_header_of(10_000, 6_000, 8, 2),
            None,
            "photo-too-large",
        ),
        (
            "zero-width PNG header",
            png_header_of(0, 400, 8, 2),
            None,
            "photo-corrupt",
        ),
        (
            "50 × 60 PNG",
            png_of(image::DynamicImage::new_rgb8(50, 60)),
            None,
            "photo-too-small",
        ),
        (
            "2000 × 300 PNG",
            png_of(image::DynamicImage::new_rgb8(2000, 300)),
            None,
            "photo-bad-shape",
        ),
        (
            "300 × 1500 PNG",
            png_of(image::DynamicImage::new_rgb8(300, 1500)),
            None,
            "photo-bad-shape",
        ),
        (
            "WebP header claiming 16000 × 16000",
            webp_header(16_000, 16_000),
            None,
            "photo-too-large",
        ),
        (
            "WebP header claiming 7000 × 7000 (49 Mpx, 196 MB of working picture)",
            webp_header(7_000, 7_000),
            None,
            "photo-too-large",
        ),
        ("animated PNG", animated(&good_png), None, "photo-animated"),
        ("animated WebP", animated_webp(), None, "photo-animated"),
        (
            "PDF",
            b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n".to_vec(),
            None,
            "photo-unsupported",
        ),
        (
            "file over 64 MB",
            [good_jpeg.as_slice(), &vec![0; 64 * 1024 * 1024]].concat(),
            None,
            "photo-file-too-large",
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

/// Headers claiming too much are refused at once, naming the size they claim.
#[test]
fn huge_headers_are_refused_before_allocating_with_their_size() {
    let cases: Vec<(&str, Vec<u8>, (u32, u32))> = vec![
        ("PNG", png_header(50_000, 50_000), (50_000, 50_000)),
        (
            "16-bit PNG",
            png_header_of(5_000, 5_000, 16, 6),
            (5_000, 5_000),
        ),
        ("WebP", webp_header(16_000, 16_000), (16_000, 16_000)),
    ];
    for (name, bytes, (width, height)) in cases {
        let started = Instant::now();
        let err = prepare(&bytes, None).expect_err(name);
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "{name}: {:?}",
            started.elapsed()
        );
        assert!(
            matches!(err, PhotoError::TooLarge { width: w, height: h } if (w, h) == (width, height)),
            "{name}: {err:?}"
        );
    }
}

#[test]
fn unusual_but_sound_photos_are_accepted() {
    let portrait = image::load_from_memory(&portrait_png(300, 400)).expect("decode");
    let good_jpeg = jpeg_of(&portrait_png(300, 400));
    let dir = scratch("accepted");
    let progressive = dir.join("progressive.jpg");
    let output = run(
        "/usr/bin/convert",
        &[
            "-size",
            "600x800",
            "gradient:red-blue",
            "-interlace",
            "JPEG",
            progressive.to_str().expect("UTF-8 path"),
        ],
    );
    assert!(
        output.status.success(),
        "convert: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cases: Vec<(&str, Vec<u8>, (u32, u32))> = vec![
        ("baseline JPEG", good_jpeg.clone(), (300, 400)),
        (
            "progressive JPEG",
            std::fs::read(&progressive).expect("read"),
            (600, 800),
        ),
        (
            "grey JPEG",
            jpeg_of(&png_of(image::DynamicImage::ImageLuma8(
                portrait.to_luma8(),
            ))),
            (300, 400),
        ),
        (
            "narrow grey JPEG of one colour",
            jpeg_of(&png_of(image::DynamicImage::ImageLuma8(
                image::GrayImage::from_pixel(96, 128, image::Luma([128])),
            ))),
            (96, 128),
        ),
        (
            "16-bit RGB PNG",
            png_of(image::DynamicImage::ImageRgb16(portrait.to_rgb16())),
            (300, 400),
        ),
        (
            "JPEG with 40 EXIF segments of 64 KB",
            with_huge_exif(&good_jpeg, 40),
            (300, 400),
        ),
        (
            "JPEG with padding after its end marker",
            [good_jpeg.as_slice(), &[0, 0, 0xFF, b'\n']].concat(),
            (300, 400),
        ),
        (
            "JPEG followed by a phone's trailer",
            [good_jpeg.as_slice(), b"SEFH", &noise(1000), b"SEFT"].concat(),
            (300, 400),
        ),
        (
            "JPEG followed by a video (motion photo)",
            [good_jpeg.as_slice(), b"\0\0\0\x18ftypmp42", &noise(5000)].concat(),
            (300, 400),
        ),
        (
            "4:1 PNG",
            png_of(image::DynamicImage::new_rgb8(1200, 300)),
            (225, 300),
        ),
    ];
    for (name, bytes, size) in cases {
        let photo = prepare(&bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((photo.width, photo.height), size, "{name}");
        assert!(
            photo.jpeg.len() <= 80 * 1024,
            "{name}: {}",
            photo.jpeg.len()
        );
    }
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
