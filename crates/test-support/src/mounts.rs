//! Small real file systems for the tests of full disks and read-only sticks: an ext4 image of a few MB,
//! loop-mounted. Mounting needs root (CI runs as root); elsewhere the test says loudly that it did not run
//! and returns, except under CI (`CI` set), where not running is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

/// An ext4 file system in an image file, mounted at [`LoopMount::dir`]; unmounted (and its loop device
/// freed) when dropped, whatever the test did.
#[derive(Debug)]
pub struct LoopMount {
    dir: PathBuf,
    /// Holds the image and the mount point, outside the mounted file system; removed after the unmount.
    _root: tempfile::TempDir,
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl LoopMount {
    /// A fresh ext4 file system of `megabytes` MB, no blocks reserved for root (the tests run as root and
    /// must meet the real limit), mounted read-write. `None` (after saying why on stderr) where this
    /// machine cannot mount; a panic instead under CI.
    pub fn ext4(test: &str, megabytes: u32) -> Option<LoopMount> {
        match LoopMount::try_ext4(megabytes) {
            Ok(mount) => Some(mount),
            Err(why) if std::env::var_os("CI").is_some() => {
                panic!("{test}: needs root and a loop device, as CI has: {why}")
            }
            Err(why) => {
                eprintln!(
                    "\n!!!! {test} DID NOT RUN: it mounts a small file system, which needs root and a \
                     loop device ({why}). Run it as root to test this.\n"
                );
                None
            }
        }
    }

    fn try_ext4(megabytes: u32) -> Result<LoopMount, String> {
        let root = tempfile::tempdir().map_err(|e| e.to_string())?;
        let image = root.path().join("disk.img");
        let dir = root.path().join("mnt");
        std::fs::create_dir(&dir).map_err(|e| e.to_string())?;
        let file = std::fs::File::create(&image).map_err(|e| e.to_string())?;
        file.set_len(u64::from(megabytes) * 1024 * 1024)
            .map_err(|e| e.to_string())?;
        drop(file);
        let image = text(&image);
        run("mkfs.ext4", &["-q", "-F", "-m", "0", &image])?;
        run("mount", &["-o", "loop", &image, &text(&dir)])?;
        Ok(LoopMount { dir, _root: root })
    }

    /// The mounted file system's root.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the file system read-only, as a stick with its write-protect switch on: every write to it
    /// fails with `EROFS`, root's included (a `chmod` would not stop root).
    pub fn remount_read_only(&self) {
        run("mount", &["-o", "remount,ro", &text(&self.dir)]).expect("remount read-only");
    }

    /// Bytes free for files on it, as `df` counts them.
    pub fn available(&self) -> u64 {
        let out = Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(&self.dir)
            .output()
            .expect("df");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .expect("df's figure")
    }
}

impl Drop for LoopMount {
    fn drop(&mut self) {
        let dir = text(&self.dir);
        // sled's threads let go of their files a moment after the store is dropped: a busy file system is
        // tried again for a while, then detached lazily so that nothing stays mounted after the test.
        for _ in 0..50 {
            if run("umount", &[&dir]).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if let Err(why) = run("umount", &["-l", &dir]) {
            eprintln!("could not unmount {dir}: {why}");
        }
    }
}

fn text(path: &Path) -> String {
    path.to_str().expect("a UTF-8 temporary path").to_owned()
}
