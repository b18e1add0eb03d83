//! The server's configuration: defaults, then a TOML file (`--config FILE`), then command-line flags.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use onem2m_cse::{CseConfig, Limits};
use serde::Deserialize;

use crate::notifier::DeliveryPolicy;

/// Everything the server can be told. Every field has a default; a TOML file may set any of them
/// by the same name (unknown names are an error).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on; `--lan` makes it 0.0.0.0.
    pub host: String,
    /// Port; 0 picks a free one (printed at startup).
    pub port: u16,
    /// Listen on every interface and print the addresses to hand participants.
    pub lan: bool,
    /// Where the CSE's state lives (snapshot + journal).
    pub data_dir: PathBuf,
    /// The built site, served under /book/.
    pub site_dir: PathBuf,
    /// The CSE-ID, starting with '/'.
    pub cse_id: String,
    /// The CSEBase resource name.
    pub cse_name: String,
    /// The service provider ID of absolute addresses `/_/<sp_id>/<cse-id>/...`.
    pub sp_id: String,
    /// The originator with every right.
    pub admin_originator: String,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Timeout of a subscription verification request (the create waits for it).
    pub verification_timeout_ms: u64,
    /// Timeout of one delivery attempt of a notification.
    pub notification_timeout_ms: u64,
    /// Delivery attempts of a notification (retries with doubling backoff).
    pub notification_attempts: u32,
    /// First backoff between delivery attempts.
    pub notification_backoff_ms: u64,
    /// Compact (snapshot + empty journal) after this many journal entries.
    pub snapshot_every: u64,
    /// Requests kept for the live view.
    pub log_capacity: usize,
    /// Whether the live view (/workshop/) answers machines other than this one.
    pub live_view_from_lan: bool,
    /// Origins (`http://host:port`) whose web pages may send requests to the CSE (CORS), besides
    /// the server's own; every other origin gets no CORS headers and its preflights are refused.
    pub cors_origins: Vec<String>,
    /// Host names, besides its address, `localhost`, 127.0.0.1 and [::1], that name this server in
    /// the `Host` header (requests naming any other host are refused: DNS rebinding).
    pub allowed_hosts: Vec<String>,
    /// A request's headers must arrive within this time (slow clients are cut off); it is also how
    /// long a keep-alive connection may stay silent between requests.
    pub header_read_timeout_ms: u64,
    /// A connection on which no byte moves while the server waits on it (a stalled body, a client
    /// that does not read its answer) is closed after this time.
    pub idle_timeout_ms: u64,
    /// Connections served at once; further ones wait until one closes.
    pub max_connections: usize,
    /// Connections one address may hold at once; a further one is answered 503 and closed.
    pub max_connections_per_peer: usize,
    /// Secure mode: HTTPS with the workshop CA (made in the data directory on first start), and
    /// every request to the CSE authenticated by a client certificate or token bound to its
    /// originator.
    pub tls: bool,
    /// Bounds on what a request may carry (the engine's [`Limits`]): a `[limits]` table in the
    /// file. They apply from the next start on, to existing data directories too (requests
    /// journaled before are replayed under the bounds they were accepted with).
    pub limits: Limits,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 8080,
            lan: false,
            data_dir: PathBuf::from("workshop-data"),
            site_dir: PathBuf::from("target/site"),
            cse_id: "/id-in".into(),
            cse_name: "cse-in".into(),
            sp_id: "example.org".into(),
            admin_originator: "CAdmin".into(),
            body_limit_bytes: 1024 * 1024,
            verification_timeout_ms: 3000,
            notification_timeout_ms: 3000,
            notification_attempts: 3,
            notification_backoff_ms: 250,
            snapshot_every: 5000,
            log_capacity: 500,
            live_view_from_lan: false,
            cors_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            header_read_timeout_ms: 10_000,
            idle_timeout_ms: 60_000,
            max_connections: 512,
            max_connections_per_peer: 128,
            tls: false,
            limits: Limits::default(),
        }
    }
}

