//! Any bytes given to the acknowledgement reader give an acknowledgement or an error, never a panic.
#![no_main]

use ed25519_dalek::SigningKey;
use libfuzzer_sys::fuzz_target;
use nssf_exchange::ack;

fuzz_target!(|data: &[u8]| {
    let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    let _ = ack::open(data, &key);
});
