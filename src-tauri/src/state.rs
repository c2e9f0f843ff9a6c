//! Where the office's data lives and the one handle the commands share.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use nssf_api::{ApiError, Code, Desk, Refusal, Session};
use tauri::{AppHandle, Manager, Runtime};

/// Environment variable naming the office folder; the demo and the end-to-end tests set it.
pub const DATA_ENV: &str = "NSSF_DESK_DATA";

/// The office folder: `$NSSF_DESK_DATA` when set, else `office` inside the platform's app data folder.
pub fn data_dir<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<PathBuf> {
    match std::env::var_os(DATA_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        Some(_) | None => Ok(app.path().app_data_dir()?.join("office")),
    }
}

/// The event the window's progress bar listens to while the first open upgrades the office's store to
/// schema 5 (`docs/store-layout.md`); its payload is `nssf_api::UpgradeProgress` (`stage`, `done`, `total`).
pub const UPGRADE_EVENT: &str = "store-upgrade";

/// Where the store's upgrade progress goes (the window, through [`UPGRADE_EVENT`]).
type UpgradeReport = Box<dyn Fn(nssf_api::UpgradeProgress) + Send + Sync>;

/// The office's `Desk`, opened on first use. `Desk` synchronises itself, so commands share it through an
/// `Arc` and run concurrently; the lock is held only to swap the handle in, never during a call.
pub struct Office {
    dir: PathBuf,
    desk: RwLock<Option<Arc<Desk>>>,
    upgrade: UpgradeReport,
}

impl std::fmt::Debug for Office {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Office")
            .field("dir", &self.dir)
            .field("desk", &self.desk)
            .finish_non_exhaustive()
    }
}

impl Office {
    pub fn new(dir: PathBuf) -> Office {
        Office {
            dir,
            desk: RwLock::new(None),
            upgrade: Box::new(|_| {}),
        }
    }

    /// An office whose first open sends the store upgrade's progress to the window (store2, issue 13).
    pub fn emitting_upgrade<R: Runtime>(dir: PathBuf, app: AppHandle<R>) -> Office {
        Office {
            upgrade: Box::new(move |progress| {
                // A window that misses a step still gets the next; the open goes on regardless.
                let _ = tauri::Emitter::emit(&app, UPGRADE_EVENT, progress);
            }),
            ..Office::new(dir)
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The desk if the office folder exists, opening it the first time; `None` before the first-run setup.
    pub fn desk(&self) -> Result<Option<Arc<Desk>>, ApiError> {
        if let Some(desk) = self
            .desk
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            return Ok(Some(Arc::clone(desk)));
        }
        let mut slot = self.desk.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(desk) = slot.as_ref() {
            return Ok(Some(Arc::clone(desk)));
        }
        // Opened once: a probe open before the real one would pay sled's recovery twice at start.
        let desk = match Desk::open_upgrading(&self.dir, &*self.upgrade) {
            Ok(desk) => Arc::new(desk),
            Err(e) if e.code() == Code::NotInitialised => return Ok(None),
            Err(e) => return Err(e),
        };
        *slot = Some(Arc::clone(&desk));
        Ok(Some(desk))
    }

    /// The desk, or `not-initialised` before the first-run setup.
    pub fn require(&self) -> Result<Arc<Desk>, ApiError> {
        self.desk()?
            .ok_or_else(|| Refusal::NotInitialised {}.into())
    }

    /// Drops the office's `Desk` and opens its folder again, as after a restart. After `disk-full` sled
    /// refuses every later write (it keeps its first write error) and some reads, even once space is
    /// freed: only a new open recovers what is on the disk (`nssf_api::reopen`). Commands still running
    /// hold their own `Arc`; `Desk::open` waits a few seconds for them to let go of sled's folder lock.
    pub fn reopen(&self) -> Result<(), ApiError> {
        let mut slot = self.desk.write().unwrap_or_else(PoisonError::into_inner);
        let Some(old) = slot.take() else {
            return Ok(());
        };
        drop(old);
        *slot = Some(Arc::new(Desk::open_upgrading(&self.dir, &*self.upgrade)?));
        Ok(())
    }

    /// Keeps the desk that the first-run setup created.
    pub fn install(&self, desk: Desk) -> Arc<Desk> {
        let desk = Arc::new(desk);
        *self.desk.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&desk));
        desk
    }
}

/// The window's one session (who is signed in, since when idle, locked or not): a plain
/// [`Session`] behind a lock, changed only through [`SessionState::with`].
#[derive(Debug, Default)]
pub struct SessionState {
    session: Mutex<Session>,
}

impl SessionState {
    /// Runs `change` on the session while holding its lock, so that a command's check of the idle time and
    /// its touch (or a sign-in and its replacing of the session) are one step.
    pub fn with<T>(&self, change: impl FnOnce(&mut Session) -> T) -> T {
        change(&mut self.session.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The card sheet being printed, if any: its cancel flag, read by the sheet's progress callback.
#[derive(Debug, Default)]
pub struct SheetJob {
    cancel: Mutex<Arc<AtomicBool>>,
}

impl SheetJob {
    /// A fresh cancel flag for a new sheet; an earlier sheet keeps its own.
    pub fn start(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        *self.cancel.lock().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&flag);
        flag
    }

    pub fn cancel(&self) {
        self.cancel
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .store(true, Ordering::SeqCst);
    }
}
