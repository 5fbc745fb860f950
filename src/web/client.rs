//! The client's address, for the throttles that count per address.
//!
//! Headers are the client's to write, so by default the connection's own
//! address is the client. Only when that address is one of
//! `--trusted-proxies` is the forwarding header read, from the right (the
//! end our proxies append to) past every trusted hop: the first address that
//! is not a proxy of ours is the client. What a client wrote further left is
//! never reached.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::{IpNet, Ipv6Net};

use crate::config::ForwardedHeader;

/// The throttling key of the request's client (see `address_key`), or
/// `unknown` when the connection has no IP address (never over TCP).
pub fn address(req: &HttpRequest) -> String {
    let config = &super::state(req).config;
    match client_ip(req, &config.trusted_proxies.0, config.forwarded_header) {
        Some(ip) => address_key(ip),
        None => "unknown".to_owned(),
    }
}

/// Where a new session comes from: the browser's User-Agent and the client's
/// network (see `auth::session::Origin`).
pub fn session_origin(req: &HttpRequest) -> crate::auth::session::Origin {
    let config = &super::state(req).config;
    let user_agent = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let address = client_ip(req, &config.trusted_proxies.0, config.forwarded_header);
    crate::auth::session::Origin::new(&user_agent, address)
}

/// The client's IP address as far as this server can vouch for it.
pub fn client_ip(req: &HttpRequest, trusted: &[IpNet], header: ForwardedHeader) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip().to_canonical();
    if !is_trusted(trusted, peer) {
        return Some(peer);
    }
    let name = match header {
        ForwardedHeader::XForwardedFor => "x-forwarded-for",
        ForwardedHeader::Forwarded => "forwarded",
    };
    // Several header lines are one list, in order. Bytes that are not UTF-8
    // spoil only the entry they are in (a client's), not a proxy's after it.
    let joined = req
        .headers()
        .get_all(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect::<Vec<_>>()
        .join(",");
    // Split on every comma, even inside quotes: an unclosed quote a client
    // sent cannot then swallow the entry our proxy appended after it.
    let hops = joined.split(',').map(|entry| match header {
        ForwardedHeader::XForwardedFor => parse_hop(entry),
        ForwardedHeader::Forwarded => forwarded_for(entry).and_then(parse_hop),
    });
    Some(walk_from_right(peer, hops, trusted))
}

/// From the peer leftwards: while the address reached is a trusted proxy, its
/// hop names the next one. An entry that is not an address (`unknown`, an
/// obfuscated name, garbage) stops the walk at the proxy that wrote it.
fn walk_from_right(
    peer: IpAddr,
    hops: impl DoubleEndedIterator<Item = Option<IpAddr>>,
    trusted: &[IpNet],
) -> IpAddr {
    let mut client = peer;
    for hop in hops.rev() {
        if !is_trusted(trusted, client) {
            break;
        }
        match hop {
            Some(ip) => client = ip,
            None => break,
        }
    }
    client
}

fn is_trusted(trusted: &[IpNet], ip: IpAddr) -> bool {
    trusted.iter().any(|net| net.contains(&ip))
}

