//! Secure mode (`--tls`) over real TLS: HTTPS with the workshop CA (trusted and untrusted),
//! participants' client certificates and tokens mapped to originators, an impersonation refused.

use std::path::Path;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use serde_json::{Value, json};
use tokio_rustls::TlsConnector;
use workshop_server::tls;

use crate::support::{TempDir, TestServer};

/// A participant's TLS settings: the CA they trust and, maybe, their client certificate.
pub struct Client {
    config: Arc<rustls::ClientConfig>,
}

#[expect(deprecated, reason = "the server's provider (ring), see tls.rs")]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl Client {
    /// Trusts the CA in `ca_pem`; presents `identity` (certificate, key PEM files) when given.
    pub fn new(ca_pem: &Path, identity: Option<(&Path, &Path)>) -> Self {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_file(ca_pem).expect("a CA certificate")).expect("trusted");
        let builder = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots);
        let config = match identity {
            None => builder.with_no_client_auth(),
            Some((cert, key)) => builder
                .with_client_auth_cert(
                    vec![CertificateDer::from_pem_file(cert).expect("a certificate")],
                    PrivateKeyDer::from_pem_file(key).expect("a key"),
                )
                .expect("a client identity"),
        };
        Client { config: Arc::new(config) }
    }

    /// A GET over a new TLS connection: the body as text.
    pub async fn text(&self, base: &str, path: &str) -> Result<String, String> {
        let address = base.strip_prefix("https://").expect("an https URL").to_owned();
        let tcp = tokio::net::TcpStream::connect(&address).await.map_err(|error| error.to_string())?;
        let name = ServerName::try_from("127.0.0.1").expect("a name").to_owned();
        let stream = TlsConnector::from(self.config.clone()).connect(name, tcp).await.map_err(|e| e.to_string())?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let request = http::Request::builder().uri(path).header("host", address.as_str());
        let response = sender
            .send_request(request.body(Full::new(Bytes::new())).expect("a request"))
            .await
            .map_err(|error| error.to_string())?;
        let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// One request over a new TLS connection to `base` (`https://127.0.0.1:PORT`): (HTTP status,
    /// X-M2M-RSC, body as JSON), or why the connection failed.
    pub async fn request(
        &self,
        base: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<(u16, u16, Value), String> {
        let address = base.strip_prefix("https://").expect("an https URL").to_owned();
        let tcp = tokio::net::TcpStream::connect(&address).await.map_err(|error| error.to_string())?;
        let name = ServerName::try_from("127.0.0.1").expect("a name").to_owned();
        let stream = TlsConnector::from(self.config.clone()).connect(name, tcp).await.map_err(|e| e.to_string())?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let mut request = http::Request::builder()
            .method(method)
            .uri(path)
            .header("host", address.as_str())
            .header("x-m2m-ri", "secure-test")
            .header("x-m2m-rvi", "3");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let bytes = body.map(|body| serde_json::to_vec(&body).expect("json")).unwrap_or_default();
        let response = sender
            .send_request(request.body(Full::new(Bytes::from(bytes))).expect("a request"))
            .await
            .map_err(|error| error.to_string())?;
        let status = response.status().as_u16();
        let rsc = response
            .headers()
            .get("x-m2m-rsc")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse().ok())
            .unwrap_or(0);
        let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok((status, rsc, serde_json::from_slice(&body).unwrap_or(Value::Null)))
    }
}

/// What a plain-HTTP request to `address` gets back (within a second).
async fn plain_http(address: &str) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(address).await.expect("connect");
    let request = format!("GET /cse-in HTTP/1.1\r\nHost: {address}\r\nX-M2M-Origin: Calice\r\n\r\n");
    let _ = tcp.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), tcp.read_to_end(&mut answer)).await;
    answer
}

pub async fn secure_server(label: &str) -> TestServer {
    TestServer::start_with(TempDir::new(label), |config| config.tls = true).await
}

