use qrcode::{EcLevel, QrCode};

use crate::DocumentError;

/// The dark/light modules of a QR symbol, without quiet zone.
#[derive(Debug)]
pub(crate) struct Modules {
    pub(crate) width: usize,
    colors: Vec<qrcode::Color>,
}

impl Modules {
    pub(crate) fn dark(&self, x: usize, y: usize) -> bool {
        self.colors[y * self.width + x] == qrcode::Color::Dark
    }
}

pub(crate) fn modules(payload: &str) -> Result<Modules, DocumentError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| DocumentError::Qr(e.to_string()))?;
    Ok(Modules {
        width: code.width(),
        colors: code.to_colors(),
    })
}
