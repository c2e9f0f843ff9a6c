//! Any bytes given to the batch reader give a batch or an error, never a panic. The key is fixed, so
//! inputs that pass the signature come only from a seed corpus signed with it.
#![no_main]

use ed25519_dalek::SigningKey;
use libfuzzer_sys::fuzz_target;
use nssf_exchange::{batch, container};

fuzz_target!(|data: &[u8]| {
    let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    let _ = container::read(data);
    let _ = batch::open(data, None, &|_| Some(key));
});
