//! The OLE2 compound file that holds an `.xls` workbook: a strict reader (every sector chain
//! walked with a visited set, every sector number checked against the file's length, sizes
//! bounded) and a minimal writer for the workbook rebuilt for calamine (and for tests).

use super::Refusal;

pub(super) const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const MAX_REGULAR_SECT: u32 = 0xFFFF_FFFA;

pub(super) fn broken(what: &str) -> Refusal {
    Refusal::unreadable(format!("XLS 文件已损坏或不是 Excel 97-2003 工作簿 ({what})"))
}

pub(super) fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The compound file (OLE2) container, read strictly: every chain is walked with a visited set
/// and every sector number checked against the file's length.
pub(super) struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    sectors: usize,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Compound<'a>, Refusal> {
        if bytes.len() < 512 || !bytes.starts_with(super::CFB_MAGIC) {
            return Err(broken("文件头"));
        }
        let sector_size = match u16_at(bytes, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(broken("扇区大小")),
        };
        if u16_at(bytes, 32) != Some(6) {
            return Err(broken("小扇区大小"));
        }
        let sectors = bytes.len().saturating_sub(sector_size) / sector_size;
        let mut c = Compound { bytes, sector_size, sectors, fat: Vec::new() };
        // The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut difat = u32_at(bytes, 68).ok_or_else(|| broken("DIFAT"))?;
        let mut seen = vec![false; sectors];
        while difat < MAX_REGULAR_SECT {
            let s = c.sector(difat, &mut seen)?;
            let per = sector_size / 4 - 1;
            fat_sectors.extend((0..per).filter_map(|i| u32_at(s, 4 * i)));
            difat = u32_at(s, 4 * per).ok_or_else(|| broken("DIFAT"))?;
        }
        let mut fat = Vec::new();
        for id in fat_sectors.into_iter().filter(|id| *id < MAX_REGULAR_SECT) {
            let s = c.sector(id, &mut seen)?;
            fat.extend((0..sector_size / 4).filter_map(|i| u32_at(s, 4 * i)));
        }
        c.fat = fat;
        Ok(c)
    }

    /// A sector's bytes; each sector may be used once (a second use is a cycle or an overlap).
    fn sector(&self, id: u32, seen: &mut [bool]) -> Result<&'a [u8], Refusal> {
        let i = id as usize;
        if i >= self.sectors || std::mem::replace(&mut seen[i], true) {
            return Err(broken("扇区链"));
        }
        let start = (i + 1) * self.sector_size;
        Ok(&self.bytes[start..start + self.sector_size])
    }

    /// A regular chain's bytes, at most `limit` of them.
    fn chain(&self, start: u32, limit: usize) -> Result<Vec<u8>, Refusal> {
        let mut seen = vec![false; self.sectors];
        let mut out = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN && out.len() < limit {
            out.extend_from_slice(self.sector(id, &mut seen)?);
            id = *self.fat.get(id as usize).ok_or_else(|| broken("扇区链"))?;
        }
        out.truncate(limit);
        Ok(out)
    }

    /// The `Workbook` stream (or `Book`).
    pub(super) fn workbook(&self) -> Result<Vec<u8>, Refusal> {
        let dir = self.chain(u32_at(self.bytes, 48).ok_or_else(|| broken("目录"))?, self.bytes.len())?;
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let root = entries.first().ok_or_else(|| broken("目录"))?;
        let size_of = |e: &[u8]| -> usize {
            let low = u32_at(e, 120).unwrap_or(0) as usize;
            if self.sector_size == 512 {
                low
            } else {
                u32_at(e, 124).map_or(low, |high| if high == 0 { low } else { usize::MAX })
            }
        };
        let name_of = |e: &[u8]| -> String {
            let len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
            let units: Vec<u16> = (0..len.saturating_sub(2) / 2).filter_map(|i| u16_at(e, 2 * i)).collect();
            String::from_utf16_lossy(&units)
        };
        let stream = ["Workbook", "Book"]
            .iter()
            .find_map(|want| entries.iter().find(|e| e[66] == 2 && name_of(e).eq_ignore_ascii_case(want)))
            .ok_or_else(|| broken("没有 Workbook 流"))?;
        let size = size_of(stream);
        if size > self.bytes.len() {
            return Err(broken("流的大小"));
        }
        let start = u32_at(stream, 116).unwrap_or(ENDOFCHAIN);
        let cutoff = u32_at(self.bytes, 56).unwrap_or(4096) as usize;
        if size >= cutoff {
            return self.chain(start, size);
        }
        // Small streams live in 64-byte sectors inside the root entry's stream.
        let mini_stream = self.chain(u32_at(root, 116).unwrap_or(ENDOFCHAIN), size_of(root).min(self.bytes.len()))?;
        let minifat_bytes = self.chain(u32_at(self.bytes, 60).unwrap_or(ENDOFCHAIN), self.bytes.len())?;
        let minifat: Vec<u32> = minifat_bytes.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect();
        let mut seen = vec![false; minifat.len()];
        let mut out = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN && out.len() < size {
            let i = id as usize;
            if i >= minifat.len() || std::mem::replace(&mut seen[i], true) {
                return Err(broken("小扇区链"));
            }
            out.extend_from_slice(mini_stream.get(i * 64..i * 64 + 64).ok_or_else(|| broken("小扇区链"))?);
            id = minifat[i];
        }
        out.truncate(size);
        Ok(out)
    }
}

