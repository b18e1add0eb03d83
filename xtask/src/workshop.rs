//! `cargo xtask workshop`: build the book (release wasm), then run the workshop server on it.

use anyhow::Result;

use crate::pipeline;
use crate::project::{Project, cargo, run};
use crate::wasm::Profile;

/// Options of `cargo xtask workshop`, passed on to the `workshop-server` binary.
#[derive(Debug, Clone, Default)]
pub struct WorkshopOptions {
    pub port: Option<u16>,
    pub host: Option<String>,
    pub lan: bool,
    /// Secure mode: HTTPS with the workshop CA, credentials bound to originators.
    pub tls: bool,
    pub data: Option<String>,
}

/// Builds the site, then runs `workshop-server --site target/site ...` until it is stopped (Ctrl-C).
pub fn workshop(project: &Project, options: &WorkshopOptions) -> Result<()> {
    pipeline::build(project, Profile::Release, true)?;
    let mut command = cargo();
    command
        .current_dir(&project.root)
        .args(["run", "--release", "--package", "workshop-server", "--", "--site"])
        .arg(project.site_dir());
    if let Some(port) = options.port {
        command.args(["--port", &port.to_string()]);
    }
    if let Some(host) = &options.host {
        command.args(["--host", host]);
    }
    if options.lan {
        command.arg("--lan");
    }
    if options.tls {
        command.arg("--tls");
    }
    command.args(["--data", options.data.as_deref().unwrap_or("workshop-data")]);
    run(&mut command)
}
