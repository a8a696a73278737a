//! Removing where a photo was taken from JPEG and PNG files (系统设置
//! `attachments.strip_image_location`): a site photo taken on a phone carries the GPS position of
//! whoever took it, which has no place in the ledger or in what a portal shows.
//!
//! Only the location goes; the rest stays (a phone photo's orientation lives in the same EXIF
//! block, and dropping it would show portrait photos on their side). In EXIF the GPS directory is
//! emptied in place (its entries and the values they point at are zeroed, so no offset moves);
//! XMP packets, which may repeat the position as text, are dropped whole; an EXIF block that
//! cannot be parsed is dropped whole, since its location could not be found. The pixels are
//! copied as they are.
//!
//! The functions stream from a reader to a writer: memory stays bounded by one JPEG segment
//! (at most 64 KiB) or one PNG text chunk's keyword, whatever the file's size. They do no other
//! I/O.

use std::io::{self, Read, Write};

/// What was removed from a file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stripped {
    /// GPS directories emptied.
    pub gps_directories: usize,
    /// EXIF blocks or chunks dropped whole (unparseable EXIF; PNG `eXIf`).
    pub exif_blocks: usize,
    /// XMP packets dropped.
    pub xmp_packets: usize,
}

impl Stripped {
    pub fn any(&self) -> bool {
        self.gps_directories + self.exif_blocks + self.xmp_packets > 0
    }
}

const EXIF_HEADER: &[u8] = b"Exif\0\0";
const XMP_HEADERS: [&[u8]; 2] = [b"http://ns.adobe.com/xap/1.0/\0", b"http://ns.adobe.com/xmp/extension/\0"];
const GPS_IFD_TAG: u16 = 0x8825;

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Copies a JPEG file without its location; answers what was removed.
pub fn strip_jpeg(mut input: impl Read, mut output: impl Write) -> io::Result<Stripped> {
    let mut done = Stripped::default();
    let mut soi = [0u8; 2];
    input.read_exact(&mut soi)?;
    if soi != [0xFF, 0xD8] {
        return Err(bad("not a JPEG file"));
    }
    output.write_all(&soi)?;
    loop {
        let mut byte = [0u8; 1];
        input.read_exact(&mut byte)?;
        if byte[0] != 0xFF {
            return Err(bad("JPEG marker expected"));
        }
        // Fill bytes (0xFF repeated) may precede a marker.
        let marker = loop {
            input.read_exact(&mut byte)?;
            if byte[0] != 0xFF {
                break byte[0];
            }
        };
        match marker {
            // Start of scan or end of image: the rest is image data, copied as it is.
            0xDA | 0xD9 => {
                output.write_all(&[0xFF, marker])?;
                io::copy(&mut input, &mut output)?;
                return Ok(done);
            }
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => output.write_all(&[0xFF, marker])?,
            _ => {
                let mut len = [0u8; 2];
                input.read_exact(&mut len)?;
                let len = usize::from(u16::from_be_bytes(len));
                if len < 2 {
                    return Err(bad("JPEG segment length"));
                }
                let mut payload = vec![0u8; len - 2];
                input.read_exact(&mut payload)?;
                if marker == 0xE1 && payload.starts_with(EXIF_HEADER) {
                    match clear_gps(&mut payload[EXIF_HEADER.len()..]) {
                        Some(cleared) => done.gps_directories += usize::from(cleared),
                        None => {
                            done.exif_blocks += 1;
                            continue;
                        }
                    }
                } else if marker == 0xE1 && XMP_HEADERS.iter().any(|h| payload.starts_with(h)) {
                    done.xmp_packets += 1;
                    continue;
                }
                output.write_all(&[0xFF, marker])?;
                output.write_all(&(len as u16).to_be_bytes())?;
                output.write_all(&payload)?;
            }
        }
    }
}

/// Copies a PNG file without its `eXIf` chunk and XMP text chunks; answers what was removed.
pub fn strip_png(mut input: impl Read, mut output: impl Write) -> io::Result<Stripped> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    const XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp\0";
    let mut done = Stripped::default();
    let mut signature = [0u8; 8];
    input.read_exact(&mut signature)?;
    if signature != SIGNATURE {
        return Err(bad("not a PNG file"));
    }
    output.write_all(&signature)?;
    loop {
        let mut head = [0u8; 8];
        match input.read_exact(&mut head) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(done),
            other => other?,
        }
        let len = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let kind = [head[4], head[5], head[6], head[7]];
        // Data and CRC.
        let rest = len + 4;
        let text = matches!(&kind, b"tEXt" | b"iTXt" | b"zTXt");
        if &kind == b"eXIf" {
            io::copy(&mut (&mut input).take(rest), &mut io::sink())?;
            done.exif_blocks += 1;
            continue;
        }
        // A text chunk's keyword (at most 79 bytes and its NUL) says whether it is XMP.
        let mut keyword = Vec::new();
        if text {
            (&mut input).take(rest.min(XMP_KEYWORD.len() as u64)).read_to_end(&mut keyword)?;
            if keyword == XMP_KEYWORD {
                io::copy(&mut (&mut input).take(rest - keyword.len() as u64), &mut io::sink())?;
                done.xmp_packets += 1;
                continue;
            }
        }
        output.write_all(&head)?;
        output.write_all(&keyword)?;
        let copied = io::copy(&mut (&mut input).take(rest - keyword.len() as u64), &mut output)?;
        if copied != rest - keyword.len() as u64 {
            return Err(bad("PNG chunk cut short"));
        }
        if &kind == b"IEND" {
            return Ok(done);
        }
    }
}

