//! Search tokenisation: every token is folded, made of letters and digits only, and within
//! the indexed lengths; folding is idempotent.
#![no_main]

use briefgen::publish::search::tokenize::{MAX_CHARS, MIN_CHARS, fold, tokens};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for t in tokens(text) {
        assert!(t.chars().all(char::is_alphanumeric), "{t:?}");
        assert_eq!(fold(&t), t.as_str(), "tokens are folded");
        assert!(t.len() >= MIN_CHARS, "{t:?}");
        assert!(t.chars().count() <= MAX_CHARS, "{t:?}");
    }
});
