//! Integration tests for nssf-documents. They check output with the Debian tools CI installs
//! (poppler-utils, qpdf, zbar-tools, libharfbuzz-bin, imagemagick, mupdf-tools) and fail, naming the
//! package, when one is missing.

mod card;
mod coverage;
mod extraction;
mod page;
mod photo;
mod receipt;
mod shaping;
mod sheet;
mod support;
mod wrap;
