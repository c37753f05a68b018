//! Punycode (RFC 3492), the encoding of a host name's non-ASCII labels in their ASCII form:
//! `münchen` → `xn--mnchen-3ya`. Used only to tell an editor the form of a host name to
//! write (`url::ascii_host`); briefgen converts no host name itself (docs/safety.md, URLs).

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The Punycode of `input`, without the `xn--` prefix; `None` past what 32 bits can count
/// (labels thousands of characters long, which no host name has).
pub fn encode(input: &str) -> Option<String> {
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while (handled as usize) < code_points.len() {
        // The smallest code point not handled yet; every one below it is.
        let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                push_number(&mut out, delta, bias);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n += 1;
    }
    Some(out)
}

/// Writes `q` as a generalised variable-length integer (RFC 3492, 3.3).
fn push_number(out: &mut String, mut q: u32, bias: u32) {
    let mut k = BASE;
    loop {
        let t = if k <= bias {
            T_MIN
        } else if k >= bias + T_MAX {
            T_MAX
        } else {
            k - bias
        };
        if q < t {
            break;
        }
        out.push(digit(t + (q - t) % (BASE - t)));
        q = (q - t) / (BASE - t);
        k += BASE;
    }
    out.push(digit(q));
}

/// The bias adaptation function (RFC 3492, 6.1).
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// A digit: `a`–`z` for 0–25, `0`–`9` for 26–35.
fn digit(d: u32) -> char {
    let d = d as u8;
    if d < 26 { char::from(b'a' + d) } else { char::from(b'0' + d - 26) }
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn rfc_3492_and_registry_vectors() {
        for (label, code) in [
            ("münchen", "mnchen-3ya"),
            ("bücher", "bcher-kva"),
            ("日本語", "wgv71a119e"),
            // RFC 3492, 7.1: (B) Chinese (simplified), (A) Arabic (Egyptian), (L), (S).
            ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
            ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
            ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
            ("-> $1.00 <-", "-> $1.00 <--"),
            ("", ""),
        ] {
            assert_eq!(encode(label).as_deref(), Some(code), "{label}");
        }
    }
}
