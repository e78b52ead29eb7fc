using Grpc.Core;

namespace OrleansIm.Client.Events;

/// <summary>
/// The stream's state. <see cref="WillRetry"/> false means the client gave up for good
/// (authentication or permission refused, or the client was disposed); <see cref="Status"/>
/// carries the gRPC status when the server supplied one.
/// </summary>
public sealed record ConnectionStateChanged(
    ConnectionState State,
    Uri? Endpoint,
    string? Reason = null,
    StatusCode? Status = null,
    bool WillRetry = true) : ImEvent;
