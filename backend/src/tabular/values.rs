//! Cell values as offices write them: amounts with units, currency signs and separators, dates
//! in every common form, 是/否, and unit names by full name, short name or alias. Pure
//! functions; errors and warnings are Chinese sentences a clerk understands.

use chrono::{Duration, NaiveDate};

use crate::domain::money::MAX_FEN;

/// Full-width ASCII forms (`１２，３`, `（`) and the ideographic space as their ASCII twins;
/// everything else unchanged.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' | '\u{00A0}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '。' => '.',
            '、' => ',',
            '【' => '[',
            '】' => ']',
            _ => c,
        })
        .collect()
}

/// Whitespace of any kind, including U+3000, NBSP and line breaks.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{00A0}' || c == '\u{FEFF}'
}

/// Trims every kind of whitespace (and a BOM) at both ends.
pub fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// The unit an amount column or value is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmountUnit {
    /// 分
    Fen,
    /// 元
    Yuan,
    /// 千元
    ThousandYuan,
    /// 万元
    TenThousandYuan,
    /// 亿元
    HundredMillionYuan,
}

impl AmountUnit {
    /// Decimal places from this unit down to fen.
    fn exponent(self) -> u32 {
        match self {
            AmountUnit::Fen => 0,
            AmountUnit::Yuan => 2,
            AmountUnit::ThousandYuan => 5,
            AmountUnit::TenThousandYuan => 6,
            AmountUnit::HundredMillionYuan => 10,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Fen => "分",
            AmountUnit::Yuan => "元",
            AmountUnit::ThousandYuan => "千元",
            AmountUnit::TenThousandYuan => "万元",
            AmountUnit::HundredMillionYuan => "亿元",
        }
    }

    /// A unit as written in a header or after a number: `元`, `万元`, `万`, `人民币元`…
    pub fn parse(word: &str) -> Option<AmountUnit> {
        let w = word.trim_matches(is_space);
        let w = w.strip_prefix("单位").map(|r| r.trim_start_matches([':', '：', ' '])).unwrap_or(w);
        let w = w.strip_prefix("人民币").unwrap_or(w);
        match w {
            "分" => Some(AmountUnit::Fen),
            "元" | "RMB" | "CNY" => Some(AmountUnit::Yuan),
            "千元" | "千" => Some(AmountUnit::ThousandYuan),
            "万元" | "万" => Some(AmountUnit::TenThousandYuan),
            "亿元" | "亿" => Some(AmountUnit::HundredMillionYuan),
            _ => None,
        }
    }
}

/// An amount read exactly into fen; `note` says what was changed to get there (rounding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fen {
    pub fen: i64,
    pub note: Option<String>,
}

/// A decimal number as digits and the count of them after the point.
struct Decimal {
    digits: String,
    scale: u32,
}

/// Strict decimal text: digits, an optional point, thousands separators only in groups of three.
fn decimal(text: &str) -> Result<Decimal, &'static str> {
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err("金额的千分位格式不正确");
        }
    }
    let int_digits = int_part.replace(',', "");
    let frac = frac_part.unwrap_or("");
    if int_digits.is_empty()
        || !int_digits.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac_part.is_some_and(str::is_empty)
    {
        return Err("金额应为数字, 如 12345.67");
    }
    Ok(Decimal { digits: format!("{int_digits}{frac}"), scale: frac.len() as u32 })
}

enum Inexact {
    /// More decimals than fen can hold, and rounding was not allowed.
    Decimals,
    TooLarge,
}

/// `digits × 10^(exp - scale)` as fen, rounding half up when `round`; also whether rounding
/// changed the value.
fn to_fen(d: &Decimal, exp: u32, round: bool) -> Result<(i64, bool), Inexact> {
    let digits = d.digits.trim_start_matches('0');
    if exp >= d.scale {
        let zeros = (exp - d.scale) as usize;
        if digits.len() + zeros > 18 {
            return Err(Inexact::TooLarge);
        }
        let v: i64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| Inexact::TooLarge)? };
        return Ok((v * 10_i64.pow(zeros as u32), false));
    }
    let cut = (d.scale - exp) as usize;
    let (keep, dropped) = if digits.len() > cut { digits.split_at(digits.len() - cut) } else { ("", digits) };
    let changed = dropped.bytes().any(|b| b != b'0');
    if changed && !round {
        return Err(Inexact::Decimals);
    }
    if keep.len() > 18 {
        return Err(Inexact::TooLarge);
    }
    let mut v: i64 = if keep.is_empty() { 0 } else { keep.parse().map_err(|_| Inexact::TooLarge)? };
    // The dropped part is right-aligned: pad to `cut` digits to read its first one.
    let first_dropped = if dropped.len() == cut { dropped.bytes().next() } else { Some(b'0') };
    if round && first_dropped.is_some_and(|b| b >= b'5') {
        v += 1;
    }
    Ok((v, changed))
}

