//! Password policy (等保2.0): at least 8 characters, three of the four character classes,
//! not containing the username, and not a common password (seed/common_passwords.txt, written
//! by scripts/gen_common_passwords.py) however it is dressed up.

use std::{collections::HashSet, sync::LazyLock};

/// Leaked and predictable passwords, lower-cased (about 22,000).
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../seed/common_passwords.txt").lines().filter(|l| !l.is_empty()).collect());

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

/// `None` when acceptable, else the reason in Chinese.
pub fn check(password: &str, username: &str) -> Option<&'static str> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Some("密码至少需要 8 个字符");
    }
    if len > MAX_LENGTH {
        return Some("密码不能超过 128 个字符");
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|b| **b).count() < 3 {
        return Some("密码需包含大写字母、小写字母、数字、特殊字符中的至少三类");
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Some("密码不能包含用户名");
    }
    if is_common(password) {
        return Some("密码过于常见或容易猜测 (如 P@ssw0rd、Admin@123、姓名拼音加年份), 请换一个");
    }
    None
}

/// A common password, or one made from a common word by the usual disguises: case, digits and
/// symbols around it (`Admin@123`, `Zhangwei1990`), look-alike characters (`P@ssw0rd`), or a stem
/// of three letters or fewer padded with digits (`Aa123456`, `Abc@123`).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let stem = lower.trim_matches(|c: char| !c.is_ascii_alphabetic());
    // (A password with Chinese characters in it is not a short English stem with digits.)
    if lower.is_ascii() && stem.len() != lower.len() && stem.len() <= 3 {
        return true;
    }
    [lower.as_str(), stem].into_iter().any(|candidate| {
        COMMON.contains(candidate)
            || COMMON.contains(unleet(candidate).trim_matches(|c: char| !c.is_ascii_alphabetic()))
    })
}

/// Look-alike characters read as the letters they stand for.
fn unleet(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' => 't',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn policy() {
        assert_eq!(check("Lvyue#Demo2024", "office"), None);
        assert_eq!(check("qkvDEF12", "x"), None);
        assert_eq!(check("kvtm#8152", "x"), None, "lower + digit + special");
        assert!(check("Ab#1", "x").unwrap().contains("8"));
        assert!(check("abcdefgh", "x").unwrap().contains("三类"));
        assert!(check("abcdEFGH", "x").unwrap().contains("三类"));
        assert!(check("Office#2024x", "office").unwrap().contains("用户名"));
        assert!(check(&"Aa1#".repeat(40), "x").unwrap().contains("128"));
        assert_eq!(check("密码Qvz#1234", "x"), None, "non-ASCII counts as special");
    }

    #[test]
    fn common_passwords_are_refused_however_dressed_up() {
        // The ones the issue found accepted, and the patterns Chinese users favour.
        for weak in [
            "P@ssw0rd",
            "Password1",
            "Aa123456",
            "Admin@123",
            "Qwerty123",
            "Abc@1234",
            "1qaz@WSX",
            "Zhangwei1990",
            "Woaini@1314",
            "Zengdu@2024",
            "Lvyue@2024",
            "P@ssw0rd!",
            "123Admin!",
            "Iloveyou520",
            "Qazwsx123!",
        ] {
            assert!(check(weak, "nobody").is_some_and(|m| m.contains("常见")), "{weak} should be refused");
        }
    }

    #[test]
    fn strong_passwords_pass() {
        for ok in
            ["Lvyue#Demo2024", "Zengdu#Lvyue2025", "Initial#2024x", "Changed#2024y", "Initial#Pass2024", "tK9#vR2m"]
        {
            assert_eq!(check(ok, "nobody"), None, "{ok}");
        }
    }

    #[test]
    fn the_list_is_big_enough() {
        assert!(super::COMMON.len() >= 10_000, "{}", super::COMMON.len());
    }
}
