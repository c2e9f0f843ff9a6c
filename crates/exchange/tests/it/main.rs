//! The weekly batch end to end, on real temporary sled stores: office data made through `nssf_api::Desk`,
//! batches written, verified, imported and acknowledged.

mod audit_chain;
mod bounded;
mod central_queries;
mod concurrent;
mod keys;
mod locales;
mod mutate;
mod recover;
mod reference;
mod roundtrip;
mod tamper;
mod trust;

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use nssf_api::{Actor, Desk, MonthsChoice, OfficeSetup, PaymentRequest, RegistrationChoices};
use nssf_central_pg::Environment;
use nssf_exchange::batch::{self, Manifest};
use nssf_exchange::container::{self, PART_NAMES};
use nssf_exchange::{sha256_hex, CentralStore, Stats};
pub use nssf_test_support::now;
use nssf_test_support::Applicant;

/// The fixtures' registrations are dated months before `now()`, past the office's limit: the supervisor
/// registering them allows it.
const BACKDATED: RegistrationChoices = RegistrationChoices {
    confirm_duplicate: true,
    allow_backdate: true,
};

pub fn actor() -> Actor {
    Actor::setup_user()
}

#[derive(Debug)]
pub struct Office {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
}

impl Office {
    pub fn new(district: &str, workstation: &str) -> Office {
        let dir = tempfile::tempdir().expect("tempdir");
        let setup = OfficeSetup {
            district_code: district.into(),
            workstation: workstation.into(),
        };
        let desk = Desk::init(dir.path(), &setup, &actor(), now()).expect("init");
        Office { dir, desk }
    }

    /// Registers an applicant with this ID card number; returns the member number. The fixture's
    /// registration date is months before `now()`: the supervisor allows it.
    pub fn register(&self, id: &str) -> String {
        self.desk
            .register_with(&actor(), &applicant(id).draft(), BACKDATED, now())
            .expect("register")
            .member
            .member_no
    }

    pub fn amend(&self, member_no: &str, id: &str) {
        let draft = applicant(id).phone("020 5555 1234").draft();
        self.desk
            .amend(&actor(), member_no, &draft, now())
            .expect("amend");
    }

    pub fn pay(&self, member_no: &str, months: u32, method: &str) -> (String, i64) {
        let request = PaymentRequest {
            member_no: member_no.into(),
            months: MonthsChoice::Next { count: months },
            method: method.into(),
            reference: if method == "cash" { "" } else { "REF-1" }.into(),
            paid_on: String::new(),
            skip_arrears: false,
            allow_backdate: false,
        };
        let r = self.desk.pay(&actor(), &request, now()).expect("pay");
        (r.receipt_no, r.total_kip)
    }

    pub fn void(&self, receipt_no: &str) {
        self.desk
            .void(&actor(), receipt_no, "wrong amount", now())
            .expect("void");
    }

    pub fn export(&self) -> nssf_api::exchange::BatchFile {
        self.desk.export_batch(&actor(), now()).expect("export")
    }

    /// The workstation's signing key, read from its data folder as a test may.
    pub fn signing_key(&self) -> SigningKey {
        signing_key(self.dir.path())
    }
}

pub fn signing_key(dir: &Path) -> SigningKey {
    let text = std::fs::read_to_string(dir.join("office-key.ed25519")).expect("key");
    let seed: [u8; 32] = STANDARD
        .decode(text.trim())
        .expect("base64")
        .try_into()
        .expect("32 bytes");
    SigningKey::from_bytes(&seed)
}

/// The shared applicant with her own ID card, registered in June so that months are due by [`now`].
fn applicant(id: &str) -> Applicant {
    nssf_test_support::applicant()
        .id_card(id)
        .registered_on("2026-06-10")
}

/// Which store a central test runs against: each runs against both ([`on_both_stores!`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// sled in the central folder.
    Sled,
    /// A database of the test binary's PostgreSQL server (`nssf_test_support::postgres`).
    Postgres,
}

