//! `briefgen.yaml` parsing and validation: a config or located diagnostics, never a panic.
#![no_main]

use briefgen::config::{CONFIG_FILE, Config};
use briefgen::diag::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Config::parse(&SourceFile::new(CONFIG_FILE, text)) {
        Ok(config) => {
            assert!(config.base_url.ends_with('/') && config.base_path.starts_with('/'));
            assert!(config.base_path.ends_with('/'));
        }
        Err(diags) => assert!(diags.has_errors(), "a refused config says why"),
    }
});
