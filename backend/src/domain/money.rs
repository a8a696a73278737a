//! Money is integer fen (分), never floating point. Yuan text converts exactly.

/// The largest amount accepted: one trillion yuan, far above any arrear, far below i64.
pub const MAX_FEN: i64 = 100_000_000_000_000;

/// Parses yuan text (`1234.5`, `1,234.56`) into fen exactly; `Err` names the problem in Chinese.
pub fn parse_yuan(text: &str) -> Result<i64, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Err("金额不能为空");
    }
    if t.starts_with('-') {
        return Err("金额不能为负数");
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    let (int_part, frac_part) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    let int_digits: String = {
        let grouped = int_part.contains(',');
        if grouped {
            let groups: Vec<&str> = int_part.split(',').collect();
            let ok = !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return Err("金额的千分位格式不正确");
            }
        }
        int_part.replace(',', "")
    };
    if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("金额应为数字, 如 12345.67");
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) || (t.contains('.') && frac_part.is_empty()) {
        return Err("金额应为数字, 如 12345.67");
    }
    if frac_part.len() > 2 {
        return Err("金额最多保留两位小数");
    }
    let yuan: i64 = int_digits.parse().map_err(|_| "金额过大")?;
    let mut fen_frac: i64 = 0;
    for (i, b) in frac_part.bytes().enumerate() {
        fen_frac += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
    }
    let fen = yuan.checked_mul(100).and_then(|v| v.checked_add(fen_frac)).ok_or("金额过大")?;
    if fen > MAX_FEN {
        return Err("金额过大");
    }
    Ok(fen)
}

/// Formats fen as yuan with two decimals (`1234.50`).
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Fen as a yuan number for a spreadsheet cell. Exact for every amount the system accepts:
/// [`MAX_FEN`] is far below 2^53, the largest integer an f64 holds exactly.
#[allow(clippy::cast_precision_loss)]
pub fn fen_to_yuan_f64(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// Checks an amount pair: both non-negative, within bounds, resolved ≤ involved.
pub fn check_amounts(involved: i64, resolved: i64) -> Result<(), (&'static str, &'static str)> {
    if involved < 0 {
        return Err(("amount_involved_fen", "金额不能为负数"));
    }
    if involved > MAX_FEN {
        return Err(("amount_involved_fen", "金额过大"));
    }
    if resolved < 0 {
        return Err(("amount_resolved_fen", "金额不能为负数"));
    }
    if resolved > involved {
        return Err(("amount_resolved_fen", "已解决金额不能超过涉及金额"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        let cases = [
            ("0", 0),
            ("0.1", 10),
            ("0.10", 10),
            ("0.01", 1),
            ("1", 100),
            ("1234.56", 123_456),
            ("1,234.56", 123_456),
            ("12,345,678.9", 1_234_567_890),
            (" 7.05 ", 705),
            ("+3", 300),
            ("0.29", 29),
            ("1000000000000", MAX_FEN),
        ];
        for (text, fen) in cases {
            assert_eq!(parse_yuan(text), Ok(fen), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_exact() {
        for text in [
            "",
            "-1",
            "-0.01",
            "1.234",
            "0.001",
            "1e3",
            "abc",
            "1.",
            ".5",
            "1,00",
            "12,3456",
            "1..2",
            "1000000000000.01",
            "99999999999999999999",
            "１２",
        ] {
            assert!(parse_yuan(text).is_err(), "{text} must be refused");
        }
        assert_eq!(parse_yuan("1.234"), Err("金额最多保留两位小数"));
        assert_eq!(parse_yuan("-5"), Err("金额不能为负数"));
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format_yuan(0), "0.00");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(123_456), "1234.56");
        assert_eq!(format_yuan(-150), "-1.50");
        for fen in [0, 1, 99, 100, 12_345, 987_654_321, MAX_FEN] {
            assert_eq!(parse_yuan(&format_yuan(fen)), Ok(fen));
        }
    }

    #[test]
    fn amount_pairs() {
        assert_eq!(check_amounts(100, 100), Ok(()));
        assert_eq!(check_amounts(100, 101).unwrap_err().0, "amount_resolved_fen");
        assert_eq!(check_amounts(-1, 0).unwrap_err().0, "amount_involved_fen");
        assert_eq!(check_amounts(100, -1).unwrap_err().0, "amount_resolved_fen");
        assert_eq!(check_amounts(MAX_FEN + 1, 0).unwrap_err().0, "amount_involved_fen");
    }
}
