//! Which addresses a webhook may be sent to. A forum that POSTs wherever an
//! admin (or a stolen admin session) points it can be turned on the
//! company's own network, so private, loopback, link-local and other
//! non-public addresses are refused unless the webhook allows them. The
//! check is made when the webhook is registered and again on the addresses
//! each delivery actually connects to (DNS may answer differently later).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use url::{Host, Url};

/// Longest URL kept.
pub const MAX_URL_CHARS: usize = 2000;

/// An address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        // NAT64 and 6to4 carry an IPv4 address that may be private.
        || first == 0x0064
        || first == 0x2002)
}

/// A URL a webhook may have: http or https, with a host, no credentials.
/// Returns the parsed URL; the message says what is wrong otherwise.
pub fn parse(raw: &str) -> Result<Url, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Give the URL to send events to.".into());
    }
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(format!("Keep the URL under {MAX_URL_CHARS} characters."));
    }
    let url = Url::parse(raw).map_err(|_| {
        "That is not a URL; give one like https://tickets.example.com/hooks/fixloop.".to_owned()
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("The URL must start with https:// (or http://).".into());
    }
    if url.host().is_none() {
        return Err("The URL has no host.".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("Leave credentials out of the URL: deliveries are signed instead.".into());
    }
    Ok(url)
}

/// Why the URL's host may not be used without "allow private addresses":
/// an address literal or a name that is not public. Resolves names, so it
/// blocks: call it off the async workers.
pub fn refuse_private(url: &Url) -> Result<(), String> {
    let refused = |ip: IpAddr| {
        format!("{ip} is a private, loopback or otherwise non-public address; tick “allow private addresses” if this webhook is meant to reach one.")
    };
    match url.host() {
        Some(Host::Ipv4(ip)) if !is_public(ip.into()) => Err(refused(ip.into())),
        Some(Host::Ipv6(ip)) if !is_public(ip.into()) => Err(refused(ip.into())),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            if name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost") {
                return Err(format!("{name} is this machine; tick “allow private addresses” if this webhook is meant to reach it."));
            }
            let port = url.port_or_known_default().unwrap_or(443);
            let addrs: Vec<SocketAddr> = (name, port)
                .to_socket_addrs()
                .map_err(|_| format!("The host {name} cannot be found."))?
                .collect();
            match addrs.iter().find(|a| !is_public(a.ip())) {
                Some(private) => Err(format!("{name} resolves to {}", refused(private.ip()))),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_public(ip.parse().unwrap()), "{ip} counted as private");
        }
    }

    #[test]
    fn urls_need_http_a_host_and_no_credentials() {
        assert!(parse("https://example.com/hook").is_ok());
        assert!(parse("ftp://example.com/").is_err());
        assert!(parse("https://user:pw@example.com/").is_err());
        assert!(parse("not a url").is_err());
        assert!(refuse_private(&parse("http://127.0.0.1:9/").unwrap()).is_err());
        assert!(refuse_private(&parse("http://[::1]:9/").unwrap()).is_err());
        assert!(refuse_private(&parse("http://localhost:9/").unwrap()).is_err());
    }
}
