//! Content decoding (`Content-Encoding: gzip, deflate, br, zstd`) of a body
//! held in memory, with a cap on the decoded size.

use std::io::Read;

use bytes::Bytes;
use futures_util::FutureExt as _;
use tokio::io::{AsyncRead, AsyncReadExt as _};

use crate::FetchError;

/// Decode `wire` per a `Content-Encoding` header value (codings applied in
/// the order listed, so undone in reverse). `identity` and an empty value
/// leave the body as is. More than `limit` decoded bytes is
/// [`FetchError::DecompressedTooLarge`] (decoding stops there, so a bomb
/// costs at most `limit` bytes of memory); corrupt data or an unknown coding
/// is [`FetchError::Decoding`].
pub(crate) fn decode_content(
    encoding: &str,
    wire: &Bytes,
    limit: u64,
    url: &str,
) -> Result<Bytes, FetchError> {
    let codings: Vec<String> = encoding
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    let mut body = wire.clone();
    for coding in codings.iter().rev() {
        body = Bytes::from(decode_one(coding, &body, limit, url)?);
    }
    Ok(body)
}

fn decode_one(coding: &str, data: &[u8], limit: u64, url: &str) -> Result<Vec<u8>, FetchError> {
    let cap = limit.saturating_add(1);
    let mut out = Vec::new();
    let result = match coding {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(data)
            .take(cap)
            .read_to_end(&mut out),
        "deflate" => {
            // RFC 9110 deflate is zlib-wrapped; some servers send raw deflate.
            let zlib = flate2::read::ZlibDecoder::new(data)
                .take(cap)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(data)
                    .take(cap)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        "br" => read_async(
            async_compression::tokio::bufread::BrotliDecoder::new(data),
            cap,
            &mut out,
        ),
        "zstd" => read_async(
            async_compression::tokio::bufread::ZstdDecoder::new(data),
            cap,
            &mut out,
        ),
        other => {
            return Err(FetchError::Decoding {
                url: url.to_string(),
                encoding: other.to_string(),
                message: "unknown content encoding".into(),
            });
        }
    };
    if let Err(e) = result {
        return Err(FetchError::Decoding {
            url: url.to_string(),
            encoding: coding.to_string(),
            message: e.to_string(),
        });
    }
    if out.len() as u64 > limit {
        return Err(FetchError::DecompressedTooLarge {
            url: url.to_string(),
            encoding: coding.to_string(),
            limit,
        });
    }
    Ok(out)
}

/// Run an async decoder over an in-memory slice to completion. The slice
/// is always ready, so the future never waits.
fn read_async<R: AsyncRead + Unpin>(
    decoder: R,
    cap: u64,
    out: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut limited = decoder.take(cap);
    match limited.read_to_end(out).now_or_never() {
        Some(result) => result,
        None => Err(std::io::Error::other("decoder did not complete")),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use tokio::io::AsyncReadExt as _;

    use super::*;

    fn gzip(data: &[u8]) -> Bytes {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        Bytes::from(enc.finish().unwrap())
    }

    fn encode_async<R: AsyncRead + Unpin>(mut encoder: R) -> Bytes {
        let mut out = Vec::new();
        encoder
            .read_to_end(&mut out)
            .now_or_never()
            .unwrap()
            .unwrap();
        Bytes::from(out)
    }

    #[test]
    fn identity_is_untouched() {
        let body = Bytes::from_static(b"plain");
        assert_eq!(decode_content("", &body, 10, "u").unwrap(), body);
        assert_eq!(decode_content("identity", &body, 10, "u").unwrap(), body);
    }

    #[test]
    fn every_coding_round_trips() {
        let text = b"<p>hello hello hello</p>".repeat(10);
        let br = encode_async(async_compression::tokio::bufread::BrotliEncoder::new(
            &text[..],
        ));
        let zstd = encode_async(async_compression::tokio::bufread::ZstdEncoder::new(
            &text[..],
        ));
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zlib.write_all(&text).unwrap();
        let zlib = Bytes::from(zlib.finish().unwrap());
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(&text).unwrap();
        let raw = Bytes::from(raw.finish().unwrap());
        for (coding, data) in [
            ("gzip", gzip(&text)),
            ("br", br),
            ("zstd", zstd),
            ("deflate", zlib),
            ("deflate", raw),
        ] {
            let out = decode_content(coding, &data, 1 << 20, "u").unwrap();
            assert_eq!(&out[..], &text[..], "{coding}");
        }
    }

    #[test]
    fn stacked_codings_are_undone_in_reverse() {
        let twice = gzip(&gzip(b"inner"));
        let out = decode_content("gzip, gzip", &twice, 100, "u").unwrap();
        assert_eq!(&out[..], b"inner");
    }

    #[test]
    fn bomb_stops_at_the_limit() {
        let bomb = gzip(&vec![0u8; 10 << 20]);
        let err = decode_content("gzip", &bomb, 1 << 20, "http://x/").unwrap_err();
        assert!(
            matches!(&err, FetchError::DecompressedTooLarge { encoding, limit, .. } if encoding == "gzip" && *limit == 1 << 20),
            "{err:?}"
        );
    }

    #[test]
    fn corrupt_and_unknown_are_decoding_errors() {
        let err =
            decode_content("gzip", &Bytes::from_static(b"\x1f\x8bnope"), 100, "u").unwrap_err();
        assert!(matches!(err, FetchError::Decoding { .. }), "{err:?}");
        let err = decode_content("compress", &Bytes::from_static(b"x"), 100, "u").unwrap_err();
        assert!(matches!(err, FetchError::Decoding { .. }), "{err:?}");
    }
}