/// A compound file holding one `Workbook` stream, in 4096-byte sectors (version 4). Used for
/// the rebuilt workbook calamine reads; tests use it to make `.xls` files.
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    const S: usize = 4096;
    const PER_FAT: usize = S / 4;
    // calamine reads streams shorter than 4096 bytes from the mini stream: pad past it.
    let mut stream = stream.to_vec();
    if stream.len() < S {
        stream.resize(S, 0);
    }
    let n_stream = stream.len().div_ceil(S);
    let mut n_fat = 1;
    while n_fat * PER_FAT < n_fat + 2 + n_stream {
        n_fat += 1;
    }
    assert!(n_fat <= 109, "a rebuilt workbook fits the header's FAT list");
    // Sectors: FAT sectors, the directory, the root's (empty) mini stream, then the stream.
    // calamine refuses a version 4 root entry without a start sector.
    let dir = n_fat as u32;
    let mini = dir + 1;
    let first = dir + 2;
    let mut fat = vec![FREESECT; n_fat * PER_FAT];
    for f in fat.iter_mut().take(n_fat) {
        *f = 0xFFFF_FFFD;
    }
    fat[dir as usize] = ENDOFCHAIN;
    fat[mini as usize] = ENDOFCHAIN;
    for i in 0..n_stream {
        let id = first as usize + i;
        fat[id] = if i + 1 == n_stream { ENDOFCHAIN } else { id as u32 + 1 };
    }
    let mut out = vec![0u8; S];
    out[..8].copy_from_slice(super::CFB_MAGIC);
    out[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&4u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&12u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[40..44].copy_from_slice(&1u32.to_le_bytes());
    out[44..48].copy_from_slice(&(n_fat as u32).to_le_bytes());
    out[48..52].copy_from_slice(&dir.to_le_bytes());
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    out[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    for i in 0..109 {
        let v = if i < n_fat { i as u32 } else { FREESECT };
        out[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    for v in &fat {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut dir_sector = vec![0u8; S];
    let entry = |d: &mut [u8], name: &str, kind: u8, child: u32, start: u32, size: u64| {
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            d[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        d[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        d[66] = kind;
        d[67] = 1;
        d[68..72].copy_from_slice(&FREESECT.to_le_bytes());
        d[72..76].copy_from_slice(&FREESECT.to_le_bytes());
        d[76..80].copy_from_slice(&child.to_le_bytes());
        d[116..120].copy_from_slice(&start.to_le_bytes());
        d[120..128].copy_from_slice(&size.to_le_bytes());
    };
    entry(&mut dir_sector[0..128], "Root Entry", 5, 1, mini, 0);
    entry(&mut dir_sector[128..256], "Workbook", 2, FREESECT, first, stream.len() as u64);
    for d in dir_sector[256..].chunks_exact_mut(128) {
        d[68..80].fill(0xFF);
    }
    out.extend_from_slice(&dir_sector);
    out.extend_from_slice(&[0u8; S]);
    out.extend_from_slice(&stream);
    out.resize(S + (n_fat + 2 + n_stream) * S, 0);
    out
}