fn check_max(fen: i64) -> Result<i64, String> {
    if fen > MAX_FEN { Err("金额过大".into()) } else { Ok(fen) }
}

/// An amount typed as text: `¥128,000.00`, `12.8万`, `128000元`, `１２８０００`. The unit of
/// the column applies unless the value names its own. Exact: more decimals than fen can hold
/// is an error, never rounded.
pub fn amount_text(text: &str, column_unit: AmountUnit) -> Result<Fen, String> {
    let t: String = half_width(text).chars().filter(|c| !is_space(*c)).collect();
    if t.is_empty() {
        return Err("金额不能为空".into());
    }
    let t = t.trim_start_matches(['¥', '￥']);
    let t = t.strip_prefix("RMB").or_else(|| t.strip_prefix("CNY")).or_else(|| t.strip_prefix("人民币")).unwrap_or(t);
    if t.starts_with('-') || t.starts_with('(') && t.ends_with(')') {
        return Err("金额不能为负数".into());
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    let number_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(t.len());
    let (number, suffix) = t.split_at(number_end);
    let unit = if suffix.is_empty() {
        column_unit
    } else {
        AmountUnit::parse(suffix)
            .ok_or_else(|| format!("金额「{text}」的单位「{suffix}」无法识别 (可写 元、千元、万元)"))?
    };
    let d = decimal(number).map_err(str::to_owned)?;
    match to_fen(&d, unit.exponent(), false) {
        Ok((fen, _)) => Ok(Fen { fen: check_max(fen)?, note: None }),
        Err(Inexact::Decimals) if unit == AmountUnit::Fen => Err("金额以分计应为整数".into()),
        Err(Inexact::Decimals) if unit == AmountUnit::Yuan => Err("金额最多保留两位小数 (精确到分)".into()),
        Err(Inexact::Decimals) => Err(format!("金额精确到分: 以{}计最多 {} 位小数", unit.label(), unit.exponent())),
        Err(Inexact::TooLarge) => Err("金额过大".into()),
    }
}

/// An amount stored as a spreadsheet number: binary floating point, so `128000.00000001` is
/// rounded (half up) to fen, with a note when that changed the value.
pub fn amount_number(value: f64, column_unit: AmountUnit) -> Result<Fen, String> {
    if !value.is_finite() {
        return Err("金额应为数字".into());
    }
    if value < 0.0 {
        return Err("金额不能为负数".into());
    }
    // Rust prints the shortest text that reads back as the same f64, without an exponent.
    let text = format!("{value}");
    let d = decimal(&text).map_err(str::to_owned)?;
    let (fen, changed) = to_fen(&d, column_unit.exponent(), true).map_err(|_| "金额过大".to_owned())?;
    let fen = check_max(fen)?;
    let note = changed.then(|| {
        format!(
            "金额 {text}{} 按四舍五入到分计为 {} 元",
            if column_unit == AmountUnit::Yuan { String::new() } else { column_unit.label().to_owned() },
            crate::domain::money::format_yuan(fen)
        )
    });
    Ok(Fen { fen, note })
}

/// Excel's serial day numbers: 1 = 1900-01-01 in the 1900 system (which counts a 1900-02-29
/// that never was), 0 = 1904-01-01 in the 1904 system.
pub fn excel_serial_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if date1904 {
        return NaiveDate::from_ymd_opt(1904, 1, 1)?.checked_add_signed(Duration::days(days));
    }
    match days {
        0 | 60 => None,
        1..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_signed(Duration::days(days)),
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(days)),
    }
}

/// A date as offices type it: `2024-06-30`, `2024/6/30`, `2024.6.30`, `2024年6月30日`,
/// `20240630`, with or without a time after it.
pub fn date_text(text: &str) -> Option<NaiveDate> {
    let t = half_width(trim(text));
    // A time after the date (`2024-06-30 00:00:00`, `2024/6/30 0:00`) is dropped.
    let t = t.split([' ', 'T']).next().unwrap_or("");
    let t = t.strip_suffix('日').or_else(|| t.strip_suffix('号')).unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)
}