/// Empties the GPS directory of a TIFF structure (an EXIF block after its `Exif\0\0`) in place:
/// `Some(true)` when there was one, `Some(false)` when there was none, `None` when the structure
/// cannot be read.
fn clear_gps(tiff: &mut [u8]) -> Option<bool> {
    let big_endian = match tiff.get(..4)? {
        [b'I', b'I', 42, 0] => false,
        [b'M', b'M', 0, 42] => true,
        _ => return None,
    };
    let t = Tiff { big_endian };
    let ifd0 = t.u32(tiff, 4)? as usize;
    let entries = usize::from(t.u16(tiff, ifd0)?);
    let mut gps = None;
    for i in 0..entries {
        let entry = ifd0 + 2 + 12 * i;
        if t.u16(tiff, entry)? == GPS_IFD_TAG {
            gps = Some(t.u32(tiff, entry + 8)? as usize);
        }
    }
    let Some(gps) = gps else { return Some(false) };
    let count = usize::from(t.u16(tiff, gps)?);
    let table_end = gps + 2 + 12 * count + 4;
    if table_end > tiff.len() {
        return None;
    }
    // Values longer than four bytes live elsewhere in the block: zero them first.
    for i in 0..count {
        let entry = gps + 2 + 12 * i;
        let size = type_size(t.u16(tiff, entry + 2)?)?.checked_mul(t.u32(tiff, entry + 4)? as usize)?;
        if size > 4 {
            let at = t.u32(tiff, entry + 8)? as usize;
            tiff.get_mut(at..at.checked_add(size)?)?.fill(0);
        }
    }
    // No entries, no next directory.
    tiff[gps..table_end].fill(0);
    Some(true)
}

/// The size of one value of a TIFF field type.
fn type_size(kind: u16) -> Option<usize> {
    Some(match kind {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 => 4,
        5 | 10 | 12 => 8,
        _ => return None,
    })
}

struct Tiff {
    big_endian: bool,
}

