using Grpc.Core;

namespace OrleansIm.Bench.Relay.Identity;

/// <summary>User, device and client message ids as the node accepts them: 1-64 chars of [A-Za-z0-9_.-].</summary>
internal static class RelayIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    public static string Require(string? id, string field) =>
        IsValid(id)
            ? id!
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} must be 1-{MaxLength} characters of A-Z, a-z, 0-9, '_', '.', '-'."));
}