pub fn data_dir(server: &TestServer) -> std::path::PathBuf {
    server.dir.path().join("data")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_is_trusted_with_the_workshop_ca_only() {
    let server = secure_server("tls-trust").await;
    assert!(server.base.starts_with("https://"), "{}", server.base);
    let data = data_dir(&server);
    let ca = tls::tls_dir(&data).join("ca.cert.pem");
    let issued = tls::issue_certificate(&data, "Calice", &server.dir.path().join("alice")).expect("issued");
    let alice = Client::new(&ca, Some((&issued.certificate, &issued.key)));
    let (status, rsc, body) = alice.request(&server.base, "GET", "/cse-in", &[], None).await.expect("HTTPS works");
    assert_eq!((status, rsc), (200, 2000), "{body}");
    // the trust page shows the fingerprint the banner prints, in openssl's format
    let fingerprint = server.server.as_ref().and_then(|running| running.ca_fingerprint.clone()).expect("secure mode");
    let der = CertificateDer::from_pem_file(&ca).expect("the CA");
    assert_eq!(fingerprint, tls::openssl_fingerprint(&der));
    let page = alice.text(&server.base, "/workshop/trust").await.expect("the trust page");
    assert!(page.contains(&fingerprint), "{page}");

    // a client trusting another CA refuses the server's certificate
    let other = TempDir::new("tls-other-ca");
    tls::prepare(other.path(), &["localhost".into()]).expect("another CA");
    let stranger_ca = tls::tls_dir(other.path()).join("ca.cert.pem");
    let stranger = Client::new(&stranger_ca, None);
    let refused = stranger.request(&server.base, "GET", "/cse-in", &[], None).await;
    let why = refused.expect_err("an untrusted CA fails the handshake");
    assert!(why.contains("UnknownIssuer"), "{why}");
    // a client certificate from another CA is refused by the server (with the right server CA)
    let forged = tls::issue_certificate(other.path(), "Calice", &other.path().join("forged")).expect("issued");
    let forger = Client::new(&ca, Some((&forged.certificate, &forged.key)));
    let refused = forger.request(&server.base, "GET", "/cse-in", &[], None).await;
    assert!(refused.is_err(), "a certificate the workshop CA did not sign: {refused:?}");
    // plain HTTP to the HTTPS port gets no HTTP answer (a TLS alert at most)
    let answer = plain_http(server.base.trim_start_matches("https://")).await;
    assert!(!answer.starts_with(b"HTTP/"), "{}", String::from_utf8_lossy(&answer));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_are_the_originator_and_impersonation_is_refused() {
    let server = secure_server("tls-originators").await;
    let data = data_dir(&server);
    let ca = tls::tls_dir(&data).join("ca.cert.pem");
    let issued = tls::issue_certificate(&data, "Calice", &server.dir.path().join("alice")).expect("issued");
    let alice = Client::new(&ca, Some((&issued.certificate, &issued.key)));
    let token = tls::issue_token(&data, "Cbob").expect("a token");
    let bearer = format!("Bearer {token}");
    let anonymous = Client::new(&ca, None);
    let base = &server.base;
    let ae = |rn: &str| json!({"m2m:ae": {"rn": rn, "api": "Nlab", "rr": false, "srv": ["3"]}});
    let ty2 = ("content-type", "application/json;ty=2");

    // no X-M2M-Origin: the certificate's originator is used, and becomes the AE-ID
    let (_, rsc, body) = alice.request(base, "POST", "/cse-in", &[ty2], Some(ae("alice"))).await.expect("a connection");
    assert_eq!(rsc, 2001, "{body}");
    assert_eq!(body["m2m:ae"]["aei"], "Calice", "{body}");
    // the token's holder, with the matching X-M2M-Origin
    let (_, rsc, body) = anonymous
        .request(base, "POST", "/cse-in", &[ty2, ("authorization", &bearer), ("x-m2m-origin", "Cbob")], Some(ae("bob")))
        .await
        .expect("a connection");
    assert_eq!(rsc, 2001, "{body}");
    assert_eq!(body["m2m:ae"]["aei"], "Cbob", "{body}");

    // Alice claims to be Bob: refused, with the reason
    let (status, rsc, body) =
        alice.request(base, "DELETE", "/cse-in/bob", &[("x-m2m-origin", "Cbob")], None).await.expect("a connection");
    assert_eq!((status, rsc), (403, 4103), "{body}");
    let why = body["m2m:dbg"].as_str().unwrap_or_default();
    assert!(why.contains("Calice") && why.contains("impersonation"), "{why}");
    // nor as the administrator
    let (_, rsc, _) =
        alice.request(base, "GET", "/cse-in/bob", &[("x-m2m-origin", "CAdmin")], None).await.expect("a connection");
    assert_eq!(rsc, 4103);
    // Bob's AE is still there, and Bob may delete it
    let (_, rsc, _) = anonymous
        .request(base, "DELETE", "/cse-in/bob", &[("authorization", &bearer)], None)
        .await
        .expect("a connection");
    assert_eq!(rsc, 2002);

    // no credential, or one the host did not issue: refused with the reason
    let (_, rsc, body) =
        anonymous.request(base, "GET", "/cse-in", &[("x-m2m-origin", "Calice")], None).await.expect("a connection");
    assert_eq!(rsc, 4103, "{body}");
    assert!(body["m2m:dbg"].as_str().unwrap_or_default().contains("secure mode"), "{body}");
    let (_, rsc, body) = anonymous
        .request(base, "GET", "/cse-in", &[("authorization", "Bearer 00000000000000000000000000000000")], None)
        .await
        .expect("a connection");
    assert_eq!(rsc, 4103, "{body}");
    assert!(body["m2m:dbg"].as_str().unwrap_or_default().contains("token"), "{body}");
    // the book and the trust page need no credential
    let (status, _, _) = anonymous.request(base, "GET", "/book/", &[], None).await.expect("a connection");
    assert_eq!(status, 200);
    let (status, _, _) = anonymous.request(base, "GET", "/workshop/ca.pem", &[], None).await.expect("a connection");
    assert_eq!(status, 200);
    server.stop().await;
}

#[test]
fn issue_cert_and_issue_token_write_credentials_and_refuse_a_bad_name() {
    let dir = TempDir::new("tls-cli");
    let data = dir.path().join("data");
    let out = dir.path().join("handout");
    let run = |arguments: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_workshop-server")).args(arguments).output().expect("runs")
    };
    let data_arg = data.to_str().expect("a path");
    let issued = run(&["issue-cert", "Calice", "--data", data_arg, "--out", out.to_str().expect("a path")]);
    assert!(issued.status.success(), "{}", String::from_utf8_lossy(&issued.stderr));
    for file in ["Calice.cert.pem", "Calice.key.pem", "ca.pem"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let token = run(&["issue-token", "Cbob", "--data", data_arg]);
    assert!(token.status.success(), "{}", String::from_utf8_lossy(&token.stderr));
    let printed = String::from_utf8_lossy(&token.stdout);
    let token = printed.lines().nth(1).unwrap_or_default().trim().to_owned();
    assert_eq!(token.len(), 32, "{printed}");
    let credentials = tls::Credentials::new(&data);
    assert_eq!(credentials.of_token(&token).as_deref(), Some("Cbob"));
    let der = CertificateDer::from_pem_file(out.join("Calice.cert.pem")).expect("a certificate");
    assert_eq!(credentials.of_certificate(&der).as_deref(), Some("Calice"));
    let bad = run(&["issue-cert", "alice", "--data", data_arg]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("starts with C"), "{}", String::from_utf8_lossy(&bad.stderr));
}