impl Tiff {
    fn u16(&self, b: &[u8], at: usize) -> Option<u16> {
        let v: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.big_endian { u16::from_be_bytes(v) } else { u16::from_le_bytes(v) })
    }

    fn u32(&self, b: &[u8], at: usize) -> Option<u32> {
        let v: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.big_endian { u32::from_be_bytes(v) } else { u32::from_le_bytes(v) })
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A little-endian EXIF block: IFD0 with Orientation = 6 and a GPS pointer; the GPS
    /// directory with a latitude (three rationals, stored out of line) and its reference `N`.
    pub fn exif_with_gps() -> Vec<u8> {
        let mut t = Vec::new();
        t.extend(b"II\x2a\x00");
        t.extend(8u32.to_le_bytes());
        // IFD0 at 8: two entries.
        t.extend(2u16.to_le_bytes());
        t.extend(0x0112u16.to_le_bytes()); // Orientation, SHORT, 1, value 6
        t.extend(3u16.to_le_bytes());
        t.extend(1u32.to_le_bytes());
        t.extend(6u32.to_le_bytes());
        t.extend(GPS_IFD_TAG.to_le_bytes()); // GPS IFD pointer, LONG, 1, offset 38
        t.extend(4u16.to_le_bytes());
        t.extend(1u32.to_le_bytes());
        t.extend(38u32.to_le_bytes());
        t.extend(0u32.to_le_bytes()); // no next IFD
        assert_eq!(t.len(), 38);
        // GPS IFD at 38: two entries, then the latitude's 24 bytes at 68.
        t.extend(2u16.to_le_bytes());
        t.extend(1u16.to_le_bytes()); // GPSLatitudeRef, ASCII, 2, "N\0"
        t.extend(2u16.to_le_bytes());
        t.extend(2u32.to_le_bytes());
        t.extend(b"N\0\0\0");
        t.extend(2u16.to_le_bytes()); // GPSLatitude, RATIONAL, 3, offset 68
        t.extend(5u16.to_le_bytes());
        t.extend(3u32.to_le_bytes());
        t.extend(68u32.to_le_bytes());
        t.extend(0u32.to_le_bytes());
        assert_eq!(t.len(), 68);
        for (n, d) in [(31u32, 1u32), (41, 1), (1234, 100)] {
            t.extend(n.to_le_bytes());
            t.extend(d.to_le_bytes());
        }
        t
    }

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend(((payload.len() + 2) as u16).to_be_bytes());
        s.extend(payload);
        s
    }

    /// A JPEG's structure (not a decodable image): SOI, APP0, the given APP1 payloads, a
    /// quantisation table, SOS and entropy-coded bytes, EOI.
    pub fn jpeg(app1: &[Vec<u8>]) -> Vec<u8> {
        let mut f = vec![0xFF, 0xD8];
        f.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        for p in app1 {
            f.extend(segment(0xE1, p));
        }
        f.extend(segment(0xDB, &[0u8; 65]));
        f.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        f.extend([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        f
    }

    fn exif_payload(tiff: &[u8]) -> Vec<u8> {
        [EXIF_HEADER, tiff].concat()
    }

    #[test]
    fn jpeg_loses_its_gps_and_xmp_and_keeps_orientation_and_pixels() {
        let xmp = [XMP_HEADERS[0], b"<x:xmpmeta><exif:GPSLatitude>31,41.2N</exif:GPSLatitude>".as_slice()].concat();
        let file = jpeg(&[exif_payload(&exif_with_gps()), xmp]);
        let mut out = Vec::new();
        let done = strip_jpeg(file.as_slice(), &mut out).unwrap();
        assert_eq!(done, Stripped { gps_directories: 1, exif_blocks: 0, xmp_packets: 1 });
        // Same length less the XMP segment; the EXIF block keeps its size and orientation.
        let exif_at = out.windows(6).position(|w| w == EXIF_HEADER).unwrap();
        let tiff = &out[exif_at + 6..];
        assert_eq!(&tiff[..4], b"II\x2a\x00");
        assert_eq!(u16::from_le_bytes([tiff[18], tiff[19]]), 6, "orientation kept");
        assert!(tiff[38..92].iter().all(|b| *b == 0), "GPS directory and latitude zeroed");
        assert!(!out.windows(11).any(|w| w == b"GPSLatitude"), "XMP gone");
        assert!(out.ends_with(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]));
        // Stripping again finds an empty GPS directory and changes nothing.
        let mut again = Vec::new();
        strip_jpeg(out.as_slice(), &mut again).unwrap();
        assert_eq!(again, out);
    }

    #[test]
    fn big_endian_exif_and_a_jpeg_without_location() {
        // A GPS directory in Motorola order, its reference inline.
        let mut be = b"MM\x00\x2a".to_vec();
        be.extend(8u32.to_be_bytes());
        be.extend(1u16.to_be_bytes());
        be.extend(GPS_IFD_TAG.to_be_bytes());
        be.extend(4u16.to_be_bytes());
        be.extend(1u32.to_be_bytes());
        be.extend(26u32.to_be_bytes());
        be.extend(0u32.to_be_bytes());
        be.extend(1u16.to_be_bytes());
        be.extend(1u16.to_be_bytes());
        be.extend(2u16.to_be_bytes());
        be.extend(2u32.to_be_bytes());
        be.extend(b"S\0\0\0");
        be.extend(0u32.to_be_bytes());
        let mut out = Vec::new();
        assert_eq!(strip_jpeg(jpeg(&[exif_payload(&be)]).as_slice(), &mut out).unwrap().gps_directories, 1);
        assert!(!out.contains(&b'S'));
        // No location at all: the file comes out byte for byte.
        let plain = jpeg(&[]);
        let mut out = Vec::new();
        assert!(!strip_jpeg(plain.as_slice(), &mut out).unwrap().any());
        assert_eq!(out, plain);
    }

    #[test]
    fn unreadable_exif_is_dropped_whole_and_broken_files_are_errors() {
        let mut broken = exif_with_gps();
        broken[38] = 0xFF; // the GPS directory claims 255 entries, past the block's end
        let mut out = Vec::new();
        let done = strip_jpeg(jpeg(&[exif_payload(&broken)]).as_slice(), &mut out).unwrap();
        assert_eq!(done.exif_blocks, 1);
        assert!(!out.windows(6).any(|w| w == EXIF_HEADER));
        assert!(strip_jpeg(b"\x89PNG".as_slice(), io::sink()).is_err());
        let cut = jpeg(&[exif_payload(&exif_with_gps())]);
        assert!(strip_jpeg(&cut[..30], io::sink()).is_err(), "a file cut inside a segment");
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend(kind);
        c.extend(data);
        c.extend([0xAA, 0xBB, 0xCC, 0xDD]); // (the CRC is copied, not checked)
        c
    }

    #[test]
    fn png_loses_exif_and_xmp_chunks_and_keeps_the_rest() {
        let mut file = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        let ihdr = chunk(b"IHDR", &[0u8; 13]);
        let text = chunk(b"tEXt", b"Title\0site photo");
        let idat = chunk(b"IDAT", &[7u8; 1000]);
        let iend = chunk(b"IEND", &[]);
        file.extend(&ihdr);
        file.extend(chunk(b"eXIf", &exif_with_gps()));
        file.extend(&text);
        file.extend(chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"));
        file.extend(&idat);
        file.extend(&iend);
        let mut out = Vec::new();
        let done = strip_png(file.as_slice(), &mut out).unwrap();
        assert_eq!(done, Stripped { gps_directories: 0, exif_blocks: 1, xmp_packets: 1 });
        assert_eq!(out, [&file[..8], &ihdr, &text, &idat, &iend].concat());
    }
}
