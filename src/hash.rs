//! FNV-1a, 64 bits: a small, stable hash for the build cache's stamp and cache busting.
//! Stable across builds and platforms (unlike `std`'s), which is what both uses need; not for
//! hash tables fed by untrusted input.

/// An FNV-1a hasher.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(pub u64);

impl Fnv {
    pub fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Writes `bytes` with its length first, so that two fields never run into each other.
    pub fn field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }
}

/// A 128-bit digest as two halves, as records and views keep them: a `u128` field would
/// double the alignment, and often the size, of the struct that holds it.
pub fn halves(d: u128) -> [u64; 2] {
    [d as u64, (d >> 64) as u64]
}

/// The digest [`halves`] split.
pub fn whole(h: [u64; 2]) -> u128 {
    u128::from(h[0]) | (u128::from(h[1]) << 64)
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn halves_make_the_whole() {
        let d = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210_u128;
        assert_eq!(whole(halves(d)), d);
        assert_ne!(halves(d)[0], halves(d)[1]);
    }

    #[test]
    fn fields_are_delimited() {
        let hash = |parts: &[&str]| {
            let mut h = Fnv::new();
            parts.iter().for_each(|p| h.field(p.as_bytes()));
            h.0
        };
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
    }
}