/// The deepest content nesting the server may be configured to accept: serde_json reads 128 levels,
/// and a journal line or snapshot wraps a few levels around a request's content.
pub const MAX_CONTENT_DEPTH: usize = 100;

pub const USAGE: &str = "\
workshop-server: the oneM2M CSE over the oneM2M HTTP binding, and the book, from one process

usage: workshop-server [--port N] [--host H] [--lan] [--tls] [--data DIR] [--site DIR] [--config FILE]
                       [--cors-origin ORIGIN]... [--allow-host NAME]...
       workshop-server issue-cert NAME [--data DIR] [--out DIR]
       workshop-server issue-token NAME [--data DIR]

  --port N         port to listen on (default 8080; 0 picks a free port)
  --host H         address to listen on (default 127.0.0.1: this machine only)
  --lan            listen on every interface (0.0.0.0) and print the addresses to hand participants
  --tls            secure mode: HTTPS (rustls). The first start makes a workshop CA and a server
                   certificate in DIR/tls/ (see /workshop/trust for how participants trust the CA);
                   every request to the CSE must carry a credential the host issued, and the CSE
                   takes the originator from it (a different X-M2M-Origin is refused with 4103)
  --data DIR       where the CSE's state lives (default workshop-data/); it survives restarts
  --site DIR       the built book (default target/site; build it with `cargo xtask build --release`)
  --cors-origin ORIGIN
                   let web pages from ORIGIN (e.g. http://127.0.0.1:3000) send requests to the CSE;
                   repeatable. Pages from any other origin get no CORS headers (and their preflights
                   are refused), so a web site open in the host's browser cannot act on the CSE
  --allow-host NAME
                   a host name participants use to reach this server (e.g. workshop.local);
                   repeatable. Requests whose Host header names something else are refused on the
                   live view, and everywhere when listening on loopback (DNS rebinding); the
                   listening address, localhost, 127.0.0.1 and [::1] are always accepted
  --config FILE    a TOML file with any of: host, port, lan, data_dir, site_dir, cse_id, cse_name, sp_id,
                   admin_originator, body_limit_bytes, verification_timeout_ms, notification_timeout_ms,
                   notification_attempts, notification_backoff_ms, snapshot_every, log_capacity,
                   live_view_from_lan, cors_origins = [\"http://...\"], allowed_hosts = [\"...\"],
                   header_read_timeout_ms (default 10000: a request's headers must arrive within it;
                   also how long a keep-alive connection may stay silent), idle_timeout_ms (default
                   60000: a connection moving no byte while the server waits on it is closed),
                   max_connections (default 512: more wait until one closes),
                   max_connections_per_peer (default 128: one address's further connections are
                   answered 503), and last a table
                   [limits] with any of max_content_depth (default 32, at most 100), max_name_length
                   (255), max_labels (64), max_label_length (256), max_list_entries (256),
                   max_text_length (2048): a request over one gets 4000 naming it; tls = true is --tls

  issue-cert NAME  issues the participant NAME (their originator, e.g. Calice) a client certificate
                   signed by the workshop CA in DIR/tls/ (made if missing): writes NAME.cert.pem,
                   NAME.key.pem and ca.pem into --out DIR (default: the current directory)
  issue-token NAME issues the participant NAME a token, printed once, to send as
                   `Authorization: Bearer TOKEN` (only its SHA-256 is kept); both work while the
                   server runs
                   (flags win over the file; list flags add to the file's lists)

The CSE answers at /cse-in/..., /~/id-in/... and /_/example.org/id-in/...; the book is at /book/;
the live view for the host (resource tree and request log) is at /workshop/.
";

impl ServerConfig {
    /// Reads a TOML configuration file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{}: not a workshop-server configuration", path.display()))
    }

    /// Defaults, then `--config FILE`, then the other flags. `Ok(None)` means `--help` was asked.
    pub fn from_arguments(arguments: &[String]) -> Result<Option<Self>> {
        let mut config = match value_of(arguments, "--config")? {
            Some(path) => Self::from_file(Path::new(&path))?,
            None => ServerConfig::default(),
        };
        let mut iter = arguments.iter();
        while let Some(argument) = iter.next() {
            let mut next =
                |name: &str| iter.next().cloned().with_context(|| format!("{name} needs a value\n\n{USAGE}"));
            match argument.as_str() {
                "--help" | "-h" => return Ok(None),
                "--port" => {
                    let port = next("--port")?;
                    config.port = port.parse().with_context(|| format!("--port {port} is not a port number"))?;
                }
                "--host" => config.host = next("--host")?,
                "--lan" => config.lan = true,
                "--tls" => config.tls = true,
                "--data" => config.data_dir = PathBuf::from(next("--data")?),
                "--site" => config.site_dir = PathBuf::from(next("--site")?),
                "--cors-origin" => config.cors_origins.push(next("--cors-origin")?),
                "--allow-host" => config.allowed_hosts.push(next("--allow-host")?),
                "--config" => {
                    next("--config")?;
                }
                other => bail!("unknown argument `{other}`\n\n{USAGE}"),
            }
        }
        if config.lan {
            config.host = "0.0.0.0".into();
        }
        config.check()?;
        Ok(Some(config))
    }

    /// Refuses configurations the engine would misread.
    pub fn check(&self) -> Result<()> {
        if !self.cse_id.starts_with('/') || self.cse_id.len() < 2 || self.cse_id[1..].contains('/') {
            bail!("cse_id \"{}\" must be one segment starting with '/', e.g. /id-in", self.cse_id);
        }
        if self.cse_name.is_empty() || self.cse_name.contains(['/', '?', ' ', '#']) {
            bail!("cse_name \"{}\" must be a plain resource name, e.g. cse-in", self.cse_name);
        }
        if self.admin_originator.is_empty() {
            bail!("admin_originator must not be empty");
        }
        if self.header_read_timeout_ms == 0
            || self.idle_timeout_ms == 0
            || self.max_connections == 0
            || self.max_connections_per_peer == 0
        {
            bail!(
                "header_read_timeout_ms, idle_timeout_ms, max_connections and max_connections_per_peer must be more than 0"
            );
        }
        if self.limits.max_content_depth > MAX_CONTENT_DEPTH {
            bail!(
                "limits.max_content_depth {} is more than {MAX_CONTENT_DEPTH}: the journal and snapshot could not read such content back",
                self.limits.max_content_depth
            );
        }
        for origin in &self.cors_origins {
            if crate::guard::normal_origin(origin).is_none() {
                bail!(
                    "the CORS origin \"{origin}\" is not an origin: write scheme, host and port only, e.g. http://127.0.0.1:3000"
                );
            }
        }
        for name in &self.allowed_hosts {
            if crate::guard::host_name(name).is_none() {
                bail!("the allowed host \"{name}\" is not a host name, e.g. workshop.local");
            }
        }
        Ok(())
    }

    /// The engine's configuration.
    pub fn cse_config(&self) -> CseConfig {
        CseConfig {
            cse_id: self.cse_id.clone(),
            cse_name: self.cse_name.clone(),
            sp_id: self.sp_id.clone(),
            admin_originator: self.admin_originator.clone(),
            // the server keeps its own request log; the teaching trace would only cost time
            trace_capacity: 0,
            limits: self.limits.clone(),
            ..CseConfig::default()
        }
    }

    /// Notification timeouts and retries.
    pub fn delivery_policy(&self) -> DeliveryPolicy {
        DeliveryPolicy {
            verification_timeout: Duration::from_millis(self.verification_timeout_ms),
            attempt_timeout: Duration::from_millis(self.notification_timeout_ms),
            attempts: self.notification_attempts,
            first_backoff: Duration::from_millis(self.notification_backoff_ms),
        }
    }
}

fn value_of(arguments: &[String], name: &str) -> Result<Option<String>> {
    match arguments.iter().position(|argument| argument == name) {
        Some(index) => arguments.get(index + 1).cloned().map(Some).with_context(|| format!("{name} needs a value")),
        None => Ok(None),
    }
}

/// The addresses of this machine that participants on the LAN can use, found without sending a
/// packet: a UDP socket "connected" to a documentation address (TEST-NET-1, RFC 5737) tells which
/// local address the system would route from; connecting a UDP socket sends nothing.
pub fn lan_addresses() -> Vec<std::net::IpAddr> {
    let mut found = Vec::new();
    for (bind, probe) in [("0.0.0.0:0", "192.0.2.1:9"), ("[::]:0", "[2001:db8::1]:9")] {
        if let Ok(socket) = std::net::UdpSocket::bind(bind)
            && socket.connect(probe).is_ok()
            && let Ok(local) = socket.local_addr()
        {
            let ip = local.ip();
            if !ip.is_unspecified() && !ip.is_loopback() && !found.contains(&ip) {
                found.push(ip);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_override_the_defaults_and_lan_binds_everywhere() {
        let config =
            ServerConfig::from_arguments(&arguments("--port 9000 --lan --data /tmp/x")).expect("ok").expect("config");
        assert_eq!((config.port, config.host.as_str()), (9000, "0.0.0.0"));
        assert_eq!(config.data_dir, PathBuf::from("/tmp/x"));
        assert!(ServerConfig::from_arguments(&arguments("--port nine")).is_err());
        assert!(ServerConfig::from_arguments(&arguments("--bogus")).is_err());
        assert!(!ServerConfig::default().tls, "plain HTTP is the default");
        let secure = ServerConfig::from_arguments(&arguments("--tls")).expect("ok").expect("config");
        assert!(secure.tls);
        assert_eq!(ServerConfig::from_arguments(&arguments("--help")).expect("ok"), None);
    }

    #[test]
    fn origins_and_host_names_are_repeatable_flags_and_checked() {
        let config = ServerConfig::from_arguments(&arguments(
            "--cors-origin http://127.0.0.1:3000 --cors-origin https://lab.example --allow-host workshop.local",
        ))
        .expect("ok")
        .expect("config");
        assert_eq!(config.cors_origins, ["http://127.0.0.1:3000", "https://lab.example"]);
        assert_eq!(config.allowed_hosts, ["workshop.local"]);
        for bad in [
            "--cors-origin *",
            "--cors-origin lab.example",
            "--cors-origin http://lab.example/page",
            "--allow-host a/b",
        ] {
            let error = ServerConfig::from_arguments(&arguments(bad)).expect_err(bad);
            assert!(error.to_string().contains("is not"), "{bad}: {error}");
        }
        assert!(ServerConfig::from_arguments(&arguments("--cors-origin")).is_err(), "needs a value");
    }

    #[test]
    fn a_toml_file_sets_any_field_and_rejects_unknown_ones() {
        let config: ServerConfig = toml::from_str("cse_id = \"/id-ws\"\nport = 1234").expect("toml");
        assert_eq!((config.cse_id.as_str(), config.port, config.cse_name.as_str()), ("/id-ws", 1234, "cse-in"));
        assert!(toml::from_str::<ServerConfig>("colour = 1").is_err());
    }

    #[test]
    fn limits_come_from_a_table_and_are_checked() {
        let config: ServerConfig = toml::from_str("port = 1\n[limits]\nmax_name_length = 8").expect("toml");
        assert_eq!(config.limits.max_name_length, 8);
        assert_eq!(config.limits.max_labels, Limits::default().max_labels, "the others keep their defaults");
        assert_eq!(config.cse_config().limits.max_name_length, 8);
        let too_deep: ServerConfig = toml::from_str("[limits]\nmax_content_depth = 120").expect("toml");
        assert!(too_deep.check().is_err());
    }
}
