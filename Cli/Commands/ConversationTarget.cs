using OrleansIm.Client;

namespace OrleansIm.Cli.Commands;

/// <summary>
/// "&lt;conversation-id | user-id&gt;": conversation ids always contain ':' ("d:a:b", "g:x") and
/// user ids never do, so a bare user id means the direct conversation with that user.
/// </summary>
internal static class ConversationTarget
{
    public static bool IsConversationId(string target) => target.Contains(':', StringComparison.Ordinal);

    public static async Task<string> ResolveAsync(ImClient client, string target, CancellationToken cancellationToken)
    {
        if (IsConversationId(target))
        {
            return target;
        }

        var direct = await client.OpenDirectAsync(target.TrimStart('@'), cancellationToken);
        return direct.Id;
    }
}
