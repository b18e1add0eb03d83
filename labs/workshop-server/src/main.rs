//! `workshop-server [--port N] [--host H] [--lan] [--data DIR] [--site DIR] [--config FILE]`

use std::process::ExitCode;

use anyhow::Result;
use workshop_server::{ServerConfig, USAGE, lan_addresses, start};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
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
    let local = if lan { format!("http://127.0.0.1:{port}") } else { server.url() };
    println!("  CSE:        {local}/{cse_name}   (also /~{cse_id}/... and /_/<sp-id>{cse_id}/...)");
    println!("  book:       {local}/book/");
    println!("  live view:  {local}/workshop/   (this machine only)");
    if lan {
        let addresses = lan_addresses();
        if addresses.is_empty() {
            println!("  no LAN address found: is this machine on a network? (`ip addr` lists the interfaces)");
        }
        for address in addresses {
            let host = if address.is_ipv6() { format!("[{address}]") } else { address.to_string() };
            println!("  participants: http://{host}:{port}/{cse_name}   book: http://{host}:{port}/book/");
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
