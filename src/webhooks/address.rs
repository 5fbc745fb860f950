//! Which addresses a webhook may be sent to. A forum that POSTs wherever an
//! admin (or a stolen admin session) points it can be turned on the
//! company's own network, so private, loopback, link-local and other
//! non-public addresses are refused unless the webhook allows them. The
//! check is made when the webhook is registered and again on the addresses
//! each delivery actually connects to (DNS may answer differently later).

use crate::i18n::Message;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use url::{Host, Url};

/// Longest URL kept.
pub const MAX_URL_CHARS: usize = 2000;

/// An address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// RFC 6890 and IANA's special-purpose registry: everything that is not
/// meant to be reached on the internet.
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
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast (deprecated)
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

/// Only global unicast (2000::/3) outside its special blocks is public.
/// Everything outside 2000::/3 is refused whole, so every spelling that
/// embeds an IPv4 address there (IPv4-compatible `::/96` as in
/// `[::127.0.0.1]`, mapped `::ffff:0:0/96`, translated `::ffff:0:0:0/96`,
/// NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`) and the rest (`::`, `::1`,
/// discard `100::/64`, unique local `fc00::/7`, link-local `fe80::/10`,
/// site-local `fec0::/10`, multicast `ff00::/8`) is refused whatever the
/// IPv4 address it carries: a refusal that looked inside would have to
/// know every form.
fn is_public_v6(ip: Ipv6Addr) -> bool {
    let [s0, s1, ..] = ip.segments();
    let global_unicast = (s0 & 0xe000) == 0x2000;
    // IETF protocol assignments 2001::/23: Teredo 2001::/32 (embeds IPv4),
    // benchmarking 2001:2::/48, ORCHID 2001:10::/28 and ORCHIDv2
    // 2001:20::/28 among them; and documentation 2001:db8::/32.
    let ietf_or_documentation = s0 == 0x2001 && (s1 < 0x0200 || s1 == 0x0db8);
    let six_to_four = s0 == 0x2002; // embeds IPv4
    let documentation = s0 == 0x3fff && s1 < 0x1000; // 3fff::/20
    global_unicast && !(ietf_or_documentation || six_to_four || documentation)
}

/// The IPv4 address an IPv6 address carries, in the spellings that carry
/// one: named in the refusal, so the admin sees why `[::127.0.0.1]` is
/// loopback.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let [_, _, _, _, _, _, hi, lo] = s;
    let last = Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        [0, 0, 0, 0, 0, 0, _, _] if !ip.is_unspecified() && !ip.is_loopback() => Some(last),
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0xffff, 0, _, _] => Some(last),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(last),
        [0x2002, a, b, ..] => Some(Ipv4Addr::from((u32::from(a) << 16) | u32::from(b))),
        // Teredo: the client's address, inverted.
        [0x2001, 0, ..] => Some(Ipv4Addr::from(!u32::from(last))),
        _ => None,
    }
}

/// How an address is named in a refusal.
pub fn describe(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => format!("{ip} (which carries the IPv4 address {v4})"),
            None => ip.to_string(),
        },
        IpAddr::V4(_) => ip.to_string(),
    }
}

