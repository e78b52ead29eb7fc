using Grpc.Core;

namespace OrleansIm.Bench.Relay.Identity;

/// <summary>
/// The caller of a ChatService call. The relay's tokens are "relay:&lt;user id&gt;" and are not
/// signed: the relay measures routing, not token validation, so it only reads the header.
/// </summary>
internal static class RelayCaller
{
    private const string Scheme = "Bearer ";
    private const string TokenPrefix = "relay:";

    public static string IssueToken(string userId) => TokenPrefix + userId;

    public static string UserId(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is not null
            && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && header.AsSpan(Scheme.Length).StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            var userId = header[(Scheme.Length + TokenPrefix.Length)..];
            if (RelayIds.IsValid(userId))
            {
                return userId;
            }
        }
        throw new RpcException(new Status(StatusCode.Unauthenticated, "Expected 'authorization: Bearer relay:<user id>', as AuthService.DevLogin of this relay issues."));
    }
}
