//! Password policy (等保2.0): at least 8 characters, three of the four character classes,
//! not containing the username.

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
    None
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn policy() {
        assert_eq!(check("Lvyue#Demo2024", "office"), None);
        assert_eq!(check("abcDEF12", "x"), None);
        assert_eq!(check("abc#1234", "x"), None, "lower + digit + special");
        assert!(check("Ab#1", "x").unwrap().contains("8"));
        assert!(check("abcdefgh", "x").unwrap().contains("三类"));
        assert!(check("abcdEFGH", "x").unwrap().contains("三类"));
        assert!(check("Office#2024x", "office").unwrap().contains("用户名"));
        assert!(check(&"Aa1#".repeat(40), "x").unwrap().contains("128"));
        assert_eq!(check("密码Abc#1234", "x"), None, "non-ASCII counts as special");
    }
}
