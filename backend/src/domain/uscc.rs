//! 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from
//! `0-9 A-H J-N P-R T-U W-Y`, the last one a check character over the first 17.

const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|x| *x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters, if they are all valid.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        sum += value(*b)? * w;
    }
    let c = (31 - sum % 31) % 31;
    Some(CHARSET[c as usize] as char)
}

/// `None` when valid, else the reason in Chinese.
pub fn validate(code: &str) -> Option<&'static str> {
    if code.chars().count() != 18 {
        return Some("统一社会信用代码应为 18 位");
    }
    if !code.bytes().all(|b| value(b).is_some()) {
        return Some("统一社会信用代码只能包含数字和大写字母 (不含 I、O、Z、S、V)");
    }
    let expected = check_char(&code[..17])?;
    if code.as_bytes()[17] as char != expected {
        return Some("统一社会信用代码校验位不正确");
    }
    None
}

/// Completes 17 characters with their check character (demo data, tests).
pub fn complete(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).expect("17 valid characters"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_validate() {
        for code in ["91350100M000100Y43", "91110000600037341L", "91420000177570439L"] {
            assert_eq!(validate(code), None, "{code}");
        }
    }

    #[test]
    fn every_single_character_change_is_caught() {
        let code = "91350100M000100Y43";
        for i in 0..18 {
            for c in CHARSET {
                if code.as_bytes()[i] == *c {
                    continue;
                }
                let mut b = code.as_bytes().to_vec();
                b[i] = *c;
                let changed = String::from_utf8(b).unwrap();
                assert!(validate(&changed).is_some(), "{changed} must fail");
            }
        }
    }

    #[test]
    fn shape_errors() {
        assert!(validate("").unwrap().contains("18"));
        assert!(validate("91350100M000100Y4").unwrap().contains("18"));
        assert!(validate("91350100M000100Y43X").unwrap().contains("18"));
        assert!(validate("91350100m000100Y43").unwrap().contains("大写"));
        assert!(validate("91350100I000100Y43").unwrap().contains("大写"), "I is not in the charset");
        assert!(validate("９1350100M000100Y43").is_some(), "full-width digits");
    }

    #[test]
    fn completion_yields_valid_codes_including_check_zero() {
        let mut zero_seen = false;
        for n in 0..2000u32 {
            let first = format!("914213{:011}", n * 7919);
            let code = complete(&first);
            assert_eq!(validate(&code), None);
            zero_seen |= code.ends_with('0');
        }
        assert!(zero_seen, "the 31 → 0 case is exercised");
    }
}
