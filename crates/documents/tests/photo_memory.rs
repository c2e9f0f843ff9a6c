//! Peak memory while refusing hostile photos. A test binary of its own with a single test, so the
//! process's high-water mark (VmHWM) belongs to these files alone.
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use nssf_documents::photo::prepare;

/// The process's peak resident memory so far, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .expect("VmHWM line");
    kb * 1024
}

/// Bits in deflate's order: fields least significant bit first, Huffman codes most significant
/// bit first, packed from each byte's low bit.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u32,
}

impl Bits {
    fn bit(&mut self, bit: u32) {
        if self.used.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if bit & 1 == 1 {
            *self.bytes.last_mut().expect("pushed") |= 1 << (self.used % 8);
        }
        self.used += 1;
    }

    fn field(&mut self, value: u32, width: u32) {
        (0..width).for_each(|i| self.bit(value >> i));
    }

    fn code(&mut self, code: u32, width: u32) {
        (0..width).rev().for_each(|i| self.bit(code >> i));
    }
}

/// A zlib stream of `len` zero bytes, written directly: one literal zero, then copies of 258
/// bytes from 1 byte back, in one fixed-Huffman block (13 bits per 258 bytes). Compressing a
/// gigabyte with the `png` encoder takes half a minute in a debug build; this takes a second.
fn zlib_zeros(len: usize) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.field(1, 1); // the final block
    bits.field(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    let mut left = len - 1;
    while left >= 258 {
        bits.code(0xC5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    (0..left).for_each(|_| bits.code(0x30, 8));
    bits.code(0, 7); // end of block
    let mut stream = vec![0x78, 0x01];
    stream.extend(bits.bytes);
    // Adler-32 of zeros: the byte sum stays 1, the running sum grows by 1 per byte.
    let adler = ((len % 65_521) as u32) << 16 | 1;
    stream.extend(adler.to_be_bytes());
    stream
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let mut out = u32::try_from(data.len())
        .expect("chunk size")
        .to_be_bytes()
        .to_vec();
    out.extend(kind);
    out.extend(data);
    out.extend(crc.sum().to_be_bytes());
    out
}

/// A valid 16-bit RGBA PNG of `width` × `height` transparent black pixels: a few megabytes that
/// inflate to 8 bytes per pixel (1.15 GB at 12000 × 12000).
fn blank_rgba16_png(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([16, 6, 0, 0, 0]); // 16-bit RGBA, deflate, filters, no interlace
                                   // Each row: filter type 0, then 8 zero bytes per pixel.
    let raw = height as usize * (1 + width as usize * 8);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &zlib_zeros(raw)));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// A real 600 × 800 JPEG whose header is changed to claim `width` × `height`: its data fills only
/// a corner of that, and the rest would be decoded from nothing.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(600, 800, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("encode JPEG");
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

#[test]
fn hostile_photos_are_refused_within_300_mb() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "16-bit RGBA 12000 × 12000 PNG",
            blank_rgba16_png(12_000, 12_000),
            "photo-too-large",
        ),
        (
            "16-bit RGBA 5000 × 5000 PNG (25 Mpx, 200 MB decoded)",
            blank_rgba16_png(5_000, 5_000),
            "photo-too-large",
        ),
        (
            "JPEG claiming 8000 × 6000 with data for 600 × 800",
            jpeg_claiming(8_000, 6_000),
            "photo-corrupt",
        ),
    ];
    for (name, bytes, code) in cases {
        let started = Instant::now();
        let err = prepare(&bytes, None).expect_err(name);
        let took = started.elapsed();
        assert_eq!(err.code(), code, "{name}: {err}");
        assert!(took < Duration::from_secs(5), "{name} took {took:?}");
        eprintln!(
            "{name}: {} bytes, refused as {code} in {took:?}, peak RSS so far {} MB",
            bytes.len(),
            peak_rss() / 1_000_000
        );
    }
    let peak = peak_rss();
    assert!(peak < 300_000_000, "peak RSS {} MB", peak / 1_000_000);
}
