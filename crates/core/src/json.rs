//! Errors of JSON records, said once: the readers of JSONL (Page records
//! on stdin, Article records for `thresh emit`) name the line themselves,
//! so serde_json's own " at line L column C" tail would say it twice.

/// serde_json's message without its position tail.
pub fn cause(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Why a JSONL line does not parse: `not JSON (column C: cause)`.
pub fn not_json(e: &serde_json::Error) -> String {
    format!("not JSON (column {}: {})", e.column(), cause(e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_position_is_said_once() {
        let e = serde_json::from_str::<serde_json::Value>("{\"a\": ").unwrap_err();
        let said = super::not_json(&e);
        assert!(said.starts_with("not JSON (column 6: "), "{said}");
        assert!(!said.contains("at line"), "{said}");
    }
}