/// Runs each named test, `fn name(backend: Backend)`, against sled and against PostgreSQL: the tests
/// `name::sled` and `name::postgres`.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sled() {
                    super::$name($crate::Backend::Sled)
                }
                #[test]
                fn postgres() {
                    super::$name($crate::Backend::Postgres)
                }
            }
        )*
    };
}

#[derive(Debug)]
pub struct Central {
    pub dir: tempfile::TempDir,
    pub store: CentralStore,
    /// The database's URL, for a PostgreSQL store.
    pub db: Option<String>,
}

impl Central {
    pub fn new(backend: Backend) -> Central {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("central");
        match backend {
            Backend::Sled => {
                let store = CentralStore::init(&folder).expect("central init");
                Central {
                    dir,
                    store,
                    db: None,
                }
            }
            Backend::Postgres => {
                let url = nssf_test_support::postgres::server().new_database_url();
                let parsed = url.parse().expect("database URL");
                let store = nssf_central_pg::init(&folder, &parsed, &Environment::default())
                    .expect("central init");
                Central {
                    dir,
                    store,
                    db: Some(url),
                }
            }
        }
    }

    /// The same store opened again: another connection to the database; for sled, the store itself
    /// (one process, one handle).
    pub fn open_again(&self) -> Option<CentralStore> {
        let url = self.db.as_ref()?.parse().expect("database URL");
        let folder = self.dir.path().join("central");
        Some(nssf_central_pg::open(&folder, &url, &Environment::default()).expect("open"))
    }

    pub fn trust(&self, office: &Office) {
        let key = office.desk.office_public_key();
        let request = nssf_exchange::TrustRequest {
            office_key_file: &key,
            succeeds: None,
            replace: false,
        };
        self.store.trust(&request, now()).expect("trust");
    }

    pub fn stats(&self) -> Stats {
        self.store.stats().expect("stats")
    }
}

/// Installs the central office's key in an office (its batches are encrypted from then on).
pub fn connect(office: &Office, central: &Central) {
    office
        .desk
        .install_central_key(&actor(), &central.store.public_key_file())
        .expect("install central key");
}

/// Takes a signed container apart, lets `change` alter the manifest and the four record parts, recomputes
/// the part hashes and signs again with `key`: only the inconsistency `change` makes remains. A version-2
/// batch keeps its audit part as it is.
pub fn resign(
    plaintext: &[u8],
    key: &SigningKey,
    change: impl FnOnce(&mut Manifest, &mut [Vec<u8>; 4]),
) -> Vec<u8> {
    resign_all(plaintext, key, |manifest, data| {
        let mut records: [Vec<u8>; 4] = Default::default();
        for (i, part) in records.iter_mut().enumerate() {
            *part = std::mem::take(&mut data[i]);
        }
        change(manifest, &mut records);
        for (i, part) in records.into_iter().enumerate() {
            data[i] = part;
        }
    })
}

/// As [`resign`], `change` seeing every data part: the four of records, and a version-2 batch's audit
/// part after them.
pub fn resign_all(
    plaintext: &[u8],
    key: &SigningKey,
    change: impl FnOnce(&mut Manifest, &mut Vec<Vec<u8>>),
) -> Vec<u8> {
    let parts = container::read(plaintext).expect("container");
    let mut manifest: Manifest = serde_json::from_slice(parts[0].1).expect("manifest");
    let mut data: Vec<Vec<u8>> = parts[1..parts.len() - 1]
        .iter()
        .map(|(_, d)| d.to_vec())
        .collect();
    change(&mut manifest, &mut data);
    let names: Vec<String> = parts[1..parts.len() - 1]
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    for (i, info) in manifest.parts.iter_mut().enumerate() {
        info.name = names
            .get(i)
            .cloned()
            .unwrap_or_else(|| PART_NAMES[i + 1].to_owned());
        info.bytes = data[i].len() as u64;
        info.sha256 = sha256_hex(&data[i]);
    }
    batch::seal(&manifest, &data, &|m| key.sign(m).to_bytes()).expect("seal")
}
