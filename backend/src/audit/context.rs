//! The context of an action as the audit trail records it: the request id, the client's
//! address and its user agent. Also the one rule for the client's address behind proxies.

use std::net::IpAddr;

/// Request facts the audit trail records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    /// For work the server does on its own (jobs, seeding): no request, no client.
    pub fn internal() -> Self {
        Self::default()
    }
}

/// Addresses (single or CIDR) whose `X-Forwarded-For` / `Forwarded` headers are believed
/// (`LVYUE_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `10.0.0.5, 172.16.0.0/12, ::1`; `Err` names the entry that is not an address.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (addr, bits) = match part.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (part, None),
            };
            let ip: IpAddr = addr.parse().map_err(|_| format!("{part:?} 不是 IP 地址或 CIDR"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(b) => {
                    b.parse::<u8>().ok().filter(|b| *b <= max).ok_or_else(|| format!("{part:?} 的前缀长度无效"))?
                }
                None => max,
            };
            out.push((ip, bits));
        }
        Ok(Self(out))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|(net, bits)| in_network(ip, canonical(*net), *bits))
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as a dual-stack socket reports IPv4 peers)
/// is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - u32::from(bits)) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - u32::from(bits)) };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// The addresses a `Forwarded` header (RFC 7239) names in its `for=` parameters, in order.
fn forwarded_for(header: &str) -> Vec<String> {
    header
        .split(',')
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim().eq_ignore_ascii_case("for").then(|| v.trim().trim_matches('"').to_owned())
            })
        })
        .collect()
}

/// Parses one hop: `203.0.113.7`, `203.0.113.7:4711`, `[2001:db8::1]:4711`, `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    hop.rsplit_once(':').and_then(|(a, _)| a.parse().ok())
}

/// The client's address: the peer's, unless the peer is a trusted proxy; then the hops the
/// proxies appended (`Forwarded`, else `X-Forwarded-For`) are read from the nearest backwards,
/// skipping trusted proxies, and the first other address is the client. A client can prepend
/// whatever it likes to these headers, so nothing left of the first untrusted hop is believed.
pub fn client_address(
    peer: Option<IpAddr>,
    forwarded: Option<&str>,
    x_forwarded_for: Option<&str>,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = canonical(peer?);
    if !trusted.contains(peer) {
        return Some(peer);
    }
    let hops: Vec<String> = match forwarded {
        Some(f) if !forwarded_for(f).is_empty() => forwarded_for(f),
        _ => x_forwarded_for.map(|x| x.split(',').map(|h| h.trim().to_owned()).collect()).unwrap_or_default(),
    };
    let mut client = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop).map(canonical) {
            Some(ip) if trusted.contains(ip) => client = ip,
            Some(ip) => return Some(ip),
            // An unreadable hop ("unknown", garbage): stop at the last address we could trust.
            None => return Some(client),
        }
    }
    Some(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        assert_eq!(client_address(ip("10.0.0.9"), None, Some("1.2.3.4"), &none), ip("10.0.0.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse("10.0.0.0/8, ::1").unwrap();
        assert_eq!(client_address(ip("10.0.0.9"), None, Some("203.0.113.7"), &t), ip("203.0.113.7"));
        // A spoofed entry the client prepended is left of the real one: ignored.
        assert_eq!(client_address(ip("10.0.0.9"), None, Some("6.6.6.6, 203.0.113.7"), &t), ip("203.0.113.7"));
        // Two proxies in the chain.
        assert_eq!(client_address(ip("10.0.0.9"), None, Some("203.0.113.7, 10.1.1.1"), &t), ip("203.0.113.7"));
        // All hops trusted: the farthest one.
        assert_eq!(client_address(ip("10.0.0.9"), None, Some("10.2.2.2"), &t), ip("10.2.2.2"));
        // No header: the proxy itself.
        assert_eq!(client_address(ip("::1"), None, None, &t), ip("::1"));
        // An untrusted peer's headers are never read.
        assert_eq!(client_address(ip("192.0.2.1"), None, Some("203.0.113.7"), &t), ip("192.0.2.1"));
    }

    #[test]
    fn forwarded_header_and_ports_and_mapped_addresses() {
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        let f = r#"for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711""#;
        assert_eq!(client_address(ip("127.0.0.1"), Some(f), Some("9.9.9.9"), &t), ip("2001:db8:cafe::17"));
        assert_eq!(client_address(ip("::ffff:127.0.0.1"), None, Some("198.51.100.2:5000"), &t), ip("198.51.100.2"));
        assert_eq!(client_address(ip("127.0.0.1"), None, Some("unknown"), &t), ip("127.0.0.1"));
    }

    #[test]
    fn parsing_names_the_bad_entry() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/33").unwrap_err().contains("10.0.0.0/33"));
        assert!(TrustedProxies::parse("nginx").unwrap_err().contains("nginx"));
        let t = TrustedProxies::parse("172.16.0.0/12").unwrap();
        assert!(t.contains("172.31.255.1".parse().unwrap()) && !t.contains("172.32.0.1".parse().unwrap()));
    }
}
