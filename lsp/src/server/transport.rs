//! The stdio transport in front of tower-lsp. tower-lsp stops reading for good after a
//! message it cannot decode (its framed reader ends on the first error), so one malformed
//! message from a client would silently kill the server. This layer frames messages
//! itself: well-formed JSON-RPC goes on to tower-lsp through an in-memory pipe, anything
//! else is answered here with a JSON-RPC error (`-32700` parse error, `-32600` invalid
//! request) and reading goes on. Output from tower-lsp and these errors reach stdout whole
//! frame by whole frame, through one writer.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Set when the client sent `shutdown`: `exit` then ends the process with status 0 (1
/// otherwise, as the protocol asks).
pub static SHUTDOWN_REQUESTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// The method of a message, if it is a request or notification.
fn method_of(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    v.get("method")?.as_str().map(str::to_string)
}

/// Frames a message body.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let v = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(v.to_string().as_bytes())
}

/// Reads one framed message: `Ok(None)` at end of input, `Err(reason)` for a bad header
/// (the caller answers and carries on with the next message).
async fn read_frame<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut len: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((k, v)) = line.split_once(':')
            && k.trim().eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().ok();
        }
    }
    let Some(len) = len else {
        return Ok(Some(Err("missing or invalid Content-Length header".into())));
    };
    if len > 1 << 30 {
        return Ok(Some(Err(format!("message of {len} bytes is too large"))));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).await?;
    Ok(Some(Ok(body)))
}

/// Checks a body is a JSON-RPC message tower-lsp can decode; else the error to answer.
fn validate(body: &[u8]) -> Result<(), Vec<u8>> {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Err(error_frame(
                Value::Null,
                -32700,
                &format!("Parse error: {e}"),
            ));
        }
    };
    let id = v.get("id").cloned().unwrap_or(Value::Null);
    let ok = v.get("jsonrpc") == Some(&json!("2.0"))
        && match v.get("method") {
            Some(m) => {
                m.is_string()
                    && matches!(
                        v.get("params"),
                        None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null)
                    )
                    && matches!(
                        v.get("id"),
                        None | Some(Value::Number(_)) | Some(Value::String(_))
                    )
            }
            None => {
                v.get("id").is_some() && (v.get("result").is_some() || v.get("error").is_some())
            }
        };
    if ok {
        Ok(())
    } else {
        let id = if id.is_number() || id.is_string() {
            id
        } else {
            Value::Null
        };
        Err(error_frame(
            id,
            -32600,
            "Invalid request: not a JSON-RPC 2.0 message",
        ))
    }
}

/// Splits tower-lsp's output into whole frames for the writer.
async fn forward_frames<R: AsyncRead + Unpin>(
    from: R,
    to: mpsc::UnboundedSender<Vec<u8>>,
) -> std::io::Result<()> {
    let mut r = BufReader::new(from);
    while let Some(frame_body) = read_frame(&mut r).await? {
        if let Ok(body) = frame_body
            && to.send(frame(&body)).is_err()
        {
            break;
        }
    }
    Ok(())
}

/// Runs the transport: returns the reader and writer to hand to tower-lsp, and the task
/// driving stdio. Ends when stdin ends.
pub fn spawn<I, O>(input: I, output: O) -> (tokio::io::DuplexStream, tokio::io::DuplexStream)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (server_in, mut to_server) = tokio::io::duplex(1 << 20);
    let (from_server, server_out) = tokio::io::duplex(1 << 20);
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    // Writer: the only task touching stdout.
    tokio::spawn(async move {
        let mut out = output;
        while let Some(f) = rx.recv().await {
            if out.write_all(&f).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
    });
    let tx2 = tx.clone();
    tokio::spawn(async move {
        let _ = forward_frames(from_server, tx2).await;
    });
    // Reader: validates every message before tower-lsp sees it.
    tokio::spawn(async move {
        let mut r = BufReader::new(input);
        loop {
            match read_frame(&mut r).await {
                Ok(Some(Ok(body))) => match validate(&body) {
                    Ok(()) => {
                        let method = if body.len() < 4096 {
                            method_of(&body)
                        } else {
                            None
                        };
                        if method.as_deref() == Some("shutdown") {
                            SHUTDOWN_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
                        }
                        if to_server.write_all(&frame(&body)).await.is_err() {
                            break;
                        }
                        // After `exit`, end tower-lsp's input so the server stops even if
                        // the client keeps the pipe open.
                        if method.as_deref() == Some("exit") {
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            break;
                        }
                    }
                    Err(reply) => {
                        let _ = tx.send(reply);
                    }
                },
                Ok(Some(Err(reason))) => {
                    let _ = tx.send(error_frame(
                        Value::Null,
                        -32700,
                        &format!("Parse error: {reason}"),
                    ));
                }
                Ok(None) | Err(_) => break,
            }
        }
        // End of input: closing the pipe ends tower-lsp's loop.
        let _ = to_server.shutdown().await;
    });
    (server_in, server_out)
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn only_well_formed_messages_pass() {
        assert!(validate(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","id":"a","result":null}"#).is_ok());
        let err = |b: &[u8]| String::from_utf8(validate(b).unwrap_err()).unwrap();
        assert!(err(b"{not json}").contains("-32700"));
        assert!(err(br#"{"jsonrpc":"2.0","id":7,"method":3}"#).contains(r#""id":7"#));
        assert!(err(br#"{"id":7,"method":"x"}"#).contains("-32600"));
        assert!(err(br#"[1,2]"#).contains("-32600"));
    }
}
