using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>
/// An interceptor placed after the gateway's own: records what <see cref="CallerContext"/> (the
/// Orleans RequestContext every grain call carries) holds when a call marked with an
/// "x-probe" header reaches its handler.
/// </summary>
public sealed class CallerProbe : Interceptor
{
    public const string Header = "x-probe";

    private readonly ConcurrentDictionary<string, (string? UserId, CallerRoles Roles)> _seen = new();

    public (string? UserId, CallerRoles Roles)? Seen(string probe) => _seen.TryGetValue(probe, out var seen) ? seen : null;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.RequestHeaders.GetValue(Header) is { } probe)
        {
            _seen[probe] = (CallerContext.UserId, CallerContext.Roles);
        }
        return continuation(request, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.RequestHeaders.GetValue(Header) is { } probe)
        {
            _seen[probe] = (CallerContext.UserId, CallerContext.Roles);
        }
        return continuation(requestStream, responseStream, context);
    }
}
