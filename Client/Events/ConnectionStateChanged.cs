using Grpc.Core;

namespace OrleansIm.Client.Events;

/// <summary>
/// The stream's state. <see cref="WillRetry"/> false means the client gave up for good
/// (authentication or permission refused, or the client was disposed); <see cref="Status"/>
/// carries the gRPC status when the server supplied one; <see cref="Cause"/> is the failure of
/// a connect attempt that never got a stream (no server reached, or the TLS handshake refused
/// the server's certificate), for an app that wants to tell its user what to fix.
/// </summary>
public sealed record ConnectionStateChanged(
    ConnectionState State,
    Uri? Endpoint,
    string? Reason = null,
    StatusCode? Status = null,
    bool WillRetry = true,
    Exception? Cause = null) : ImEvent;