/// The `for=` value of one `Forwarded` element (`for=1.2.3.4;proto=https`).
fn forwarded_for(element: &str) -> Option<&str> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then_some(value)
    })
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:5678`, maybe quoted.
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim().trim_matches('"');
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            let inner = entry.strip_prefix('[')?.strip_suffix(']')?;
            inner.parse::<IpAddr>().ok()
        })?;
    Some(ip.to_canonical())
}

/// An IPv4 address stands for itself; an IPv6 address for its /64, the block
/// one subscriber gets (counting its 2^64 addresses apart is no limit at all).
pub fn address_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => Ipv6Net::new(v6, 64)
            .expect("64 is a valid prefix length")
            .trunc()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter()
            .map(|n| {
                n.parse()
                    .or_else(|_| n.parse::<IpAddr>().map(IpNet::from))
                    .unwrap()
            })
            .collect()
    }

    fn client(
        peer: &str,
        headers: &[(&str, &str)],
        trusted: &[&str],
        header: ForwardedHeader,
    ) -> String {
        let mut req = TestRequest::default().peer_addr(peer.parse().unwrap());
        for (name, value) in headers {
            req = req.append_header((*name, *value));
        }
        client_ip(&req.to_http_request(), &nets(trusted), header)
            .unwrap()
            .to_string()
    }

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let forged = [
            ("x-forwarded-for", "1.1.1.1"),
            ("forwarded", "for=2.2.2.2"),
            ("x-real-ip", "3.3.3.3"),
        ];
        assert_eq!(client("203.0.113.9:4000", &forged, &[], XFF), "203.0.113.9");
        // A proxy address is trusted only if configured, not for being private.
        assert_eq!(
            client("10.0.0.2:4000", &forged, &["10.0.0.1"], XFF),
            "10.0.0.2"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = ["10.0.0.0/8", "::1"];
        // The client's own claims sit left of what our proxies appended.
        let xff = [(
            "x-forwarded-for",
            "6.6.6.6, 10.9.9.9, 198.51.100.7, 10.0.0.5",
        )];
        assert_eq!(client("10.0.0.1:80", &xff, &trusted, XFF), "198.51.100.7");
        // Several header lines are one list.
        let lines = [
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.7"),
        ];
        assert_eq!(client("10.0.0.1:80", &lines, &trusted, XFF), "198.51.100.7");
        // Ports, brackets and IPv4-mapped IPv6 peers.
        let ported = [("x-forwarded-for", "[2001:db8::7]:443")];
        assert_eq!(client("[::1]:80", &ported, &trusted, XFF), "2001:db8::7");
        let v4 = [("x-forwarded-for", "198.51.100.7:5000")];
        assert_eq!(
            client("[::ffff:10.0.0.1]:80", &v4, &trusted, XFF),
            "198.51.100.7"
        );
        // Garbage where the client should be: the proxy that wrote it answers.
        let junk = [("x-forwarded-for", "198.51.100.7, unknown")];
        assert_eq!(client("10.0.0.1:80", &junk, &trusted, XFF), "10.0.0.1");
        // Only proxies all the way: the leftmost one.
        let inside = [("x-forwarded-for", "10.1.1.1")];
        assert_eq!(client("10.0.0.1:80", &inside, &trusted, XFF), "10.1.1.1");
        // No header at all: the proxy itself.
        assert_eq!(client("10.0.0.1:80", &[], &trusted, XFF), "10.0.0.1");
    }

    #[test]
    fn only_the_configured_header_is_read() {
        let trusted = ["10.0.0.0/8"];
        let both = [
            ("x-forwarded-for", "6.6.6.6"),
            (
                "forwarded",
                "for=198.51.100.7;proto=https, for=\"[2001:db8::1]:80\"",
            ),
        ];
        assert_eq!(client("10.0.0.1:80", &both, &trusted, XFF), "6.6.6.6");
        let fwd = ForwardedHeader::Forwarded;
        assert_eq!(client("10.0.0.1:80", &both, &trusted, fwd), "2001:db8::1");
        // An unclosed quote from the client does not hide our proxy's entry.
        let quote = [("forwarded", "for=\"6.6.6.6, For=198.51.100.7")];
        assert_eq!(client("10.0.0.1:80", &quote, &trusted, fwd), "198.51.100.7");
        let obfuscated = [("forwarded", "for=198.51.100.7, for=_hidden")];
        assert_eq!(
            client("10.0.0.1:80", &obfuscated, &trusted, fwd),
            "10.0.0.1"
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            address_key("2001:db8:1:2:ffff::9".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            address_key("::ffff:192.0.2.1".parse().unwrap()),
            "192.0.2.1"
        );
        assert_eq!(address_key("192.0.2.1".parse().unwrap()), "192.0.2.1");
    }
}
