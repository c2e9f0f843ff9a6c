/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A font could not be parsed or lacks what layout needs.
    #[error("font error: {0}")]
    Font(String),
    /// printpdf reported an error while writing the file.
    #[error("PDF error: {0}")]
    Pdf(String),
    /// The caller's progress callback asked to stop.
    #[error("cancelled")]
    Cancelled,
    /// The QR payload could not be encoded (too long for any QR version).
    #[error("QR code error: {0}")]
    Qr(String),
    /// An image to embed is not a usable baseline/progressive JPEG.
    #[error("image error: {0}")]
    Image(String),
}

impl DocumentError {
    /// A stable kebab-case code for the UI to localise.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Font(_) => "document-font",
            DocumentError::Pdf(_) => "document-pdf",
            DocumentError::Cancelled => "document-cancelled",
            DocumentError::Qr(_) => "document-qr",
            DocumentError::Image(_) => "document-image",
        }
    }
}
