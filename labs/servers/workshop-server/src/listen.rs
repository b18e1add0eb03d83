//! Connections: the accept loop, with a cap on concurrent connections and time limits against
//! clients that send slowly or not at all (slowloris).
//!
//! - A request's headers must arrive within `header_read_timeout_ms` (hyper's own timer; it also
//!   closes a keep-alive connection that stays silent that long between requests).
//! - A connection that moves no byte in either direction for `idle_timeout_ms` while the server
//!   waits on it (a stalled body, a client that does not read its answer) is closed.
//! - At most `max_connections` connections are served at once; further ones wait in the kernel's
//!   accept queue until one closes. One address may hold at most `max_connections_per_peer` of
//!   them (a further one is answered 503 and closed), so one participant's runaway script or slow
//!   client cannot take every slot.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// The connection limits (from the configuration).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionLimits {
    pub(crate) header_read: Duration,
    pub(crate) idle: Duration,
    pub(crate) max_connections: usize,
    pub(crate) max_per_peer: usize,
}

/// The answer to a connection over its address's share.
const TOO_MANY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 69\r\nConnection: close\r\n\r\ntoo many connections from your address at once; close some and retry\n";

/// Connections open per peer address.
type PerPeer = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// One of a peer's connections; counted until dropped.
struct PeerSlot {
    counts: PerPeer,
    ip: IpAddr,
}

impl PeerSlot {
    fn take(counts: &PerPeer, ip: IpAddr, max: usize) -> Option<PeerSlot> {
        let mut open = counts.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(ip).or_insert(0);
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(PeerSlot { counts: counts.clone(), ip })
    }
}

impl Drop for PeerSlot {
    fn drop(&mut self) {
        let mut open = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.ip) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` fires, then lets the open connections finish their
/// requests (the caller bounds how long it waits).
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    tls: Option<TlsAcceptor>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_peer = PerPeer::default();
    let mut connections = JoinSet::new();
    let (closing, closing_seen) = watch::channel(false);
    loop {
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // e.g. out of file descriptors: wait a little rather than spin
                    eprintln!("workshop-server: accepting a connection failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Some(slot) = PeerSlot::take(&per_peer, peer.ip(), limits.max_per_peer.max(1)) else {
            let _ = stream.try_write(TOO_MANY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let closing_seen = closing_seen.clone();
        let tls = tls.clone();
        connections.spawn(async move {
            let _counted = (permit, slot);
            let io = Idle::new(stream, limits.idle);
            let Some(acceptor) = tls else {
                return serve_connection(io, app, peer, None, limits, closing_seen).await;
            };
            // the handshake must finish within the header read timeout, like a request's headers
            let Ok(Ok(secured)) = tokio::time::timeout(limits.header_read, acceptor.accept(io)).await else {
                return;
            };
            let certificate = secured
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|chain| chain.first())
                .map(|certificate| PeerCertificate(Arc::new(certificate.to_vec())));
            serve_connection(secured, app, peer, certificate, limits, closing_seen).await;
        });
    }
    drop(listener);
    let _ = closing.send(true);
    while connections.join_next().await.is_some() {}
}

/// A TCP stream that fails with `TimedOut` when it has been waited on with no byte moving in
/// either direction for `limit`.
/// The client certificate a TLS connection presented (verified against the workshop CA by rustls),
/// in DER: every request of the connection carries it as an extension.
#[derive(Debug, Clone)]
pub(crate) struct PeerCertificate(pub(crate) Arc<Vec<u8>>);

/// Serves HTTP/1 requests on one connection (plain or TLS) until it closes or the server stops.
async fn serve_connection<I>(
    io: I,
    app: Router,
    peer: std::net::SocketAddr,
    certificate: Option<PeerCertificate>,
    limits: ConnectionLimits,
    mut closing_seen: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |mut request: http::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        if let Some(certificate) = &certificate {
            request.extensions_mut().insert(certificate.clone());
        }
        app.clone().oneshot(request)
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let connection = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = closing_seen.changed() => connection.as_mut().graceful_shutdown(),
    }
    let _ = connection.await;
}

struct Idle {
    stream: TcpStream,
    limit: Duration,
    last: Instant,
    deadline: Pin<Box<Sleep>>,
}

impl Idle {
    fn new(stream: TcpStream, limit: Duration) -> Self {
        let last = Instant::now();
        Idle { stream, limit, last, deadline: Box::pin(tokio::time::sleep_until(last + limit)) }
    }

    /// Called when an operation is pending: whether the connection has been idle too long.
    /// (The deadline is moved on lazily, only when it fires after more recent traffic.)
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        loop {
            if self.deadline.as_mut().poll(cx).is_pending() {
                return false;
            }
            let due = self.last + self.limit;
            if due <= Instant::now() {
                return true;
            }
            self.deadline.as_mut().reset(due);
        }
    }

    fn progress<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no traffic on the connection for the idle timeout",
            ))),
            Poll::Pending => Poll::Pending,
            ready => {
                self.last = Instant::now();
                ready
            }
        }
    }
}

impl AsyncRead for Idle {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_read(cx, buf);
        this.progress(cx, poll)
    }
}

impl AsyncWrite for Idle {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.progress(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write_vectored(cx, buffers);
        this.progress(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_flush(cx);
        this.progress(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
