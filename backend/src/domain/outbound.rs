//! Where the server may send webhooks. Public addresses are allowed; loopback, private,
//! link-local, shared (CGNAT), multicast and other special addresses are refused unless the
//! operator allows them in `LVYUE_WEBHOOK_ALLOW`, so that an administrator cannot make the
//! server probe the internal network. Checked at creation (for a literal address) and at every
//! connection (every address a host name resolves to).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `LVYUE_WEBHOOK_ALLOW`: comma-separated addresses (`127.0.0.1`), networks in CIDR form
/// (`10.20.0.0/16`, `fd00::/8`) or host names (`hooks.internal`, matched exactly, whatever they
/// resolve to).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    nets: Vec<(IpAddr, u8)>,
    hosts: Vec<String>,
}

impl AllowList {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut list = Self::default();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, prefix) = match item.split_once('/') {
                Some((a, p)) => (a, Some(p)),
                None => (item, None),
            };
            match addr.trim_matches(['[', ']']).parse::<IpAddr>() {
                Ok(ip) => {
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    let prefix = match prefix {
                        None => max,
                        Some(p) => p
                            .parse::<u8>()
                            .ok()
                            .filter(|p| *p <= max)
                            .ok_or_else(|| format!("{item:?} 的前缀长度应为 0 到 {max} 之间的整数"))?,
                    };
                    list.nets.push((ip, prefix));
                }
                Err(_) if prefix.is_none() && is_host_name(item) => list.hosts.push(item.to_ascii_lowercase()),
                Err(_) => return Err(format!("{item:?} 既不是地址、网段 (CIDR) 也不是主机名")),
            }
        }
        Ok(list)
    }

    /// Whether the operator allowed this host name by name.
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether the server may connect to `ip`: a public address, or one the operator allowed.
    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        !is_internal(ip) || self.nets.iter().any(|(net, prefix)| contains(canonical(*net), *prefix, ip))
    }
}

fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn contains(net: IpAddr, prefix: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// Addresses that are not on the public internet.
pub fn is_internal(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(a) => is_internal_v4(a),
        IpAddr::V6(a) => is_internal_v6(a),
    }
}

fn is_internal_v4(a: Ipv4Addr) -> bool {
    let [o0, o1, o2, _] = a.octets();
    a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_unspecified()
        || a.is_broadcast()
        || a.is_multicast()
        || a.is_documentation()
        || o0 == 0
        || (o0 == 100 && (64..128).contains(&o1)) // shared address space (CGNAT)
        || (o0 == 192 && o1 == 0 && o2 == 0) // IETF protocol assignments
        || (o0 == 198 && (o1 == 18 || o1 == 19)) // benchmarking
        || o0 >= 240 // reserved
}

fn is_internal_v6(a: Ipv6Addr) -> bool {
    let first = a.segments()[0];
    a.is_loopback()
        || a.is_unspecified()
        || a.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || a.to_ipv4().is_some_and(|v4| a.segments()[..6] == [0; 6] && is_internal_v4(v4)) // IPv4-compatible
        || (first == 0x2001 && a.segments()[1] == 0x0db8) // documentation
        || (first == 0x0064 && a.segments()[1] == 0xff9b) // NAT64 of any address
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused_by_default() {
        let none = AllowList::default();
        for internal in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!none.allows_ip(ip(internal)), "{internal}");
        }
        for public in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2400:3200::1", "::ffff:8.8.8.8"] {
            assert!(none.allows_ip(ip(public)), "{public}");
        }
    }

    #[test]
    fn the_allow_list_opens_addresses_networks_and_hosts() {
        let list = AllowList::parse(" 127.0.0.1, 10.20.0.0/16 ,fd00::/8, hooks.internal ").unwrap();
        assert!(list.allows_ip(ip("127.0.0.1")));
        assert!(!list.allows_ip(ip("127.0.0.2")));
        assert!(list.allows_ip(ip("10.20.3.4")));
        assert!(list.allows_ip(ip("::ffff:10.20.3.4")));
        assert!(!list.allows_ip(ip("10.21.0.1")));
        assert!(list.allows_ip(ip("fd12::1")));
        assert!(!list.allows_ip(ip("::1")));
        assert!(list.allows_host("Hooks.Internal."));
        assert!(!list.allows_host("other.internal"));
        assert!(AllowList::parse("10.0.0.0/33").is_err());
        assert!(AllowList::parse("not a host").is_err());
        assert!(AllowList::parse("a.b/8").is_err());
        assert_eq!(AllowList::parse("").unwrap(), AllowList::default());
    }
}
