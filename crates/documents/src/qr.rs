use qrcode::{bits, EcLevel, QrCode};

use crate::DocumentError;

/// Light modules around the symbol that scanners need to find it (ISO/IEC 18004).
pub(crate) const QUIET_ZONE: usize = 4;

/// Error correction M: a smudged or creased receipt still scans.
const EC_LEVEL: EcLevel = EcLevel::M;

/// The side of `payload`'s symbol in modules, without quiet zone. Fails when the payload does not
/// fit in a QR code. Cheap: the data is laid out, but no mask is chosen.
pub(crate) fn symbol_width(payload: &str) -> Result<usize, DocumentError> {
    let bits = bits::encode_auto(payload.as_bytes(), EC_LEVEL).map_err(qr_error)?;
    // A normal (not micro) version's width is 17 + 4 × version, so never negative.
    Ok(usize::try_from(bits.version().width()).unwrap_or(0))
}

/// Image pixels per module side. Viewers built on poppler smooth any image enlarged less than 4 times,
/// `/Interpolate false` or not, and one pixel per module blurred an A5 receipt's code on screen until
/// zbar could not read it at 150 dpi. With 4 pixels the blur is a quarter module at most, and at
/// screen resolutions the image is shrunk, not enlarged. (8 pixels cost another 0.3 ms a document.)
const PIXELS_PER_MODULE: usize = 4;

/// A QR symbol with its quiet zone as a square 1-bit greyscale image: [`PIXELS_PER_MODULE`] pixels
/// per module side, rows top to bottom, each row packed most significant bit first and padded to
/// whole bytes, 0 dark. This is a PDF `DeviceGray` image with `BitsPerComponent 1` as it is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Bitmap {
    /// Pixels per side, quiet zone included.
    pub(crate) side: usize,
    pub(crate) rows: Vec<u8>,
}

pub(crate) fn bitmap(payload: &str) -> Result<Bitmap, DocumentError> {
    let code =
        QrCode::with_error_correction_level(payload.as_bytes(), EC_LEVEL).map_err(qr_error)?;
    let width = code.width();
    let colors = code.to_colors();
    let modules = width + 2 * QUIET_ZONE;
    let side = modules * PIXELS_PER_MODULE;
    let row_bytes = side.div_ceil(8);
    // Start all light (padding bits included), clear the dark modules' pixels in one pixel row per
    // module row, and repeat that row for the module's other pixel rows.
    let mut rows = vec![0xFF_u8; row_bytes * side];
    for (y, symbol_row) in colors.chunks(width).enumerate() {
        let first = (QUIET_ZONE + y) * PIXELS_PER_MODULE * row_bytes;
        let row = &mut rows[first..first + row_bytes];
        for (x, color) in symbol_row.iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let left = (QUIET_ZONE + x) * PIXELS_PER_MODULE;
                for pixel in left..left + PIXELS_PER_MODULE {
                    row[pixel / 8] &= !(0x80 >> (pixel % 8));
                }
            }
        }
        for repeat in 1..PIXELS_PER_MODULE {
            rows.copy_within(first..first + row_bytes, first + repeat * row_bytes);
        }
    }
    Ok(Bitmap { side, rows })
}

fn qr_error(e: qrcode::types::QrError) -> DocumentError {
    DocumentError::Qr(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first row of every symbol crosses the top-left finder pattern: seven dark modules, one
    /// light separator, after the four-module quiet zone.
    #[test]
    fn bitmap_modules_are_square_blocks_with_the_quiet_zone_light() {
        let check = |payload: &str, expected_width: usize| {
            assert_eq!(symbol_width(payload).expect("fits"), expected_width);
            let image = bitmap(payload).expect("fits");
            let modules = expected_width + 2 * QUIET_ZONE;
            let k = PIXELS_PER_MODULE;
            assert_eq!(image.side, modules * k, "{payload}");
            let row_bytes = image.side.div_ceil(8);
            assert_eq!(image.rows.len(), row_bytes * image.side, "{payload}");
            let pixel_dark =
                |x: usize, y: usize| image.rows[y * row_bytes + x / 8] & (0x80 >> (x % 8)) == 0;
            // Every pixel of a module has the module's colour.
            let module_dark = |x: usize, y: usize| {
                let dark = pixel_dark(x * k, y * k);
                for (px, py) in (0..k).flat_map(|dx| (0..k).map(move |dy| (dx, dy))) {
                    assert_eq!(
                        pixel_dark(x * k + px, y * k + py),
                        dark,
                        "{payload}: ({x}, {y})"
                    );
                }
                dark
            };
            for y in 0..modules {
                for x in 0..modules {
                    let in_quiet_zone = x < QUIET_ZONE
                        || y < QUIET_ZONE
                        || x >= modules - QUIET_ZONE
                        || y >= modules - QUIET_ZONE;
                    let dark = module_dark(x, y);
                    assert!(
                        !(in_quiet_zone && dark),
                        "{payload}: ({x}, {y}) in the quiet zone"
                    );
                }
            }
            let first: Vec<bool> = (0..QUIET_ZONE + 8)
                .map(|x| module_dark(x, QUIET_ZONE))
                .collect();
            let mut expected = vec![false; QUIET_ZONE];
            expected.extend([true; 7]);
            expected.push(false);
            assert_eq!(first, expected, "{payload}");
        };
        check("receipt:000123", 21);
        // 160 bytes, the size of a signed receipt payload: version 9.
        check(&"nssf-r1;".repeat(20), 53);
    }

    #[test]
    fn a_payload_too_long_for_any_symbol_is_refused() {
        let payload = "x".repeat(3000);
        assert_eq!(
            symbol_width(&payload).expect_err("too long").code(),
            "document-qr"
        );
        assert_eq!(
            bitmap(&payload).expect_err("too long").code(),
            "document-qr"
        );
    }
}
