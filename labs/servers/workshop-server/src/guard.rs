//! Who may talk to the server through a browser.
//!
//! - **CORS**: a web page may send requests to the CSE from another origin only when the host
//!   allowed that origin (`--cors-origin`, `cors_origins`), or when the origin is the server's own
//!   (`http://` + the `Host` it was reached by). Every other origin gets no CORS headers, and its
//!   preflights are refused, so a page open in the host's browser cannot act as `CAdmin` on a CSE
//!   bound to 127.0.0.1.
//! - **DNS rebinding**: a page on `evil.example` whose name is made to resolve to 127.0.0.1 reaches
//!   this server as its own origin; its requests still say `Host: evil.example`. The server answers
//!   only requests whose `Host` names it: its listening address, `localhost`, 127.0.0.1, [::1], the
//!   machine's LAN addresses when it listens on every interface, and the configured names
//!   (`--allow-host`, `allowed_hosts`). The live view checks this always; the whole server does when
//!   it listens on loopback (on the LAN participants may reach the CSE and the book by any name).

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;
use http::header::HOST;

use crate::config::{ServerConfig, lan_addresses};

/// The host part of a `Host` header or a host name, lowercased, without port, brackets or a
/// trailing dot (`None` when empty or not a plausible host).
pub fn host_name(value: &str) -> Option<String> {
    let value = value.trim();
    let host = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(|port| port.bytes().all(|b| b.is_ascii_digit()))) {
            return None;
        }
        inside
    } else {
        match value.rsplit_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !host.contains(':') => host,
            _ if value.matches(':').count() > 1 => value, // a bare IPv6 address
            Some(_) => return None,
            None => value,
        }
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let plausible = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'%'));
    plausible.then_some(host)
}

/// An origin as browsers send it (`scheme://host[:port]`, lowercase, no trailing slash), or `None`
/// when `value` is not one.
pub fn normal_origin(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = value.split_once("://")?;
    if !matches!(scheme, "http" | "https") || authority.contains(['/', '?', '#', '@']) {
        return None;
    }
    host_name(authority)?;
    Some(value)
}

/// The `Host` rules and the allowed origins, fixed at startup.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    names: Vec<String>,
    everywhere: bool,
    origins: Vec<String>,
}

impl Guard {
    pub(crate) fn new(config: &ServerConfig, bound: SocketAddr) -> Guard {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "::1"].map(str::to_owned).to_vec();
        let mut add = |name: Option<String>| {
            if let Some(name) = name
                && !names.contains(&name)
            {
                names.push(name);
            }
        };
        if !bound.ip().is_unspecified() {
            add(host_name(&bound.ip().to_string()));
        }
        add(host_name(&config.host));
        for name in &config.allowed_hosts {
            add(host_name(name));
        }
        if bound.ip().is_unspecified() {
            for address in lan_addresses() {
                add(host_name(&address.to_string()));
            }
        }
        let everywhere = bound.ip().is_loopback()
            || config.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
            || config.host.eq_ignore_ascii_case("localhost");
        let origins = config.cors_origins.iter().filter_map(|origin| normal_origin(origin)).collect();
        Guard { names, everywhere, origins }
    }

    /// Whether the request's `Host` names this server (a request without one names nothing).
    pub(crate) fn names_this_server(&self, headers: &HeaderMap) -> bool {
        headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .and_then(host_name)
            .is_some_and(|host| self.names.contains(&host))
    }

    /// Whether the `Host` of a request for `path` must name this server: the live view's always,
    /// every request's when the server listens on loopback (on the LAN participants may reach the
    /// CSE and the book by any name).
    pub(crate) fn checks_host_of(&self, path: &str) -> bool {
        self.everywhere || path == "/workshop" || path.starts_with("/workshop/")
    }

    /// Whether a page from `origin` may send cross-origin requests: a configured origin, or the
    /// server's own (`http://` + the `Host` the request was sent to).
    pub(crate) fn allows_origin(&self, origin: &str, headers: &HeaderMap) -> bool {
        let Some(origin) = normal_origin(origin) else {
            return false;
        };
        if self.origins.contains(&origin) {
            return true;
        }
        headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|host| origin == format!("http://{}", host.trim().to_ascii_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_port_brackets_case_and_trailing_dot() {
        assert_eq!(host_name("LocalHost:8080").as_deref(), Some("localhost"));
        assert_eq!(host_name("[::1]:8080").as_deref(), Some("::1"));
        assert_eq!(host_name("::1").as_deref(), Some("::1"));
        assert_eq!(host_name("evil.example.").as_deref(), Some("evil.example"));
        assert_eq!(host_name("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(host_name(""), None);
        assert_eq!(host_name("a b"), None);
        assert_eq!(host_name("host:port"), None);
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(normal_origin("http://127.0.0.1:3000/").as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(normal_origin("HTTPS://Lab.Example").as_deref(), Some("https://lab.example"));
        assert_eq!(normal_origin("http://lab.example/path"), None);
        assert_eq!(normal_origin("lab.example"), None);
        assert_eq!(normal_origin("ftp://lab.example"), None);
    }

    #[test]
    fn a_loopback_server_knows_its_names_and_checks_everywhere() {
        let config = ServerConfig {
            allowed_hosts: vec!["Workshop.Local".into()],
            cors_origins: vec!["http://lab.example:3000".into()],
            ..ServerConfig::default()
        };
        let guard = Guard::new(&config, "127.0.0.1:8080".parse().expect("address"));
        assert!(
            guard.checks_host_of("/cse-in") && guard.checks_host_of("/book/") && guard.checks_host_of("/workshop/")
        );
        let with_host = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(HOST, host.parse().expect("header"));
            headers
        };
        for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "workshop.local"] {
            assert!(guard.names_this_server(&with_host(host)), "{host}");
        }
        assert!(!guard.names_this_server(&with_host("evil.example:8080")));
        assert!(!guard.names_this_server(&HeaderMap::new()));
        let headers = with_host("127.0.0.1:8080");
        assert!(guard.allows_origin("http://lab.example:3000", &headers));
        assert!(guard.allows_origin("http://127.0.0.1:8080", &headers), "its own origin");
        assert!(!guard.allows_origin("http://evil.example", &headers));
        assert!(!guard.allows_origin("null", &headers));
    }

    #[test]
    fn on_the_lan_only_the_live_view_checks_the_host() {
        let config = ServerConfig { host: "0.0.0.0".into(), lan: true, ..ServerConfig::default() };
        let guard = Guard::new(&config, "0.0.0.0:8080".parse().expect("address"));
        assert!(guard.checks_host_of("/workshop/") && guard.checks_host_of("/workshop/api/tree"));
        assert!(guard.checks_host_of("/workshop"));
        assert!(!guard.checks_host_of("/cse-in") && !guard.checks_host_of("/book/"));
        let mut headers = HeaderMap::new();
        headers.insert(HOST, "localhost:8080".parse().expect("header"));
        assert!(guard.names_this_server(&headers), "the host's own browser");
        headers.insert(HOST, "evil.example".parse().expect("header"));
        assert!(!guard.names_this_server(&headers));
    }
}
