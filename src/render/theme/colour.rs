//! Colours of theme settings: `#rgb` or `#rrggbb`, their WCAG 2 contrast with the theme's
//! backgrounds, and the nearest shade that has enough of it (for the hint of an error, and
//! for the dark-mode accent a site gives no colour for).

use std::fmt;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour([u8; 3]);

/// WCAG 2's AA level for normal text.
pub const AA_TEXT: f64 = 4.5;

impl Colour {
    /// `#8a1538` or `#c00` (any case).
    pub fn parse(s: &str) -> Option<Colour> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Colour([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            6 => {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Colour([byte(0)?, byte(2)?, byte(4)?]))
            }
            _ => None,
        }
    }

    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// The WCAG 2 contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour mixed with `toward` by `t` (0 to 1).
    fn mix(self, toward: Colour, t: f64) -> Colour {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Colour([m(self.0[0], toward.0[0]), m(self.0[1], toward.0[1]), m(self.0[2], toward.0[2])])
    }

    /// The least change of this colour (toward black on light backgrounds, toward white on
    /// dark ones) that has a contrast of at least `ratio` with every background; itself when
    /// it already has. `None` when not even black or white has.
    pub fn with_contrast(self, backgrounds: &[Colour], ratio: f64) -> Option<Colour> {
        let passes = |c: Colour| backgrounds.iter().all(|b| c.contrast(*b) >= ratio);
        if passes(self) {
            return Some(self);
        }
        let light = backgrounds.iter().map(|b| b.luminance()).sum::<f64>() / backgrounds.len().max(1) as f64 > 0.18;
        let toward = if light { Colour([0, 0, 0]) } else { Colour([255, 255, 255]) };
        (1..=100).map(|step| self.mix(toward, f64::from(step) / 100.0)).find(|&c| passes(c))
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Colour {
        Colour::parse(s).unwrap()
    }

    #[test]
    fn colours_parse_in_both_forms() {
        assert_eq!(c("#C00").to_string(), "#cc0000");
        assert_eq!(c(" #8a1538 ").to_string(), "#8a1538");
        for bad in ["8a1538", "#12345", "#ggg", "red", "#8a15389"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_is_wcags() {
        assert!((c("#000").contrast(c("#fff")) - 21.0).abs() < 1e-9);
        assert!((c("#777").contrast(c("#fff")) - 4.48).abs() < 0.01);
        assert_eq!(c("#fff").contrast(c("#000")), c("#000").contrast(c("#fff")));
    }

    #[test]
    fn the_nearest_passing_shade_is_found() {
        let light = [c("#fdfdfb"), c("#f3f2ee")];
        let yellow = c("#ffcc00");
        let fixed = yellow.with_contrast(&light, AA_TEXT).unwrap();
        assert!(light.iter().all(|b| fixed.contrast(*b) >= AA_TEXT), "{fixed}");
        assert!(fixed.contrast(light[1]) < AA_TEXT + 0.3, "not darker than it needs: {fixed}");
        let dark = [c("#141518")];
        let lighter = c("#8a1538").with_contrast(&dark, AA_TEXT).unwrap();
        assert!(lighter.contrast(dark[0]) >= AA_TEXT);
        assert_eq!(c("#0a4f96").with_contrast(&light, AA_TEXT), Some(c("#0a4f96")));
    }
}