/// A URL a webhook may have: http or https, with a host, no credentials.
/// Returns the parsed URL; the message says what is wrong otherwise.
pub fn parse(raw: &str) -> Result<Url, Message> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("err-address-give-url-send-events".into());
    }
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(
            Message::new("err-address-keep-url-under-max-url").with("max_url_chars", MAX_URL_CHARS)
        );
    }
    let url = Url::parse(raw).map_err(|_| Message::new("err-address-not-url-give-one-like"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("err-address-url-must-start-with-https".into());
    }
    if url.host().is_none() {
        return Err("err-address-url-has-no-host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("err-address-leave-credentials-out-url-deliveries".into());
    }
    Ok(url)
}

/// Why the URL's host may not be used without "allow private addresses":
/// an address literal or a name that is not public. Resolves names, so it
/// blocks: call it off the async workers.
pub fn refuse_private(url: &Url) -> Result<(), Message> {
    let refused = |ip: IpAddr| {
        Message::new("err-address-ip-private-loopback-otherwise-non").with("ip", describe(ip))
    };
    match url.host() {
        Some(Host::Ipv4(ip)) if !is_public(ip.into()) => Err(refused(ip.into())),
        Some(Host::Ipv6(ip)) if !is_public(ip.into()) => Err(refused(ip.into())),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            if name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost") {
                return Err(
                    Message::new("err-address-name-machine-tick-allow-private").with("name", name)
                );
            }
            let port = url.port_or_known_default().unwrap_or(443);
            let addrs: Vec<SocketAddr> = (name, port)
                .to_socket_addrs()
                .map_err(|_| Message::new("err-address-host-name-cannot-found").with("name", name))?
                .collect();
            match addrs.iter().find(|a| !is_public(a.ip())) {
                Some(private) => Err(Message::new("err-address-name-resolves-ip")
                    .with("name", name)
                    .with("ip", refused(private.ip()))),
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
    fn every_ipv6_form_that_embeds_ipv4_is_refused() {
        for ip in [
            // IPv4-compatible ::/96 (issue 26: was accepted)
            "::127.0.0.1",
            "::7f00:1",
            "::10.0.0.1",
            "::8.8.8.8",
            // IPv4-translated ::ffff:0:0:0/96 (issue 26: was accepted)
            "::ffff:0:127.0.0.1",
            "::ffff:0:7f00:1",
            "::ffff:0:8.8.8.8",
            // IPv4-mapped, even of a public address
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "0:0:0:0:0:ffff:7f00:1",
            // NAT64, well-known and local-use
            "64:ff9b::127.0.0.1",
            "64:ff9b::8.8.8.8",
            "64:ff9b:1::7f00:1",
            "64:ff9b:1:ffff::1",
            // 6to4 and Teredo
            "2002:7f00:1::1",
            "2002:0808:0808::1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2001::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
    }

    #[test]
    fn the_special_ipv6_ranges_are_refused() {
        for ip in [
            "::",
            "::1",
            "0:0:0:0:0:0:0:1",
            "100::1",           // discard-only 100::/64
            "2001:db8::1",      // documentation
            "2001:db8:ffff::1", // documentation
            "3fff::1",          // documentation 3fff::/20
            "3fff:fff::1",      // documentation 3fff::/20
            "2001:2::1",        // benchmarking
            "2001:10::1",       // ORCHID
            "2001:1f::1",       // ORCHID
            "2001:20::1",       // ORCHIDv2
            "2001:2f::1",       // ORCHIDv2
            "2001:1ff:ffff::1", // rest of 2001::/23
            "fc00::1",          // unique local
            "fd12:3456::1",     // unique local
            "fe80::1",          // link-local
            "febf::1",          // link-local
            "fec0::1",          // site-local
            "feff::1",          // site-local
            "ff02::1",          // multicast
            "ff0e::1",          // multicast
            "4000::1",          // outside global unicast
            "5f00::1",          // SRv6 SIDs
            "1::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
        for ip in [
            "2606:4700:4700::1111",
            "2a00:1450:4001:82b::200e",
            "2001:4860:4860::8888",
            "2001:200::1", // just past 2001::/23
            "2003::1",
            "3ffe::1",
            "3fff:1000::1", // just past 3fff::/20
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip} counted as private");
        }
        assert!(!is_public("192.88.99.1".parse().unwrap()));
    }

    #[test]
    fn a_refusal_names_the_ipv4_address_inside() {
        let refusal = refuse_private(&parse("http://[::127.0.0.1]/").unwrap())
            .unwrap_err()
            .in_language(crate::i18n::Language::En);
        assert!(refusal.contains("127.0.0.1"), "{refusal}");
        assert!(refusal.contains("allow private addresses"), "{refusal}");
        let refusal = refuse_private(&parse("http://[::ffff:0:127.0.0.1]/").unwrap())
            .unwrap_err()
            .in_language(crate::i18n::Language::En);
        assert!(refusal.contains("127.0.0.1"), "{refusal}");
        let refusal = refuse_private(&parse("http://[2002:a00:1::1]/").unwrap())
            .unwrap_err()
            .in_language(crate::i18n::Language::En);
        assert!(refusal.contains("10.0.0.1"), "{refusal}");
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
