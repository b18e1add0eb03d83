//! Where things are: the project root (found from CARGO_MANIFEST_DIR) and the build outputs under target/.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The project's folders. Everything xtask writes goes under `target/`.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    /// The project this xtask belongs to.
    pub fn locate() -> Self {
        let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir);
        Project { root }
    }

    pub fn book_dir(&self) -> PathBuf {
        self.root.join("book")
    }

    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| self.root.join("target"))
    }

    /// The built site: the book at the root, wasm under `labs/`, decks under `slides/`.
    pub fn site_dir(&self) -> PathBuf {
        self.target_dir().join("site")
    }

    /// wasm-bindgen's output, copied into `site/labs/` after every book build (mdBook empties its output folder).
    pub fn lab_assets_dir(&self) -> PathBuf {
        self.target_dir().join("lab-assets")
    }

    /// A path as the user should read it: relative to the project root when it is inside it.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).display().to_string()
    }
}

/// The cargo that runs us (the CARGO variable), so nested builds use the same toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs a command, inheriting stdio, and fails naming it when it fails.
pub fn run(command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command.status().with_context(|| format!("starting {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Whether an executable of this name is on PATH.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
}
