//! `lvyue healthcheck`: asks this host's server for `/readyz` and exits 0 when it answers 200,
//! 1 otherwise. For container health checks: it needs nothing in the image but the binary.

use std::{
    io::{Read, Write},
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream},
    time::Duration,
};

/// The address to call for a server bound to `bind`: a wildcard bind is reached on loopback.
pub fn target(bind: SocketAddr) -> SocketAddr {
    let ip = match bind.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, bind.port())
}

/// `GET /readyz` over plain HTTP/1.1; answers the status line when it is not 200.
pub fn check(addr: SocketAddr, timeout: Duration) -> Result<(), String> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("无法连接 {addr}: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    let request =
        format!("GET /readyz HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: lvyue-healthcheck\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(|e| format!("{addr}: {e}"))?;
    // The status line is all that matters; read a bounded prefix.
    let mut head = [0u8; 512];
    let mut len = 0;
    while len < head.len() {
        match stream.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(n) => {
                len += n;
                if head[..len].contains(&b'\n') {
                    break;
                }
            }
            Err(e) => return Err(format!("{addr}: {e}")),
        }
    }
    let text = String::from_utf8_lossy(&head[..len]);
    let status_line = text.lines().next().unwrap_or("").trim().to_owned();
    let code = status_line.split_whitespace().nth(1);
    if code == Some("200") { Ok(()) } else { Err(format!("/readyz 答复: {status_line:?}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_binds_are_called_on_loopback() {
        assert_eq!(target("0.0.0.0:8080".parse().unwrap()), "127.0.0.1:8080".parse().unwrap());
        assert_eq!(target("[::]:8080".parse().unwrap()), "[::1]:8080".parse().unwrap());
        assert_eq!(target("10.0.0.5:80".parse().unwrap()), "10.0.0.5:80".parse().unwrap());
    }

    #[test]
    fn a_closed_port_fails() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        assert!(check(addr, Duration::from_secs(2)).is_err());
    }
}
