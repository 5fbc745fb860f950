//! A real SMTP server for the tests (mailin-embedded, in-process, on its own
//! loopback port), so mail goes through lettre's SMTP client and the network
//! exactly as in production. It can be told to refuse for a while (421,
//! "try again later") to test the outbox's retries.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use mailin_embedded::{response, Handler, Response, Server, SslConfig};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub raw: String,
}

impl Received {
    /// A header's value (unfolded), if the message has it.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or("");
        let mut found: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(value) = &mut found {
                if line.starts_with(' ') || line.starts_with('\t') {
                    // Unfolding drops the line break, not the space (RFC 5322 2.2.3).
                    value.push_str(line);
                    continue;
                }
                break;
            }
            if let Some((key, value)) = line.split_once(':') {
                if key.eq_ignore_ascii_case(name) {
                    found = Some(value.trim().to_owned());
                }
            }
        }
        found
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The subject with its RFC 2047 encoded words (`=?utf-8?b?…?=`, as a
    /// subject outside ASCII is sent) decoded.
    pub fn decoded_subject(&self) -> String {
        use base64::Engine as _;
        let mut out = String::new();
        let mut last_encoded = false;
        for word in self.subject().split_whitespace() {
            let encoded = word
                .strip_prefix("=?utf-8?b?")
                .and_then(|w| w.strip_suffix("?="));
            match encoded {
                Some(data) => {
                    // Only the space between two encoded words goes.
                    if !out.is_empty() && !last_encoded {
                        out.push(' ');
                    }
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(data)
                        .expect("an encoded word");
                    out.push_str(&String::from_utf8(bytes).expect("utf-8"));
                    last_encoded = true;
                }
                None => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                    last_encoded = false;
                }
            }
        }
        out
    }

    /// The plain-text part, decoded from quoted-printable if need be.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, content_type: &str) -> String {
        let start = self
            .raw
            .find(&format!("Content-Type: {content_type}"))
            .unwrap_or_else(|| panic!("no {content_type} part in:\n{}", self.raw));
        let rest = &self.raw[start..];
        let head_end = rest.find("\r\n\r\n").expect("part headers end") + 4;
        let head = &rest[..head_end];
        let body = &rest[head_end..];
        let body = &body[..body.find("\r\n--").unwrap_or(body.len())];
        if head.contains("quoted-printable") {
            decode_quoted_printable(body)
        } else if head.contains("base64") {
            // Text mostly outside ASCII (Korean mail) is sent as base64.
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body.replace(['\r', '\n'], ""))
                .expect("base64 part");
            String::from_utf8(bytes)
                .expect("utf-8 text")
                .replace("\r\n", "\n")
        } else {
            body.replace("\r\n", "\n")
        }
    }

    /// The first site link in the text part with this path prefix.
    pub fn link(&self, path_prefix: &str) -> Option<String> {
        let text = self.text();
        text.split_whitespace()
            .filter_map(|word| word.find(path_prefix).map(|at| word[at..].to_owned()))
            .map(|link| link.trim_end_matches(['.', ',', ')']).to_owned())
            .next()
    }
}

fn decode_quoted_printable(body: &str) -> String {
    let mut out = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("quoted-printable escape"));
                i += 3;
            }
            b'\r' => i += 1,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8 text")
}

#[derive(Clone)]
struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    refusing: Arc<AtomicBool>,
    rejecting: Arc<AtomicBool>,
    current: Option<Received>,
    data: Vec<u8>,
}

impl Handler for Inbox {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        if self.refusing.load(Ordering::SeqCst) {
            return response::NO_SERVICE;
        }
        response::OK
    }

    fn rcpt(&mut self, _to: &str) -> Response {
        if self.rejecting.load(Ordering::SeqCst) {
            return response::NO_MAILBOX;
        }
        response::OK
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_owned(),
            to: to.to_vec(),
            raw: String::new(),
        });
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(mut message) = self.current.take() {
            message.raw = String::from_utf8_lossy(&self.data).into_owned();
            self.received.lock().unwrap().push(message);
        }
        response::OK
    }
}

/// The server, listening until the test process ends.
pub struct SmtpServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    refusing: Arc<AtomicBool>,
    rejecting: Arc<AtomicBool>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        SmtpServer::serve(listener)
    }

    /// A server on a port of the caller's choosing (one that was down).
    pub fn start_on(port: u16) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the port is free again");
        SmtpServer::serve(listener)
    }

    fn serve(listener: TcpListener) -> SmtpServer {
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let refusing = Arc::new(AtomicBool::new(false));
        let rejecting = Arc::new(AtomicBool::new(false));
        let handler = Inbox {
            received: received.clone(),
            refusing: refusing.clone(),
            rejecting: rejecting.clone(),
            current: None,
            data: Vec::new(),
        };
        let mut server = Server::new(handler);
        server
            .with_name("smtp.test")
            .with_ssl(SslConfig::None)
            .expect("no TLS")
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            if let Err(e) = server.serve() {
                eprintln!("test SMTP server stopped: {e}");
            }
        });
        SmtpServer {
            port,
            received,
            refusing,
            rejecting,
        }
    }

    /// `FIXLOOP_SMTP_URL` for this server (a local relay: no TLS).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// Answer "421 try again later" to every message until told otherwise.
    pub fn refuse(&self, refusing: bool) {
        self.refusing.store(refusing, Ordering::SeqCst);
    }

    /// Answer "550 mailbox unavailable" to every recipient: a permanent refusal.
    pub fn reject(&self, rejecting: bool) {
        self.rejecting.store(rejecting, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Messages to one address, oldest first.
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|m| m.to.iter().any(|to| to.eq_ignore_ascii_case(address)))
            .collect()
    }
}

/// A loopback port with nothing listening (a mail server that is down).
pub fn unused_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