/// 是/否 and their usual spellings.
pub fn bool_text(text: &str) -> Option<bool> {
    match half_width(trim(text)).to_ascii_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "有" => Some(true),
        "否" | "n" | "no" | "false" | "0" | "×" | "✗" | "无" => Some(false),
        _ => None,
    }
}

/// Names compared the way a clerk means them: no spaces of any kind, full-width forms folded.
pub fn name_key(text: &str) -> String {
    half_width(text).chars().filter(|c| !is_space(*c)).collect()
}

/// The name without the district prefix offices often add or leave out: `曾都区财政局` and
/// `财政局` both become `财政局`, as does `区财政局`.
fn short_name(key: &str) -> &str {
    let chars: Vec<(usize, char)> = key.char_indices().collect();
    if chars.len() > 3 && chars[2].1 == '区' {
        return &key[chars[3].0..];
    }
    key.strip_prefix('区').filter(|r| !r.is_empty()).unwrap_or(key)
}

/// Which candidate a name refers to: its full name, its code, its alias (`区国资局`), or its
/// short name when exactly one candidate has it. `Err` explains (no match or ambiguous).
pub fn match_name<'a, T>(
    input: &str,
    candidates: &'a [T],
    names: impl Fn(&T) -> (&str, &str, Option<&str>),
) -> Result<&'a T, String> {
    let key = name_key(input);
    if let Some(exact) = candidates.iter().find(|c| {
        let (name, code, alias) = names(c);
        name_key(name) == key || code == key || alias.is_some_and(|a| name_key(a) == key)
    }) {
        return Ok(exact);
    }
    let short = short_name(&key);
    let found: Vec<&T> = candidates
        .iter()
        .filter(|c| {
            let (name, _, alias) = names(c);
            short_name(&name_key(name)) == short || alias.is_some_and(|a| short_name(&name_key(a)) == short)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("「{}」不存在", trim(input))),
        many => Err(format!(
            "「{}」可能是 {}, 请写全称",
            trim(input),
            many.iter().map(|c| names(c).0).collect::<Vec<_>>().join("、")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(text: &str) -> Result<i64, String> {
        amount_text(text, AmountUnit::Yuan).map(|f| f.fen)
    }

    #[test]
    fn amounts_as_offices_write_them() {
        assert_eq!(yuan("¥128,000.00"), Ok(12_800_000));
        assert_eq!(yuan("￥128,000.00"), Ok(12_800_000));
        assert_eq!(yuan("128,000.00元"), Ok(12_800_000));
        assert_eq!(yuan("12.8万"), Ok(12_800_000));
        assert_eq!(yuan("12.8万元"), Ok(12_800_000));
        assert_eq!(yuan(" １２８０００ "), Ok(12_800_000), "full-width digits");
        assert_eq!(yuan("128 000"), Ok(12_800_000), "spaces as separators");
        assert_eq!(yuan("1，234.5"), Ok(123_450), "a full-width comma");
        assert_eq!(yuan("0"), Ok(0));
        assert_eq!(yuan("人民币500元"), Ok(50_000));
        assert_eq!(amount_text("12.8", AmountUnit::TenThousandYuan).unwrap().fen, 12_800_000);
        assert_eq!(amount_text("0.000001", AmountUnit::TenThousandYuan).unwrap().fen, 1, "one fen in 万元");
        assert_eq!(amount_text("3.5", AmountUnit::ThousandYuan).unwrap().fen, 350_000);
        assert_eq!(amount_text("500元", AmountUnit::TenThousandYuan).unwrap().fen, 50_000, "the value's own unit");
        assert_eq!(amount_text("1.2", AmountUnit::HundredMillionYuan).unwrap().fen, 12_000_000_000);
        assert_eq!(amount_text("1050", AmountUnit::Fen).unwrap().fen, 1050);
    }

    #[test]
    fn inexact_or_foreign_amounts_are_errors() {
        assert!(yuan("12.345").unwrap_err().contains("两位小数"));
        assert!(amount_text("1.0000001", AmountUnit::TenThousandYuan).unwrap_err().contains("最多 6 位小数"));
        assert!(yuan("-5").unwrap_err().contains("负数"));
        assert!(yuan("12,34").unwrap_err().contains("千分位"));
        assert!(yuan("12.8美元").unwrap_err().contains("单位「美元」"));
        assert!(yuan("abc").is_err());
        assert!(yuan("1e5").is_err());
        assert!(yuan("").is_err());
        assert!(yuan("99999999999999999999").unwrap_err().contains("过大"));
        assert!(amount_text("20000", AmountUnit::HundredMillionYuan).unwrap_err().contains("过大"));
        assert!(amount_text("1.5", AmountUnit::Fen).unwrap_err().contains("整数"));
    }

    #[test]
    fn float_noise_is_rounded_with_a_note() {
        let f = amount_number(128000.00000001, AmountUnit::Yuan).unwrap();
        assert_eq!(f.fen, 12_800_000);
        assert!(f.note.as_deref().unwrap().contains("128000.00000001"), "{f:?}");
        assert_eq!(amount_number(2500.5, AmountUnit::Yuan).unwrap(), Fen { fen: 250_050, note: None });
        assert_eq!(amount_number(0.1 + 0.2, AmountUnit::Yuan).unwrap().fen, 30);
        assert_eq!(amount_number(12.8, AmountUnit::TenThousandYuan).unwrap(), Fen { fen: 12_800_000, note: None });
        assert_eq!(amount_number(1.005, AmountUnit::Yuan).unwrap().fen, 101, "half up on the decimal text");
        assert_eq!(amount_number(0.004, AmountUnit::Yuan).unwrap().fen, 0);
        assert!(amount_number(-1.0, AmountUnit::Yuan).is_err());
        assert!(amount_number(1e30, AmountUnit::Yuan).is_err());
    }

    #[test]
    fn dates_in_every_common_form() {
        let d = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        for text in ["2024-06-30", "2024-6-30", "2024/6/30", "2024.6.30", "2024年6月30日", "2024年06月30日", "20240630"]
        {
            assert_eq!(date_text(text), Some(d), "{text}");
        }
        assert_eq!(date_text("２０２４年６月３０日"), Some(d));
        assert_eq!(date_text("2024-06-30 00:00:00"), Some(d));
        assert_eq!(date_text("2024/6/30 0:00"), Some(d));
        for text in ["2024-02-30", "30/06/2024", "6月30日", "明年", "2024", ""] {
            assert_eq!(date_text(text), None, "{text}");
        }
        assert_eq!(excel_serial_date(45473.0, false), Some(d));
        assert_eq!(excel_serial_date(45473.75, false), Some(d), "a time of day");
        assert_eq!(excel_serial_date(1.0, false), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(excel_serial_date(61.0, false), NaiveDate::from_ymd_opt(1900, 3, 1));
        assert_eq!(excel_serial_date(60.0, false), None, "1900-02-29 never was");
        assert_eq!(excel_serial_date(44011.0, true), Some(d));
        assert_eq!(excel_serial_date(-1.0, false), None);
    }

    #[test]
    fn booleans() {
        assert_eq!(bool_text("是"), Some(true));
        assert_eq!(bool_text(" 否 "), Some(false));
        assert_eq!(bool_text("Y"), Some(true));
        assert_eq!(bool_text("也许"), None);
    }

    #[test]
    fn names_by_full_short_or_alias() {
        let units =
            [("区财政局", "finance", Some("区国资局")), ("区教育局", "education", None), ("府河镇", "fuhe", None)];
        type U = (&'static str, &'static str, Option<&'static str>);
        fn pick(u: &U) -> (&str, &str, Option<&str>) {
            (u.0, u.1, u.2)
        }
        assert_eq!(match_name("区财政局", &units, pick).unwrap().1, "finance");
        assert_eq!(match_name("区国资局", &units, pick).unwrap().1, "finance");
        assert_eq!(match_name("财政局", &units, pick).unwrap().1, "finance");
        assert_eq!(match_name("曾都区财政局", &units, pick).unwrap().1, "finance");
        assert_eq!(match_name("曾都区国资局", &units, pick).unwrap().1, "finance");
        assert_eq!(match_name("区 教育局", &units, pick).unwrap().1, "education");
        assert_eq!(match_name("fuhe", &units, pick).unwrap().1, "fuhe");
        assert!(match_name("市财政局", &units, pick).is_err());
        let twins = [("区城建局", "a", None), ("县城建局", "b", None)];
        assert_eq!(match_name("城建局", &twins, pick).unwrap().1, "a", "区 is the only prefix taken off");
        let twins = [("东城区城建局", "a", None), ("西城区城建局", "b", None)];
        assert!(match_name("城建局", &twins, pick).unwrap_err().contains("可能是"));
    }
}
