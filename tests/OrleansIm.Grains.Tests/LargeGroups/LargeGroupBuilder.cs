using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

/// <summary>Creates a group the way an admin tool does: CreateGroup, then AddMembers in pages.</summary>
internal static class LargeGroupBuilder
{
    public const int PageSize = 1000;

    public static async Task<(IConversationGrain Conversation, string[] Members)> CreateAsync(ImCluster cluster, string owner, int members, string name = "large")
    {
        var ids = Enumerable.Range(0, members - 1).Select(i => $"m{i}-{Guid.NewGuid():N}"[..24]).ToArray();
        var conversation = cluster.Conversation(ConversationId.NewGroup());
        await conversation.CreateGroup(owner, name, ids.Take(PageSize - 1).ToArray());
        for (var from = PageSize - 1; from < ids.Length; from += PageSize)
        {
            await conversation.AddMembers(owner, ids.Skip(from).Take(PageSize).ToArray());
        }
        return (conversation, ids);
    }
}
