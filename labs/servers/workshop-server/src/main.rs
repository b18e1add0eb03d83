//! `workshop-server [--port N] [--host H] [--lan] [--tls] [--data DIR] [--site DIR] [--config FILE]`,
//! `workshop-server issue-cert NAME [--data DIR] [--out DIR]`, `workshop-server issue-token NAME [--data DIR]`

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use workshop_server::{ServerConfig, USAGE, lan_addresses, start, tls};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if matches!(arguments.first().map(String::as_str), Some("issue-cert" | "issue-token")) {
        return match issue(&arguments) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("workshop-server: {error:#}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match ServerConfig::from_arguments(&arguments) {
        Ok(Some(config)) => config,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("workshop-server: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("workshop-server: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("workshop-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `issue-cert NAME [--data DIR] [--out DIR]` and `issue-token NAME [--data DIR]`.
fn issue(arguments: &[String]) -> Result<()> {
    let command = arguments[0].as_str();
    let mut name = None;
    let mut data = ServerConfig::default().data_dir;
    let mut out = std::path::PathBuf::from(".");
    let mut rest = arguments[1..].iter();
    while let Some(argument) = rest.next() {
        let mut value = |flag: &str| rest.next().cloned().with_context(|| format!("{flag} needs a value"));
        match argument.as_str() {
            "--data" => data = value("--data")?.into(),
            "--out" if command == "issue-cert" => out = value("--out")?.into(),
            flag if flag.starts_with("--") => bail!("{command} does not know {flag}\n\n{USAGE}"),
            _ if name.is_none() => name = Some(argument.clone()),
            extra => bail!("{command} takes one NAME, and {extra} is a second\n\n{USAGE}"),
        }
    }
    let name =
        name.with_context(|| format!("{command} needs the participant's NAME (their originator, e.g. Calice)"))?;
    if command == "issue-cert" {
        let issued = tls::issue_certificate(&data, &name, &out)?;
        println!("issued {name} a client certificate signed by the workshop CA in {}:", tls::tls_dir(&data).display());
        println!("  certificate: {}", issued.certificate.display());
        println!("  key:         {}   (give it to {name} only)", issued.key.display());
        println!("  CA:          {}", issued.ca.display());
        println!(
            "  curl --cacert {} --cert {} --key {} https://HOST:PORT/cse-in",
            issued.ca.display(),
            issued.certificate.display(),
            issued.key.display()
        );
    } else {
        let token = tls::issue_token(&data, &name)?;
        println!("issued {name} a token (shown once; only its SHA-256 is kept in {}):", tls::tls_dir(&data).display());
        println!("{token}");
        println!("  send it as: Authorization: Bearer {token}");
    }
    Ok(())
}

async fn serve(config: ServerConfig) -> Result<()> {
    let lan = config.lan;
    let cse_name = config.cse_name.clone();
    let cse_id = config.cse_id.clone();
    let admin = config.admin_originator.clone();
    let data = config.data_dir.display().to_string();
    let site = config.site_dir.clone();
    let server = start(config).await?;
    let port = server.address.port();
    let state = if server.created {
        "new".to_owned()
    } else {
        format!("restored, {} journal entries (requests, verification answers, expiries) replayed", server.replayed)
    };
    println!("workshop-server: listening on {}", server.url());
    println!("  CSE {cse_id} ({cse_name}), admin originator {admin}, data in {data} ({state})");
    if server.torn_tail {
        println!(
            "  the journal's last line was torn (killed while writing); that request was never acknowledged and is dropped"
        );
    }
    for sentence in &server.damaged {
        println!("  DAMAGED RECORD: {sentence}");
    }
    if !site.join("index.html").is_file() {
        println!("  no built book in {} (build it with `cargo xtask build --release`)", site.display());
    }
    let scheme = if server.ca_fingerprint.is_some() { "https" } else { "http" };
    if let Some(fingerprint) = &server.ca_fingerprint {
        println!(
            "  secure mode: HTTPS with the workshop CA in {data}/tls/ (participants: {scheme}://HOST:{port}/workshop/trust)"
        );
        println!("  CA SHA-256 fingerprint (read it out; participants compare): {fingerprint}");
        println!("  credentials: `workshop-server issue-cert NAME --data {data}` or `issue-token NAME --data {data}`");
    }
    let local = if lan { format!("{scheme}://127.0.0.1:{port}") } else { server.url() };
    println!("  CSE:        {local}/{cse_name}   (also /~{cse_id}/... and /_/<sp-id>{cse_id}/...)");
    println!("  book:       {local}/book/");
    println!("  live view:  {local}/workshop/   (this machine only)");
    println!("  class view: {local}/workshop/class   (this machine only; participants hand in from the book)");
    if lan {
        let addresses = lan_addresses();
        if addresses.is_empty() {
            println!("  no LAN address found: is this machine on a network? (`ip addr` lists the interfaces)");
        }
        for address in addresses {
            let host = if address.is_ipv6() { format!("[{address}]") } else { address.to_string() };
            println!("  participants: {scheme}://{host}:{port}/{cse_name}   book: {scheme}://{host}:{port}/book/");
        }
    }
    let mut server = server;
    tokio::select! {
        () = stop_signal() => {
            println!("workshop-server: stopping (the state is on disk)");
            server.stop().await;
        }
        () = server.wait() => {}
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
